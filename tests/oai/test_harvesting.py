"""The harvester: our own ``/oai`` harvested back, remote faults, hostile XML, the CLI."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from dclic.core.db import db
from dclic.courses import services as courses
from dclic.courses.models import Course
from dclic.oai import harvesting
from dclic.oai.models import HarvestedRecord, HarvestRun
from oai_pmh import InMemoryRepository, Provider
from oai_pmh.metadata import DublinCore
from oai_pmh.transport import HttpResponse
from tests.oai_pmh.factories import SECRET, bulk_repository, repository_info
from tests.oai_pmh.hostile import HOSTILE, MALFORMED
from tests.oai_pmh.server import OAIServer, reply

COMPARED = ("title", "summary", "language", "level", "domain", "duration_minutes", "keywords")
COMPARED += ("authors", "licence")


@pytest.fixture
def catalogue(make_course, make_path):
    """Four published courses of ours in three domains, a path, a withdrawn and a draft one."""
    published = [
        make_course(
            title="Créer sa première page web",
            summary="Titres, liens et images en HTML.",
            level="beginner",
            domain="web",
            duration_minutes=240,
            keywords="HTML, page web",
            authors="Awa Diop; Karim Benslimane",
        ),
        make_course(
            title="Mettre en forme avec CSS",
            summary="Couleurs et mise en page.",
            level="intermediate",
            domain="web",
            duration_minutes=300,
            keywords="CSS",
            authors="Awa Diop",
        ),
        make_course(
            title="Designing a mobile interface",
            summary="From needs to a clickable prototype.",
            language="en",
            level="advanced",
            domain="design",
            duration_minutes=90,
            licence="CC BY 4.0",
        ),
        make_course(
            title="Les bases du marketing digital",
            summary="Cible, présence en ligne, mesure.",
            domain="marketing",
            duration_minutes=180,
            keywords="marketing, référencement",
        ),
    ]
    make_path(published[:2])
    make_course(status="archived", title="Un cours retiré", domain="web")
    make_course(status="draft", title="Un brouillon", domain="web")
    return published


def _copies(source) -> dict[str, Course]:
    db.session.flush()
    rows = db.session.scalars(sa.select(Course).where(Course.provider == source.name))
    return {course.source_url: course for course in rows}


def _url(course) -> str:
    return f"http://127.0.0.1:5000/courses/{course.code}"


def test_a_full_lom_harvest_of_our_own_oai_reproduces_the_catalogue(
    live_server, catalogue, make_source
):
    source = make_source(live_server + "/oai", metadata_prefix="lom", set_spec="domain")
    run = harvesting.run_harvest(source.id)
    assert (run.status, run.message) == ("succeeded", "")
    assert (run.new_count, run.updated_count, run.deleted_count) == (4, 0, 0)
    assert (run.skipped_count, run.error_count) == (1, 0)  # the withdrawn course's tombstone
    assert run.requests == 1 and run.response_date is not None
    assert source.harvested_until == run.response_date
    copies = _copies(source)
    assert set(copies) == {_url(course) for course in catalogue}
    for course in catalogue:
        copy = copies[_url(course)]
        assert copy.status == "published" and copy.code.startswith(f"EXT-{source.id}-")
        assert {f: getattr(copy, f) for f in COMPARED} == {f: getattr(course, f) for f in COMPARED}
    codes = sorted(copy.code for copy in copies.values())
    assert codes == [f"EXT-{source.id}-{n}" for n in range(1, 5)]
    links = db.session.scalars(
        sa.select(HarvestedRecord).where(HarvestedRecord.source_id == source.id)
    ).all()
    assert {link.oai_identifier for link in links} == {
        f"oai:dclic.localhost:{c.code}" for c in catalogue
    }


def _client_fetch(client):
    """A fetch answering from the Flask test client instead of the network."""

    def fetch(url, *, timeout, max_bytes):
        parts = urlsplit(url)
        response = client.get(parts.path, query_string=parts.query)
        headers = {name.lower(): value for name, value in response.headers.items()}
        return HttpResponse(response.status_code, response.data, headers, url)

    return fetch


def test_a_dublin_core_harvest_maps_what_dc_carries(client, catalogue, make_source):
    source = make_source("http://127.0.0.1:5000/oai", metadata_prefix="oai_dc", set_spec="domain")
    run = harvesting.run_harvest(source.id, fetch=_client_fetch(client))
    assert (run.status, run.new_count, run.error_count) == ("succeeded", 4, 0)
    copies = _copies(source)
    for course in catalogue:
        copy = copies[_url(course)]
        for field in ("title", "summary", "language", "domain", "authors", "licence"):
            assert getattr(copy, field) == getattr(course, field), field
        assert set(course.keyword_list) <= set(copy.keyword_list)  # + the domain's labels
        assert (copy.level, copy.duration_minutes) == ("beginner", 60)  # DC says nothing


def test_incremental_harvests_apply_changes_and_withdrawals(live_server, catalogue, make_source):
    source = make_source(live_server + "/oai", set_spec="domain")
    harvesting.run_harvest(source.id)
    first_until = source.harvested_until
    changed, withdrawn = catalogue[0], catalogue[2]
    courses.update_course(None, changed, title="Créer sa première page web, 2e édition")
    courses.archive_course(None, withdrawn)
    run = harvesting.run_harvest(source.id)
    assert run.harvested_from < first_until  # asked again a little before the last answer
    assert (run.status, run.new_count, run.updated_count, run.deleted_count) == (
        "succeeded",
        0,
        1,
        1,
    )
    copies = _copies(source)
    assert copies[_url(changed)].title == "Créer sa première page web, 2e édition"
    assert copies[_url(withdrawn)].status == "archived"
    assert copies[_url(catalogue[1])].status == "published"

    courses.unarchive_course(None, withdrawn)
    courses.publish_course(None, withdrawn)
    run = harvesting.run_harvest(source.id)
    assert (run.new_count, run.updated_count, run.deleted_count) == (0, 1, 0)
    assert _copies(source)[_url(withdrawn)].status == "published"
    assert len(_copies(source)) == 4  # the same courses, no new code


def test_harvested_courses_are_not_exposed_again(live_server, catalogue, make_source, oai):
    from .conftest import error_code

    source = make_source(live_server + "/oai", set_spec="domain")
    harvesting.run_harvest(source.id)
    copy = next(iter(_copies(source).values()))
    root = oai("GetRecord", identifier=f"oai:dclic.localhost:{copy.code}", metadataPrefix="lom")
    assert error_code(root) == "idDoesNotExist"


@pytest.fixture
def remote():
    """Another repository on a loopback port: 5 LOM records, scripted faults."""
    with OAIServer(Provider(bulk_repository(5), token_secret=SECRET, page_size=2)) as server:
        yield server


def test_a_remote_repository_pages_into_the_catalogue(remote, make_source):
    source = make_source(remote.url, name="Université ouverte")
    run = harvesting.run_harvest(source.id)
    assert (run.status, run.new_count, run.requests) == ("succeeded", 5, 3)
    copy = _copies(source)["https://dclic.example.org/courses/C00001"]
    assert (copy.title, copy.provider, copy.level, copy.duration_minutes) == (
        "Cours 1",
        "Université ouverte",
        "intermediate",
        150,
    )
    assert (copy.licence, copy.domain, copy.authors) == ("CC BY-SA 4.0", "programming", "Awa Ba 1")


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_xml_fails_the_run(remote, make_source, no_retry, kind):
    remote.script.append(reply(200, HOSTILE[kind]))
    source = make_source(remote.url)
    run = harvesting.run_harvest(source.id)
    assert run.status == "failed" and "DOCTYPE" in run.message
    assert run.new_count == 0 and source.harvested_until is None
    assert _copies(source) == {}


def test_malformed_xml_after_a_good_page_keeps_that_page(remote, make_source, no_retry):
    source = make_source(remote.url)
    original = remote.provider.handle
    calls = []

    def second_page_broken(method, params):
        calls.append(params)
        return MALFORMED if len(calls) == 2 else original(method, params)

    remote.provider.handle = second_page_broken
    run = harvesting.run_harvest(source.id)
    assert run.status == "failed" and "not well-formed XML" in run.message
    assert run.new_count == 2  # the first page was committed before the failure
    assert len(_copies(source)) == 2


def test_503_retry_after_then_success(remote, make_source):
    remote.script.append(reply(503, b"maintenance", {"Retry-After": "7"}))
    source = make_source(remote.url)
    slept = []
    run = harvesting.run_harvest(source.id, sleep=slept.append)
    assert slept == [7.0]
    assert (run.status, run.new_count, run.requests) == ("succeeded", 5, 4)


def test_http_errors_and_time_outs_fail_the_run_clearly(remote, make_source, no_retry, monkeypatch):
    remote.script.append(reply(404, b"not here"))
    source = make_source(remote.url)
    run = harvesting.run_harvest(source.id)
    assert run.status == "failed" and "HTTP 404" in run.message

    def silent(handler):
        time.sleep(1.5)

    monkeypatch.setattr(harvesting, "TIMEOUT", 0.5)
    remote.script.append(silent)
    run = harvesting.run_harvest(source.id)
    assert run.status == "failed" and "0.5 s" in run.message


def test_an_unreachable_source_fails_the_run(make_source, no_retry):
    source = make_source("http://127.0.0.1:9/oai")
    run = harvesting.run_harvest(source.id)
    assert run.status == "failed" and "127.0.0.1:9" in run.message
    assert run.finished_at is not None and run.duration_ms is not None


def test_a_record_that_cannot_be_a_course_is_counted_and_the_others_go_in(make_source):
    repository = InMemoryRepository(repository_info())
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    repository.upsert("oai:x.org:1", stamp, {"oai_dc": DublinCore(title="Un bon cours")})
    repository.upsert("oai:x.org:2", stamp, {"oai_dc": DublinCore(description="Sans titre")})
    with OAIServer(Provider(repository, token_secret=SECRET)) as server:
        source = make_source(server.url, metadata_prefix="oai_dc")
        run = harvesting.run_harvest(source.id)
    assert (run.status, run.new_count, run.error_count) == ("succeeded", 1, 1)
    (copy,) = _copies(source).values()
    assert copy.summary == copy.title == "Un bon cours"
    assert copy.source_url.startswith(server.url + "?verb=GetRecord")  # no page of its own
    assert (copy.licence, copy.domain) == ("Voir la source", "divers")


def test_a_deletion_of_a_record_never_harvested_is_skipped(make_source):
    repository = InMemoryRepository(repository_info())
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    repository.upsert("oai:x.org:1", stamp, {"oai_dc": DublinCore(title="Parti")})
    repository.delete("oai:x.org:1", stamp)
    with OAIServer(Provider(repository, token_secret=SECRET)) as server:
        run = harvesting.run_harvest(make_source(server.url, metadata_prefix="oai_dc").id)
    assert (run.status, run.skipped_count, run.deleted_count) == ("succeeded", 1, 0)


def test_the_cli_harvests_a_source_and_the_due_ones(app, remote, make_source, no_retry):
    source = make_source(remote.url, schedule="daily")
    manual = make_source(remote.url, schedule="manual")
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["dclic", "harvest", "run", "--source", str(source.id)])
    assert result.exit_code == 0, result.output
    assert "succeeded" in result.output and "5 new" in result.output
    result = runner.invoke(args=["dclic", "harvest", "run", "--due"])
    assert result.exit_code == 0 and "No source is due." in result.output  # ran a moment ago
    db.session.execute(sa.update(HarvestRun).values(started_at=datetime(2025, 1, 1, tzinfo=UTC)))
    db.session.commit()
    result = runner.invoke(args=["dclic", "harvest", "run", "--due"])
    assert f"Source {source.id} " in result.output and f"Source {manual.id} " not in result.output
    remote.script.append(reply(500, b"down"))
    result = runner.invoke(args=["dclic", "harvest", "run", "--source", str(manual.id)])
    assert result.exit_code == 1 and "failed" in result.output and "HTTP 500" in result.output
    assert runner.invoke(args=["dclic", "harvest", "run"]).exit_code == 2  # --source or --due


def test_a_source_already_being_harvested_is_not_harvested_twice(make_source, no_retry):
    source = make_source("http://127.0.0.1:9/oai")
    db.session.add(HarvestRun(source=source, status="running"))
    db.session.flush()
    assert harvesting.harvest_job(source.id) is None
