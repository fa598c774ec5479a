"""Russian typography for numbers shown to people: grouped thousands, units and plural forms.

Spaces inside a figure and before its unit are non-breaking, so «5 000 ₽» never wraps apart.
"""

NBSP = "\u00a0"


def group_thousands(number):
    """5000 -> «5 000», 1234567 -> «1 234 567» (non-breaking spaces)."""
    return f"{number:,}".replace(",", NBSP)


def rub(amount):
    """An amount in roubles: «5 000 ₽»."""
    return f"{group_thousands(amount)}{NBSP}₽"


def percent(number):
    """«10 %»: Russian puts a (non-breaking) space before the sign."""
    return f"{number}{NBSP}%"


def plural(number, one, few, many):
    """The form of a noun after a number: 1 день, 2 дня, 5 дней, 11 дней, 21 день."""
    tens, units = number % 100, number % 10
    if units == 1 and tens != 11:
        return one
    if 2 <= units <= 4 and not 12 <= tens <= 14:
        return few
    return many


def business_days(number):
    """«3 рабочих дня», «1 рабочий день», «5 рабочих дней»."""
    return f"{number}{NBSP}" + plural(number, "рабочий день", "рабочих дня", "рабочих дней")


def within_business_days(number):
    """«в течение 3 рабочих дней», «в течение 1 рабочего дня» (genitive after «в течение»)."""
    words = "рабочего дня" if plural(number, 1, 2, 2) == 1 else "рабочих дней"
    return f"в течение {number}{NBSP}{words}"


def days(number):
    """«90 дней», «21 день», «3 дня»."""
    return f"{number}{NBSP}" + plural(number, "день", "дня", "дней")


MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")


def ru_date(value):
    """«4 декабря 2026»."""
    return f"{value.day}{NBSP}{MONTHS_GENITIVE[value.month - 1]} {value.year}"
