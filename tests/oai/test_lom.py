"""The LOM of a course and of a path, read back from ``/oai`` and checked field by field."""

from __future__ import annotations

from datetime import timedelta

from dclic.core.db import db
from dclic.courses.models import CourseModule, Step
from dclic.files.models import StoredFile
from dclic.oai.lom import licence_text
from oai_pmh.metadata import LangString, VCard, lom_from_xml
from oai_pmh.validation import validate_metadata

from .conftest import NS, oai_id


def _lom(oai, local: str):
    root = oai("GetRecord", identifier=oai_id(local), metadataPrefix="lom")
    element = root.find(f".//{NS}metadata")[0]
    validate_metadata(element, "lomStrict")  # only LOMv1.0 vocabularies
    return lom_from_xml(element)


def _course_with_steps(make_course):
    course = make_course(
        code="LOM-C-001",
        title="Créer sa première page web",
        summary="Écrire une page **en HTML**, pas à pas.",
        language="fr",
        level="intermediate",
        domain="web",
        duration_minutes=150,
        keywords="HTML, page web",
        authors="Awa Diop; Karim Benslimane",
        licence="CC BY-SA 4.0",
    )
    document = StoredFile(
        sha256="a" * 64,
        size=2048,
        media_type="application/pdf",
        kind="document",
        original_name="x.pdf",
    )
    db.session.add(document)
    module = CourseModule(course=course, position=1, title="Les balises")
    module.steps += [
        Step(position=1, kind="text", title="Lire"),
        Step(position=2, kind="file", title="Fiche", file=document),
        Step(position=3, kind="video", title="Voir", url="https://v.example/1", media_bytes=10_000),
    ]
    db.session.add(module)
    db.session.flush()
    return course


def test_a_course_in_lom(oai, make_course, make_path):
    course = _course_with_steps(make_course)
    make_path([course], code="LOM-PATH")
    lom = _lom(oai, "LOM-C-001")
    url = "http://127.0.0.1:5000/courses/LOM-C-001"

    general = lom.general
    assert [(i.catalog, i.entry) for i in general.identifiers] == [
        ("URI", url),
        ("dclic.localhost", "LOM-C-001"),
    ]
    assert general.title == (LangString("Créer sa première page web", "fr"),)
    assert general.description == (LangString("Écrire une page en HTML, pas à pas.", "fr"),)
    assert [k.value for k in general.keywords] == ["HTML", "page web"]
    assert general.languages == ("fr",)
    assert (general.structure.value, general.aggregation_level.value) == ("hierarchical", "3")

    life_cycle = lom.life_cycle
    assert life_cycle.status.value == "final"
    assert [v.value for v in life_cycle.version] == ["1"]
    roles = [(c.role.value, [e.full_name for e in c.entities]) for c in life_cycle.contributions]
    assert roles == [
        ("author", ["Awa Diop"]),
        ("author", ["Karim Benslimane"]),
        ("publisher", ["OIF / D-CLIC"]),
    ]
    assert life_cycle.contributions[0].date == course.published_at.date()
    publisher = life_cycle.contributions[2].entities[0]
    assert publisher.organization == "Organisation internationale de la Francophonie"

    assert lom.meta_metadata.identifiers[0].entry == oai_id("LOM-C-001")
    assert lom.meta_metadata.metadata_schemas == ("LOMv1.0",)

    technical = lom.technical
    assert technical.formats == ("application/pdf", "text/html")
    assert technical.size == 2048 + 10_000
    assert technical.locations == (url,)

    educational = lom.educational[0]
    assert [t.value for t in educational.learning_resource_types] == ["narrative text", "lecture"]
    assert [r.value for r in educational.intended_end_user_roles] == ["learner"]
    assert [c.value for c in educational.contexts] == ["training"]
    assert educational.typical_age_ranges[0].value == "13-"
    assert educational.difficulty.value == "medium"
    assert educational.typical_learning_time in (timedelta(minutes=150), "PT2H30M")
    assert educational.languages == ("fr",)

    rights = lom.rights
    assert (rights.cost, rights.copyright_and_other_restrictions) == (False, True)
    assert rights.description[0].value == (
        "CC BY-SA 4.0 — https://creativecommons.org/licenses/by-sa/4.0/"
    )
    assert [(r.kind.value, r.resource_identifiers[0].entry) for r in lom.relations] == [
        ("ispartof", oai_id("path:LOM-PATH"))
    ]
    classification = lom.classifications[0]
    assert classification.purpose.value == "discipline"
    taxon = classification.taxon_paths[0].taxa[0]
    assert taxon.id == "web" and {t.language for t in taxon.entry} == {"fr", "en"}


def test_a_revised_course_says_so(oai, make_course):
    from dclic.courses import services

    course = make_course(code="LOM-REV-001")
    services.update_course(None, course, summary="Un meilleur résumé.")
    lom = _lom(oai, "LOM-REV-001")
    assert lom.life_cycle.status.value == "revised"
    assert [v.value for v in lom.life_cycle.version] == ["2"]


def test_a_path_in_lom_lists_its_published_courses(oai, make_course, make_path):
    first = make_course(code="LOM-P-C1", duration_minutes=60, domain="web", authors="Awa Diop")
    second = make_course(code="LOM-P-C2", duration_minutes=90, domain="design", licence="CC BY 4.0")
    make_path([first, second], code="LOM-P", title="Métiers du web", summary="Un parcours tutoré.")
    lom = _lom(oai, "path:LOM-P")
    assert lom.general.title == (LangString("Métiers du web", "fr"),)
    assert (lom.general.structure.value, lom.general.aggregation_level.value) == ("linear", "4")
    assert [(r.kind.value, r.resource_identifiers[0].entry) for r in lom.relations] == [
        ("haspart", oai_id("LOM-P-C1")),
        ("haspart", oai_id("LOM-P-C2")),
    ]
    assert lom.educational[0].typical_learning_time in (timedelta(minutes=150), "PT2H30M")
    assert [t.taxa[0].id for t in lom.classifications[0].taxon_paths] == ["web", "design"]
    assert lom.technical.locations == ("http://127.0.0.1:5000/paths/LOM-P",)
    assert "CC BY 4.0" in lom.rights.description[0].value
    assert [c.role.value for c in lom.life_cycle.contributions] == ["author", "publisher"]


def test_the_dublin_core_comes_from_the_lom(oai, make_course):
    make_course(code="LOM-DC-001", authors="Awa Diop", keywords="HTML", domain="web")
    root = oai("GetRecord", identifier=oai_id("LOM-DC-001"), metadataPrefix="oai_dc")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert [e.text for e in root.iter(dc + "creator")] == ["Awa Diop"]
    assert [e.text for e in root.iter(dc + "publisher")] == ["OIF / D-CLIC"]
    assert "HTML" in [e.text for e in root.iter(dc + "subject")]
    assert "http://127.0.0.1:5000/courses/LOM-DC-001" in [
        e.text for e in root.iter(dc + "identifier")
    ]


def test_licence_text():
    assert licence_text("CC BY-SA 4.0").endswith("creativecommons.org/licenses/by-sa/4.0/")
    assert licence_text("CC0").endswith("publicdomain/zero/1.0/")
    assert licence_text("Tous droits réservés") == "Tous droits réservés"


def test_vcards_of_authors_are_escaped(oai, make_course):
    make_course(code="LOM-VC-001", authors="Ba, Awa; N'Diaye")
    names = [
        e.full_name
        for c in _lom(oai, "LOM-VC-001").life_cycle.contributions
        for e in c.entities
        if isinstance(e, VCard)
    ]
    assert names[:2] == ["Ba, Awa", "N'Diaye"]
