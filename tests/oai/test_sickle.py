"""Interoperability: the third-party harvester Sickle reads our live ``/oai``."""

from __future__ import annotations

from sickle import Sickle

from .conftest import oai_id


def test_sickle_harvests_everything_through_resumption_tokens(
    live_server, page_size, make_course, make_path
):
    courses = [make_course(domain=("web", "design", "marketing")[n % 3]) for n in range(7)]
    path = make_path(courses[:3])
    from dclic.courses import services

    services.archive_course(None, courses[6])
    page_size(3)
    client = Sickle(live_server + "/oai", timeout=10)
    records = list(client.ListRecords(metadataPrefix="oai_dc"))
    assert len(records) == 8
    assert sum(record.deleted for record in records) == 1
    by_id = {record.header.identifier: record for record in records}
    assert set(by_id) == {oai_id(c.code) for c in courses} | {oai_id(f"path:{path.code}")}
    assert by_id[oai_id(courses[0].code)].metadata["title"] == [courses[0].title]
    assert by_id[oai_id(courses[6].code)].header.deleted
    assert client.Identify().repositoryName == "D-CLIC"


def test_sickle_lists_sets_formats_and_lom_identifiers(live_server, page_size, make_course):
    for domain in ("web", "design", "marketing", "web"):
        make_course(domain=domain)
    page_size(2)
    client = Sickle(live_server + "/oai", timeout=10)
    assert [f.metadataPrefix for f in client.ListMetadataFormats()] == ["oai_dc", "lom"]
    specs = [s.setSpec for s in client.ListSets()]  # paged too: 5 sets, 2 a page
    assert specs == ["domain", "domain:design", "domain:marketing", "domain:web", "path"]
    headers = list(client.ListIdentifiers(metadataPrefix="lom", set="domain:web"))
    assert len(headers) == 2
