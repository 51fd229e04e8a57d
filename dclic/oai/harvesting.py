"""Harvest a source into the catalogue: the job, and how a remote record becomes a course.

``harvest_job(source_id)`` (run by :mod:`dclic.core.jobs`, or by ``flask dclic harvest run``)
asks the source for what changed since its last successful harvest, follows resumption tokens
(the :mod:`oai_pmh` harvester: bounded time and size, retries with back-off, hostile XML
refused) and keeps the catalogue in step:

* a new record becomes a published course ``EXT-<source id>-<n>`` (never reused) with
  ``provider`` = the source's name and ``source_url`` = the link back;
* a changed record updates its course (and publishes it again if it had been deleted);
* a deleted record archives its course;
* a record not newer than what was applied is skipped.

Unlike a request, a harvest commits **page by page**: the next page is fetched with no
transaction open (no lock held, notably the audit trail's head, while the network is slow).
What was committed before a failure stays; the next run asks again from the same date, and
records already applied are skipped. Each run is a ``harvest_runs`` row: its outcome, counts
and duration, also logged (``dclic.oai.harvest``).
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from dclic.core.db import db, utcnow
from dclic.core.errors import DomainError
from dclic.courses import queries as courses_queries
from dclic.courses import services as courses
from dclic.courses.models import Course
from dclic.oai import mapping, network, queries
from dclic.oai.models import HarvestedRecord, HarvestRun, HarvestSource
from oai_pmh import HarvestError, RetryPolicy, catalogue_entry, harvest
from oai_pmh.dates import parse_datestamp

log = logging.getLogger("dclic.oai.harvest")

# Ask again a little before the last harvest's responseDate: a record saved in a transaction
# that committed after the source answered carries an earlier datestamp.
OVERLAP = timedelta(minutes=5)
TIMEOUT = 30.0  # seconds per response
RETRY = RetryPolicy(max_retries=3, backoff=2.0, max_wait=120.0)
_RESPONSE_DATE = re.compile(rb"<(?:\w+:)?responseDate>\s*([0-9T:Z-]{10,20})\s*<")


class _ResponseDateRecorder:
    """A fetch that notes the responseDate of the first answer (the repository's clock)."""

    def __init__(self, fetch):
        self.fetch, self.response_date = fetch, None

    def __call__(self, url, *, timeout, max_bytes):
        response = self.fetch(url, timeout=timeout, max_bytes=max_bytes)
        if self.response_date is None and 200 <= response.status < 300:
            match = _RESPONSE_DATE.search(response.body[:4096])
            if match:
                with contextlib.suppress(ValueError):
                    self.response_date = parse_datestamp(match.group(1).decode())[0]
        return response


@dataclass
class _Counts:
    new: int = 0
    updated: int = 0
    deleted: int = 0
    skipped: int = 0
    errors: int = 0


def harvest_job(source_id: int) -> int | None:
    """Job: harvest one source; the id of the recorded run (None if one is still going)."""
    return run_harvest(source_id).id if queries.running_run(source_id) is None else None


def run_harvest(source_id: int, *, fetch=None, sleep=time.sleep) -> HarvestRun:
    """Harvest the source now, committing page by page; the finished run."""
    source = db.session.get(HarvestSource, source_id)
    if source is None:
        raise ValueError(f"no harvest source {source_id}")
    from_ = source.harvested_until - OVERLAP if source.harvested_until else None
    run = HarvestRun(source=source, status="running", started_at=utcnow(), harvested_from=from_)
    db.session.add(run)
    db.session.commit()
    run_id, clock = run.id, time.monotonic()
    allow_private = current_app.config["DCLIC_HARVEST_ALLOW_PRIVATE"]
    recorder = _ResponseDateRecorder(fetch or network.fetch_for(allow_private))
    counts, outcome, message = _Counts(), "succeeded", ""
    harvest_run = harvest(
        source.base_url,
        source.metadata_prefix,
        source.set_spec,
        from_=from_,
        fetch=recorder,
        timeout=TIMEOUT,
        retry=RETRY,
        sleep=sleep,
    )
    try:
        _harvest_pages(source_id, harvest_run, counts)
    except HarvestError as error:
        outcome, message = "failed", str(error)
    except Exception as error:  # a bug must not leave the run "running" forever
        log.exception("harvest crashed", extra={"source_id": source_id})
        outcome, message = "failed", f"internal error: {type(error).__name__}: {error}"
    db.session.rollback()  # the page being written when it failed, if any
    return _finish(run_id, outcome, message, counts, harvest_run.stats, recorder, clock)


def _harvest_pages(source_id: int, harvest_run, counts: _Counts) -> None:
    """Write each page once the next one has arrived (or the list ended, or failed): pages
    are parsed whole, so the records held are always complete pages."""
    batch, page = [], 0
    try:
        for record in harvest_run:
            if harvest_run.stats.pages != page and batch:
                _apply_page(source_id, batch, counts)
                batch = []
            page = harvest_run.stats.pages
            batch.append(record)
    except HarvestError:
        if batch:  # what arrived before the failure stays
            _apply_page(source_id, batch, counts)
        raise
    if batch:
        _apply_page(source_id, batch, counts)


def _apply_page(source_id: int, records, counts: _Counts) -> None:
    """Write one page's records and commit (a bad record is counted, the others go in)."""
    source = db.session.get(HarvestSource, source_id)
    identifiers = [record.header.identifier for record in records]
    links = {
        link.oai_identifier: link
        for link in db.session.scalars(
            sa.select(HarvestedRecord).where(
                HarvestedRecord.source_id == source_id,
                HarvestedRecord.oai_identifier.in_(identifiers),
            )
        )
    }
    for record in records:
        identifier = record.header.identifier
        try:
            with db.session.begin_nested():
                outcome = _apply_record(source, record, links)
        except (DomainError, ValueError, sa.exc.IntegrityError) as error:
            counts.errors += 1
            log.warning(
                "harvested record refused",
                extra={"source_id": source_id, "identifier": identifier, "error": str(error)},
            )
            continue
        setattr(counts, outcome, getattr(counts, outcome) + 1)
    db.session.commit()


def _apply_record(source: HarvestSource, record, links: dict) -> str:
    """Apply one record; which counter it adds to."""
    entry = catalogue_entry(record, languages=mapping.PREFERRED_LANGUAGES)
    link = links.get(entry.identifier)
    course = db.session.get(Course, link.course_id) if link and link.course_id else None
    # Older than what was applied: an old copy. The same datestamp is applied again (an
    # update within the second of the last harvest shows the same, second-granular, stamp);
    # applying it twice changes nothing.
    if link is not None and entry.datestamp < link.datestamp and course is not None:
        return "skipped"
    if entry.is_deleted:
        return _apply_deletion(link, course, entry)
    values = mapping.course_values(entry, record.metadata, current_app.config)
    source_url = mapping.link_back(entry, source.base_url, source.metadata_prefix)
    if course is None:
        course = _create_course(source, values, source_url)
        outcome = "new"
    else:
        outcome = "updated" if _update_course(source, course, values, source_url) else "skipped"
    if link is None:
        link = HarvestedRecord(source_id=source.id, oai_identifier=entry.identifier)
        db.session.add(link)
        links[entry.identifier] = link
    link.course_id, link.datestamp, link.is_deleted = course.id, entry.datestamp, False
    db.session.flush()
    return outcome


def _apply_deletion(link, course, entry) -> str:
    if link is None or course is None:
        return "skipped"  # never had it: nothing to withdraw
    link.datestamp, link.is_deleted = entry.datestamp, True
    if course.status == "archived":
        db.session.flush()
        return "skipped"
    courses.archive_course(None, course)
    return "deleted"


def _next_code(source: HarvestSource) -> str:
    while True:
        code = f"EXT-{source.id}-{source.next_number}"
        source.next_number += 1
        if not courses_queries.code_is_taken(Course, code):
            return code


def _create_course(source: HarvestSource, values: dict, source_url: str) -> Course:
    course = courses.create_course(None, code=_next_code(source), **values)
    course.provider, course.source_url = source.name, source_url
    courses.publish_course(None, course)
    return course


def _update_course(source: HarvestSource, course: Course, values: dict, source_url) -> bool:
    changes = courses.update_course(None, course, **values)
    moved = (course.provider, course.source_url) != (source.name, source_url)
    course.provider, course.source_url = source.name, source_url
    if course.status != "published":
        courses.publish_course(None, course)
        return True
    db.session.flush()
    return bool(changes) or moved


def _finish(run_id, outcome, message, counts: _Counts, stats, recorder, clock) -> HarvestRun:
    run = db.session.get(HarvestRun, run_id)
    run.status, run.message, run.finished_at = outcome, message[:2000], utcnow()
    run.duration_ms = int((time.monotonic() - clock) * 1000)
    run.new_count, run.updated_count, run.deleted_count = counts.new, counts.updated, counts.deleted
    run.skipped_count = counts.skipped + stats.skipped
    run.error_count, run.requests = counts.errors, stats.requests
    run.response_date = recorder.response_date
    if outcome == "succeeded":
        run.source.harvested_until = recorder.response_date or run.started_at
    db.session.commit()
    level = logging.INFO if outcome == "succeeded" else logging.WARNING
    log.log(
        level,
        "harvest %s",
        outcome,
        extra={
            "source_id": run.source_id,
            "run_id": run.id,
            "new": run.new_count,
            "updated": run.updated_count,
            "deleted": run.deleted_count,
            "skipped": run.skipped_count,
            "errors": run.error_count,
            "requests": run.requests,
            "duration_ms": run.duration_ms,
            "error": message or None,
        },
    )
    return run


def describe(run: HarvestRun) -> str:
    """One line on a finished run, for the command line."""
    text = (
        f"Source {run.source_id} ({run.source.name}): {run.status} in "
        f"{(run.duration_ms or 0) / 1000:.1f} s — {run.new_count} new, {run.updated_count} "
        f"updated, {run.deleted_count} withdrawn, {run.skipped_count} skipped, "
        f"{run.error_count} errors, {run.requests} requests."
    )
    return f"{text} {run.message}" if run.message else text
