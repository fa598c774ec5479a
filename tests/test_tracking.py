"""The referral link /r/<token>: clicks, the first-touch cookie, the redirect."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from itsdangerous import Signer

from tests.conftest import make_app, sign_up
from webapp import models
from webapp.models import Click, Referrer
from webapp.tracking import referral_token

BROWSER = {"User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/131.0 Safari/537.36", "Accept-Language": "ru-RU,ru;q=0.9"}


def referrer(email="anna@example.com"):
    with models.db.connection_context():
        return Referrer.get(Referrer.email == email)


@pytest.fixture
def link(app):
    sign_up(app.test_client())
    with app.test_request_context():
        return "/r/" + referral_token(referrer())


def clicks():
    with models.db.connection_context():
        return list(Click.select().order_by(Click.id))


def cookie_header(response, name):
    return next((c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "=")), None)


def test_following_the_link_records_a_click_sets_cookies_and_redirects(app, client, link):
    response = client.get(link, headers={**BROWSER, "User-Agent": BROWSER["User-Agent"] + " x" * 300},
                          environ_base={"REMOTE_ADDR": "203.0.113.7"})
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.path == "/business"
    assert parse_qs(target.query) == {"utm_source": ["referral"], "utm_medium": ["partner_link"],
                                      "utm_campaign": ["referral_programme"], "utm_content": [referrer().public_id]}
    [click] = clicks()
    assert click.referrer_id == referrer().id
    assert "203.0.113.7" not in click.ip_hash and len(click.ip_hash) == 32
    assert len(click.user_agent) == 256
    visitor = cookie_header(response, "gv")
    first_touch = cookie_header(response, "gref")
    assert visitor and "HttpOnly" in visitor and "SameSite=Lax" in visitor
    assert first_touch and "HttpOnly" in first_touch and f"Max-Age={90 * 24 * 3600}" in first_touch
    assert response.headers["Cache-Control"] == "no-store"


def test_the_same_ip_hashes_the_same_and_another_differently(client, link):
    for ip in ("203.0.113.7", "203.0.113.7", "198.51.100.1"):
        client.get(link, headers=BROWSER, environ_base={"REMOTE_ADDR": ip})
        client._cookies.clear()
    first, second, third = (c.ip_hash for c in clicks())
    assert first == second != third


@pytest.mark.parametrize("agent", [
    "TelegramBot (like TwitterBot)", "WhatsApp/2.23.20.0", "Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Mozilla/5.0 (compatible; Googlebot/2.1)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "facebookexternalhit/1.1",
    "Mozilla/5.0 (compatible; Discordbot/2.0)", "python-requests/2.32", "",
])
def test_bots_and_link_previews_are_not_counted(client, link, agent):
    response = client.get(link, headers={**BROWSER, "User-Agent": agent})
    assert response.status_code == 302
    assert clicks() == [] and cookie_header(response, "gref") is None


def test_a_mail_gateway_scanning_the_link_is_not_counted(client, link):
    # Scanners fetch with a browser-like agent but none of a browser's other headers.
    response = client.get(link, headers={"User-Agent": BROWSER["User-Agent"]})
    assert response.status_code == 302 and clicks() == []


@pytest.mark.parametrize("headers", [{"Sec-Purpose": "prefetch"}, {"Purpose": "prefetch"},
                                     {"Sec-Purpose": "prefetch;prerender"}])
def test_prefetches_are_not_counted(client, link, headers):
    response = client.get(link, headers={**BROWSER, **headers})
    assert response.status_code == 302 and clicks() == [] and cookie_header(response, "gref") is None


def test_head_requests_are_not_counted(client, link):
    assert client.head(link, headers=BROWSER).status_code == 302
    assert clicks() == []


def test_repeat_clicks_by_one_visitor_count_once_within_the_window(app, client, link):
    for _ in range(3):
        client.get(link, headers=BROWSER)
    assert len(clicks()) == 1
    with models.db.connection_context():
        for click in Click.select():
            click.created_at -= datetime.timedelta(minutes=31)
            click.save()
    client.get(link, headers=BROWSER)
    assert len(clicks()) == 2
    assert len({c.visitor_id for c in clicks()}) == 1
    app.test_client().get(link, headers=BROWSER)  # another visitor
    assert len(clicks()) == 3


def test_a_later_link_of_another_referrer_does_not_replace_a_valid_first_touch(app, client, link):
    sign_up(app.test_client(), email="boris@example.com", name="Борис")
    with app.test_request_context():
        boris_link = "/r/" + referral_token(referrer("boris@example.com"))
    first = client.get(link, headers=BROWSER)
    anna_cookie = client.get_cookie("gref").value
    second = client.get(boris_link, headers=BROWSER)
    assert cookie_header(first, "gref") and cookie_header(second, "gref") is None
    assert client.get_cookie("gref").value == anna_cookie
    assert len(clicks()) == 2  # Boris's click still counts as a click


def test_a_tampered_first_touch_cookie_is_replaced(client, link):
    client.set_cookie("gref", "forged.value")
    response = client.get(link, headers=BROWSER)
    assert cookie_header(response, "gref") and client.get_cookie("gref").value != "forged.value"


@pytest.mark.parametrize("mangle", [
    # A changed signature (a middle character: the last one carries padding bits that may not count).
    lambda token: token[:-10] + ("A" if token[-10] != "A" else "Q") + token[-9:],
    lambda token: "someone-else" + token[token.index("."):],        # another id under this signature
    lambda token: "garbage",
])
def test_a_tampered_link_gets_the_friendly_404_and_no_cookie_or_click(client, link, mangle):
    response = client.get("/r/" + mangle(link.removeprefix("/r/")), headers=BROWSER)
    assert response.status_code == 404
    assert "Эта ссылка не работает" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers and clicks() == []


def test_a_signed_link_of_no_referrer_gets_the_404(app, client, link):
    token = Signer(app.config["SECRET_KEY"], salt="referral-link").sign("ffffffffffffffff").decode()
    response = client.get("/r/" + token, headers=BROWSER)
    assert response.status_code == 404 and "Set-Cookie" not in response.headers


def test_the_target_can_be_another_url_and_keeps_its_own_parameters(tmp_path):
    app = make_app(tmp_path, REFERRAL_TARGET_URL="https://giftery.example/corporate?lang=ru")
    sign_up(app.test_client())
    with app.test_request_context():
        link = "/r/" + referral_token(referrer())
    target = urlsplit(app.test_client().get(link, headers=BROWSER).headers["Location"])
    assert (target.netloc, target.path) == ("giftery.example", "/corporate")
    assert parse_qs(target.query)["lang"] == ["ru"] and parse_qs(target.query)["utm_source"] == ["referral"]


def test_a_first_touch_older_than_the_window_is_replaced(app, client, link):
    from webapp.signing import KeyedTimestampSigner

    class LongAgo(KeyedTimestampSigner):
        def get_timestamp(self):
            return int((datetime.datetime.now() - datetime.timedelta(days=91)).timestamp())

    old = LongAgo(app.config["SECRET_KEY"], salt="first-touch").sign("someone-else").decode()
    client.set_cookie("gref", old)
    response = client.get(link, headers=BROWSER)
    assert cookie_header(response, "gref") and client.get_cookie("gref").value != old
