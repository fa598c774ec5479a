"""Checks of Russian identifiers and contact details, with messages in Russian. No Flask here.

Each check takes what a person typed, returns the normalized value, or raises `Invalid` with a message
that says what to fix. Forms and the CRM import call the same functions.
"""

import re

import phonenumbers
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn


class Invalid(ValueError):
    """The value cannot be accepted; `str(error)` is the message to show next to the field."""


def digits(value, what, length):
    """The value with spaces and dashes dropped, which must then be `length` digits."""
    cleaned = re.sub(r"[\s\-]", "", value or "")
    if not cleaned.isdigit() or len(cleaned) not in ((length,) if isinstance(length, int) else length):
        count = length if isinstance(length, int) else " или ".join(map(str, length))
        raise Invalid(f"{what}: нужно {count} цифр")
    return cleaned


def personal_inn(value):
    """A person's INN: 12 digits whose two check digits match."""
    number = digits(value, "ИНН физлица", 12)
    if not stdnum_inn.is_valid(number):
        raise Invalid("Такого ИНН не бывает: проверь цифры, контрольные не сходятся")
    return number


def company_inn(value):
    """A company's INN (10 digits) or a sole trader's (12 digits), with check digits."""
    number = digits(value, "ИНН", (10, 12))
    if not stdnum_inn.is_valid(number):
        raise Invalid("Такого ИНН не бывает: проверь цифры, контрольные не сходятся")
    return number


def bik(value):
    """A Russian bank's BIK: 9 digits starting with 04."""
    number = digits(value, "БИК", 9)
    if not number.startswith("04"):
        raise Invalid("БИК российского банка начинается с 04")
    return number


# The Bank of Russia's control key: digit weights 7, 1, 3 repeated over the 23 digits of
# (3 digits from the BIK + 20 digits of the account); the weighted sum must end in 0.
_KEY_WEIGHTS = (7, 1, 3) * 8


def control_key_ok(prefix, account):
    """The control-key sum over 3 prefix digits and the 20 account digits ends in 0."""
    return sum(int(d) * w for d, w in zip(prefix + account, _KEY_WEIGHTS)) % 10 == 0


def account_matches_bik(account, bik_number):
    """True when a client's account matches the bank's BIK (prefix: the BIK's last 3 digits).

    Accounts held at a Bank of Russia settlement centre (BIK ending 000-002) take «0» and the BIK's
    5th and 6th digits instead, as correspondent accounts do.
    """
    if bik_number[-3:] in ("000", "001", "002"):
        return control_key_ok("0" + bik_number[4:6], account)
    return control_key_ok(bik_number[-3:], account)


def settlement_account(value, bik_number=None):
    """A 20-digit account; with the BIK known, its control key must match that bank."""
    number = digits(value, "Номер счёта", 20)
    if bik_number and not account_matches_bik(number, bik_number):
        raise Invalid("Счёт не подходит к этому БИК: проверь номер счёта и БИК банка")
    return number


def ogrnip(value):
    """A sole trader's OGRNIP: 15 digits with a check digit."""
    number = digits(value, "ОГРНИП", 15)
    if not stdnum_ogrn.is_valid(number):
        raise Invalid("Такого ОГРНИП не бывает: проверь цифры")
    return number


def phone(value):
    """A phone number in E.164 (+79161234567); numbers without a country code are taken as Russian."""
    text = (value or "").strip()
    if text.startswith("8") and len(re.sub(r"\D", "", text)) == 11:
        text = "+7" + re.sub(r"\D", "", text)[1:]  # the Russian trunk prefix 8 stands for +7
    try:
        number = phonenumbers.parse(text, "RU")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise Invalid("Не похоже на номер телефона: например, +7 916 123-45-67")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def full_name(value):
    """A person's full name as in their documents: at least two words of letters."""
    name = re.sub(r"\s+", " ", value or "").strip()
    if len(name.split(" ")) < 2 or not re.fullmatch(r"[A-Za-zА-Яа-яЁё' .\-]+", name):
        raise Invalid("Фамилия, имя и отчество (если есть), как в документах")
    return name
