"""Command-line tools: `flask --app wsgi db ...`."""

import click
from flask.cli import AppGroup

from webapp import models

db_cli = AppGroup("db", help="Database schema.")


@db_cli.command("upgrade")
def db_upgrade():
    """Apply pending migrations; an up-to-date database is left as it is."""
    applied = models.upgrade()
    click.echo("applied: " + ", ".join(applied) if applied else "database is up to date")


@db_cli.command("status")
def db_status():
    """List migrations, applied or pending."""
    with models.db.obj.connection_context():
        for migration in models.migration_runner().status():
            click.echo(f"{'applied' if migration.applied else 'pending':8} {migration.name}")


def register(app):
    app.cli.add_command(db_cli)
