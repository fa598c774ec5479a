"""Public pages are rendered once per worker for visitors without a session, and never served stale."""

from contextlib import contextmanager

from flask import template_rendered

from tests.conftest import make_app


@contextmanager
def renders(app):
    """Collect the names of the pages the app renders (Flask's own signal)."""
    names = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


def test_a_visitor_page_is_rendered_once_and_served_from_memory_after(app, client):
    with renders(app) as rendered:
        first = client.get("/")
        second = client.get("/")
    assert rendered == ["landing/index.html"]
    assert first.get_data() == second.get_data()
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert "HX-Request" in second.headers["Vary"]


def test_the_fragment_and_the_page_are_kept_apart(app, client):
    with renders(app) as rendered:
        page = client.get("/?persona=hr").get_data(as_text=True)
        fragment = client.get("/?persona=hr", headers={"HX-Request": "true"}).get_data(as_text=True)
        again = client.get("/?persona=hr", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert rendered == ["landing/index.html", "landing/_personas.html"]
    assert "<html" in page and "<html" not in fragment and fragment == again


def test_a_request_with_a_session_is_always_rendered(app, client):
    client.set_cookie("session", "anything")
    with renders(app) as rendered:
        client.get("/")
        client.get("/")
    assert rendered == ["landing/index.html", "landing/index.html"]


def test_errors_are_not_kept(app, client):
    with renders(app) as rendered:
        client.get("/no-such-page")
        client.get("/no-such-page")
    assert rendered == ["errors/error.html", "errors/error.html"]


def test_the_cache_is_bounded(app, client):
    app.extensions["page_cache"].size = 2
    with renders(app) as rendered:
        for query in ("a", "b", "c", "a"):
            client.get(f"/?utm_source={query}")
    assert len(rendered) == 4  # "a" was dropped to make room for "c", so it was rendered again


def test_templates_that_reload_on_change_are_never_cached(tmp_path):
    app = make_app(tmp_path, TEMPLATES_AUTO_RELOAD=True)
    client = app.test_client()
    with renders(app) as rendered:
        client.get("/")
        client.get("/")
    assert len(rendered) == 2


def test_answers_it_does_not_keep_pass_through_unbuffered(app):
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(path="/static/css/app.css").get_environ()
    body = app.extensions["page_cache"](environ, lambda status, headers, exc_info=None: None)
    # Flask streams a file from a wrapper; had the cache joined it, this would be a list of one chunk.
    assert not isinstance(body, list)
    body.close()
