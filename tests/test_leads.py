"""From a recommendation to a recorded lead: the page for companies, «Передать контакт», the rules."""

import datetime
import threading

import pytest
from bs4 import BeautifulSoup
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.conftest import csrf_token, make_app, sign_up
from tests.test_tracking import BROWSER
from webapp import models
from webapp.leads import Contact, record_lead
from webapp.models import ExistingClient, Lead, Referrer
from webapp.tracking import referral_token

REQUEST = {"company": "ООО «Ромашка»", "inn": "7707083893", "contact_name": "Ольга Иванова",
           "contact_role": "HR-директор", "email": "olga@romashka.ru", "phone": "+7 916 123-45-67",
           "comment": "Подарки к Новому году", "consent": "y"}


def page(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def error_of(response, field_id):
    node = page(response).select_one(f"#field-{field_id} .field__error")
    return node.get_text(strip=True) if node else None


def leads():
    with models.db.connection_context():
        return list(Lead.select().order_by(Lead.id))


def referrer(email="anna@example.com"):
    with models.db.connection_context():
        return Referrer.get(Referrer.email == email)


def follow_link(app, client, email="anna@example.com"):
    with app.test_request_context():
        token = referral_token(referrer(email))
    client.get("/r/" + token, headers=BROWSER)


def submit(client, **changes):
    form = page(client.get("/business"))
    data = {"csrf_token": form.select_one('input[name="csrf_token"]')["value"],
            "submission_key": form.select_one('input[name="submission_key"]')["value"], **REQUEST, **changes}
    return client.post("/business", data={k: v for k, v in data.items() if v is not None})


@pytest.fixture
def anna(app):
    sign_up(app.test_client())
    return referrer()


# The page for companies --------------------------------------------------------------------------

def test_the_page_for_companies_says_what_giftery_does(client):
    text = page(client.get("/business")).get_text()
    for fact in ("Сотрудникам", "Клиентам и партнёрам", "Призы для акций", "Оставить заявку"):
        assert fact in text


def test_a_request_after_the_link_is_attributed_to_the_referrer(app, client, anna):
    follow_link(app, client)
    response = submit(client)
    assert response.status_code == 303 and response.headers["Location"] == "/business/sent"
    assert "заявка у" in client.get("/business/sent").get_data(as_text=True)
    [lead] = leads()
    assert (lead.referrer_id, lead.stage, lead.source) == (anna.id, "received", "link")
    assert lead.first_touch_at is not None
    assert (lead.inn, lead.phone, lead.email) == ("7707083893", "+79161234567", "olga@romashka.ru")


def test_a_request_without_the_cookie_is_unattributed(client, anna):
    submit(client)
    [lead] = leads()
    assert (lead.referrer_id, lead.source, lead.stage) == (None, "direct", "received")


def test_an_expired_first_touch_does_not_attribute(app, client, anna):
    class LongAgo(TimestampSigner):
        def get_timestamp(self):
            return int((datetime.datetime.now() - datetime.timedelta(days=91)).timestamp())

    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="first-touch", signer=LongAgo).dumps(anna.public_id)
    client.set_cookie("gref", old)
    submit(client)
    assert leads()[0].referrer_id is None


@pytest.mark.parametrize("changes,field,message", [
    ({"company": ""}, "company", "Нужно название компании"),
    ({"inn": "7707083894"}, "inn", "контрольные не сходятся"),
    ({"inn": "12345"}, "inn", "10 или 12 цифр"),
    ({"contact_name": ""}, "contact_name", "Нужно имя контактного лица"),
    ({"email": "", "phone": ""}, "email", "e-mail или телефон"),
    ({"email": "olga@"}, "email", "Проверьте адрес"),
    ({"phone": "12"}, "phone", "номер телефона"),
    ({"consent": None}, "consent", "согласие"),
])
def test_request_errors_show_next_to_the_field_and_nothing_is_written(client, changes, field, message):
    response = submit(client, **changes)
    assert response.status_code == 422
    assert message in error_of(response, field)
    assert leads() == []


def test_either_email_or_phone_is_enough(client):
    assert submit(client, email="").status_code == 303
    assert submit(client, phone="", company="Лютик", inn=None).status_code == 303
    assert len(leads()) == 2


def test_a_bot_filling_the_hidden_field_gets_the_thanks_page_and_no_lead(client):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 303 and leads() == []


def test_a_double_submit_makes_one_lead(client):
    form = page(client.get("/business"))
    data = {"csrf_token": form.select_one('input[name="csrf_token"]')["value"],
            "submission_key": form.select_one('input[name="submission_key"]')["value"], **REQUEST}
    assert client.post("/business", data=data).status_code == 303
    assert client.post("/business", data=data).status_code == 303  # back and resend, or a double click
    assert len(leads()) == 1


def test_requests_are_rate_limited(tmp_path):
    app = make_app(tmp_path, BUSINESS_RATE_LIMIT="2 per minute")
    client = app.test_client()
    assert [submit(client, company=f"Компания {i}", inn=None, email=f"a@c{i}.ru").status_code
            for i in range(3)] == [303, 303, 429]


# The attribution rules, as leads see them ------------------------------------------------------

def test_the_first_recorded_recommendation_wins_and_a_later_one_is_a_dated_duplicate(app, anna):
    sign_up(app.test_client(), email="boris@example.com", name="Борис")
    first, second = app.test_client(), app.test_client()
    follow_link(app, first)
    submit(first)
    follow_link(app, second, "boris@example.com")
    submit(second, contact_name="Пётр", email="petr@romashka.ru")
    anna_lead, boris_lead = leads()
    assert anna_lead.stage == "received" and anna_lead.owner_key == "inn:7707083893"
    assert (boris_lead.stage, boris_lead.rejection_reason, boris_lead.duplicate_of_id) == (
        "rejected", "duplicate", anna_lead.id)
    boris = app.test_client()
    boris.post("/login", data={"email": "boris@example.com", "password": "correct horse battery",
                               "csrf_token": csrf_token(boris, "/login")})
    rejection = page(boris.get("/cabinet")).select_one(".referral__rejection").get_text()
    assert "Дубликат" in rejection and "впервые" in rejection


@pytest.mark.parametrize("first,second", [
    ({"inn": None, "email": "olga@romashka.ru"}, {"inn": None, "email": "petr@romashka.ru"}),
    ({"inn": None, "email": "olga@gmail.com", "company": "ООО «Ромашка»"},
     {"inn": None, "email": "petr@mail.ru", "company": "Ромашка, АО"}),
])
def test_without_an_inn_the_domain_or_the_name_identifies_the_company(client, first, second):
    submit(client, **first)
    submit(client, **second)
    assert [lead.stage for lead in leads()] == ["received", "rejected"]


def test_gmail_addresses_of_two_companies_are_not_duplicates(client):
    submit(client, inn=None, email="olga@gmail.com", company="Ромашка")
    submit(client, inn=None, email="petr@gmail.com", company="Лютик")
    assert [lead.stage for lead in leads()] == ["received", "received"]


def test_an_existing_client_by_inn_does_not_count_but_another_inn_of_its_group_does(app, client, runner, anna,
                                                                                    tmp_path):
    csv = tmp_path / "clients.csv"
    csv.write_text("ИНН;Наименование\n7707083893;ПАО Сбербанк\n", encoding="utf-8")
    assert "imported 1" in runner.invoke(args=["clients", "import", str(csv)]).output
    follow_link(app, client)
    submit(client)
    submit(client, inn="500100732259", company="Сбер ИП-подразделение", email="x@sber-group.ru")
    existing, other = leads()
    assert (existing.stage, existing.rejection_reason) == ("rejected", "existing_client")
    assert other.stage == "received"


def test_a_request_from_the_referrers_own_session_is_a_self_referral(app, anna):
    own = app.test_client()
    own.post("/login", data={"email": "anna@example.com", "password": "correct horse battery",
                             "csrf_token": csrf_token(own, "/login")})
    follow_link(app, own)
    submit(own, email="olga@lyutik.ru", inn=None, company="Лютик")
    [lead] = leads()
    assert (lead.stage, lead.rejection_reason, lead.referrer_id) == ("rejected", "self_referral", anna.id)


def test_the_referrers_own_email_domain_is_a_self_referral(app, client):
    sign_up(app.test_client(), email="anna@romashka.ru")
    follow_link(app, client, "anna@romashka.ru")
    submit(client, inn=None, email="hr@romashka.ru")
    assert leads()[0].rejection_reason == "self_referral"


# «Передать контакт» -------------------------------------------------------------------------------

HANDOFF = {"handoff-company": "ООО «Лютик»", "handoff-contact_name": "Пётр Сидоров",
           "handoff-contact_role": "Закупки", "handoff-email": "petr@lyutik.ru", "handoff-confirm": "y"}


def handoff_data(client, **changes):
    form = page(client.get("/cabinet/handoff"))
    data = {"csrf_token": form.select_one('input[name="csrf_token"]')["value"],
            "handoff-submission_key": form.select_one('input[name="handoff-submission_key"]')["value"],
            **HANDOFF, **changes}
    return {k: v for k, v in data.items() if v is not None}


def test_handoff_without_javascript_records_the_lead_and_returns_to_the_list(referrer_client):
    response = referrer_client.post("/cabinet/handoff", data=handoff_data(referrer_client))
    assert response.status_code == 303 and response.headers["Location"] == "/cabinet#referrals"
    [lead] = leads()
    assert (lead.source, lead.stage, lead.referrer_id, lead.first_touch_at) == (
        "handoff", "received", referrer().id, None)
    cabinet = page(referrer_client.get("/cabinet"))
    assert "передан" in cabinet.select_one(".flash").get_text()
    row = cabinet.select_one("#referrals .referral")
    assert "Лютик" in row.h3.get_text() and "передан контакт" in row.select_one(".referral__meta").get_text()
    assert row.select_one('[aria-current="step"]').get_text() == "Контакт получен"


def test_handoff_by_htmx_swaps_the_form_and_adds_the_row_out_of_band(referrer_client):
    response = referrer_client.post("/cabinet/handoff", data=handoff_data(referrer_client),
                                    headers={"HX-Request": "true"})
    assert response.status_code == 200
    answer = page(response)
    roots = answer.find_all(recursive=False)
    assert [r["id"] for r in roots] == ["handoff", "referrals"]
    assert roots[1]["hx-swap-oob"] == "true"
    assert "Лютик" in roots[1].get_text() and "передан" in roots[0].select_one(".flash").get_text()
    assert roots[0].select_one("#handoff-company")["value"] == ""  # a fresh form for the next contact
    assert str(roots[1]).replace(' hx-swap-oob="true"', "") == str(page(referrer_client.get("/cabinet")).select_one("#referrals"))


@pytest.mark.parametrize("changes,field,message", [
    ({"handoff-email": ""}, "handoff-email", "e-mail или телефон"),
    ({"handoff-confirm": None}, "handoff-confirm", "согласен"),
    ({"handoff-inn": "123"}, "handoff-inn", "10 или 12 цифр"),
    ({"handoff-company": ""}, "handoff-company", "название компании"),
])
def test_handoff_errors_come_back_in_place(referrer_client, changes, field, message):
    response = referrer_client.post("/cabinet/handoff", data=handoff_data(referrer_client, **changes),
                                    headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert page(response).find()["id"] == "handoff"
    assert message in error_of(response, field)
    assert leads() == []
    plain = referrer_client.post("/cabinet/handoff", data=handoff_data(referrer_client, **changes))
    assert plain.status_code == 422 and "<html" in plain.get_data(as_text=True)


def test_a_handoff_sent_twice_makes_one_lead(referrer_client):
    data = handoff_data(referrer_client)
    referrer_client.post("/cabinet/handoff", data=data, headers={"HX-Request": "true"})
    referrer_client.post("/cabinet/handoff", data=data, headers={"HX-Request": "true"})
    assert len(leads()) == 1


# Concurrency: one company, many requests at once ----------------------------------------------------

def test_simultaneous_requests_for_one_company_give_exactly_one_attributed_lead(tmp_path, database_url):
    make_app(tmp_path, database_url)
    with models.db.connection_context():
        referrers = [Referrer.create(public_id=f"p{i}", email=f"r{i}@example.com", name=f"R{i}", password_hash="!")
                     for i in range(8)]
    barrier = threading.Barrier(len(referrers))
    errors = []

    def recommend(referrer):
        try:
            with models.db.connection_context():
                barrier.wait()
                record_lead(Contact(company="ООО «Ромашка»", contact_name="Ольга", inn="7707083893"),
                            source="handoff", referrer=referrer)
        except Exception as error:  # surfaced below: a thread's exception would otherwise be lost
            errors.append(error)

    threads = [threading.Thread(target=recommend, args=(r,)) for r in referrers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with models.db.connection_context():
        all_leads = list(Lead.select())
        winners = [lead for lead in all_leads if lead.stage == "received"]
        assert len(all_leads) == 8 and len(winners) == 1
        assert all(lead.rejection_reason == "duplicate" and lead.duplicate_of_id == winners[0].id
                   for lead in all_leads if lead is not winners[0] and lead.id != winners[0].id)
    models.close_pool()


def test_simultaneous_double_submits_make_one_lead(tmp_path, database_url):
    make_app(tmp_path, database_url)
    barrier = threading.Barrier(6)
    results, errors = [], []

    def submit_once():
        try:
            with models.db.connection_context():
                barrier.wait()
                results.append(record_lead(Contact(company="Лютик", contact_name="Пётр", email="p@lyutik.ru"),
                                           source="direct", submission_key="same-form")[1])
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=submit_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(results) == [False] * 5 + [True]
    with models.db.connection_context():
        assert Lead.select().count() == 1
    models.close_pool()


# The clients import ----------------------------------------------------------------------------------

def test_clients_import_reports_what_it_did(runner, tmp_path):
    csv = tmp_path / "clients.csv"
    csv.write_text("inn,name\n7707083893,ПАО Сбербанк\n7707083894,Опечатка\n\n500100732259,ИП Петров\n",
                   encoding="utf-8")
    result = runner.invoke(args=["clients", "import", str(csv)])
    assert result.exit_code == 0
    assert "imported 2, updated 0, skipped 1" in result.output
    assert "line 3" in result.output
    again = runner.invoke(args=["clients", "import", str(csv)])
    assert "imported 0, updated 2, skipped 1" in again.output
    with models.db.connection_context():
        assert {c.inn: c.name for c in ExistingClient.select()} == {
            "7707083893": "ПАО Сбербанк", "500100732259": "ИП Петров"}


def test_clients_import_takes_a_bare_column_of_inns(runner, tmp_path):
    csv = tmp_path / "inns.csv"
    csv.write_text("7707083893\n500100732259\n", encoding="utf-8")
    assert "imported 2" in runner.invoke(args=["clients", "import", str(csv)]).output
