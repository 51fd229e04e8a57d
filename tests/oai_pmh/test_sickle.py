"""Interoperability: the third-party harvester Sickle reads what the provider serves."""

from __future__ import annotations

from sickle import Sickle

from .factories import identifier


def test_sickle_harvests_every_record_through_resumption_tokens(oai_server):
    client = Sickle(oai_server.url, timeout=5)
    records = list(client.ListRecords(metadataPrefix="oai_dc"))
    assert len(records) == 40
    assert sum(record.deleted for record in records) == 1
    first = records[0]
    assert first.header.identifier == identifier(1)
    assert first.metadata["title"] == ["Cours 1", "Course 1"]
    tokens = [query for _method, query in oai_server.requests if "resumptionToken" in query]
    assert len(tokens) == 5  # 40 records, 7 per page


def test_sickle_lists_identifiers_in_lom_and_reads_identify(oai_server):
    client = Sickle(oai_server.url, timeout=5)
    headers = list(client.ListIdentifiers(metadataPrefix="lom", ignore_deleted=True))
    assert len(headers) == 39
    assert client.Identify().repositoryName == "dclic test catalogue"
    prefixes = [fmt.metadataPrefix for fmt in client.ListMetadataFormats()]
    assert prefixes == ["oai_dc", "lom"]
    sets = [s.setSpec for s in client.ListSets()]
    assert sets == ["courses", "courses:python", "courses:web", "paths"]
