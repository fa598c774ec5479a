"""Referrer accounts: contact details, consent, session version, reward choice; payout details."""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("referrer", "phone", CharField(null=True)),
        migrator.add_column("referrer", "session_version", IntegerField(default=1)),
        migrator.add_column("referrer", "consent_at", DateTimeField(null=True)),
        migrator.add_column("referrer", "reward_format", CharField(null=True)),
        migrator.add_column("referrer", "tax_status", CharField(null=True)),
        migrator.add_column("referrer", "deleted_at", DateTimeField(null=True)),
    )

    class Referrer(Model):
        class Meta:
            database = db
            table_name = "referrer"

    class PayoutDetails(Model):
        referrer = ForeignKeyField(Referrer, unique=True, on_delete="CASCADE")
        full_name = CharField(null=True)
        inn = CharField(null=True)
        bik = CharField(null=True)
        account = CharField(null=True)
        bank_name = CharField(null=True)
        ogrnip = CharField(null=True)
        certificate_email = CharField(null=True)
        updated_at = DateTimeField()

        class Meta:
            database = db
            table_name = "payout_details"

    db.create_tables([PayoutDetails])


def down(migrator, db):
    db.execute_sql("DROP TABLE payout_details")
    migrator.migrate(*(migrator.drop_column("referrer", column) for column in (
        "phone", "session_version", "consent_at", "reward_format", "tax_status", "deleted_at")))
