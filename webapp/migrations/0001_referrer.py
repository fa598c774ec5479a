"""The referrer: the first table of the schema."""

from peewee import CharField, DateTimeField, Model


def up(migrator, db):
    class Referrer(Model):
        public_id = CharField(unique=True)
        email = CharField(unique=True)
        name = CharField()
        password_hash = CharField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "referrer"

    db.create_tables([Referrer])


def down(migrator, db):
    db.execute_sql("DROP TABLE referrer")
