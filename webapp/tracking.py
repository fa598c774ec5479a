"""The personal referral link `/r/<token>`: the token is an itsdangerous signature of the referrer's id.

Following it records a click (not for bots, previews, HEAD or prefetch requests, nor a repeat by the
same visitor within a short window), sets a signed first-touch cookie that a later link does not
replace while it is valid, and redirects to the page for companies with UTM parameters.

Links are answered by `ReferralLinks`, WSGI middleware in front of Flask: every click is a database
write, and Flask's per-request machinery (session, CSRF hook, context locals, response object) cost
more than the click itself (bench/run.py: 0.38 of the baseline through Flask, 0.7 here). What it cannot
answer, a tampered token or a referrer that is gone, goes on to Flask's view: the friendly 404 page.
"""

import datetime
import hashlib
import hmac
import re
import secrets
from html import escape
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from flask import Blueprint, current_app, render_template, request, url_for
from itsdangerous import BadSignature
from werkzeug.http import dump_cookie, parse_cookie

from webapp.models import Click, Referrer, db, is_sqlite, utcnow, write_transaction
from webapp.programme import first_touch_counts
from webapp.security import SECURITY_HEADERS
from webapp.signing import KeyedSigner, KeyedTimestampSigner

bp = Blueprint("tracking", __name__)

VISITOR_COOKIE = "gv"
FIRST_TOUCH_COOKIE = "gref"
VISITOR_COOKIE_AGE = 365 * 24 * 3600
USER_AGENT_LENGTH = 256

# Crawlers, link previews (messengers and social networks unfurl links) and scripted clients.
AUTOMATED_AGENTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|preview|facebookexternalhit|meta-externalagent|WhatsApp|Telegram|vkShare|"
    r"Slack|Discord|Skype|LinkedIn|Twitter|Viber|embedly|Yandex(?!Browser)|Google-|Mail\.RU_Bot|Applebot|"
    r"Barracuda|Mimecast|Proofpoint|Symantec|Trend Micro|MessageLabs|urlscan|python-|curl/|wget|httpclient|"
    r"okhttp|Go-http|Java/|libwww|HeadlessBrowser", re.IGNORECASE)

# Every click runs these statements, so they are written out rather than built by the ORM each time
# (building them cost more than the rest of the request). Plain SQL that SQLite and PostgreSQL share.
LIVE_REFERRER_ID = "SELECT id FROM referrer WHERE public_id = {p} AND deleted_at IS NULL"
# A new visitor's click, stored by the same statement that finds the live referrer.
INSERT_CLICK_FOR_LIVE_REFERRER = (
    "INSERT INTO click (referrer_id, visitor_id, ip_hash, user_agent, created_at) "
    "SELECT id, {p}, {p}, {p}, {p} FROM referrer WHERE public_id = {p} AND deleted_at IS NULL")
INSERT_CLICK = ("INSERT INTO click (referrer_id, visitor_id, ip_hash, user_agent, created_at) "
                "VALUES ({p}, {p}, {p}, {p}, {p})")


def _run(statement, *params):
    return db.execute_sql(statement.format(p=db.param), params)


def is_automated(environ):
    """Crawlers, link previews and mail scanners: a known agent, or none of a browser's usual headers."""
    agent = environ.get("HTTP_USER_AGENT")
    return not agent or AUTOMATED_AGENTS.search(agent) is not None or "HTTP_ACCEPT_LANGUAGE" not in environ


def is_prefetch(environ):
    purpose = environ.get("HTTP_SEC_PURPOSE", "") + environ.get("HTTP_PURPOSE", "")
    return "prefetch" in purpose or "prerender" in purpose or environ.get("HTTP_X_MOZ") == "prefetch"


class ReferralLinks:
    """WSGI middleware that answers GET and HEAD /r/<token> for live referrers."""

    def __init__(self, wsgi_app, app):
        self.next = wsgi_app
        config = app.config
        secret = config["SECRET_KEY"]
        self.link_signer = KeyedSigner(secret, salt="referral-link")
        self.first_touch_signer = KeyedTimestampSigner(secret, salt="first-touch")
        self.ip_key = hashlib.sha256(b"ip-hash:" + secret.encode()).digest()
        self.window_days = config["TERMS"].attribution_window_days
        self.window_seconds = self.window_days * 24 * 3600
        self.repeat_window = datetime.timedelta(minutes=config["CLICK_REPEAT_MINUTES"])
        self.secure = config["SESSION_COOKIE_SECURE"]
        with app.test_request_context():
            self.target_prefix = _target_prefix(config["REFERRAL_TARGET_URL"] or url_for("landing.business"))
        app.extensions["referral_links"] = self

    # Tokens and cookies ---------------------------------------------------------------------------

    def token(self, public_id):
        """The same token every time for the same referrer: the link never changes."""
        return self.link_signer.sign(public_id).decode()

    def public_id_for_token(self, token):
        """The referrer's public id a token was signed for, or None when the signature does not hold."""
        try:
            return self.link_signer.unsign(token).decode()
        except (BadSignature, UnicodeDecodeError):
            return None

    def first_touch(self, cookie):
        """(referrer public id, time of the first touch) from a valid cookie, or None."""
        if not cookie:
            return None
        try:
            public_id, signed_at = self.first_touch_signer.unsign(cookie, return_timestamp=True)
        except (BadSignature, UnicodeDecodeError):
            return None
        touched_at = signed_at.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        if not first_touch_counts(touched_at, utcnow(), self.window_days):
            return None
        return public_id.decode(), touched_at

    def ip_hash(self, environ):
        """The visitor's IP, keyed-hashed: equal addresses match, but the address itself is never stored."""
        address = (environ.get("REMOTE_ADDR") or "").encode()
        return hmac.new(self.ip_key, address, hashlib.sha256).hexdigest()[:32]

    def _cookie(self, name, value, max_age):
        return "Set-Cookie", dump_cookie(name, value, max_age=max_age, httponly=True, samesite="Lax",
                                         secure=self.secure)

    # Clicks ---------------------------------------------------------------------------------------

    def record_new_visitor_click(self, public_id, visitor_id, environ, now=None):
        """Store a new visitor's click (it cannot be a repeat); False when no live referrer has this id."""
        agent = environ.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
        cursor = _run(INSERT_CLICK_FOR_LIVE_REFERRER, visitor_id, self.ip_hash(environ), agent, now or utcnow(),
                      public_id)
        return cursor.rowcount == 1

    def record_click(self, referrer_id, visitor_id, environ, now=None):
        """Store a known visitor's click unless they clicked this referrer's link within the repeat window."""
        now = now or utcnow()
        agent = environ.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]
        with write_transaction():
            if not is_sqlite():  # SQLite's IMMEDIATE transaction already lets one writer in at a time
                # One click at a time per referrer: two quick clicks of one visitor cannot both be first.
                Referrer.select(Referrer.id).where(Referrer.id == referrer_id).for_update().execute()
            repeat = Click.select().where((Click.referrer == referrer_id) & (Click.visitor_id == visitor_id)
                                          & (Click.created_at >= now - self.repeat_window)).exists()
            if repeat:
                return False
            _run(INSERT_CLICK, referrer_id, visitor_id, self.ip_hash(environ), agent, now)
            return True

    def __call__(self, environ, start_response):
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD")
        if not path.startswith("/r/") or method not in ("GET", "HEAD"):
            return self.next(environ, start_response)
        public_id = self.public_id_for_token(path[3:])
        if public_id is None:
            return self.next(environ, start_response)  # Flask renders the friendly 404 page

        cookies = parse_cookie(environ)
        counted = method == "GET" and not is_prefetch(environ) and not is_automated(environ)
        visitor_id = cookies.get(VISITOR_COOKIE)
        known_visitor = bool(visitor_id) and len(visitor_id) <= 64
        with db.connection_context():
            if counted and not known_visitor:
                # The common case, one statement: find the live referrer and store the click.
                visitor_id = secrets.token_urlsafe(16)
                live = self.record_new_visitor_click(public_id, visitor_id, environ)
            else:
                referrer_id = db.execute_sql(LIVE_REFERRER_ID.format(p=db.param), (public_id,)).fetchone()
                live = referrer_id is not None
                if live and counted:
                    self.record_click(referrer_id[0], visitor_id, environ)
        if not live:
            return self.next(environ, start_response)

        location = self.target_prefix + quote(public_id)
        body = f'<!doctype html><title>Giftery</title><a href="{escape(location)}">Giftery</a>'.encode()
        headers = [("Location", location), ("Content-Type", "text/html; charset=utf-8"),
                   ("Content-Length", str(len(body))), ("Cache-Control", "no-store"), ("X-Robots-Tag", "noindex"),
                   *SECURITY_HEADERS.items()]
        if counted:
            if not known_visitor:
                headers.append(self._cookie(VISITOR_COOKIE, visitor_id, VISITOR_COOKIE_AGE))
            if self.first_touch(cookies.get(FIRST_TOUCH_COOKIE)) is None:
                headers.append(self._cookie(FIRST_TOUCH_COOKIE, self.first_touch_signer.sign(public_id).decode(),
                                            self.window_seconds))
        start_response("302 Found", headers)
        return [b""] if method == "HEAD" else [body]


def _target_prefix(target):
    """The target with its own and the fixed UTM parameters, ready for utm_content to be appended."""
    parts = urlsplit(target)
    query = parse_qsl(parts.query) + [("utm_source", "referral"), ("utm_medium", "partner_link"),
                                      ("utm_campaign", "referral_programme")]
    return urlunsplit(parts._replace(query=urlencode(query))) + "&utm_content="


@bp.get("/r/<token>")
def follow(token):
    """Reached only when ReferralLinks declined the link: a tampered token or a referrer that is gone."""
    return render_template("landing/link_invalid.html"), 404


# What the rest of the app asks about links -------------------------------------------------------

def _links():
    return current_app.extensions["referral_links"]


def referral_token(referrer):
    return _links().token(referrer.public_id)


def referrer_for_token(token):
    """The live referrer the token was signed for, or None for a tampered or unknown token."""
    public_id = _links().public_id_for_token(token)
    return public_id and Referrer.get_or_none((Referrer.public_id == public_id) & Referrer.deleted_at.is_null())


def site_url():
    return current_app.config["SITE_URL"] or request.url_root.rstrip("/")


def referral_url(referrer):
    return site_url() + url_for("tracking.follow", token=referral_token(referrer))


def first_touch():
    """The first touch of the current request's visitor: (referrer public id, time), or None."""
    return _links().first_touch(request.cookies.get(FIRST_TOUCH_COOKIE))
