"""The in-memory reference repository: key order, keyset pages, updates."""

from __future__ import annotations

from datetime import UTC, datetime

from oai_pmh import InMemoryRepository, RecordQuery, Repository

from .factories import EARLIEST, bulk_repository, formats_of, identifier, repository_info


def test_it_implements_the_repository_protocol():
    assert isinstance(InMemoryRepository(repository_info()), Repository)


def test_pages_follow_the_key_strictly_after_the_given_one():
    repository = bulk_repository(6)
    first = repository.list_records(RecordQuery("lom"), None, 4)
    rest = repository.list_records(RecordQuery("lom"), first[-1].header.key, 4)
    assert [r.header.identifier for r in first + rest] == [identifier(n) for n in range(1, 7)]


def test_equal_datestamps_are_ordered_by_identifier():
    repository = InMemoryRepository(repository_info())
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    for name in ("oai:x:b", "oai:x:a", "oai:x:c"):
        repository.upsert(name, moment, {"lom": None})
    after_a = repository.list_records(RecordQuery("lom"), (moment, "oai:x:a"), 10)
    assert [r.header.identifier for r in after_a] == ["oai:x:b", "oai:x:c"]


def test_an_update_moves_the_item_to_its_new_datestamp():
    repository = bulk_repository(3)
    repository.upsert(identifier(1), datetime(2030, 1, 1, tzinfo=UTC), formats_of(1))
    page = repository.list_records(RecordQuery("lom"), None, 10)
    assert [r.header.identifier for r in page] == [identifier(n) for n in (2, 3, 1)]
    assert len(repository) == 3


def test_headers_only_leave_metadata_out():
    page = bulk_repository(2).list_records(RecordQuery("lom"), None, 10, with_metadata=False)
    assert [r.metadata for r in page] == [None, None]


def test_count_applies_the_whole_query():
    repository = bulk_repository(10)
    query = RecordQuery("lom", from_=EARLIEST.replace(minute=3), set_spec="courses")
    assert repository.count(query) == 8
    assert repository.count(RecordQuery("marc21")) == 0
