"""Error pages come in the site's style and in Russian."""

from bs4 import BeautifulSoup


def test_unknown_page_gets_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.h1.get_text(strip=True) == "Такой страницы нет"
    assert page.select_one("link[rel=stylesheet]") and page.select_one(".site-header")
    assert page.select_one('a[href="/"]')


def test_wrong_method_gets_405_in_russian(client):
    response = client.post("/rules")
    assert response.status_code in (400, 405)
    assert "lang=\"ru\"" in response.get_data(as_text=True)


def test_a_crash_gets_a_500_page_in_the_site_style(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.h1.get_text(strip=True) == "Что-то сломалось на нашей стороне"
