"""The rules of the referral programme, in one place and with no Flask in it.

Views, the CLI and the CRM webhook call these functions; tests read like the rules they check.
"""

import datetime
import re
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


# Attribution ---------------------------------------------------------------------------------------

# Rule 9 and the attribution rules: mail services anyone can sign up to never identify a company.
PUBLIC_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "mail.ru", "bk.ru", "list.ru", "inbox.ru", "internet.ru", "yandex.ru",
    "ya.ru", "yandex.com", "yandex.by", "yandex.kz", "narod.ru", "rambler.ru", "lenta.ru", "ro.ru",
    "icloud.com", "me.com", "mac.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
    "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "zoho.com", "tutanota.com", "vk.com",
})

# Legal forms and quotes dropped from a company's name before comparing names.
LEGAL_FORMS = re.compile(
    r"\b(ооо|оао|зао|пао|ао|нао|ип|гк|нко|ано|фгуп|гуп|муп|llc|ltd|inc|gmbh|корп|корпорация|"
    r"общество с ограниченной ответственностью|публичное акционерное общество|акционерное общество)\b")


def mail_domain(email):
    return email.rsplit("@", 1)[-1].strip().lower() if email and "@" in email else None


def corporate_domain(email):
    """The company's own mail domain, or None for a public mail service."""
    domain = mail_domain(email)
    return domain if domain and domain not in PUBLIC_MAIL_DOMAINS else None


def normalized_company_name(name):
    """«ООО "Ромашка-Плюс"» and «ромашка плюс» are the same name."""
    text = (name or "").lower().replace("ё", "е")
    text = LEGAL_FORMS.sub(" ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def company_key(inn=None, email=None, company=None):
    """What identifies the company of a lead: its INN when known; else its corporate e-mail domain
    (never a public mail service); else its normalized name."""
    if inn:
        return f"inn:{inn}"
    domain = corporate_domain(email)
    if domain:
        return f"domain:{domain}"
    return f"name:{normalized_company_name(company)}"


def is_self_referral(referrer_email, lead_email, in_referrers_own_session=False):
    """A referrer cannot recommend themselves: their own e-mail, their own company domain, or a request
    made in their own logged-in session."""
    if in_referrers_own_session:
        return True
    if not (referrer_email and lead_email):
        return False
    if referrer_email.lower() == lead_email.lower():
        return True
    own_domain = corporate_domain(referrer_email)
    return own_domain is not None and own_domain == mail_domain(lead_email)


def first_touch_counts(first_touch_at, now, window_days):
    """Rule 10: the first touch by link counts for the attribution window (a setting, 90 days by default)."""
    return first_touch_at is not None and now - first_touch_at <= datetime.timedelta(days=window_days)


def rejection_for(*, self_referral, existing_client, first_lead_of_company):
    """Why a new lead does not count, or None when it does. Checked in this order:
    a self-referral (rule 12's spirit and the attribution rules), an existing client by INN (rule 9),
    a company someone recommended first (rule 8: the first recorded recommendation wins)."""
    if self_referral:
        return "self_referral"
    if existing_client:
        return "existing_client"
    if not first_lead_of_company:
        return "duplicate"
    return None
