"""Referrer accounts: registration, passwords, sessions, deletion. No Flask here."""

import hashlib
import secrets

from peewee import IntegrityError

from webapp.models import Lead, PayoutDetails, Referrer, db, utcnow
from webapp.passwords import hash_password, hasher

DELETED_NAME = "Удалённый участник"


def find_by_email(email):
    return Referrer.get_or_none((Referrer.email == email) & Referrer.deleted_at.is_null())


def register(name, email, password_hash, phone=None):
    """Create the referrer, or return None when the e-mail is taken (the database decides, not a check)."""
    for _ in range(3):
        try:
            with db.atomic():
                return Referrer.create(
                    public_id=secrets.token_hex(8), email=email, name=name, password_hash=password_hash,
                    phone=phone, consent_at=utcnow(),
                )
        except IntegrityError:
            if Referrer.select().where(Referrer.email == email).exists():
                return None
            # A public id collided (one chance in 2^64): draw another one.
    raise RuntimeError("could not draw a free public id")


def password_fingerprint(referrer):
    """Changes whenever the password does: it makes a password-reset link single-use."""
    return hashlib.sha256(referrer.password_hash.encode()).hexdigest()[:16]


def set_password(referrer, password):
    """Store a new password and end every session and remember-me cookie issued before."""
    referrer.password_hash = hash_password(password)
    referrer.session_version += 1
    referrer.save(only=[Referrer.password_hash, Referrer.session_version])


def upgrade_hash_if_needed(referrer, password):
    if hasher.check_needs_rehash(referrer.password_hash):
        referrer.password_hash = hash_password(password)
        referrer.save(only=[Referrer.password_hash])


def end_all_sessions(referrer):
    Referrer.update(session_version=Referrer.session_version + 1).where(Referrer.id == referrer.id).execute()


def delete_account(referrer):
    """Anonymize the referrer's personal data; keep the row, so leads and accrued payouts stay whole.

    Payout details go too, unless a reward has accrued and is not paid yet: it is still owed to them."""
    with db.atomic():
        owed = Lead.select().where((Lead.referrer == referrer) & (Lead.stage == "first_order")).exists()
        if not owed:
            PayoutDetails.delete().where(PayoutDetails.referrer == referrer).execute()
        Referrer.update(
            name=DELETED_NAME, email=f"deleted-{referrer.public_id}@invalid", phone=None,
            password_hash="!", session_version=Referrer.session_version + 1, deleted_at=utcnow(),
        ).where(Referrer.id == referrer.id).execute()
