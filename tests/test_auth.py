"""Sign-up, log-in, log-out and password reset."""

import re
import uuid

import pytest
from bs4 import BeautifulSoup

from tests.conftest import PASSWORD, csrf_token, log_in, make_app, outbox, sign_up
from webapp import models
from webapp.models import Referrer


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def error_for(response, field_id):
    """The error shown next to a field, read the way a screen reader links them."""
    node = page(response).select_one(f"#{field_id}")
    error_id = [i for i in (node.get("aria-describedby") or "").split() if i.endswith("-error")]
    return page(response).select_one(f"#{error_id[0]}").get_text(strip=True) if error_id else None


def reset_link(app):
    text = outbox(app)[-1].get_content()
    return re.search(r"http://localhost(/password/reset/\S+)", text).group(1)


# Sign-up ------------------------------------------------------------------------------------------

def test_sign_up_logs_in_and_lands_in_the_cabinet_with_the_link(app, client):
    response = sign_up(client, phone="8 916 123-45-67")
    assert response.status_code == 303 and response.headers["Location"] == "/cabinet"
    cabinet = client.get("/cabinet")
    assert cabinet.status_code == 200
    assert re.search(r"http://localhost/r/[\w.-]+", cabinet.get_data(as_text=True))
    with models.db.connection_context():
        anna = Referrer.get(Referrer.email == "anna@example.com")
    assert anna.phone == "+79161234567" and anna.consent_at is not None
    assert anna.password_hash.startswith("$argon2id$")
    assert outbox(app)[-1]["Subject"] == "Добро пожаловать в партнёрскую программу Giftery"


@pytest.mark.parametrize("data,field,message", [
    ({"name": ""}, "name", "Как к тебе обращаться?"),
    ({"email": "anna"}, "email", "Проверь адрес"),
    ({"email": ""}, "email", "Укажи e-mail"),
    ({"password": "short"}, "password", "хотя бы 8"),
    ({"password": "12345678"}, "password", "распространён"),
    ({"password": "x" * 65}, "password", "не больше 64"),
    ({"phone": "12"}, "phone", "номер телефона"),
    ({"accept": ""}, "accept", "нужно принять Правила"),
])
def test_sign_up_errors_show_next_to_their_field(app, client, data, field, message):
    response = sign_up(client, **data)
    assert response.status_code == 422
    assert message in error_for(response, field)
    with models.db.connection_context():
        assert Referrer.select().count() == 0
    assert client.get("/cabinet").status_code == 302


def test_a_taken_email_answers_exactly_like_success_and_warns_the_owner(app, client):
    first = sign_up(client)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/cabinet")})
    other = app.test_client()
    second = sign_up(other, name="Кто-то", password="another good password")
    assert (second.status_code, second.headers["Location"]) == (first.status_code, first.headers["Location"])
    with models.db.connection_context():
        assert Referrer.select().count() == 1
        assert Referrer.get().name == "Анна"
    warning = outbox(app)[-1]
    assert warning["To"] == "anna@example.com"
    assert "пытался зарегистрироваться" in warning["Subject"]
    # Not logged in as anyone.
    assert other.get("/cabinet").status_code == 302


def test_the_same_flash_follows_both_outcomes(app):
    new, taken = app.test_client(), app.test_client()
    sign_up(app.test_client(), email="taken@example.com")
    sign_up(new, email="fresh@example.com")
    sign_up(taken, email="taken@example.com")
    flash_new = page(new.get("/cabinet")).select_one(".flash").get_text()
    flash_taken = page(taken.get("/login")).select(".flash")[0].get_text()
    assert flash_new.replace("fresh", "taken") == flash_taken


def test_email_is_case_insensitive(app, client):
    sign_up(client, email="Anna@Example.COM")
    with models.db.connection_context():
        assert Referrer.get().email == "anna@example.com"
    assert log_in(app.test_client(), email="ANNA@example.com").status_code == 303


# Log-in and log-out -------------------------------------------------------------------------------

def test_log_in_with_wrong_password_or_unknown_email_says_the_same(app, client):
    sign_up(app.test_client())
    wrong = log_in(client, password="not the password")
    unknown = log_in(client, email="nobody@example.com")
    assert wrong.status_code == unknown.status_code == 422
    assert error_for(wrong, "password") == error_for(unknown, "password") == "Неверный e-mail или пароль"


def test_log_in_starts_a_session(app, client):
    sign_up(app.test_client())
    response = log_in(client)
    assert response.status_code == 303 and response.headers["Location"] == "/cabinet"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


@pytest.mark.parametrize("target,expected", [
    ("/cabinet/payout", "/cabinet/payout"),
    ("//evil.example", "/cabinet"),
    ("https://evil.example/", "/cabinet"),
    ("/\\evil.example", "/cabinet"),
    ("javascript:alert(1)", "/cabinet"),
    ("http:/evil.example", "/cabinet"),
])
def test_next_is_followed_only_to_a_local_path(app, client, target, expected):
    sign_up(app.test_client())
    data = {"email": "anna@example.com", "password": PASSWORD, "csrf_token": csrf_token(client, "/login")}
    response = client.post("/login", query_string={"next": target}, data=data)
    assert response.status_code == 303 and response.headers["Location"] == expected


def test_remember_me_sets_a_long_lived_cookie(app, client):
    sign_up(app.test_client())
    response = log_in(client, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0]


def copy_cookies(source, target, names=None):
    for cookie in source._cookies.values():
        if names is None or cookie.key in names:
            target.set_cookie(cookie.key, cookie.value, domain=cookie.domain)


def test_log_out_refuses_every_cookie_issued_before(app, client):
    sign_up(app.test_client())
    log_in(client, remember="y")
    thief, remembered = app.test_client(), app.test_client()
    copy_cookies(client, thief)
    copy_cookies(client, remembered, names={"remember_token"})
    assert thief.get("/cabinet").status_code == 200
    assert remembered.get("/cabinet").status_code == 200  # logs in from the remember-me cookie

    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/cabinet")})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    for stale in (client, thief, remembered):
        assert stale.get("/cabinet").status_code == 302


def test_log_out_needs_post(referrer_client):
    assert referrer_client.get("/logout").status_code == 405
    assert referrer_client.get("/cabinet").status_code == 200


def test_a_form_without_its_csrf_token_is_refused(app, client):
    response = client.post("/signup", data={"name": "Анна", "email": "a@example.com", "password": PASSWORD,
                                            "accept": "y"})
    assert response.status_code == 400
    assert "Форма устарела" in response.get_data(as_text=True)
    with models.db.connection_context():
        assert Referrer.select().count() == 0


def test_production_cookies_are_secure(tmp_path):
    app = make_app(tmp_path, APP_ENV="production")
    client = app.test_client()
    response = sign_up(client)
    assert all("Secure" in c for c in response.headers.getlist("Set-Cookie"))


# Password reset ----------------------------------------------------------------------------------

def test_password_reset_through_the_emailed_link(app, client):
    sign_up(app.test_client())
    response = client.post("/password/reset", data={"email": "anna@example.com",
                                                    "csrf_token": csrf_token(client, "/password/reset")})
    assert response.status_code == 200 and "Проверь почту" in response.get_data(as_text=True)
    link = reset_link(app)
    form = client.get(link)
    assert form.status_code == 200
    done = client.post(link, data={"password": "brand new secret", "confirm": "brand new secret",
                                   "csrf_token": csrf_token(client, link)})
    assert done.status_code == 303 and done.headers["Location"] == "/cabinet"
    assert client.get("/cabinet").status_code == 200
    assert log_in(app.test_client(), password=PASSWORD).status_code == 422
    assert log_in(app.test_client(), password="brand new secret").status_code == 303
    # Single use: the password changed, so the link no longer works.
    again = client.get(link)
    assert again.status_code == 400 and "больше не" in again.get_data(as_text=True)


def test_a_password_reset_ends_other_sessions(app, client):
    sign_up(client)
    other = app.test_client()
    log_in(other)
    reset = app.test_client()
    reset.post("/password/reset", data={"email": "anna@example.com",
                                        "csrf_token": csrf_token(reset, "/password/reset")})
    link = reset_link(app)
    reset.post(link, data={"password": "brand new secret", "confirm": "brand new secret",
                           "csrf_token": csrf_token(reset, link)})
    assert client.get("/cabinet").status_code == 302
    assert other.get("/cabinet").status_code == 302
    assert reset.get("/cabinet").status_code == 200


def test_reset_errors(app, client):
    sign_up(app.test_client())
    client.post("/password/reset", data={"email": "anna@example.com",
                                         "csrf_token": csrf_token(client, "/password/reset")})
    link = reset_link(app)
    response = client.post(link, data={"password": "brand new secret", "confirm": "different secret",
                                       "csrf_token": csrf_token(client, link)})
    assert response.status_code == 422 and error_for(response, "confirm") == "Пароли не совпадают"
    assert client.get(link[:-3] + "xyz").status_code == 400


def test_an_expired_reset_link_is_refused(app, client):
    sign_up(app.test_client())
    client.post("/password/reset", data={"email": "anna@example.com",
                                         "csrf_token": csrf_token(client, "/password/reset")})
    link = reset_link(app)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(link).status_code == 400


def test_reset_for_an_unknown_email_answers_like_for_a_known_one(app):
    sign_up(app.test_client(), email="known@example.com")
    answers = {}
    for email in ("known@example.com", "unknown@example.com"):
        client = app.test_client()
        response = client.post("/password/reset", data={"email": email,
                                                        "csrf_token": csrf_token(client, "/password/reset")})
        answers[email] = (response.status_code, response.get_data(as_text=True).replace(email, "EMAIL"))
    assert answers["known@example.com"] == answers["unknown@example.com"]
    last = outbox(app)[-1]
    assert last["To"] == "unknown@example.com" and "аккаунта с ним нет" in last.get_content()


# Access and limits --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/cabinet", "/cabinet/referrals", "/cabinet/payout", "/cabinet/profile",
                                  "/cabinet/qr.svg", "/cabinet/qr.png"])
def test_cabinet_pages_need_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=" + path


def test_htmx_requests_are_sent_to_the_log_in_page_with_hx_redirect(client):
    response = client.get("/cabinet/referrals", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")


def test_log_in_is_rate_limited_with_a_page_in_russian(app, client):
    token = csrf_token(client, "/login")
    statuses = [client.post("/login", data={"email": "a@example.com", "password": "x", "csrf_token": token}).status_code
                for _ in range(11)]
    assert statuses[:10] == [422] * 10 and statuses[10] == 429
    response = client.post("/login", data={"email": "a@example.com", "password": "x", "csrf_token": token})
    assert response.status_code == 429 and "Слишком много попыток" in response.get_data(as_text=True)


def test_rate_limit_counters_can_live_in_redis(tmp_path):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis answers at 127.0.0.1:6379: {error}")
    prefix = f"test-{uuid.uuid4().hex}"
    settings = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "RATELIMIT_KEY_PREFIX": prefix,
                "RESET_RATE_LIMIT": "2 per minute"}
    first, second = make_app(tmp_path / "a", **settings), make_app(tmp_path / "b", **settings)
    # Two app instances (two hosts behind a balancer) share the counters.
    for app in (first, second):
        client = app.test_client()
        client.post("/password/reset", data={"email": "a@example.com", "csrf_token": csrf_token(client, "/password/reset")})
    client = first.test_client()
    response = client.post("/password/reset", data={"email": "a@example.com",
                                                    "csrf_token": csrf_token(client, "/password/reset")})
    assert response.status_code == 429
    keys = redis.Redis.from_url("redis://127.0.0.1:6379/0").keys(f"*{prefix}*")
    assert keys
    redis.Redis.from_url("redis://127.0.0.1:6379/0").delete(*keys)
