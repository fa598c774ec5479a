"""The public landing page `/` and the Programme Rules `/rules`."""

import gzip
import re
import shutil
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import make_app
from webapp import create_app
from webapp.config import ROOT

NBSP = "\u00a0"

PERSONAS = {
    "friends": ("Друзья и коллеги", [
        "HR, закупки, руководитель отдела, владелец",
        "Есть сервис для подарков и поощрений. Могу познакомить?",
    ]),
    "freelancers": ("Фрилансеры и студенты", [
        "Ищи знакомых в средних и крупных компаниях",
        "Пиши просто — продавать не нужно",
        "Могу познакомить с Giftery, они закрывают подарки и мотивацию",
    ]),
    "hr": ("HR и офис-менеджеры", [
        "Поделись ссылкой с HR/закупкой/кадровиком или коллегой, кто ведёт подарки",
        "Дальше мы всё возьмём на себя",
    ]),
    "marketers": ("Маркетологи", [
        "Руководитель маркетинга, CRM или бренда",
        "Нужны призы или подарки для акции? Могу познакомить с Giftery",
    ]),
    "integrators": ("Интеграторы", [
        "Проектный менеджер или аккаунт на стороне клиента",
        "Нужны призы/подарки для акции или продукта? Познакомлю с Giftery — они возьмут награждения и витрину на себя",
    ]),
}

# Every fact of the seed page, as the landing words it (typography aside: spaces compare as spaces).
PAGE_FACTS = [
    "1 минута. Личная ссылка. Деньги за рекомендацию",
    "5 000 ₽", "средняя выплата", "3 рабочих дня", "1 минута",
    "Кому подходит программа",
    "Есть знакомые в компаниях? Выбери свой вариант — подскажем, кому отправить ссылку.",
    "Все этапы видны в кабинете",
    "Статусы обновляются автоматически. Зайди и проверь прогресс в любой момент.",
    "Контакт получен", "Связались", "Переговоры", "Ожидает оплаты", "Первый заказ", "Выплачено",
    "Выплаты прозрачно и в срок",
    "Выбираешь формат вознаграждения после регистрации. "
    "Выплата в течение 3 рабочих дней после оплаты первого заказа.",
    "Деньгами",
    "Когда выбирать", "перевод на банковский счёт",
    "Что понадобится", "данные для выплаты по оферте и актам",
    "Как происходит", "после оплаты первого заказа начисляем и переводим в течение 3 рабочих дней",
    "Налоги", "по правилам РФ; детали — в Правилах программы",
    "Подарочными сертификатами",
    "хочешь использовать вознаграждение на покупки",
    "Что получишь", "электронные сертификаты на сумму вознаграждения + бонус 10 %",
    "после оплаты первого заказа начисляем и отправляем на e‑mail в течение 3 рабочих дней",
    "Где использовать", "в каталоге партнёров и на сайте Giftery",
    "Вопросы и правила",
    "Коротко для тех, кто впервые столкнулся, и для тех, кто уже работал с реферальными программами.",
]

FAQ_ANSWERS = [
    "Человек из компании переходит по твоей ссылке → мы фиксируем контакт в системе → после первого "
    "оплаченного заказа этой компании начисляем выплату. Весь прогресс видно в кабинете по статусам.",
    "Нет. Твоя задача — передать ссылку/контакт ЛПР по подаркам и поощрениям (HR, закупки, руководитель "
    "отдела, владелец). Дальше общаемся мы.",
    "После оплаты первого заказа компанией. Обычно перечисляем в течение 3 рабочих дней. Формат — деньгами "
    "на счёт или подарочными сертификатами.",
    "Оплаченный счёт от компании, пришедшей по твоей рекомендации. Предоплаты/счёт без оплаты — не считаются.",
    "Выплата идёт тому, чья рекомендация была зафиксирована первой и привела к первому оплаченному заказу. "
    "Конфликтные кейсы решаем по таймстемпам в CRM.",
    "Если это существующий клиент по тому же юрлицу — нет. Если это новое юрлицо/новое направление/новый BU, "
    "и они оформляют первый заказ отдельно — засчитываем рекомендацию.",
    "Срок и правила атрибуции фиксированы в Правилах программы. По умолчанию учитываем первое касание по "
    "ссылке и последующие коммуникации, зафиксированные в системе",
    "Да. В кабинете есть форма «Передать контакт». Мы сами свяжемся и привяжем заказ к твоей рекомендации.",
    "Программа базово платит за первый оплаченный заказ. Повторные — по отдельным акциям/правилам (если "
    "активны, об этом пишем в кабинете).",
    "Нельзя спамить, вводить в заблуждение, размещать рекламу от имени Giftery без согласования или нарушать "
    "политику работодателя/клиента. За нарушения выплата не производится.",
    "Выплаты оформляются по законодательству РФ. Налогообложение зависит от твоего статуса "
    "(физлицо/ИП/самозанятый). Детали и инструкции — в Правилах программы.",
]


def soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def visible_text(page):
    """The page's text as a reader sees it: tags gone, any run of spaces (non-breaking too) one space."""
    for hidden in page(["script", "style", "head"]):
        hidden.decompose()
    return re.sub(r"\s+", " ", page.get_text().replace(NBSP, " "))


@pytest.mark.parametrize("fact", PAGE_FACTS + FAQ_ANSWERS)
def test_every_seed_fact_is_on_the_landing(client, fact):
    assert fact in visible_text(soup(client.get("/")))


@pytest.mark.parametrize("slug", PERSONAS)
def test_every_persona_tab_shows_its_hint_and_message(client, slug):
    title, facts = PERSONAS[slug]
    page = soup(client.get(f"/?persona={slug}"))
    selected = page.select('[role="tab"][aria-selected="true"]')
    assert [t.get_text(strip=True) for t in selected] == [title]
    text = visible_text(page)
    for fact in facts:
        assert fact in text


def test_the_copy_button_carries_the_message_without_its_quotes(client):
    button = soup(client.get("/?persona=marketers")).select_one("[data-copy]")
    assert button["data-copy"] == "Нужны призы или подарки для акции? Могу познакомить с Giftery"


def test_amounts_and_periods_use_non_breaking_spaces(client):
    html = client.get("/").get_data(as_text=True)
    assert f"5{NBSP}000{NBSP}₽" in html
    assert f"3{NBSP}рабочих дня" in html
    assert f"10{NBSP}%" in html
    assert "5 000" not in html and "000₽" not in html


def test_text_uses_russian_quotes_not_straight_ones(client):
    for path in ("/", "/rules"):
        text = visible_text(soup(client.get(path)))
        assert '"' not in text and "«" in text


def test_tabs_are_links_that_work_without_javascript(client):
    tabs = soup(client.get("/")).select('[role="tablist"] [role="tab"]')
    assert [t.get_text(strip=True) for t in tabs] == [title for title, _ in PERSONAS.values()]
    for tab, slug in zip(tabs, PERSONAS):
        assert tab.name == "a" and tab["href"] == f"/?persona={slug}#personas"
        assert tab["hx-get"] == f"/?persona={slug}" and tab["hx-push-url"] == f"/?persona={slug}"
        assert tab["aria-controls"] == "persona-panel"
    assert [t["aria-selected"] for t in tabs] == ["true", "false", "false", "false", "false"]


def test_htmx_gets_the_same_partial_the_page_includes(client):
    full = client.get("/?persona=hr")
    fragment = client.get("/?persona=hr", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    assert "<html" not in fragment.get_data(as_text=True)
    root = soup(fragment).find()
    assert root["id"] == "personas"
    in_page = soup(full).select_one("#personas")
    assert str(in_page) == str(root)


@pytest.mark.parametrize("headers", [
    {"HX-Request": "true", "HX-Boosted": "true"},
    {"HX-Request": "true", "HX-History-Restore-Request": "true"},
])
def test_boosted_and_history_restore_requests_get_the_full_page(client, headers):
    assert "<html" in client.get("/?persona=hr", headers=headers).get_data(as_text=True)


def test_unknown_persona_opens_the_first_tab(client):
    response = client.get("/?persona=nobody")
    assert response.status_code == 200
    assert soup(response).select_one('[aria-selected="true"]')["id"] == "tab-friends"


def test_faq_entries_are_disclosures_with_their_own_anchors(client):
    page = soup(client.get("/"))
    items = page.select("#faq details")
    assert len(items) == len(FAQ_ANSWERS)
    ids = [item["id"] for item in items]
    assert len(set(ids)) == len(ids) and all(i.startswith("faq-") for i in ids)
    for item in items:
        assert item.summary.get_text(strip=True).endswith("?")
        assert item.select_one(f'a[href="#{item["id"]}"]')


def test_faq_links_to_the_rules_where_the_seed_names_them(client, app):
    links = {a["href"] for a in soup(client.get("/")).select(".faq a[href^='/rules']")}
    assert links == {"/rules#attribution", "/rules#taxes"}
    rules = soup(client.get("/rules"))
    for link in links:
        assert rules.find(id=link.split("#")[1])


def test_rules_page_shows_the_settings_in_force(tmp_path):
    app = make_app(tmp_path, AVERAGE_REWARD_RUB=7500, PAYOUT_BUSINESS_DAYS=5, CERTIFICATE_BONUS_PERCENT=15,
                   ATTRIBUTION_WINDOW_DAYS=60)
    text = visible_text(soup(app.test_client().get("/rules")))
    for fact in ("7 500 ₽", "5 рабочих дней", "в течение 5 рабочих дней", "15 %", "60 дней",
                 "Контакт получен", "Выплачено", "Самозанятый", "Индивидуальный предприниматель", "Физическое лицо"):
        assert fact in text
    landing = visible_text(soup(app.test_client().get("/")))
    assert "7 500 ₽" in landing and "5 рабочих дней" in landing and "5 000 ₽" not in landing


def test_rules_page_states_every_rule_of_the_programme(client):
    text = visible_text(soup(client.get("/rules")))
    for fact in [
        "Только оплаченный счёт", "Предоплата или выставленный, но не оплаченный счёт не считаются",
        "зафиксирована первой", "тот же ИНН", "Новое юрлицо, новое направление или новое подразделение",
        "первое касание по ссылке", "производственному календарю РФ", "Повторные заказы",
        "Нельзя спамить", "Налогообложение зависит от твоего статуса", "«Передать контакт»",
    ]:
        assert fact in text


def test_the_page_is_well_formed_for_people_and_link_previews(client):
    for path in ("/", "/rules"):
        page = soup(client.get(path))
        assert page.html["lang"] == "ru"
        assert len(page.find_all("h1")) == 1
        assert page.select_one('meta[name="description"]')["content"]
        for prop in ("og:title", "og:description", "og:url", "og:image", "og:type", "og:locale"):
            assert page.select_one(f'meta[property="{prop}"]')["content"], prop
        assert page.select_one('meta[name="viewport"]')


def test_no_resource_comes_from_another_host(client):
    page = soup(client.get("/"))
    for tag in page.select("script[src], link[href], img[src], iframe[src], source[src]"):
        url = urlsplit(tag.get("src") or tag.get("href"))
        assert url.netloc in ("", "localhost"), url  # the test client's own host


def test_the_whole_page_is_under_60_kb_compressed(client):
    html = client.get("/").get_data()
    page = BeautifulSoup(html, "html.parser")
    total = len(gzip.compress(html))
    assets = [t.get("src") or t.get("href") for t in page.select("script[src], link[rel=stylesheet], link[rel=icon]")]
    assert any("htmx" in a for a in assets)
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        total += len(gzip.compress(response.get_data()))
        response.close()
    assert total < 60 * 1024, f"{total} bytes compressed"


def test_static_files_have_versioned_urls_and_long_cache_lifetimes(client):
    page = soup(client.get("/"))
    css = page.select_one("link[rel=stylesheet]")["href"]
    assert re.fullmatch(r"/static/css/app\.css\?v=[0-9a-f]{12}", css)
    versioned = client.get(css)
    assert "max-age=31536000" in versioned.headers["Cache-Control"]
    versioned.close()
    plain = client.get("/static/css/app.css")
    assert "max-age=300" in plain.headers["Cache-Control"]
    plain.close()


def test_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_landing_sets_no_cookie_for_a_visitor(client):
    assert "Set-Cookie" not in client.get("/").headers


def test_marketers_edit_copy_in_template_files(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)

    def edit(name, old, new):
        path = templates / "content" / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    edit("faq.html", "Что запрещено?", "Чего делать нельзя?")
    edit("personas/04-marketers.html", "Могу познакомить с Giftery", "Познакомлю с Giftery прямо сегодня")
    edit("rewards.html", "хочешь использовать вознаграждение на&nbsp;покупки", "любишь выбирать подарки сам")
    edit("stages.html", "Обсуждаем задачи, бюджет", "Согласуем задачи, бюджет")

    client = make_app(tmp_path, TEMPLATE_FOLDER=str(templates)).test_client()
    text = visible_text(soup(client.get("/?persona=marketers")))
    assert "Чего делать нельзя?" in text and "Что запрещено?" not in text
    assert "Познакомлю с Giftery прямо сегодня" in text
    assert "любишь выбирать подарки сам" in text
    assert "Согласуем задачи, бюджет" in text


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_health_check_says_when_the_database_is_unreachable(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
                      "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json == {"status": "database unavailable"}
