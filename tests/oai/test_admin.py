"""The administrators' harvest pages: rights, forms, field errors, harvesting now."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.courses.models import Course
from dclic.oai import network, services
from dclic.oai.models import HarvestedRecord, HarvestRun, HarvestSource
from tests.helpers import csrf_token, post_form

FORM = {
    "name": "Université numérique",
    "base_url": "https://catalogue.example.org/oai",
    "metadata_prefix": "lom",
    "set_spec": "",
    "schedule": "weekly",
}


@pytest.fixture
def admin(create_user, login):
    user = create_user(roles=("admin",))
    login(user)
    return user


def _source(name: str) -> HarvestSource | None:
    return db.session.scalar(sa.select(HarvestSource).where(HarvestSource.name == name))


def test_visitors_sign_in_and_others_are_refused(client, create_user, login, make_source):
    source = make_source("https://catalogue.example.org/oai")
    assert client.get("/admin/harvest").status_code == 302  # to the sign-in page
    login(create_user(roles=("editor", "pedagogical_admin")))
    for path in ("/admin/harvest", f"/admin/harvest/{source.id}"):
        assert client.get(path).status_code == 403
    token = csrf_token(client, "/account")
    response = client.post(f"/admin/harvest/{source.id}/run", data={"csrf_token": token})
    assert response.status_code == 403
    assert client.post("/admin/harvest", data={**FORM, "csrf_token": token}).status_code == 403
    assert _source(FORM["name"]) is None


def test_an_administrator_registers_a_source(client, admin):
    page = client.get("/admin/harvest")
    assert page.status_code == 200 and 'name="base_url"' in page.get_data(as_text=True)
    response = post_form(client, "/admin/harvest", FORM)
    source = _source(FORM["name"])
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/harvest/{source.id}")
    assert (source.base_url, source.schedule, source.set_spec) == (FORM["base_url"], "weekly", None)
    html = client.get(f"/admin/harvest/{source.id}").get_data(as_text=True)
    assert FORM["name"] in html and 'name="schedule"' in html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "dclic"),  # the platform's own provider name
        ("base_url", ""),
        ("base_url", "ftp://catalogue.example.org/oai"),
        ("base_url", "https://user:secret@catalogue.example.org/oai"),
        ("base_url", "javascript:alert(1)"),
        ("metadata_prefix", "marc21"),
        ("set_spec", "a set with spaces"),
        ("schedule", "hourly"),
    ],
)
def test_bad_values_are_refused_on_their_field(client, admin, field, value):
    response = post_form(client, "/admin/harvest", {**FORM, field: value}, page="/admin/harvest")
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _source(FORM["name"]) is None


def test_a_name_is_taken_once(client, admin, make_source):
    make_source("https://other.example.org/oai", name=FORM["name"].upper())
    response = post_form(client, "/admin/harvest", FORM)
    assert response.status_code == 422 and 'id="name-error"' in response.get_data(as_text=True)


def test_private_addresses_are_refused_when_not_allowed(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "DCLIC_HARVEST_ALLOW_PRIVATE", False)
    for url in ("http://127.0.0.1:8000/oai", "http://10.0.0.8/oai", "http://[::1]/oai"):
        response = post_form(client, "/admin/harvest", {**FORM, "base_url": url})
        assert response.status_code == 422, url
        assert 'id="base_url-error"' in response.get_data(as_text=True)

    def public(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    monkeypatch.setattr(network, "resolve", public)
    assert post_form(client, "/admin/harvest", FORM).status_code == 302


def test_renaming_a_source_renames_the_provider_of_its_courses(make_source, make_course, admin):
    source = make_source("https://catalogue.example.org/oai", name="Ancien nom")
    course = make_course(code="EXT-ADM-1")
    course.provider = "Ancien nom"
    stamp = course.created_at
    link = HarvestedRecord(source_id=source.id, oai_identifier="oai:x:1", course_id=course.id)
    link.datestamp = stamp
    db.session.add(link)
    db.session.flush()
    changes = services.update_source(admin, source, name="Nouveau nom", set_spec="courses")
    assert changes == {"name": ("Ancien nom", "Nouveau nom"), "set_spec": (None, "courses")}
    assert db.session.get(Course, course.id).provider == "Nouveau nom"
    with pytest.raises(Invalid):
        services.update_source(admin, source, base_url="gopher://x")
    with pytest.raises(NotAllowed):
        services.create_source(_learner(), **FORM)


def _learner():
    from dclic.accounts import services as accounts

    return accounts.create_user(
        None, email="apprenant.oai@example.org", password="une phrase solide ok", display_name="A"
    )


def test_a_duplicate_name_is_a_conflict(make_source):
    make_source("https://a.example.org/oai", name="Même nom")
    with pytest.raises(Conflict):
        services.create_source(None, name="même NOM", base_url="https://b.example.org/oai")


def test_harvest_now_runs_the_job_and_shows_its_outcome(client, admin, make_source, no_retry):
    source = make_source("http://127.0.0.1:9/oai", name="Injoignable")
    db.session.commit()
    page = f"/admin/harvest/{source.id}"
    response = client.post(f"{page}/run", data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    run = db.session.scalar(sa.select(HarvestRun).where(HarvestRun.source_id == source.id))
    assert run is not None and run.status == "failed"  # jobs run inline here
    html = client.get(page).get_data(as_text=True)
    assert "127.0.0.1:9" in html
    listing = client.get("/admin/harvest").get_data(as_text=True)
    assert "Injoignable" in listing


def test_updating_through_the_page(client, admin, make_source):
    source = make_source("https://catalogue.example.org/oai", name="Avant")
    page = f"/admin/harvest/{source.id}"
    response = post_form(client, page, {**FORM, "name": "Après", "schedule": "daily"})
    assert response.status_code == 302
    db.session.refresh(source)
    assert (source.name, source.schedule) == ("Après", "daily")
    response = post_form(client, page, {**FORM, "base_url": "nope"})
    assert response.status_code == 422 and 'id="base_url-error"' in response.get_data(as_text=True)
    assert client.get("/admin/harvest/999999").status_code == 404


def test_the_list_page_costs_the_same_queries_whatever_the_sources(
    client, admin, make_source, count_queries
):
    def queries():
        db.session.flush()
        with count_queries() as counted:
            assert client.get("/admin/harvest").status_code == 200
        return counted.n

    make_source("https://a.example.org/oai")
    few = queries()
    for n in range(4):
        source = make_source(f"https://b{n}.example.org/oai")
        db.session.add(HarvestRun(source=source, status="succeeded"))
    assert queries() == few
