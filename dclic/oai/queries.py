"""Reads of the harvester's administration: sources, their runs, which are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from dclic.accounts.rights import require
from dclic.core.db import db, get_by_id, utcnow
from dclic.core.errors import NotFound
from dclic.core.i18n import gettext as _
from dclic.courses.models import Course
from dclic.oai.models import HarvestedRecord, HarvestRun, HarvestSource

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A run still "running" after this long died with its process (a killed worker).
STALE_AFTER = timedelta(hours=6)
# Cron is not exact: a daily source harvested at 03:00:05 is due again at 03:00 the next day.
SLACK = timedelta(minutes=10)


@dataclass(frozen=True)
class SourceSummary:
    """A source, its newest run and how many of its courses the catalogue shows."""

    source: HarvestSource
    last_run: HarvestRun | None
    published_courses: int


def _require_manager(actor) -> None:
    require(actor, "harvest.manage", _("Only administrators manage the harvested sources."))


def list_sources(actor) -> list[SourceSummary]:
    """Every source by name, with its newest run and its published courses (3 queries)."""
    _require_manager(actor)
    sources = db.session.scalars(sa.select(HarvestSource).order_by(HarvestSource.name)).all()
    newest = (
        sa.select(HarvestRun.source_id, sa.func.max(HarvestRun.id).label("run_id"))
        .group_by(HarvestRun.source_id)
        .subquery()
    )
    runs = {
        run.source_id: run
        for run in db.session.scalars(
            sa.select(HarvestRun).join(newest, newest.c.run_id == HarvestRun.id)
        )
    }
    counts = dict(
        db.session.execute(
            sa.select(HarvestedRecord.source_id, sa.func.count())
            .join(Course, Course.id == HarvestedRecord.course_id)
            .where(Course.status == "published")
            .group_by(HarvestedRecord.source_id)
        ).all()
    )
    return [SourceSummary(s, runs.get(s.id), counts.get(s.id, 0)) for s in sources]


def get_source(actor, source_id) -> HarvestSource:
    """The source with this id, for a manager; else NotAllowed or NotFound."""
    _require_manager(actor)
    source = get_by_id(HarvestSource, source_id)
    if source is None:
        raise NotFound(_("This source does not exist."))
    return source


def list_runs(source: HarvestSource, limit: int = 20) -> list[HarvestRun]:
    """The source's newest runs first."""
    return list(
        db.session.scalars(
            sa.select(HarvestRun)
            .where(HarvestRun.source_id == source.id)
            .order_by(HarvestRun.id.desc())
            .limit(limit)
        )
    )


def running_run(source_id: int, now: datetime | None = None) -> HarvestRun | None:
    """A run of this source still going (not one left behind by a dead process)."""
    now = now or utcnow()
    return db.session.scalar(
        sa.select(HarvestRun).where(
            HarvestRun.source_id == source_id,
            HarvestRun.status == "running",
            HarvestRun.started_at > now - STALE_AFTER,
        )
    )


def list_due_sources(now: datetime | None = None) -> list[HarvestSource]:
    """Scheduled sources whose period has passed since their last run began (2 queries)."""
    now = now or utcnow()
    sources = db.session.scalars(
        sa.select(HarvestSource)
        .where(HarvestSource.schedule.in_(PERIODS))
        .order_by(HarvestSource.id)
    ).all()
    last = dict(
        db.session.execute(
            sa.select(HarvestRun.source_id, sa.func.max(HarvestRun.started_at))
            .where(HarvestRun.source_id.in_([s.id for s in sources]))
            .group_by(HarvestRun.source_id)
        ).all()
    )
    due = []
    for source in sources:
        started = last.get(source.id)
        if started is not None and started.tzinfo is None:  # max() may lose the type
            started = started.replace(tzinfo=now.tzinfo)
        if started is None or started + PERIODS[source.schedule] - SLACK <= now:
            due.append(source)
    return due


def list_sources_for_cli() -> list[HarvestSource]:
    """Every source, for the operators' command line."""
    return list(db.session.scalars(sa.select(HarvestSource).order_by(HarvestSource.id)))
