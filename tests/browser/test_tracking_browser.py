"""A recommendation end to end in Chromium: the link, the company's request, the referrer's list."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accounts_browser import assert_no_axe_violations, sign_up


def company_row(page, name):
    return page.locator("#referrals .referral", has_text=name)


def test_a_company_follows_the_link_leaves_a_request_and_the_referrer_sees_it_live(browser, live_server, page):
    sign_up(page, "anna.tracking@example.com")
    link = page.locator("#personal-link").input_value()

    company = browser.new_context(base_url=live_server.url, locale="ru-RU")
    visitor = company.new_page()
    visitor.goto(link)
    expect(visitor).to_have_url(re.compile(r"/business\?utm_source=referral&"))
    assert {c["name"] for c in company.cookies()} >= {"gref", "gv"}
    visitor.get_by_label("Компания").fill("ООО «Северный ветер»")
    visitor.get_by_label("Контактное лицо").fill("Ольга Иванова")
    visitor.get_by_label("E-mail").fill("olga@severny-veter.ru")
    visitor.get_by_label("Даю согласие").check()
    visitor.get_by_role("button", name="Отправить заявку").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("заявка у")
    company.close()

    # The cabinet polls its list: the company appears without reloading the page.
    row = company_row(page, "Северный ветер")
    expect(row.locator('[aria-current="step"]')).to_have_text("Контакт получен", timeout=15_000)
    expect(row).to_contain_text("по ссылке")
    expect(page.locator(".counters")).to_contain_text("Переходы")


def test_a_tampered_link_gives_the_404_page_and_no_cookie(browser, live_server, page):
    sign_up(page, "anna.tampered@example.com")
    link = page.locator("#personal-link").input_value()
    stranger = browser.new_context(base_url=live_server.url, locale="ru-RU")
    visitor = stranger.new_page()
    response = visitor.goto(link[:-3] + "xyz")
    assert response.status == 404
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Эта ссылка не работает")
    assert stranger.cookies() == []
    stranger.close()


def test_a_contact_handed_over_appears_in_the_list_without_a_page_load(page):
    sign_up(page, "anna.handoff@example.com")
    page.evaluate("window.__sameDocument = true")
    form = page.locator("#handoff")
    form.get_by_label("Компания").fill("ООО «Лютик»")
    form.get_by_label("Контактное лицо").fill("Пётр Сидоров")
    form.get_by_role("button", name="Передать контакт").click()
    expect(page.locator("#handoff-email").locator("xpath=..").locator(".field__error")).to_contain_text(
        "e-mail или телефон")
    page.locator("#handoff-phone").fill("+7 916 555-44-33")
    page.get_by_label("Этот человек согласен").check()
    page.get_by_role("button", name="Передать контакт").click()
    expect(page.locator("#handoff .flash")).to_contain_text("передан")
    expect(company_row(page, "Лютик").locator('[aria-current="step"]')).to_have_text("Контакт получен")
    expect(page.locator("#handoff-company")).to_have_value("")
    assert page.evaluate("window.__sameDocument === true")


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violations_on_the_tracking_pages(page, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/business", "/business/sent", "/r/not-a-real-token"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert_no_axe_violations(page)
    page.goto("/business")
    page.get_by_role("button", name="Отправить заявку").click()
    assert_no_axe_violations(page)
    page.screenshot(path=str(artifacts / f"business-errors-{width}.png"), full_page=True)
    sign_up(page, f"anna.axe{width}@example.com")
    page.goto("/cabinet/handoff")
    assert_no_axe_violations(page)
