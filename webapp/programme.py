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

STAGE_CODES = tuple(stage.code for stage in STAGES)
REJECTED = "rejected"
# Stages where Giftery is still working with the company.
IN_PROGRESS = ("received", "contacted", "negotiating", "awaiting_payment")
# Rule 5: the first invoice is paid; the reward has accrued (and maybe been paid out).
PAID_ORDER = ("first_order", "paid_out")

# Rule 4: a lead can be rejected; the referrer sees the reason in plain words.
REJECTION_REASONS = {
    "duplicate": "Дубликат: эту компанию уже порекомендовали раньше",
    "existing_client": "Действующий клиент: компания уже работает с Giftery по этому ИНН",
    "self_referral": "Рекомендация самого себя не засчитывается",
    "lost": "Компания отказалась от заказа",
    "rules_violation": "Нарушены правила программы",
}


def stage_index(code):
    """Position of a stage in the six (0–5), or None for a rejected lead."""
    return STAGE_CODES.index(code) if code in STAGE_CODES else None
