from webapp.typography import NBSP, business_days, days, percent, plural, rub, within_business_days


def test_roubles_group_thousands_with_non_breaking_spaces():
    assert rub(5000) == f"5{NBSP}000{NBSP}₽"
    assert rub(1234567) == f"1{NBSP}234{NBSP}567{NBSP}₽"
    assert rub(700) == f"700{NBSP}₽"


def test_percent_has_a_non_breaking_space_before_the_sign():
    assert percent(10) == f"10{NBSP}%"


def test_plural_forms_follow_russian_grammar():
    forms = ("день", "дня", "дней")
    assert [plural(n, *forms) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111)] == [
        "день", "дня", "дня", "дней", "дней", "дней", "дней", "день", "дня", "дней", "день", "дней"]


def test_business_days_in_nominative_and_after_v_techenie():
    assert business_days(3) == f"3{NBSP}рабочих дня"
    assert business_days(1) == f"1{NBSP}рабочий день"
    assert business_days(5) == f"5{NBSP}рабочих дней"
    assert within_business_days(3) == f"в течение 3{NBSP}рабочих дней"
    assert within_business_days(1) == f"в течение 1{NBSP}рабочего дня"
    assert within_business_days(21) == f"в течение 21{NBSP}рабочего дня"
    assert within_business_days(11) == f"в течение 11{NBSP}рабочих дней"


def test_days():
    assert days(90) == f"90{NBSP}дней"
    assert days(31) == f"31{NBSP}день"
