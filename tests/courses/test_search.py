"""The catalogue's full-text search, on each database: accents, prefixes, ranking, sync."""

import pytest
import sqlalchemy as sa

from dclic.core.db import db
from dclic.courses import search as catalogue_search
from dclic.courses import services
from tests.courses.catalogue import search


def test_each_database_searches_with_its_own_full_text_index(session):
    # The migration made the index (a tsvector column, an FTS5 table): it is used.
    assert catalogue_search.full_text_backend() == db.engine.dialect.name
    if db.engine.dialect.name == "sqlite":
        # A later migration recreating "courses" (batch mode) would drop these: make them again.
        triggers = db.session.scalars(
            sa.text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'courses'"
            )
        )
        assert {"courses_fts_insert", "courses_fts_update", "courses_fts_delete"} <= set(triggers)


def test_search_words_are_folded_and_stop_words_dropped_unless_typed_last():
    assert catalogue_search.search_words("  Sécurité SUR l'Internet  ") == [
        "securite",
        "l'internet",
    ]
    assert catalogue_search.search_words("cours de") == ["cours", "de"]
    assert catalogue_search.search_words("% * -- !") == []


@pytest.fixture
def portable(monkeypatch):
    """The search without a full-text index, as on a database the migration could not equip."""
    monkeypatch.setattr(catalogue_search, "full_text_backend", lambda: "portable")


@pytest.fixture(params=["full-text", "portable"])
def either_way(request):
    if request.param == "portable":
        request.getfixturevalue("portable")
    return request.param


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("securite", "Naviguer sur Internet en Sécurité"),
        ("SÉCURITÉ", "Naviguer sur Internet en securite"),
        ("élève", "Le carnet de l'eleve"),
        ("eleve", "Le carnet de l'élève"),
        ("Œuvre", "Une œuvre collective"),
        ("مدرسة", "مَدْرَسَة رقمية"),  # Arabic without its short vowels finds it with them
        ("مَدْرَسَة", "مدرسة رقمية"),
    ],
)
def test_accents_and_case_do_not_matter(create_course, either_way, q, title):
    create_course(code="S-ACC-1", title=title)
    create_course(code="S-ACC-2", title="Tableur pour débuter")
    assert search(q) == ["S-ACC-1"]


def test_the_last_word_may_be_the_start_of_a_word_the_others_may_not(create_course, either_way):
    create_course(code="S-PRE-1", title="Naviguer sur Internet en sécurité")
    assert search("secu") == ["S-PRE-1"]
    assert search("internet sécu") == ["S-PRE-1"]
    if either_way == "full-text":  # LIKE finds any part of a word, wherever it is typed
        assert search("secu internet") == []


def test_every_word_is_needed_but_common_little_words_are_not(create_course, either_way):
    create_course(code="S-ALL-1", title="Internet en sécurité")
    create_course(code="S-ALL-2", title="Internet pour tous")
    assert search("internet securite") == ["S-ALL-1"]
    assert search("la securite sur internet") == ["S-ALL-1"]  # "la", "sur" are not required


def test_title_keywords_code_authors_and_summary_are_searched(create_course, either_way):
    create_course(code="S-FLD-1", title="Tableur", summary="Formules et graphiques.")
    create_course(code="S-FLD-2", title="Mise en page", keywords="LibreOffice, CV")
    create_course(code="S-FLD-3", title="Réseaux", authors="Awa Diop; Karim Benali")
    assert search("graphiques") == ["S-FLD-1"]
    assert search("libreoffice") == ["S-FLD-2"]
    assert search("benali") == ["S-FLD-3"]
    assert search("S-FLD-3") == ["S-FLD-3"]


def test_markdown_marks_and_link_addresses_are_not_words(create_course, either_way):
    create_course(
        code="S-MD-1",
        title="Cours",
        summary="Du **gras** et [un lien](https://exemple.org/zorglub).",
    )
    assert search("gras lien") == ["S-MD-1"]
    assert search("zorglub") == []


def test_a_match_in_the_title_ranks_first_then_keywords_then_summary(create_course):
    create_course(code="S-RNK-1", title="Bureautique", summary="On y parle de tableur.")
    create_course(code="S-RNK-2", title="Tableur pour débuter")
    create_course(code="S-RNK-3", title="Calcul", keywords="tableur, budget")
    create_course(code="S-RNK-4", title="Autre chose", summary="Rien à voir.")
    assert search("tableur") == ["S-RNK-2", "S-RNK-3", "S-RNK-1"]


def test_equally_relevant_courses_come_by_title_and_lists_without_words_by_title(create_course):
    create_course(code="S-TIE-1", title="Zèbre et tableur")
    create_course(code="S-TIE-2", title="Abeille et tableur")
    assert search("tableur") == ["S-TIE-2", "S-TIE-1"]
    assert search() == ["S-TIE-2", "S-TIE-1"]


def test_without_full_text_index_every_match_comes_by_title(create_course, portable):
    create_course(code="S-POR-1", title="Zèbre", summary="tableur")
    create_course(code="S-POR-2", title="Tableur")
    assert search("tableur") == ["S-POR-2", "S-POR-1"]


@pytest.mark.parametrize(
    "q", ['a" OR "b', "NEAR(a b)", "c++", "l'école", "*", "-x", "\\", "'", "a:*", "!b", "x & y"]
)
def test_query_syntax_typed_by_a_visitor_is_only_words(create_course, either_way, q):
    create_course(code="S-SYN-1", title="L'école du C++ : a, b, x et y")
    search(q)  # no error, whatever the database makes of the operators


def test_the_index_follows_every_write(create_course, editor):
    course = create_course(code="S-SYNC-1", title="Ancien titre")
    services.update_course(None, course, title="Concevoir une interface", summary="Maquettes.")
    assert search("interface maquettes") == ["S-SYNC-1"]
    assert search("ancien") == []
    services.archive_course(None, course)
    assert search("interface") == []
    draft = create_course(code="S-SYNC-2", title="Brouillon supprimé", status="draft")
    db.session.delete(draft)
    db.session.flush()
    if db.engine.dialect.name == "sqlite":  # the trigger removed it from the FTS5 table
        left = db.session.scalar(
            sa.text("SELECT count(*) FROM courses_fts WHERE rowid = :id"), {"id": draft.id}
        )
        assert left == 0
