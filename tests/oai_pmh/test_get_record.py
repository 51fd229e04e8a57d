"""GetRecord: one record in one format, or the precise error."""

from __future__ import annotations

from oai_pmh.metadata import dc_from_xml, lom_from_xml
from oai_pmh.namespaces import LOM, OAI_DC

from .conftest import NS, error_code, request_attributes
from .factories import identifier, lom_record


def test_get_record_in_lom_returns_the_repository_record(oai):
    root = oai("GetRecord", identifier=identifier(1), metadataPrefix="lom")
    record = root.find(f"{NS}GetRecord/{NS}record")
    assert record.findtext(f"{NS}header/{NS}identifier") == identifier(1)
    assert record.findtext(f"{NS}header/{NS}datestamp") == "2024-06-01T08:00:00Z"
    assert [e.text for e in record.iterfind(f"{NS}header/{NS}setSpec")] == ["courses:python"]
    lom = record.find(f"{NS}metadata/{{{LOM}}}lom")
    assert lom_from_xml(lom).general.title == lom_record(1).general.title


def test_get_record_in_oai_dc(oai):
    root = oai("GetRecord", identifier=identifier(1), metadataPrefix="oai_dc")
    dc = dc_from_xml(root.find(f"{NS}GetRecord/{NS}record/{NS}metadata/{{{OAI_DC}}}dc"))
    assert [t.value for t in dc.title] == ["Cours 1", "Course 1"]


def test_unknown_identifier_is_id_does_not_exist(oai):
    root = oai("GetRecord", identifier="oai:dclic.example.org:nope", metadataPrefix="lom")
    assert error_code(root) == "idDoesNotExist"


def test_format_unknown_to_the_repository_cannot_be_disseminated(oai):
    root = oai("GetRecord", identifier=identifier(1), metadataPrefix="marc21")
    assert error_code(root) == "cannotDisseminateFormat"
    assert request_attributes(root)["metadataPrefix"] == "marc21"


def test_format_the_item_lacks_cannot_be_disseminated(oai):
    root = oai("GetRecord", identifier=identifier(6), metadataPrefix="lom")
    assert error_code(root) == "cannotDisseminateFormat"


def test_deleted_record_has_a_deleted_header_and_no_metadata(oai):
    root = oai("GetRecord", identifier=identifier(7), metadataPrefix="lom")
    record = root.find(f"{NS}GetRecord/{NS}record")
    assert record.find(NS + "header").get("status") == "deleted"
    assert record.findtext(f"{NS}header/{NS}datestamp") == "2024-06-03T10:00:00Z"
    assert record.find(NS + "metadata") is None


def test_identifier_with_characters_to_escape_is_echoed_safely(oai):
    root = oai("GetRecord", identifier="oai:x:a&b<c>", metadataPrefix="lom")
    assert error_code(root) == "idDoesNotExist"
    assert request_attributes(root)["identifier"] == "oai:x:a&b<c>"
