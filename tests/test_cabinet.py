"""The cabinet: personal link, QR code, ready messages, counters, referrals list, payout settings, profile."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import PASSWORD, csrf_token, log_in, sign_up
from webapp import models
from webapp.models import Click, Lead, PayoutDetails, Referrer, utcnow
from webapp.tracking import referral_token, referrer_for_token

SBER_BIK, SBER_ACCOUNT = "044525225", "40817810438000012345"
TBANK_BIK, TBANK_ACCOUNT = "044525974", "40702810110000067890"


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def anna():
    with models.db.connection_context():
        return Referrer.get(Referrer.email == "anna@example.com")


def error_of(response, field_id):
    node = page(response).select_one(f"#field-{field_id} .field__error")
    return node.get_text(strip=True) if node else None


# The link, QR code and messages ------------------------------------------------------------------

def test_the_personal_link_is_signed_and_never_changes(app, referrer_client):
    links = {page(referrer_client.get("/cabinet")).select_one("#personal-link")["value"] for _ in range(2)}
    assert len(links) == 1
    link = links.pop()
    token = link.rsplit("/r/", 1)[1]
    with app.test_request_context():
        assert token == referral_token(anna())
        assert referrer_for_token(token).id == anna().id
        assert referrer_for_token(token[:-10] + ("A" if token[-10] != "A" else "Q") + token[-9:]) is None
        assert referrer_for_token("garbage") is None


def test_qr_code_inline_and_as_downloads(referrer_client):
    cabinet = page(referrer_client.get("/cabinet"))
    assert cabinet.select_one(".qr svg path")
    svg = referrer_client.get("/cabinet/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<?xml")
    assert "attachment" in svg.headers["Content-Disposition"]
    png = referrer_client.get("/cabinet/qr.png")
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG\r\n\x1a\n")


def test_ready_messages_for_each_persona_carry_the_link(referrer_client):
    cabinet = page(referrer_client.get("/cabinet"))
    link = cabinet.select_one("#personal-link")["value"]
    items = cabinet.select(".messages__item")
    assert [i.h3.get_text() for i in items] == [
        "Друзья и коллеги", "Фрилансеры и студенты", "HR и офис-менеджеры", "Маркетологи", "Интеграторы"]
    for item in items:
        text = item.select_one("[data-copy]")["data-copy"]
        assert text.endswith(" " + link)
        telegram = parse_qs(urlsplit(item.find("a", string="Telegram")["href"]).query)
        assert telegram["url"] == [link] and telegram["text"][0] + " " + link == text
        whatsapp = parse_qs(urlsplit(item.find("a", string="WhatsApp")["href"]).query)
        assert whatsapp["text"] == [text]
        assert item.find("a", string="E-mail")["href"].startswith("mailto:?subject=")


def test_counters_read_zero_with_an_empty_state_that_says_what_to_do(referrer_client):
    cabinet = page(referrer_client.get("/cabinet"))
    values = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in cabinet.select(".counters div")}
    assert values == {"Переходы по\xa0ссылке": "0", "Уникальные посетители": "0", "Контакты": "0",
                      "В\xa0работе": "0", "Оплаченные заказы": "0", "Начислено": "0\xa0₽",
                      "Выплачено": "0\xa0₽", "Ближайшая выплата": "—"}
    assert "Начни с\xa0одного знакомого" in cabinet.select_one(".empty").get_text()
    assert "Выбери, как получать вознаграждение" in cabinet.select_one(".notice").get_text()


def add_lead(referrer, company, stage, **fields):
    with models.db.connection_context():
        now = utcnow()
        return Lead.create(public_id=f"L{company[:4]}{stage[:3]}", referrer=referrer, source="link", company=company,
                           company_key=company.lower(), contact_name="Ольга", stage=stage, created_at=now,
                           updated_at=now, **fields)


def test_counters_come_from_the_real_tables(referrer_client):
    referrer = anna()
    with models.db.connection_context():
        for visitor in ("v1", "v1", "v2"):
            Click.create(referrer=referrer, visitor_id=visitor, ip_hash="h", user_agent="ua")
    import datetime
    add_lead(referrer, "Альфа", "received")
    add_lead(referrer, "Бета", "negotiating")
    add_lead(referrer, "Гамма", "first_order", reward_rub=5000, payout_due_on=datetime.date(2027, 1, 13))
    add_lead(referrer, "Дельта", "first_order", reward_rub=5000, payout_due_on=datetime.date(2027, 1, 12))
    add_lead(referrer, "Эпсилон", "paid_out", reward_rub=7000)
    add_lead(referrer, "Зета", "rejected", rejection_reason="duplicate")
    cabinet = page(referrer_client.get("/cabinet"))
    values = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in cabinet.select(".counters div")}
    assert values == {"Переходы по\xa0ссылке": "3", "Уникальные посетители": "2", "Контакты": "6",
                      "В\xa0работе": "2", "Оплаченные заказы": "3", "Начислено": "17\xa0000\xa0₽",
                      "Выплачено": "7\xa0000\xa0₽", "Ближайшая выплата": "12\xa0января 2027"}


# The referrals list ------------------------------------------------------------------------------

def test_each_company_shows_its_stages_with_the_current_one_marked(referrer_client):
    add_lead(anna(), "ООО «Ромашка»", "negotiating")
    add_lead(anna(), "ООО «Лютик»", "rejected", rejection_reason="existing_client")
    cabinet = page(referrer_client.get("/cabinet"))
    romashka = [li for li in cabinet.select("#referrals .referral") if "Ромашка" in li.h3.get_text()][0]
    steps = romashka.select(".progress li")
    assert [s.get_text() for s in steps] == ["Контакт получен", "Связались", "Переговоры", "Ожидает оплаты",
                                             "Первый заказ", "Выплачено"]
    assert [s.get("aria-current") for s in steps] == [None, None, "step", None, None, None]
    lyutik = [li for li in cabinet.select("#referrals .referral") if "Лютик" in li.h3.get_text()][0]
    assert "Действующий клиент" in lyutik.select_one(".referral__rejection").get_text()


def test_the_polled_partial_is_the_one_the_page_includes_and_answers_304_when_unchanged(referrer_client):
    add_lead(anna(), "ООО «Ромашка»", "received")
    fragment = referrer_client.get("/cabinet/referrals", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    root = page(fragment).find()
    assert root["id"] == "referrals" and root["hx-trigger"] == "every 10s"
    assert str(page(referrer_client.get("/cabinet")).select_one("#referrals")) == str(root)

    etag = fragment.headers["ETag"]
    unchanged = referrer_client.get("/cabinet/referrals", headers={"HX-Request": "true", "If-None-Match": etag})
    assert unchanged.status_code == 304

    with models.db.connection_context():
        Lead.update(stage="contacted", updated_at=utcnow()).execute()
    changed = referrer_client.get("/cabinet/referrals", headers={"HX-Request": "true", "If-None-Match": etag})
    assert changed.status_code == 200
    assert page(changed).select_one('[aria-current="step"]').get_text() == "Связались"


def test_the_referrals_list_works_as_a_plain_page_too(referrer_client):
    response = referrer_client.get("/cabinet/referrals")
    assert response.status_code == 200 and page(response).h1.get_text() == "Компании"


def test_nobody_sees_another_referrers_companies(app, referrer_client):
    other = app.test_client()
    sign_up(other, email="boris@example.com", name="Борис")
    add_lead(anna(), "ООО «Секрет»", "received")
    assert "Секрет" not in other.get("/cabinet").get_data(as_text=True)
    assert "Секрет" not in other.get("/cabinet/referrals").get_data(as_text=True)


def test_cabinet_pages_are_never_cached_by_browsers(referrer_client):
    assert "no-store" in referrer_client.get("/cabinet").headers["Cache-Control"]


# Payout settings ---------------------------------------------------------------------------------

def post_payout(client, **fields):
    data = {"csrf_token": csrf_token(client, "/cabinet/payout"), **fields}
    return client.post("/cabinet/payout", data=data)


MONEY = {"reward_format": "money", "tax_status": "self_employed", "full_name": "Петрова Анна Сергеевна",
         "inn": "500100732259", "bik": SBER_BIK, "account": SBER_ACCOUNT, "bank_name": "ПАО Сбербанк"}


def test_money_details_are_saved_and_shown_masked(referrer_client):
    response = post_payout(referrer_client, **MONEY)
    assert response.status_code == 303 and response.headers["Location"] == "/cabinet/payout"
    with models.db.connection_context():
        details = PayoutDetails.get()
        referrer = Referrer.get()
    assert (details.inn, details.bik, details.account) == ("500100732259", SBER_BIK, SBER_ACCOUNT)
    assert (referrer.reward_format, referrer.tax_status) == ("money", "self_employed")
    html = referrer_client.get("/cabinet/payout").get_data(as_text=True)
    assert "•••• 2345" in html and "•••• 2259" in html
    assert SBER_ACCOUNT not in html and "500100732259" not in html


@pytest.mark.parametrize("changes,field,message", [
    ({"inn": "500100732258"}, "inn", "контрольные не сходятся"),
    ({"inn": "7707083893"}, "inn", "12 цифр"),
    ({"bik": "04452522"}, "bik", "9 цифр"),
    ({"account": TBANK_ACCOUNT}, "account", "не подходит к этому БИК"),
    ({"account": "4081781043800001234"}, "account", "20 цифр"),
    ({"full_name": "Анна"}, "full_name", "как в документах"),
    ({"bank_name": ""}, "bank_name", "название банка"),
    ({"account": ""}, "account", "Укажи номер счёта"),
    ({"tax_status": "sole_trader"}, "ogrnip", "нужен ОГРНИП"),
    ({"tax_status": "sole_trader", "ogrnip": "304500116000158"}, "ogrnip", "Такого ОГРНИП"),
    ({"tax_status": ""}, "tax_status", "налоговый статус"),
    ({"reward_format": ""}, "reward_format", "как получать"),
])
def test_payout_errors_show_next_to_the_field_and_nothing_is_saved(referrer_client, changes, field, message):
    response = post_payout(referrer_client, **{**MONEY, **changes})
    assert response.status_code == 422
    assert message in error_of(response, field)
    with models.db.connection_context():
        assert PayoutDetails.select().count() == 0
        assert Referrer.get().reward_format is None


def test_certificates_need_only_an_email(referrer_client):
    response = post_payout(referrer_client, reward_format="certificates", tax_status="individual",
                           certificate_email="")
    assert response.status_code == 422 and "куда прислать сертификаты" in error_of(response, "certificate_email")
    response = post_payout(referrer_client, reward_format="certificates", tax_status="individual",
                           certificate_email="Anna.Gifts@Example.com")
    assert response.status_code == 303
    with models.db.connection_context():
        assert PayoutDetails.get().certificate_email == "anna.gifts@example.com"


def test_the_certificate_email_is_prefilled_with_the_account_email(referrer_client):
    form = page(referrer_client.get("/cabinet/payout"))
    assert form.select_one("#certificate_email")["value"] == "anna@example.com"


def test_a_sole_trader_gives_an_ogrnip(referrer_client):
    response = post_payout(referrer_client, **{**MONEY, "tax_status": "sole_trader", "ogrnip": "304500116000157"})
    assert response.status_code == 303
    with models.db.connection_context():
        assert PayoutDetails.get().ogrnip == "304500116000157"


def test_blank_secret_fields_keep_the_saved_details(referrer_client):
    post_payout(referrer_client, **MONEY)
    form = page(referrer_client.get("/cabinet/payout"))
    assert form.select_one("#account").get("value") in (None, "")
    assert "Сохранён: •••• 2345" in form.select_one("#account-hint").get_text()
    response = post_payout(referrer_client, **{**MONEY, "inn": "", "account": "", "bank_name": "Сбер"})
    assert response.status_code == 303
    with models.db.connection_context():
        details = PayoutDetails.get()
    assert (details.inn, details.account, details.bank_name) == ("500100732259", SBER_ACCOUNT, "Сбер")


def test_a_new_bik_must_suit_the_saved_account(referrer_client):
    post_payout(referrer_client, **MONEY)
    response = post_payout(referrer_client, **{**MONEY, "account": "", "bik": TBANK_BIK})
    assert response.status_code == 422
    assert "Сохранённый счёт не подходит к этому БИК" in error_of(response, "bik")
    response = post_payout(referrer_client, **{**MONEY, "account": TBANK_ACCOUNT, "bik": TBANK_BIK})
    assert response.status_code == 303


def check(client, field, **values):
    data = {"csrf_token": csrf_token(client, "/cabinet/payout"), **MONEY, **values}
    return client.post("/cabinet/payout/check", data=data,
                       headers={"HX-Request": "true", "HX-Trigger-Name": field})


def test_a_field_is_checked_by_the_same_validators_when_it_loses_focus(referrer_client):
    wrong = check(referrer_client, "account", account=TBANK_ACCOUNT)
    assert wrong.status_code == 200
    field = page(wrong).find()
    assert field["id"] == "field-account" and "field--error" in field["class"]
    assert "не подходит к этому БИК" in field.select_one(".field__error").get_text()
    assert field.select_one("input")["aria-invalid"] == "true"
    right = page(check(referrer_client, "account")).find()
    assert right.select_one(".field__error") is None
    assert right.select_one("input")["value"] == SBER_ACCOUNT
    # The page renders the same field with the same markup.
    on_page = page(referrer_client.get("/cabinet/payout")).select_one("#field-bik")
    checked = page(check(referrer_client, "bik", bik="")).find()
    assert on_page.select_one("input")["data-hx-post"] == checked.select_one("input")["data-hx-post"] == "/cabinet/payout/check"


def test_the_check_needs_the_csrf_token(referrer_client):
    response = referrer_client.post("/cabinet/payout/check", data=MONEY,
                                    headers={"HX-Request": "true", "HX-Trigger-Name": "inn"})
    assert response.status_code == 400


def test_the_check_refuses_unknown_fields(referrer_client):
    assert check(referrer_client, "password").status_code == 400


# Profile -----------------------------------------------------------------------------------------

def post_profile(client, path, **fields):
    return client.post(path, data={"csrf_token": csrf_token(client, "/cabinet/profile"), **fields})


def test_change_name_and_phone(referrer_client):
    response = post_profile(referrer_client, "/cabinet/profile", **{"profile-name": "Анна Петрова",
                                                                     "profile-phone": "+7 916 000-00-01"})
    assert response.status_code == 303
    assert (anna().name, anna().phone) == ("Анна Петрова", "+79160000001")
    response = post_profile(referrer_client, "/cabinet/profile", **{"profile-name": ""})
    assert response.status_code == 422 and anna().name == "Анна Петрова"


def test_change_password_needs_the_current_one_and_ends_other_sessions(app, referrer_client):
    other = app.test_client()
    log_in(other)
    wrong = post_profile(referrer_client, "/cabinet/password", **{
        "password-current": "nope", "password-password": "brand new secret", "password-confirm": "brand new secret"})
    assert wrong.status_code == 422 and "не подходит" in error_of(wrong, "password-current")
    done = post_profile(referrer_client, "/cabinet/password", **{
        "password-current": PASSWORD, "password-password": "brand new secret", "password-confirm": "brand new secret"})
    assert done.status_code == 303
    assert referrer_client.get("/cabinet").status_code == 200
    assert other.get("/cabinet").status_code == 302
    assert log_in(app.test_client(), password="brand new secret").status_code == 303


def test_delete_account_anonymizes_and_keeps_the_records(app, referrer_client):
    post_payout(referrer_client, **MONEY)
    add_lead(anna(), "ООО «Ромашка»", "first_order", reward_rub=5000)
    with app.test_request_context():
        token = referral_token(anna())
    wrong = post_profile(referrer_client, "/cabinet/delete", **{"delete-password": "nope", "delete-confirm": "y"})
    assert wrong.status_code == 422
    done = post_profile(referrer_client, "/cabinet/delete", **{"delete-password": PASSWORD, "delete-confirm": "y"})
    assert done.status_code == 303 and done.headers["Location"] == "/"
    assert referrer_client.get("/cabinet").status_code == 302
    with models.db.connection_context():
        gone = Referrer.get()
        assert gone.name == "Удалённый участник" and gone.phone is None and gone.deleted_at is not None
        assert "anna" not in gone.email
        assert Lead.select().where(Lead.referrer == gone).count() == 1
        # A reward accrued and not yet paid is still owed: the details to pay it stay.
        assert PayoutDetails.select().where(PayoutDetails.referrer == gone).count() == 1
    with app.test_request_context():
        assert referrer_for_token(token) is None
    assert log_in(app.test_client()).status_code == 422
    assert re.search(r"Аккаунт удалён", referrer_client.get("/").get_data(as_text=True))


def test_delete_account_without_rewards_owed_drops_the_payout_details(referrer_client):
    post_payout(referrer_client, **MONEY)
    add_lead(anna(), "ООО «Ромашка»", "paid_out", reward_rub=5000)
    post_profile(referrer_client, "/cabinet/delete", **{"delete-password": PASSWORD, "delete-confirm": "y"})
    with models.db.connection_context():
        assert PayoutDetails.select().count() == 0
        assert Lead.select().count() == 1
