"""``flask --app wsgi dclic …`` commands for operators."""

from __future__ import annotations

import secrets

import click
from flask import current_app
from flask.cli import AppGroup

from dclic.core.db import db
from dclic.core.errors import DomainError

cli = AppGroup("dclic", help="dclic administration commands.")
audit_cli = AppGroup("audit", help="The audit trail.")
cli.add_command(audit_cli)
history_cli = AppGroup("history", help="The edit history of contents.")
cli.add_command(history_cli)


def _as_operator(command: str):
    """Attribute the audited writes of a command to the operator running it."""
    from dclic.audit.context import acting_as, cli_actor

    return acting_as(cli_actor(command))


def _fail(exc: DomainError) -> None:
    details = "; ".join(f"{k}: {', '.join(v)}" for k, v in (exc.errors or {}).items())
    raise click.ClickException(" ".join(filter(None, [str(exc.message or exc.code), details])))


@cli.command("create-admin")
@click.option("--email", required=True, help="The administrator's e-mail address.")
@click.option("--name", "display_name", default="Administrateur", show_default=True)
@click.option(
    "--password",
    envvar="DCLIC_ADMIN_PASSWORD",
    help="Password (default: a random one, printed once). Also read from DCLIC_ADMIN_PASSWORD.",
)
def create_admin(email: str, display_name: str, password: str | None) -> None:
    """Create an administrator account."""
    from dclic.accounts import services

    password = password or secrets.token_urlsafe(12)
    try:
        with _as_operator("dclic create-admin"):
            user = services.create_user(
                None, email=email, password=password, display_name=display_name, roles=("admin",)
            )
            db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        _fail(exc)
    click.echo(f"Administrator created: {user.email}")
    click.echo(f"Password: {password}")


@cli.command("seed-demo")
@click.option("--admin-email", default="admin@dclic.example", show_default=True)
@click.option("--admin-password", default=None, help="Default: a random one, printed.")
def seed_demo(admin_email: str, admin_password: str | None) -> None:
    """Load the French demo data set (idempotent) and print the admin login."""
    from dclic.demo import seed

    if current_app.config["DCLIC_ENV"] == "production":
        raise click.ClickException(
            "seed-demo creates accounts with a published password: never in production."
        )

    try:
        with _as_operator("dclic seed-demo"):
            result = seed(admin_email=admin_email, admin_password=admin_password)
            db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        _fail(exc)
    click.echo(result.summary())
    url = current_app.config["DCLIC_BASE_URL"]
    click.echo(
        f"\n  dclic: {url}\n  admin login: {result.admin_email}\n  password: {result.admin_password}\n"
    )


@cli.command("worker")
def worker() -> None:
    """Run a background job worker (RQ on REDIS_URL)."""
    from redis import Redis
    from rq import Worker

    from dclic.core import jobs

    url = current_app.config["REDIS_URL"]
    if not url:
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker is needed.")
    # Jobs forked by this worker reuse its app instead of building one each.
    jobs.set_worker_app(current_app._get_current_object())
    Worker([jobs.QUEUE_NAME], connection=Redis.from_url(url)).work(with_scheduler=False)


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check the hash chain of the audit trail; exit 1 at the first broken link."""
    from dclic.audit.chain import verify

    verdict = verify()
    if verdict.ok:
        click.echo(f"Audit trail intact: {verdict.checked} rows checked.")
        return
    raise click.ClickException(
        f"Audit trail broken at row {verdict.broken_at}: {verdict.reason} "
        f"({verdict.checked} rows checked before it)."
    )


def _retention_days(days: int | None, setting: str) -> int:
    days = current_app.config[setting] if days is None else days
    if days < 1:
        raise click.ClickException(
            f"Nothing to purge: {setting} keeps everything (0). Pass --days to choose an age."
        )
    return days


@audit_cli.command("purge")
@click.option("--days", type=click.IntRange(min=1), help="Default: DCLIC_AUDIT_RETENTION_DAYS.")
def audit_purge(days: int | None) -> None:
    """Delete audit rows older than the retention, keeping the chain verifiable."""
    from dclic.audit.retention import cutoff, purge

    days = _retention_days(days, "DCLIC_AUDIT_RETENTION_DAYS")
    with _as_operator("dclic audit purge"):
        checkpoint = purge(cutoff(days))
        db.session.commit()
    if checkpoint is None:
        click.echo(f"No audit row is older than {days} days.")
    else:
        click.echo(
            f"{checkpoint.purged_count} audit rows older than {days} days purged "
            f"(through row {checkpoint.purged_through_id}); the chain stays verifiable."
        )


@history_cli.command("purge")
@click.option("--days", type=click.IntRange(min=1), help="Default: DCLIC_HISTORY_RETENTION_DAYS.")
def history_purge(days: int | None) -> None:
    """Delete intermediate versions older than the retention; published ones stay."""
    from dclic.audit.retention import cutoff
    from dclic.history.services import purge_versions

    days = _retention_days(days, "DCLIC_HISTORY_RETENTION_DAYS")
    with _as_operator("dclic history purge"):
        count = purge_versions(cutoff(days))
        db.session.commit()
    click.echo(f"{count} intermediate versions older than {days} days purged.")
