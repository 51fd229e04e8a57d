"""Dublin Core and LOM: schema-valid output, faithful round trips, vCards, crosswalk."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from lxml import etree

from oai_pmh.metadata import (
    Contribution,
    DublinCore,
    General,
    LangString,
    LifeCycle,
    LomRecord,
    VCard,
    Vocabulary,
    dc_from_xml,
    dc_to_xml,
    lom_from_xml,
    lom_to_dc,
    lom_to_xml,
    parse_vcard,
    to_vcard,
)
from oai_pmh.metadata.isotime import format_duration, format_lom_datetime, parse_duration
from oai_pmh.namespaces import LOM
from oai_pmh.validation import SchemaInvalid, errors_of, validate_metadata

from .factories import lom_record


def _reparsed(element):
    return etree.fromstring(etree.tostring(element))


def test_dublin_core_is_valid_and_round_trips():
    record = DublinCore(
        title=[LangString("Python pour tous", "fr"), LangString("Python for all", "en")],
        creator="Awa Ba",
        subject=["python", "programmation"],
        date="2024-05-02",
        rights="CC BY-SA 4.0",
    )
    element = dc_to_xml(record)
    validate_metadata(element, "oai_dc")
    assert dc_from_xml(_reparsed(element)) == record


def test_dublin_core_drops_characters_xml_cannot_carry():
    element = dc_to_xml(DublinCore(title="tab\tok, bell\x07 and nul\x00 gone"))
    assert element[0].text == "tab\tok, bell and nul gone"


def test_dublin_core_parser_refuses_another_root():
    with pytest.raises(ValueError, match="oai_dc:dc"):
        dc_from_xml(etree.Element("dc"))


def test_a_full_lom_record_is_strictly_valid_and_round_trips():
    record = lom_record(7)
    element = lom_to_xml(record)
    validate_metadata(element, "lomStrict")
    validate_metadata(element, "lomLoose")
    parsed = lom_from_xml(_reparsed(element))
    assert parsed.general == record.general
    assert parsed.life_cycle == record.life_cycle
    assert parsed.technical == record.technical
    assert parsed.rights == record.rights
    assert parsed.relations == record.relations
    assert parsed.classifications == record.classifications
    assert parsed.educational[0].typical_learning_time == "PT2H30M"


def test_vocabulary_values_carry_the_lomv1_source():
    element = lom_to_xml(LomRecord(general=General(structure="atomic")))
    structure = element.find(f"{{{LOM}}}general/{{{LOM}}}structure")
    assert [(c.tag.split("}")[1], c.text) for c in structure] == [
        ("source", "LOMv1.0"),
        ("value", "atomic"),
    ]


def test_non_lom_vocabularies_pass_loose_but_fail_strict_validation():
    record = LomRecord(
        general=General(title="x", structure=Vocabulary("tree", "https://example.org/vocab"))
    )
    element = lom_to_xml(record)
    validate_metadata(element, "lomLoose")
    with pytest.raises(SchemaInvalid):
        validate_metadata(element, "lomStrict")


def test_a_repeated_unique_lom_element_is_reported_invalid():
    element = lom_to_xml(LomRecord(general=General(title="x")))
    general = element[0]
    general.append(etree.fromstring(etree.tostring(general[0])))
    assert errors_of(element, "lomLoose")


def test_lom_dates_fit_the_binding_pattern():
    assert format_lom_datetime(date(2024, 5, 2)) == "2024-05-02"
    assert format_lom_datetime(datetime(2024, 5, 2, 8, 30, tzinfo=UTC)) == "2024-05-02T08:30:00.0Z"
    with pytest.raises(ValueError):
        format_lom_datetime(datetime(2024, 5, 2, 8, 30))


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=1, minutes=30), "PT1H30M"),
        (timedelta(days=2, seconds=5), "P2DT5S"),
        (timedelta(0), "PT0S"),
    ],
)
def test_learning_times_are_iso_8601_durations(delta, text):
    assert format_duration(delta) == text
    assert parse_duration(text) == delta


def test_malformed_durations_are_refused():
    assert parse_duration("P") is None
    assert parse_duration("PT") is None
    assert parse_duration("1 hour") is None
    with pytest.raises(ValueError):
        format_duration("90 minutes")


def test_vcard_escapes_special_characters_and_round_trips():
    card = VCard("Ba, Awa; Dr\\", "Ba; Diop", "Awa,Marie", "OIF", "awa@example.org")
    text = to_vcard(card)
    assert text.splitlines()[:4] == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Ba\\; Diop;Awa\\,Marie;;;",
        "FN:Ba\\, Awa\\; Dr\\\\",
    ]
    assert parse_vcard(text) == card


def test_vcard_escapes_line_breaks_and_folds_long_lines_on_characters():
    card = VCard("é" * 60, organization="line one\nline two")
    text = to_vcard(card)
    assert "ORG:line one\\nline two" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\n"))
    assert parse_vcard(text) == card


def test_foreign_vcards_are_read_leniently():
    text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Diop;Moussa\r\nitem1.EMAIL;INTERNET:m@x.sn\r\nEND:VCARD"
    assert parse_vcard(text) == VCard("Moussa Diop", "Diop", "Moussa", email="m@x.sn")
    assert parse_vcard("Jane Doe") == VCard("Jane Doe")


def test_lom_parser_tolerates_sparse_records():
    element = etree.fromstring(
        f'<lom xmlns="{LOM}"><general><title><string>Seul</string></title></general>'
        "<lifeCycle><contribute><entity>Jane</entity></contribute></lifeCycle></lom>"
    )
    record = lom_from_xml(element)
    assert record.general.title == (LangString("Seul"),)
    assert record.life_cycle.contributions == (Contribution("unknown", [VCard("Jane")]),)
    assert record.technical is None and record.educational == ()


def test_lom_crosswalks_to_dublin_core():
    dc = lom_to_dc(lom_record(3))
    validate_metadata(dc_to_xml(dc), "oai_dc")
    assert [t.value for t in dc.title] == ["Cours 3", "Course 3"]
    assert [c.value for c in dc.creator] == ["Awa Ba 3"]
    assert [p.value for p in dc.publisher] == ["D-CLIC, OIF"]
    assert [d.value for d in dc.date] == ["2024-05-02"]
    assert [t.value for t in dc.type] == ["lecture", "exercise"]
    assert [i.value for i in dc.identifier] == ["https://dclic.example.org/courses/C00003"]
    assert "Programming" in [s.value for s in dc.subject]


def test_contributions_without_entities_or_dates_are_allowed():
    record = LomRecord(
        general=General(title="x"), life_cycle=LifeCycle(contributions=[Contribution("author")])
    )
    validate_metadata(lom_to_xml(record), "lomStrict")
