"""Peewee models and the database handle.

`db` is a proxy bound by `open_database()`: SQLite by default, PostgreSQL when DATABASE_URL says so.
The schema itself is made by the numbered migrations in `webapp/migrations/`, never on import.
"""

import datetime
from pathlib import Path

from peewee import CharField, DatabaseProxy, DateTimeField, Model, SqliteDatabase
from playhouse.db_url import connect
from playhouse.migrations import Runner

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# WAL lets readers work beside one writer; the busy timeout makes a writer wait instead of failing.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}

db = DatabaseProxy()


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def open_database(url):
    """Bind `db` to the database at `url` and return it."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        database = connect(url, pragmas=SQLITE_PRAGMAS, timeout=5)
    else:
        database = connect(url)
    db.initialize(database)
    return database


def is_sqlite():
    return isinstance(db.obj, SqliteDatabase)


def migration_runner():
    return Runner(db.obj, directory=str(MIGRATIONS))


def upgrade():
    """Apply every pending migration in order; return the names applied."""
    with db.obj.connection_context():
        return migration_runner().up()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class Referrer(BaseModel):
    """A person who recommends Giftery to companies and is paid for their first paid order."""

    public_id = CharField(unique=True)
    email = CharField(unique=True)
    name = CharField()
    password_hash = CharField()
    created_at = DateTimeField(default=utcnow)
