"""``flask meet ...`` commands."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

meet_cli = AppGroup("meet", help="Meet administration: demo data, accounts.")


@meet_cli.command("demo")
@click.option("--seed", default=None, type=int, help="Random seed of the demo data.")
def demo_command(seed: int | None) -> None:
    """Load the demo meet (第四届职工运动会) unless it is already there."""
    from meet import background
    from meet.demo.loader import DEMO_PASSWORD, demo_accounts, load_demo

    meet, created = load_demo(seed=seed)
    click.echo("Building the printed documents of the demo meet …")
    background.wait_all()  # exiting now would kill the builds mid-way
    if created:
        click.echo(f"Loaded the demo meet: {meet.name}")
    else:
        click.echo(f"The demo meet is already loaded: {meet.name} (nothing changed)")
    click.echo("")
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD})")
    for role, names in demo_accounts():
        click.echo(f"  {role:<14} {names}")


@meet_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup_command(path: str) -> None:
    """Write the whole database to PATH (gzip JSON; SQLite and PostgreSQL alike)."""
    from pathlib import Path

    from meet.backup import backup

    counts = backup(Path(path))
    click.echo(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {path}")


@meet_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore_command(path: str) -> None:
    """Restore PATH into this database, which must be empty and migrated."""
    from pathlib import Path

    from meet.backup import BackupError, restore

    try:
        counts = restore(Path(path))
    except BackupError as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {path}")


def init_app(app: Flask) -> None:
    app.cli.add_command(meet_cli)
