"""``/oai``: every verb over the catalogue, each answer checked against the schemas."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from oai_pmh.dates import parse_datestamp

from .conftest import NS, error_code, headers_of, identifiers, list_all, oai_id


def _datestamp(header) -> datetime:
    return parse_datestamp(header.findtext(NS + "datestamp"))[0]


def test_identify_describes_the_platform(app, oai, make_course):
    make_course(code="OAI-ID-001")
    root = oai("Identify")
    identify = root.find(NS + "Identify")
    assert identify.findtext(NS + "repositoryName") == "D-CLIC"  # the site_name setting
    assert identify.findtext(NS + "baseURL") == app.config["DCLIC_BASE_URL"] + "/oai"
    assert identify.findtext(NS + "adminEmail") == app.config["DCLIC_ADMIN_EMAIL"]
    assert identify.findtext(NS + "deletedRecord") == "persistent"
    assert identify.findtext(NS + "granularity") == "YYYY-MM-DDThh:mm:ssZ"
    description = identify.find(f"{NS}description")
    assert "dclic.localhost" in description[0].findtext("{*}repositoryIdentifier")
    earliest = parse_datestamp(identify.findtext(NS + "earliestDatestamp"))[0]
    header = oai("GetRecord", identifier=oai_id("OAI-ID-001"), metadataPrefix="oai_dc")
    assert earliest <= _datestamp(header.find(f".//{NS}header"))


def test_identify_follows_the_platform_settings(app, oai, session, create_user):
    from dclic.site import settings

    admin = create_user(roles=("admin",))
    settings.update_settings(admin, site_name="Catalogue de la Francophonie")
    session.flush()
    assert oai("Identify").findtext(f"{NS}Identify/{NS}repositoryName") == (
        "Catalogue de la Francophonie"
    )


def test_formats_of_the_repository_and_of_an_item(oai, make_course):
    make_course(code="OAI-FMT-001")
    for arguments in ({}, {"identifier": oai_id("OAI-FMT-001")}):
        root = oai("ListMetadataFormats", **arguments)
        prefixes = [e.text for e in root.iter(NS + "metadataPrefix")]
        assert prefixes == ["oai_dc", "lom"]
    assert error_code(oai("ListMetadataFormats", identifier=oai_id("NOPE-1"))) == ("idDoesNotExist")


def test_get_record_in_both_formats(oai, make_course):
    make_course(code="OAI-GET-001", title="Premiers pas en HTML", domain="web")
    lom = oai("GetRecord", identifier=oai_id("OAI-GET-001"), metadataPrefix="lom")
    record = lom.find(f"{NS}GetRecord/{NS}record")
    assert record.findtext(f"{NS}header/{NS}identifier") == oai_id("OAI-GET-001")
    assert [s.text for s in record.iter(NS + "setSpec")] == ["domain:web"]
    assert record.findtext(".//{*}general/{*}title/{*}string") == "Premiers pas en HTML"
    dc = oai("GetRecord", identifier=oai_id("OAI-GET-001"), metadataPrefix="oai_dc")
    assert dc.findtext(".//{http://purl.org/dc/elements/1.1/}title") == "Premiers pas en HTML"


def test_unknown_drafts_and_harvested_courses_are_not_exposed(oai, make_course):
    make_course(status="draft", code="OAI-DRAFT-001")
    harvested = make_course(status="draft", code="OAI-EXT-001")
    harvested.provider, harvested.source_url = "Ailleurs", "https://ailleurs.example/c/1"
    from dclic.courses import services

    services.publish_course(None, harvested)
    for code in ("OAI-DRAFT-001", "OAI-EXT-001", "NOPE-2"):
        root = oai("GetRecord", identifier=oai_id(code), metadataPrefix="lom")
        assert error_code(root) == "idDoesNotExist"
    assert error_code(oai("GetRecord", identifier="oai:elsewhere.org:X", metadataPrefix="lom")) == (
        "idDoesNotExist"
    )
    assert error_code(oai("ListIdentifiers", metadataPrefix="lom")) == "noRecordsMatch"


def test_lists_follow_resumption_tokens(oai, page_size, make_course, make_path):
    courses = [make_course(domain="web" if n % 2 else "design") for n in range(6)]
    path = make_path(courses[:2])
    page_size(3)
    expected = {oai_id(c.code) for c in courses} | {oai_id(f"path:{path.code}")}
    for verb, prefix in (("ListIdentifiers", "oai_dc"), ("ListRecords", "lom")):
        headers, tokens = list_all(oai, verb, metadataPrefix=prefix)
        found = identifiers(headers)
        assert len(found) == 7 and set(found) == expected
        assert [t.get("cursor") for t in tokens] == ["0", "3", "6"]
        assert {t.get("completeListSize") for t in tokens} == {"7"}
        assert tokens[-1].text is None  # the last page has an empty token
    keys = [(_datestamp(h), h.findtext(NS + "identifier")) for h in headers]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)


def test_a_list_in_one_page_has_no_token(oai, make_course):
    make_course()
    root = oai("ListRecords", metadataPrefix="oai_dc")
    assert root.find(f"{NS}ListRecords/{NS}resumptionToken") is None


def test_post_is_answered_like_get_without_a_csrf_token(oai, make_course):
    make_course(code="OAI-POST-001")
    root = oai("GetRecord", method="POST", identifier=oai_id("OAI-POST-001"), metadataPrefix="lom")
    assert error_code(root) is None


def test_sets_by_domain_and_by_path(oai, make_course, make_path):
    web = make_course(code="OAI-SET-W1", domain="web")
    design = make_course(code="OAI-SET-D1", domain="design")
    alone = make_course(code="OAI-SET-M1", domain="marketing")
    path = make_path([web, design], code="OAI-SET-PATH", title="Métiers du web")
    root = oai("ListSets")
    sets = {s.findtext(NS + "setSpec"): s.findtext(NS + "setName") for s in root.iter(NS + "set")}
    assert sets == {
        "domain": "Domains",
        "domain:design": "Design",
        "domain:marketing": sets["domain:marketing"],
        "domain:web": sets["domain:web"],
        "path": "Learning paths",
        "path:OAI-SET-PATH": "Métiers du web",
    }

    def members(spec):
        return set(
            identifiers(
                headers_of(
                    oai("ListIdentifiers", metadataPrefix="lom", set=spec), "ListIdentifiers"
                )
            )
        )

    assert members("domain:web") == {oai_id(web.code)}
    assert members("domain") == {oai_id(c.code) for c in (web, design, alone)}
    assert members("path:OAI-SET-PATH") == {
        oai_id(web.code),
        oai_id(design.code),
        oai_id("path:" + path.code),
    }
    assert error_code(oai("ListIdentifiers", metadataPrefix="lom", set="domain:cuisine")) == (
        "noRecordsMatch"
    )


def test_archiving_leaves_a_deleted_record(oai, make_course, record_of, session):
    from dclic.courses import services

    course = make_course(code="OAI-DEL-001", domain="design")
    before = record_of("OAI-DEL-001").datestamp
    services.archive_course(None, course)
    after = record_of("OAI-DEL-001")
    assert after.is_deleted and after.datestamp > before
    deleted_at = after.datestamp
    root = oai("GetRecord", identifier=oai_id("OAI-DEL-001"), metadataPrefix="lom")
    header = root.find(f".//{NS}header")
    assert header.get("status") == "deleted"
    assert root.find(f".//{NS}metadata") is None
    assert [s.text for s in header.iter(NS + "setSpec")] == ["domain:design"]  # kept
    listed = headers_of(
        oai("ListIdentifiers", metadataPrefix="oai_dc", set="domain:design"), "ListIdentifiers"
    )
    assert [h.get("status") for h in listed] == ["deleted"]
    assert error_code(oai("ListMetadataFormats", identifier=oai_id("OAI-DEL-001"))) is None

    services.unarchive_course(None, course)
    services.publish_course(None, course)  # published again: the same identifier comes back
    again = record_of("OAI-DEL-001")
    assert not again.is_deleted and again.datestamp > deleted_at
    assert (
        oai("GetRecord", identifier=oai_id("OAI-DEL-001"), metadataPrefix="lom").find(
            f".//{NS}metadata"
        )
        is not None
    )


def test_identifiers_stay_and_datestamps_move_on_edits(oai, make_course, record_of):
    from dclic.courses import services

    course = make_course(code="OAI-EDIT-001")
    first = record_of("OAI-EDIT-001").datestamp
    services.update_course(None, course, title="Un titre meilleur")
    second = record_of("OAI-EDIT-001")
    assert second.datestamp > first and second.local_identifier == "OAI-EDIT-001"
    root = oai("GetRecord", identifier=oai_id("OAI-EDIT-001"), metadataPrefix="oai_dc")
    assert root.findtext(".//{http://purl.org/dc/elements/1.1/}title") == "Un titre meilleur"


def test_from_and_until_select_by_datestamp(oai, make_course, record_of, session):
    days = {}
    for n in range(1, 4):
        course = make_course(code=f"OAI-DATE-{n}")
        record_of(course.code).datestamp = datetime(2025, 1, n, 10, tzinfo=UTC)
        days[n] = course.code
    session.flush()

    def listed(**arguments):
        root = oai("ListIdentifiers", metadataPrefix="lom", **arguments)
        return identifiers(headers_of(root, "ListIdentifiers"))

    assert listed(from_="2025-01-02") == [oai_id(days[2]), oai_id(days[3])]
    assert listed(until="2025-01-02") == [oai_id(days[1]), oai_id(days[2])]
    assert listed(from_="2025-01-02T10:00:00Z", until="2025-01-02T10:00:00Z") == [oai_id(days[2])]
    assert error_code(oai("ListIdentifiers", metadataPrefix="lom", from_="2030-01-01")) == (
        "noRecordsMatch"
    )


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"verb": "Nope"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "resumptionToken": "forged.token"}, "badResumptionToken"),
        ({"verb": "GetRecord", "metadataPrefix": "lom"}, "badArgument"),
    ],
)
def test_errors_are_xml_answered_200(oai, make_course, arguments, code):
    make_course()
    arguments = dict(arguments)  # shared by both databases' runs
    verb = arguments.pop("verb")
    assert error_code(oai(verb, **arguments)) == code


def test_a_page_costs_the_same_queries_whatever_its_size(
    oai, make_course, make_path, count_queries
):
    from dclic.core.db import db

    def queries_for_a_page():
        db.session.flush()
        with count_queries() as counted:
            oai("ListRecords", metadataPrefix="lom")
        return counted.n

    small = [make_course(domain="web") for _ in range(2)]
    make_path(small)
    few = queries_for_a_page()
    more = [make_course(domain=d) for d in ("design", "marketing", "web", "mobile", "data")]
    make_path(more)
    make_path(more[:2])
    assert queries_for_a_page() == few


def test_a_change_during_a_harvest_comes_again_later(oai, page_size, make_course, record_of):
    """Keyset paging: a record changed after it was listed moves behind the harvester."""
    from dclic.courses import services

    courses = [make_course() for _ in range(4)]
    page_size(2)
    first = oai("ListIdentifiers", metadataPrefix="lom")
    token = first.findtext(f"{NS}ListIdentifiers/{NS}resumptionToken")
    services.update_course(None, courses[0], title="Changé pendant la moisson")
    seen = identifiers(headers_of(first, "ListIdentifiers"))
    root = oai("ListIdentifiers", resumptionToken=token)
    while True:
        seen += identifiers(headers_of(root, "ListIdentifiers"))
        token = root.findtext(f"{NS}ListIdentifiers/{NS}resumptionToken")
        if not token:
            break
        root = oai("ListIdentifiers", resumptionToken=token)
    assert seen.count(oai_id(courses[0].code)) == 2
    assert set(seen) == {oai_id(c.code) for c in courses}


def test_earliest_datestamp_without_any_record_is_now(oai):
    root = oai("Identify")
    earliest = parse_datestamp(root.findtext(f"{NS}Identify/{NS}earliestDatestamp"))[0]
    assert abs(earliest - datetime.now(UTC)) < timedelta(minutes=1)
