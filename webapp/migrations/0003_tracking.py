"""Tracking: clicks on referral links, leads (recommended companies), existing clients."""

from peewee import (CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model, SQL,
                    TextField)


def up(migrator, db):
    class Referrer(Model):
        class Meta:
            database = db
            table_name = "referrer"

    class Click(Model):
        referrer = ForeignKeyField(Referrer, on_delete="CASCADE")
        visitor_id = CharField(max_length=64)
        ip_hash = CharField(max_length=64)
        user_agent = CharField(max_length=256)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "click"
            indexes = ((("referrer", "visitor_id", "created_at"), False),)

    class Lead(Model):
        public_id = CharField(unique=True)
        referrer = ForeignKeyField(Referrer, null=True)
        source = CharField()
        company = CharField()
        company_key = CharField(index=True)
        # Set on the first lead of a company only; unique, so two requests cannot both be first.
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
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            database = db
            table_name = "lead"
            indexes = ((("referrer", "created_at"), False), (("updated_at", "id"), False))

    class ExistingClient(Model):
        inn = CharField(unique=True)
        name = CharField(null=True)
        imported_at = DateTimeField(constraints=[SQL("DEFAULT CURRENT_TIMESTAMP")])

        class Meta:
            database = db
            table_name = "existing_client"

    db.create_tables([Click, Lead, ExistingClient])


def down(migrator, db):
    for table in ("existing_client", "lead", "click"):
        db.execute_sql(f"DROP TABLE {table}")
