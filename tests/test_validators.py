"""Checks of Russian identifiers: real numbers pass, typos fail with a message in Russian."""

import pytest

from webapp import validators
from webapp.validators import Invalid, account_matches_bik, control_key_ok


def test_personal_inn_is_12_digits_with_check_digits():
    assert validators.personal_inn("500100732259") == "500100732259"
    assert validators.personal_inn(" 5001 0073 2259 ") == "500100732259"
    with pytest.raises(Invalid, match="контрольные не сходятся"):
        validators.personal_inn("500100732258")
    with pytest.raises(Invalid, match="нужно 12 цифр"):
        validators.personal_inn("7707083893")  # a company's INN, 10 digits
    with pytest.raises(Invalid, match="нужно 12 цифр"):
        validators.personal_inn("50010073225a")


def test_company_inn_is_10_or_12_digits_with_check_digits():
    assert validators.company_inn("7707083893") == "7707083893"  # ПАО Сбербанк
    assert validators.company_inn("500100732259") == "500100732259"  # a sole trader
    with pytest.raises(Invalid, match="контрольные не сходятся"):
        validators.company_inn("7707083894")
    with pytest.raises(Invalid, match="10 или 12 цифр"):
        validators.company_inn("77070838")


def test_bik_is_9_digits_of_a_russian_bank():
    assert validators.bik("044525225") == "044525225"
    with pytest.raises(Invalid, match="9 цифр"):
        validators.bik("04452522")
    with pytest.raises(Invalid, match="начинается с 04"):
        validators.bik("144525225")


@pytest.mark.parametrize("bik,correspondent", [
    ("044525225", "30101810400000000225"),  # ПАО Сбербанк
    ("044525974", "30101810145250000974"),  # АО «Т-Банк»
    ("044525593", "30101810200000000593"),  # АО «Альфа-Банк»
])
def test_the_control_key_rule_holds_for_real_correspondent_accounts(bik, correspondent):
    """The Bank of Russia's weights 7-1-3, checked on published correspondent accounts («0» + BIK digits 5–6)."""
    assert control_key_ok("0" + bik[4:6], correspondent)
    assert not control_key_ok("0" + bik[4:6], correspondent[:-1] + str((int(correspondent[-1]) + 1) % 10))


# Accounts whose control digit (the 9th) was set by the same rule, one per bank above.
ACCOUNTS = [("044525225", "40817810438000012345"), ("044525974", "40702810110000067890"),
            ("044525593", "40802810701930001234")]


@pytest.mark.parametrize("bik,account", ACCOUNTS)
def test_a_settlement_account_matches_its_bank(bik, account):
    assert validators.settlement_account(account, bik) == account
    assert validators.settlement_account("4081 7810 4380 0001 2345", "044525225") == "40817810438000012345"


@pytest.mark.parametrize("bik,account", ACCOUNTS)
def test_a_single_wrong_digit_or_another_bank_is_caught(bik, account):
    for position in range(20):
        typo = account[:position] + str((int(account[position]) + 1) % 10) + account[position + 1:]
        assert not account_matches_bik(typo, bik), position
    others = [b for b, _ in ACCOUNTS if b != bik]
    assert not all(account_matches_bik(account, other) for other in others)
    with pytest.raises(Invalid, match="не подходит к этому БИК"):
        validators.settlement_account(account[:-1] + str((int(account[-1]) + 1) % 10), bik)


def test_account_length():
    with pytest.raises(Invalid, match="20 цифр"):
        validators.settlement_account("4081781043800001234", "044525225")


def test_ogrnip_is_15_digits_with_a_check_digit():
    assert validators.ogrnip("304500116000157") == "304500116000157"
    with pytest.raises(Invalid, match="ОГРНИП"):
        validators.ogrnip("304500116000158")
    with pytest.raises(Invalid, match="15 цифр"):
        validators.ogrnip("1027700132195")  # a company's OGRN, 13 digits


@pytest.mark.parametrize("typed", ["8 (916) 123-45-67", "+7 916 123 45 67", "9161234567", "+79161234567"])
def test_phones_are_normalized_to_e164(typed):
    assert validators.phone(typed) == "+79161234567"


@pytest.mark.parametrize("typed", ["123", "+7 000", "телефон", "8 800"])
def test_a_wrong_phone_is_refused(typed):
    with pytest.raises(Invalid, match="номер телефона"):
        validators.phone(typed)


def test_full_name_needs_at_least_two_words():
    assert validators.full_name("  Иванова   Анна Сергеевна ") == "Иванова Анна Сергеевна"
    with pytest.raises(Invalid):
        validators.full_name("Анна")
    with pytest.raises(Invalid):
        validators.full_name("Анна 123")
