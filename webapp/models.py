"""Peewee models and the database handle.

`db` is a proxy bound by `open_database()`: SQLite by default, PostgreSQL when DATABASE_URL says so.
The schema itself is made by the numbered migrations in `webapp/migrations/`, never on import.
"""

import datetime
from pathlib import Path

from flask_login import UserMixin
from peewee import (CharField, DatabaseProxy, DateField, DateTimeField, ForeignKeyField, IntegerField, Model,
                    SqliteDatabase, TextField)
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


# Connections are pooled per process: opening one per request costs more than the request itself
# (a SQLite connection closing last also checkpoints the WAL), and PostgreSQL connects slowly.
POOL = {"max_connections": 32, "stale_timeout": 300, "timeout": 10}


def open_database(url):
    """Bind `db` to the database at `url` and return it."""
    scheme, rest = url.split("://", 1)
    if scheme == "sqlite":
        Path(rest.removeprefix("/")).parent.mkdir(parents=True, exist_ok=True)
        # Pooled connections move between threads; peewee keeps each in one thread at a time.
        database = connect(f"sqlite+pool://{rest}", pragmas=SQLITE_PRAGMAS, check_same_thread=False, **POOL)
    elif scheme in ("postgres", "postgresql"):
        database = connect(f"postgresql+pool://{rest}", **POOL)
    else:
        database = connect(url)
    db.initialize(database)
    return database


def close_pool():
    """Close every pooled connection (tests and tools that switch databases)."""
    if db.obj is not None:
        db.close()
        if hasattr(db.obj, "close_all"):
            db.obj.close_all()


def is_sqlite():
    return isinstance(db.obj, SqliteDatabase)


def write_transaction():
    """A transaction that reads, then writes. On SQLite it starts IMMEDIATE (takes the write lock up
    front), so concurrent gunicorn workers queue on the busy timeout instead of failing with
    "database is locked" when a deferred reader tries to become a writer."""
    return db.atomic("IMMEDIATE") if is_sqlite() else db.atomic()


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


class Referrer(UserMixin, BaseModel):
    """A person who recommends Giftery to companies and is paid for their first paid order."""

    public_id = CharField(unique=True)
    email = CharField(unique=True)
    name = CharField()
    password_hash = CharField()
    created_at = DateTimeField(default=utcnow)
    phone = CharField(null=True)
    # Part of the log-in id: raising it refuses every session and remember-me cookie issued before.
    session_version = IntegerField(default=1)
    consent_at = DateTimeField(null=True)
    reward_format = CharField(null=True)
    tax_status = CharField(null=True)
    deleted_at = DateTimeField(null=True)

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self):
        return self.deleted_at is None


class PayoutDetails(BaseModel):
    """Where a referrer's rewards go: bank details for money, an e-mail for certificates."""

    referrer = ForeignKeyField(Referrer, unique=True, backref="payout_details_set", on_delete="CASCADE")
    full_name = CharField(null=True)
    inn = CharField(null=True)
    bik = CharField(null=True)
    account = CharField(null=True)
    bank_name = CharField(null=True)
    ogrnip = CharField(null=True)
    certificate_email = CharField(null=True)
    updated_at = DateTimeField(default=utcnow)


class Click(BaseModel):
    """A counted visit through a referral link (bots, prefetches and quick repeats are not counted)."""

    referrer = ForeignKeyField(Referrer, backref="clicks", on_delete="CASCADE")
    visitor_id = CharField(max_length=64)
    ip_hash = CharField(max_length=64)
    user_agent = CharField(max_length=256)
    created_at = DateTimeField(default=utcnow)


class Lead(BaseModel):
    """A recommended company and the contact there, moving through the programme's stages."""

    public_id = CharField(unique=True)
    referrer = ForeignKeyField(Referrer, null=True, backref="leads")
    source = CharField()  # link | handoff | direct
    company = CharField()
    company_key = CharField(index=True)
    owner_key = CharField(null=True, unique=True)
    inn = CharField(null=True, index=True)
    contact_name = CharField()
    contact_role = CharField(null=True)
    email = CharField(null=True)
    phone = CharField(null=True)
    comment = TextField(null=True)
    stage = CharField(index=True)
    rejection_reason = CharField(null=True)
    duplicate_of = ForeignKeyField("self", null=True)
    first_touch_at = DateTimeField(null=True)
    submission_key = CharField(null=True, unique=True)
    invoice_amount_rub = IntegerField(null=True)
    invoice_paid_at = DateTimeField(null=True)
    reward_rub = IntegerField(null=True)
    reward_format = CharField(null=True)
    payout_due_on = DateField(null=True)
    paid_out_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class ExistingClient(BaseModel):
    """A legal entity (by INN) that already buys from Giftery: its leads do not count."""

    inn = CharField(unique=True)
    name = CharField(null=True)
    imported_at = DateTimeField(default=utcnow)
