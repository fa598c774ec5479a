import pytest

from webapp.passwords import check_new_password, hash_password, verify_password
from webapp.validators import Invalid


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters():
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterY")
    assert not verify_password("not a hash", "anything")


def test_new_password_length_is_8_to_64():
    with pytest.raises(Invalid, match="хотя бы 8"):
        check_new_password("x7#kQ2a")
    assert check_new_password("x7#kQ2a!") == "x7#kQ2a!"
    assert check_new_password("ж" * 64)
    with pytest.raises(Invalid, match="не больше 64"):
        check_new_password("ж" * 65)


@pytest.mark.parametrize("password", ["password", "12345678", "qwertyuiop", "iloveyou", "Password1"])
def test_the_most_common_passwords_are_refused(password):
    with pytest.raises(Invalid, match="распространён"):
        check_new_password(password)


def test_the_mailbox_name_is_not_a_password():
    with pytest.raises(Invalid, match="распространён"):
        check_new_password("anna.petrova", "anna.petrova@company.ru")
