"""The rules of the programme, one test per rule."""

from webapp.programme import STAGES, Terms


def test_six_stages_in_order():
    """Rule 4: Контакт получен, Связались, Переговоры, Ожидает оплаты, Первый заказ, Выплачено."""
    assert [s.title for s in STAGES] == [
        "Контакт получен", "Связались", "Переговоры", "Ожидает оплаты", "Первый заказ", "Выплачено"]
    assert [s.code for s in STAGES] == [
        "received", "contacted", "negotiating", "awaiting_payment", "first_order", "paid_out"]


def test_default_terms():
    """Defaults: reward 5 000 ₽, certificate bonus 10 %, payout within 3 business days, window 90 days."""
    assert Terms() == Terms(average_reward_rub=5000, certificate_bonus_percent=10,
                            payout_business_days=3, attribution_window_days=90)
