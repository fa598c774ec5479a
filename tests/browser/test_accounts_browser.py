"""A new referrer in Chromium: sign-up, the link, log-out and in, password reset, payout details."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import outbox

SBER_BIK, SBER_ACCOUNT, TBANK_ACCOUNT = "044525225", "40817810438000012345", "40702810110000067890"


def assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, page.url + "\n" + results.generate_report()


def sign_up(page, email, password="correct horse battery"):
    page.goto("/signup")
    page.get_by_label("Имя").fill("Анна")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Пароль").fill(password)
    page.get_by_label("Принимаю").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page).to_have_url(re.compile(r"/cabinet$"))


def test_a_new_referrer_goes_from_sign_up_to_payout_details(context, page, live_server, artifacts):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/")
    page.get_by_role("link", name="Получить личную ссылку").first.click()
    expect(page).to_have_url(re.compile(r"/signup$"))

    # A first try with mistakes: every message stands next to its field.
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.locator("#field-email .field__error")).to_have_text("Укажи e-mail")
    sign_up(page, "anna@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Привет, Анна!")

    link = page.locator("#personal-link").input_value()
    assert re.fullmatch(re.escape(live_server.url) + r"/r/[\w.-]+", link)
    page.get_by_role("button", name="Скопировать ссылку").click()
    expect(page.locator(".copy-field__status")).to_have_text("Скопировано")
    assert page.evaluate("navigator.clipboard.readText()") == link

    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".flash")).to_contain_text("вышел")

    page.get_by_role("link", name="Войти").click()
    page.get_by_label("E-mail").fill("anna@example.com")
    page.get_by_label("Пароль").fill("correct horse battery")
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(r"/cabinet$"))
    assert page.locator("#personal-link").input_value() == link  # the link never changes
    page.get_by_role("button", name="Выйти").click()

    # Forgot the password: the e-mailed link sets a new one.
    page.goto("/login")
    page.get_by_role("link", name="Забыл пароль?").click()
    page.get_by_label("E-mail").fill("anna@example.com")
    page.get_by_role("button", name="Прислать ссылку").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверь почту")
    assert_no_axe_violations(page)
    reset = re.search(r"http://\S+/password/reset/\S+", outbox(live_server.app)[-1].get_content()).group(0)
    page.goto(reset.replace("http://localhost", live_server.url))
    assert_no_axe_violations(page)
    page.get_by_label("Новый пароль").fill("brand new secret")
    page.get_by_label("Ещё раз").fill("brand new secret")
    page.get_by_role("button", name="Сохранить пароль").click()
    expect(page).to_have_url(re.compile(r"/cabinet$"))

    # Payout details, first wrong, then right.
    page.get_by_role("link", name="Выплаты").first.click()
    page.get_by_text("Деньгами", exact=True).click()
    page.get_by_text("Самозанятый (НПД)").click()
    page.get_by_label("ФИО получателя").fill("Петрова Анна Сергеевна")
    page.get_by_label("ИНН").fill("500100732258")
    page.get_by_label("БИК банка").click()  # leaving the INN field checks it, without a submit
    expect(page.locator("#field-inn .field__error")).to_contain_text("контрольные не сходятся")
    page.get_by_label("БИК банка").fill(SBER_BIK)
    page.get_by_label("Номер счёта").fill(TBANK_ACCOUNT)
    page.get_by_label("Банк", exact=True).fill("ПАО Сбербанк")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#field-account .field__error")).to_contain_text("не подходит к этому БИК")
    expect(page.locator(".form-errors")).to_be_visible()
    page.screenshot(path=str(artifacts / "payout-errors.png"), full_page=True)

    page.get_by_label("ИНН").fill("500100732259")
    page.get_by_label("Номер счёта").fill(SBER_ACCOUNT)
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".flash")).to_have_text("Настройки выплат сохранены")
    expect(page.locator(".saved")).to_contain_text("•••• 2345")
    expect(page.locator(".saved")).to_contain_text("Самозанятый")
    page.screenshot(path=str(artifacts / "payout-saved.png"), full_page=True)


def test_the_certificate_fields_replace_the_bank_fields_when_chosen(page):
    sign_up(page, "gifts@example.com")
    page.goto("/cabinet/payout")
    page.get_by_text("Подарочными сертификатами", exact=True).click()
    expect(page.get_by_label("Номер счёта")).to_be_hidden()
    expect(page.get_by_label("E-mail для сертификатов")).to_be_visible()
    page.get_by_text("Деньгами", exact=True).click()
    expect(page.get_by_label("Номер счёта")).to_be_visible()
    expect(page.get_by_label("E-mail для сертификатов")).to_be_hidden()


PAGES = ["/signup", "/login", "/password/reset", "/privacy", "/cabinet", "/cabinet/payout", "/cabinet/profile",
         "/cabinet/referrals"]


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violations_on_the_account_pages(page, live_server, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES[:4]:
        page.goto(path)
        assert_no_axe_violations(page)
    # The forms with their errors shown.
    page.goto("/signup")
    page.get_by_role("button", name="Зарегистрироваться").click()
    assert_no_axe_violations(page)

    sign_up(page, f"axe{width}@example.com")
    for path in PAGES[4:]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert_no_axe_violations(page)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)
    page.goto("/cabinet/payout")
    page.get_by_role("button", name="Сохранить").click()
    assert_no_axe_violations(page)
