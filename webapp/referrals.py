"""What the cabinet shows of a referrer's recommendations: counters and the list of companies.

Each function answers in a fixed number of queries, however many leads and clicks there are.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from peewee import JOIN, Case, fn

from webapp.models import Click, Lead
from webapp.programme import IN_PROGRESS, PAID_ORDER, REJECTION_REASONS, STAGES, stage_index


@dataclass(frozen=True)
class Counters:
    clicks: int = 0
    visitors: int = 0
    contacts: int = 0
    in_progress: int = 0
    paid_orders: int = 0
    accrued_rub: int = 0
    paid_rub: int = 0
    next_payout_on: date | None = None

    @property
    def empty(self):
        return self.clicks == 0 and self.contacts == 0


def _count_if(condition):
    return fn.COALESCE(fn.SUM(Case(None, [(condition, 1)], 0)), 0)


def _sum_if(condition, value):
    return fn.COALESCE(fn.SUM(Case(None, [(condition, value)], 0)), 0)


def counters(referrer):
    """Clicks, unique visitors, contacts, in progress, paid orders, accrued and paid ₽, next payout date."""
    clicks, visitors = (Click
                        .select(fn.COUNT(Click.id), fn.COUNT(Click.visitor_id.distinct()))
                        .where(Click.referrer == referrer)
                        .scalar(as_tuple=True))
    paid = Lead.stage.in_(PAID_ORDER)
    row = (Lead
           .select(fn.COUNT(Lead.id),
                   _count_if(Lead.stage.in_(IN_PROGRESS)),
                   _count_if(paid),
                   _sum_if(paid, Lead.reward_rub),
                   _sum_if(Lead.stage == "paid_out", Lead.reward_rub),
                   fn.MIN(Case(None, [(Lead.stage == "first_order", Lead.payout_due_on)], None)))
           .where(Lead.referrer == referrer)
           .scalar(as_tuple=True))
    contacts, in_progress, paid_orders, accrued, paid_out, next_payout = row
    if isinstance(next_payout, str):  # SQLite hands dates back as text from an expression
        next_payout = date.fromisoformat(next_payout)
    return Counters(clicks, visitors, contacts, int(in_progress), int(paid_orders), int(accrued), int(paid_out),
                    next_payout)


@dataclass(frozen=True)
class Referral:
    """One company in the cabinet: its stages, the current one, and why it was rejected if it was."""

    lead: Lead
    current: int | None  # index into STAGES; None when rejected
    rejection: str | None
    first_recorded_at: object = None  # for a duplicate: when the company was first recommended

    @property
    def stages(self):
        return STAGES


def referrals(referrer):
    """The referrer's companies, newest first (one query, the first lead of a duplicate joined in)."""
    first = Lead.alias()
    leads = (Lead
             .select(Lead, first.created_at.alias("first_recorded_at"))
             .join(first, JOIN.LEFT_OUTER, on=(Lead.duplicate_of == first.id))
             .where(Lead.referrer == referrer)
             .order_by(Lead.created_at.desc(), Lead.id.desc())
             .objects())
    return [
        Referral(lead, stage_index(lead.stage),
                 REJECTION_REASONS.get(lead.rejection_reason) if lead.stage == "rejected" else None,
                 lead.first_recorded_at)
        for lead in leads
    ]


def referrals_version(referrer):
    """Changes whenever the referrer's list would: used as the ETag the cabinet polls against."""
    count, latest = (Lead
                     .select(fn.COUNT(Lead.id), fn.MAX(Lead.updated_at))
                     .where(Lead.referrer == referrer)
                     .scalar(as_tuple=True))
    return hashlib.sha256(f"{referrer.id}:{count}:{latest}".encode()).hexdigest()[:20]
