"""Password hashing and the rules a new password must meet. No Flask here."""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from webapp.validators import Invalid

# OWASP Password Storage Cheat Sheet: argon2id with 19 MiB of memory, 2 iterations, 1 degree of parallelism.
hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

MIN_LENGTH = 8
MAX_LENGTH = 64
COMMON_COUNT = 10_000


def hash_password(password):
    return hasher.hash(password)


def verify_password(password_hash, password):
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when no account matches, so an unknown e-mail takes as long as a wrong password.
DUMMY_HASH = hash_password("not a real password, only here for timing")


@lru_cache(maxsize=1)
def common_passwords():
    """The most common passwords (zxcvbn's ranked list of leaked passwords)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_COUNT])


def check_new_password(password, email=None):
    """Raise `Invalid` when a new password is too short, too long, or among the most common ones."""
    if len(password) < MIN_LENGTH:
        raise Invalid(f"Пароль слишком короткий: нужно хотя бы {MIN_LENGTH} символов")
    if len(password) > MAX_LENGTH:
        raise Invalid(f"Пароль слишком длинный: не больше {MAX_LENGTH} символов")
    lowered = password.lower()
    if lowered in common_passwords() or (email and lowered == email.lower().split("@")[0]):
        raise Invalid("Этот пароль слишком распространён, его легко подобрать: придумай другой")
    return password
