"""The demo data shows every part of the protocol; the migration records what was published."""

from __future__ import annotations

import sqlalchemy as sa

from .conftest import NS, list_all


def test_the_demo_shows_sets_deletions_and_resumption(session, oai, page_size):
    from dclic.demo import seed

    seed(admin_email="admin.oai@dclic.example", admin_password="apprendre-le-numerique-oai")
    page_size(5)
    headers, tokens = list_all(oai, "ListRecords", metadataPrefix="lom")
    assert len(headers) >= 20 and len(tokens) >= 4
    assert sum(h.get("status") == "deleted" for h in headers) >= 1
    specs, root = [], oai("ListSets")
    while True:  # sets are paged too
        specs += [s.text for s in root.iter(NS + "setSpec")]
        token = root.findtext(f"{NS}ListSets/{NS}resumptionToken")
        if not token:
            break
        root = oai("ListSets", resumptionToken=token)
    assert len([s for s in specs if s.startswith("domain:")]) >= 8
    assert len([s for s in specs if s.startswith("path:")]) == 5


def test_the_migration_gives_published_contents_a_record(tmp_path):
    from flask_migrate import upgrade

    from dclic.core.db import db
    from tests.conftest import make_app

    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'backfill.sqlite3'}")
    with app.app_context():
        upgrade(revision="f0931484bec1")
        now = "2026-01-01 10:00:00.000000"
        statements = [
            "INSERT INTO courses (id, code, title, level, track, domain, duration_minutes, status,"
            " created_at, updated_at, provider) VALUES"
            f" (1, 'OLD-1', 'Publié', 'beginner', 'A', 'web', 60, 'published', '{now}', '{now}', NULL),"
            f" (2, 'OLD-2', 'Brouillon', 'beginner', 'A', 'web', 60, 'draft', '{now}', '{now}', NULL),"
            f" (3, 'OLD-3', 'Moissonné', 'beginner', 'A', 'web', 60, 'published', '{now}', '{now}',"
            " 'Ailleurs')",
            "INSERT INTO learning_paths (id, code, title, track, status, created_at, updated_at)"
            f" VALUES (1, 'OLD-PATH', 'Parcours', 'A', 'published', '{now}', '{now}')",
            "INSERT INTO path_courses (path_id, course_id, position) VALUES (1, 1, 1)",
        ]
        for statement in statements:
            db.session.execute(sa.text(statement))
        db.session.commit()
        upgrade()
        rows = db.session.execute(
            sa.text(
                "SELECT r.local_identifier, r.kind, r.is_deleted, s.spec FROM oai_records r"
                " JOIN oai_record_sets s ON s.record_id = r.id ORDER BY 1, 4"
            )
        ).all()
        db.session.remove()
    assert [tuple(row) for row in rows] == [
        ("OLD-1", "course", False, "domain:web"),
        ("OLD-1", "course", False, "path:OLD-PATH"),
        ("path:OLD-PATH", "path", False, "path:OLD-PATH"),
    ]
