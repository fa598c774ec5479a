"""The rules of the referral programme, in one place and with no Flask in it.

Views, the CLI and the CRM webhook call these functions; tests read like the rules they check.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Terms:
    """Amounts and periods of the programme: settings whose defaults the Programme Rules name."""

    average_reward_rub: int = 5000
    certificate_bonus_percent: int = 10
    payout_business_days: int = 3
    attribution_window_days: int = 90


@dataclass(frozen=True)
class Stage:
    code: str
    title: str


# Rule 4: six stages, in this order.
STAGES = (
    Stage("received", "Контакт получен"),
    Stage("contacted", "Связались"),
    Stage("negotiating", "Переговоры"),
    Stage("awaiting_payment", "Ожидает оплаты"),
    Stage("first_order", "Первый заказ"),
    Stage("paid_out", "Выплачено"),
)
