"""The database layer on a real SQLite file and on the local PostgreSQL."""

import datetime

from webapp import create_app, models
from webapp.models import Referrer


def open_app(tmp_path, url):
    return create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": url})


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    open_app(tmp_path, f"sqlite:///{tmp_path / 'app.db'}")
    with models.db.connection_context():
        pragma = lambda name: models.db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


def test_default_database_is_a_sqlite_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path / "inst")})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'giftery.db'}"
    models.upgrade()
    assert (tmp_path / "inst" / "giftery.db").exists()


def test_upgrade_applies_every_migration_once(tmp_path, database_url):
    open_app(tmp_path, database_url)
    names = [m.name for m in models.migration_runner().migrations()]
    assert models.upgrade() == names
    assert models.upgrade() == []
    with models.db.connection_context():
        assert all(m.applied for m in models.migration_runner().status())


def test_upgrade_from_the_first_schema_keeps_its_rows(tmp_path, database_url):
    open_app(tmp_path, database_url)
    runner = models.migration_runner()
    first = runner.migrations()[0].name
    created = datetime.datetime(2026, 1, 15, 10, 30)
    with models.db.connection_context():
        runner.up(target=first)
        models.db.execute_sql(
            "INSERT INTO referrer (public_id, email, name, password_hash, created_at) VALUES (%s, %s, %s, %s, %s)"
            .replace("%s", models.db.param),
            ("r-1", "anna@example.com", "Анна", "hash", created))
    models.upgrade()
    with models.db.connection_context():
        anna = Referrer.get(Referrer.public_id == "r-1")
        assert (anna.email, anna.name, anna.created_at) == ("anna@example.com", "Анна", created)
        # Columns added later get their defaults on old rows.
        assert (anna.session_version, anna.deleted_at, anna.reward_format) == (1, None, None)
        assert Referrer.select().count() == 1


def test_cli_db_upgrade_reports_what_it_did(tmp_path):
    app = open_app(tmp_path, f"sqlite:///{tmp_path / 'cli.db'}")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0 and "applied: 0001_referrer" in result.output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0 and "database is up to date" in result.output
    assert "applied  0001_referrer" in runner.invoke(args=["db", "status"]).output
