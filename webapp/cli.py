"""Command-line tools: `flask --app wsgi db ...`."""

import click
from flask.cli import AppGroup

from webapp import clients, models

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




clients_cli = AppGroup("clients", help="Existing clients of Giftery.")


@clients_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def clients_import(path):
    """Import existing clients from a CSV file: an INN column (10 or 12 digits) and an optional name.

    Leads for these INNs are rejected as «действующий клиент»; other INNs of the same group still count.
    """
    result = clients.import_csv(path)
    click.echo(f"imported {result.added}, updated {result.updated}, skipped {len(result.skipped)}")
    for line, reason in result.skipped:
        click.echo(f"  line {line}: {reason}", err=True)


def register(app):
    app.cli.add_command(db_cli)
    app.cli.add_command(clients_cli)
