"""Fixtures shared by every test: an app on a fresh database, its client and CLI runner."""

import os
import uuid

import pytest

from webapp import create_app, models

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def make_app(tmp_path, database_url=None, **overrides):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'app.db'}",
        **overrides,
    })
    models.upgrade()
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    models.close_pool()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def postgres_schema_url():
    """A URL to a new, empty schema in the local PostgreSQL, and a function that drops it.

    Skips the test, saying why, where no PostgreSQL answers.
    """
    psycopg = pytest.importorskip("psycopg")
    schema = "test_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL answers at {POSTGRES_URL} (set TEST_POSTGRES_URL): {error}".strip())

    def drop():
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each storage test runs on a SQLite file and on the local PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'storage.db'}"
        return
    url, drop = postgres_schema_url()
    yield url
    models.close_pool()
    drop()


PASSWORD = "correct horse battery"


def csrf_token(client, path):
    """The CSRF token of the form on `path`, as a browser would have it."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    return page.select_one('input[name="csrf_token"]')["value"]


def sign_up(client, email="anna@example.com", name="Анна", password=PASSWORD, **extra):
    """Sign up through the real form; the client is then logged in."""
    data = {"name": name, "email": email, "password": password, "accept": "y",
            "csrf_token": csrf_token(client, "/signup"), **extra}
    return client.post("/signup", data=data)


def log_in(client, email="anna@example.com", password=PASSWORD, **extra):
    data = {"email": email, "password": password, "csrf_token": csrf_token(client, "/login"), **extra}
    return client.post("/login", data=data)


def outbox(app):
    """The e-mails the app wrote, oldest first, parsed."""
    from email import message_from_bytes, policy
    from pathlib import Path

    folder = Path(app.config["INSTANCE_PATH"]) / "outbox"
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]


@pytest.fixture
def referrer_client(app, client):
    """A client logged in as a freshly signed-up referrer, Анна."""
    sign_up(client)
    return client
