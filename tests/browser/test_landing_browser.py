"""The landing page as a visitor uses it in Chromium."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

MARKETERS_MESSAGE = "Нужны призы или подарки для акции? Могу познакомить с Giftery"


def selected_tab(page):
    return page.locator('[role="tab"][aria-selected="true"]')


def mark_document(page):
    """A flag that a full page load would wipe out."""
    page.evaluate("window.__sameDocument = true")


def still_same_document(page):
    return page.evaluate("window.__sameDocument === true")


def test_tabs_switch_by_click_without_a_page_load(page):
    page.goto("/")
    mark_document(page)
    page.get_by_role("tab", name="Маркетологи").click()
    expect(selected_tab(page)).to_have_text("Маркетологи")
    expect(page.get_by_role("tabpanel")).to_contain_text(MARKETERS_MESSAGE)
    expect(page).to_have_url(page.url.split("?")[0].split("#")[0].rstrip("/") + "/?persona=marketers")
    assert still_same_document(page)


def test_tabs_switch_by_keyboard(page):
    page.goto("/")
    mark_document(page)
    first = page.get_by_role("tab", name="Друзья и коллеги")
    first.focus()
    page.keyboard.press("ArrowRight")
    expect(selected_tab(page)).to_have_text("Фрилансеры и студенты")
    expect(page.get_by_role("tab", name="Фрилансеры и студенты")).to_be_focused()
    page.keyboard.press("End")
    expect(selected_tab(page)).to_have_text("Интеграторы")
    expect(page.get_by_role("tab", name="Интеграторы")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(selected_tab(page)).to_have_text("Друзья и коллеги")
    expect(page.get_by_role("tab", name="Друзья и коллеги")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(selected_tab(page)).to_have_text("Интеграторы")
    page.keyboard.press("Home")
    expect(selected_tab(page)).to_have_text("Друзья и коллеги")
    expect(page.get_by_role("tab", name="Друзья и коллеги")).to_be_focused()
    # Only the selected tab is in the Tab order, and no key press loaded a new page.
    assert page.locator('[role="tab"][tabindex="0"]').count() == 1
    assert still_same_document(page)


def test_back_button_returns_to_the_previous_tab(page):
    page.goto("/?persona=hr")
    page.get_by_role("tab", name="Интеграторы").click()
    expect(selected_tab(page)).to_have_text("Интеграторы")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/\?persona=hr$"))
    expect(selected_tab(page)).to_have_text("HR и офис-менеджеры")


def test_tabs_open_by_their_links_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("tab", name="HR и офис-менеджеры").click()
    expect(page).to_have_url(live_server.url + "/?persona=hr#personas")
    expect(selected_tab(page)).to_have_text("HR и офис-менеджеры")
    expect(page.get_by_role("tabpanel")).to_contain_text("кто ведёт подарки")
    # The copy button needs JavaScript, so without it there is none to press.
    expect(page.get_by_role("button", name="Скопировать текст")).to_be_hidden()
    context.close()


def test_copy_button_puts_the_message_on_the_clipboard(context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/?persona=marketers")
    page.get_by_role("button", name="Скопировать текст").click()
    expect(page.get_by_role("status").filter(has_text="Скопировано")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == MARKETERS_MESSAGE


def test_a_link_to_a_faq_answer_opens_it(page):
    page.goto("/#faq-taxes")
    expect(page.locator("#faq-taxes")).to_have_attribute("open", "")
    expect(page.locator("#faq-taxes")).to_contain_text("самозанятый")


@pytest.mark.parametrize("path", ["/", "/rules", "/?persona=integrators", "/no-such-page"])
@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violations(page, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path)
    page.locator("#faq details").evaluate_all("items => items.forEach(d => d.open = true)")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_screenshots_of_the_landing(page, artifacts, width, height):
    page.set_viewport_size({"width": width, "height": height})
    for path, name in (("/", "landing"), ("/rules", "rules")):
        page.goto(path)
        # Nothing sticks out sideways at this width.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot = artifacts / f"{name}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
