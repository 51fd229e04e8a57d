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
    queue = current_app.config["DCLIC_JOBS_QUEUE"]
    Worker([queue], connection=Redis.from_url(url)).work(with_scheduler=False)


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


course_cli = AppGroup("course", help="Courses: export and import as one archive.")
cli.add_command(course_cli)


@course_cli.command("export")
@click.argument("code")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="Archive to write."
)
def course_export(code: str, output: str) -> None:
    """Write the course CODE (modules, steps, files) as one archive (see docs/course-archive.md)."""
    import os
    import tempfile
    from pathlib import Path

    from dclic.courses import archive, queries

    course = queries.get_course(code)
    if course is None:
        raise click.ClickException(f"No course has the code {code}.")
    target = Path(output)
    try:  # written beside the target, then renamed: never half an archive under its name
        handle, partial = tempfile.mkstemp(dir=target.resolve().parent, suffix=".partial")
    except OSError as exc:
        raise click.ClickException(f"Cannot write {output}: {exc.strerror}.") from None
    try:
        with _as_operator("dclic course export"), os.fdopen(handle, "wb") as out:
            count = archive.write_course_archive(None, course, out)
            db.session.commit()
        os.replace(partial, target)
    except DomainError as exc:
        db.session.rollback()
        _fail(exc)
    finally:
        Path(partial).unlink(missing_ok=True)
    click.echo(f"Course {course.code} exported to {output} with {count} files.")


@course_cli.command("import")
@click.argument("archive_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--code", default=None, help="Code of the new course (default: the archive's).")
def course_import(archive_file: str, code: str | None) -> None:
    """Create a draft course from an archive made by `dclic course export`, here or elsewhere."""
    from dclic.courses import archive

    try:
        with _as_operator("dclic course import"), open(archive_file, "rb") as data:
            course = archive.import_course(None, data, code=code)
            db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        _fail(exc)
    steps = sum(len(module.steps) for module in course.modules)
    click.echo(
        f"Course imported as a draft: {course.code} ({len(course.modules)} modules, {steps} steps)."
    )


harvest_cli = AppGroup("harvest", help="OAI-PMH harvesting of other catalogues.")
cli.add_command(harvest_cli)


@harvest_cli.command("run")
@click.option("--source", "source_ids", type=int, multiple=True, help="A source's number.")
@click.option("--due", is_flag=True, help="Every daily or weekly source that is due (cron).")
def harvest_run(source_ids: tuple[int, ...], due: bool) -> None:
    """Harvest sources now, one after the other; exit 1 if one failed (see docs/oai-pmh.md)."""
    from dclic.oai import harvesting, queries

    if bool(source_ids) == due:
        raise click.UsageError("Give --source ID (repeatable) or --due.")
    ids = list(source_ids) or [source.id for source in queries.list_due_sources()]
    failed = False
    with _as_operator("dclic harvest run"):
        for source_id in ids:
            if queries.running_run(source_id) is not None:
                click.echo(f"Source {source_id}: a harvest is already running, skipped.")
                continue
            try:
                run = harvesting.run_harvest(source_id)
            except ValueError as exc:
                raise click.ClickException(str(exc)) from None
            click.echo(harvesting.describe(run))
            failed |= run.status == "failed"
    if not ids:
        click.echo("No source is due.")
    if failed:
        raise click.exceptions.Exit(1)


mentoring_cli = AppGroup("mentoring", help="Mentoring appointments.")
cli.add_command(mentoring_cli)


@mentoring_cli.command("send-reminders")
def mentoring_send_reminders() -> None:
    """Send the appointment reminders that are due (cron, e.g. every 5 minutes); each once."""
    from dclic.mentoring.tasks import send_reminders

    with _as_operator("dclic mentoring send-reminders"):
        count = send_reminders()
        db.session.commit()
    click.echo(f"Reminders sent for {count} appointments.")


notifications_cli = AppGroup("notifications", help="The notification centre.")
cli.add_command(notifications_cli)


@notifications_cli.command("send-digests")
def notifications_send_digests() -> None:
    """Mail the daily summaries that are due (cron, once a day); each user at most once a day."""
    from dclic.notifications.tasks import send_digests

    with _as_operator("dclic notifications send-digests"):
        count = send_digests()
        db.session.commit()
    click.echo(f"Digests sent: {count}.")
