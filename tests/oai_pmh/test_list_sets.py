"""ListSets: the set hierarchy, paged, or noSetHierarchy."""

from __future__ import annotations

from oai_pmh import Provider
from oai_pmh.namespaces import DC, OAI_DC

from .conftest import NS, call, error_code, verb
from .factories import SECRET, sample_repository


def _specs(root):
    return [s.findtext(NS + "setSpec") for s in root.iterfind(f"{NS}ListSets/{NS}set")]


def test_lists_sets_with_names_and_descriptions(repository):
    root = call(Provider(repository, token_secret=SECRET), *verb("ListSets"))
    assert _specs(root) == ["courses", "courses:python", "courses:web", "paths"]
    first = root.find(f"{NS}ListSets/{NS}set")
    assert first.findtext(NS + "setName") == "Courses"
    description = first.find(f"{NS}setDescription/{{{OAI_DC}}}dc/{{{DC}}}description")
    assert description.text == "Every course"
    assert root.find(f"{NS}ListSets/{NS}resumptionToken") is None


def test_sets_are_paged_with_resumption_tokens(repository):
    provider = Provider(repository, token_secret=SECRET, page_size=3)
    first = call(provider, *verb("ListSets"))
    token = first.find(f"{NS}ListSets/{NS}resumptionToken")
    assert _specs(first) == ["courses", "courses:python", "courses:web"]
    assert (token.get("cursor"), token.get("completeListSize")) == ("0", "4")
    second = call(provider, *verb("ListSets", resumptionToken=token.text))
    last = second.find(f"{NS}ListSets/{NS}resumptionToken")
    assert _specs(second) == ["paths"]
    assert (last.text, last.get("cursor"), last.get("completeListSize")) == (None, "3", "4")


def test_a_records_token_is_refused_by_list_sets(oai):
    token = oai("ListRecords", metadataPrefix="oai_dc").findtext(
        f"{NS}ListRecords/{NS}resumptionToken"
    )
    assert error_code(oai("ListSets", resumptionToken=token)) == "badResumptionToken"


def test_repository_without_sets_has_no_set_hierarchy():
    provider = Provider(sample_repository(with_sets=False), token_secret=SECRET)
    assert error_code(call(provider, *verb("ListSets"))) == "noSetHierarchy"
    for name in ("ListRecords", "ListIdentifiers"):
        root = call(provider, *verb(name, metadataPrefix="lom", set="courses"))
        assert error_code(root) == "noSetHierarchy"
