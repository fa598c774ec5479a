"""Recording a recommended company as a lead, by the attribution rules of `webapp.programme`.

The database has the last word on "first recorded wins": a company's first lead holds its key in a
unique column, so of two simultaneous requests for one company exactly one can be first.
"""

import secrets
from dataclasses import dataclass

from peewee import IntegrityError

from webapp.models import ExistingClient, Lead, Referrer, db, utcnow, write_transaction
from webapp.programme import company_key, is_self_referral, rejection_for


@dataclass(frozen=True)
class Contact:
    """What a company contact or a referrer tells us about a company."""

    company: str
    contact_name: str
    inn: str | None = None
    contact_role: str | None = None
    email: str | None = None
    phone: str | None = None
    comment: str | None = None


def record_lead(contact, source, referrer=None, first_touch_at=None, in_referrers_own_session=False,
                submission_key=None, now=None):
    """Record the lead at «Контакт получен», or rejected with its reason. Returns (lead, created):
    a repeated submission (the same `submission_key`) gives back the lead it made the first time."""
    now = now or utcnow()
    key = company_key(contact.inn, contact.email, contact.company)
    fields = dict(
        public_id=secrets.token_hex(6), referrer=referrer, source=source, company=contact.company,
        company_key=key, inn=contact.inn, contact_name=contact.contact_name, contact_role=contact.contact_role,
        email=contact.email, phone=contact.phone, comment=contact.comment, first_touch_at=first_touch_at,
        submission_key=submission_key, created_at=now, updated_at=now,
    )
    with write_transaction():
        if submission_key:
            earlier = Lead.get_or_none(Lead.submission_key == submission_key)
            if earlier:
                return earlier, False
        owner = Lead.get_or_none(Lead.owner_key == key)
        reason = rejection_for(
            self_referral=referrer is not None and is_self_referral(referrer.email, contact.email,
                                                                     in_referrers_own_session),
            existing_client=bool(contact.inn) and ExistingClient.select().where(
                ExistingClient.inn == contact.inn).exists(),
            first_lead_of_company=owner is None,
        )
        if reason is None:
            try:
                return _insert(fields, owner_key=key, stage="received")
            except IntegrityError:
                # Another request claimed the company between our read and our write (PostgreSQL
                # takes no lock up front): that one is first, this one is the duplicate.
                owner = Lead.get(Lead.owner_key == key)
                reason = "duplicate"
        return _insert(fields, stage="rejected", rejection_reason=reason,
                       duplicate_of=owner if reason == "duplicate" else None)


def _insert(fields, **values):
    """Insert in a savepoint; the same submission arriving twice at once gives back the first one."""
    try:
        with db.atomic():
            return Lead.create(**fields, **values), True
    except IntegrityError:
        key = fields["submission_key"]
        earlier = key and Lead.get_or_none(Lead.submission_key == key)
        if earlier:
            return earlier, False
        raise


def live_referrer(public_id):
    return Referrer.get_or_none((Referrer.public_id == public_id) & Referrer.deleted_at.is_null())
