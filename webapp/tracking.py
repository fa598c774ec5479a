"""The personal referral link `/r/<token>`: the token is an itsdangerous signature of the referrer's id."""

from flask import current_app, request
from itsdangerous import BadSignature, Signer

from webapp.models import Referrer


def _signer():
    return Signer(current_app.config["SECRET_KEY"], salt="referral-link")


def referral_token(referrer):
    """The same token every time for the same referrer: the link never changes."""
    return _signer().sign(referrer.public_id).decode()


def referrer_for_token(token):
    """The live referrer the token was signed for, or None for a tampered or unknown token."""
    try:
        public_id = _signer().unsign(token).decode()
    except (BadSignature, UnicodeDecodeError):
        return None
    return Referrer.get_or_none((Referrer.public_id == public_id) & Referrer.deleted_at.is_null())


def site_url():
    return current_app.config["SITE_URL"] or request.url_root.rstrip("/")


def referral_url(referrer):
    return f"{site_url()}/r/{referral_token(referrer)}"
