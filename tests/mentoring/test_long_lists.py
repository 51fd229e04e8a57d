"""Long lists stay small: the queue is paginated, the event form's agendas are found by a
search (no JavaScript) instead of a select of hundreds; pages stay under 14 KB compressed."""

import re

import pytest

from dclic.mentoring import events, queue
from tests.helpers import post_form
from tests.mentoring.conftest import at

LIMIT = 14 * 1024


def html(response) -> str:
    return response.get_data(as_text=True)


def small(client, url) -> str:
    response = client.get(url, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200, url
    assert response.headers.get("Content-Encoding") == "br"
    assert len(response.get_data()) <= LIMIT, url
    return html(client.get(url))


@pytest.fixture
def many_waiting(create_user, session):
    from dclic.courses import services as courses
    from dclic.learning.models import Enrolment

    path = courses.create_path(None, title="Parcours accompagné", track="M", is_tutored=True)
    made = []
    for n in range(65):
        person = create_user(display_name=f"Apprenant numéro {n:03d} avec un nom assez long")
        made.append(Enrolment(user_id=person.id, path_id=path.id, mode="assigned"))
    session.add_all(made)
    session.commit()
    return made


def test_the_queue_is_paginated_and_small(
    many_waiting, mentor, create_user, client, sign_in, count_queries
):
    sign_in(create_user(roles=("pedagogical_admin",)))
    first = small(client, "/mentoring/queue")
    assert len(re.findall(r'id="enrolment-\d+"', first)) == 20
    assert f'id="enrolment-{many_waiting[0].id}"' in first  # oldest first
    assert 'rel="next"' in first
    last = small(client, "/mentoring/queue?page=4")
    assert len(re.findall(r'id="enrolment-\d+"', last)) == 5
    assert f'id="enrolment-{many_waiting[-1].id}"' in last
    assert client.get("/mentoring/queue?page=abc").status_code == 200
    with count_queries() as one_page:
        client.get("/mentoring/queue?page=2")
    with count_queries() as other_page:
        client.get("/mentoring/queue?page=3")
    assert one_page.n == other_page.n
    assert queue.queue_page(mentor, 2).total == 65


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def many_contexts(admin, create_course, session):
    from dclic.accounts import groups
    from dclic.courses import services as courses

    for n in range(110):
        groups.create_group(admin, f"Groupe de formation numéro {n:03d}")
    for n in range(25):
        create_course(title=f"Cours avec un titre plutôt long numéro {n:03d}")
        courses.create_path(None, title=f"Parcours avec un titre long numéro {n:03d}", track="M")
    target = create_course(title="Atelier unique")
    for n in range(25):
        create_course(title=f"Cours plus récent numéro {n:03d}")
    session.commit()
    return target


def test_the_event_form_offers_few_agendas_and_a_search(many_contexts, admin, client, sign_in):
    sign_in(admin)
    page = small(client, "/agenda/events")
    radios = page.count('name="target"')
    assert 0 < radios <= 3 * events.SHOWN_CHOICES
    assert 'id="more-targets"' in page and 'id="context-search"' in page
    assert f"course:{many_contexts.id}" not in page  # not among the newest: search for it
    found = small(client, "/agenda/events?q=unique")
    assert found.count('name="target"') == 1 and f'value="course:{many_contexts.id}"' in found


def test_posting_after_a_search_keeps_the_choice_on_error(
    many_contexts, admin, client, sign_in, monday, session
):
    from dclic.mentoring.outreach_models import AgendaEvent

    sign_in(admin)
    target = f"course:{many_contexts.id}"
    data = {"target": target, "title": "Séance", "date": monday.isoformat()}
    data |= {"start": "10:00", "end": "09:00"}
    response = post_form(client, "/agenda/events", data, page="/agenda/events?q=unique")
    assert response.status_code == 422
    assert re.search(rf'value="{target}"[^>]*checked|checked[^>]*value="{target}"', html(response))
    data["end"] = "11:00"
    response = post_form(client, "/agenda/events", data, page="/agenda/events")
    assert response.status_code == 302
    [event] = session.query(AgendaEvent).filter_by(context_id=many_contexts.id).all()
    assert event.starts_at == at(monday, 10, zone="UTC")
    response = post_form(client, "/agenda/events", {**data, "target": ""}, page="/agenda/events")
    assert response.status_code == 422 and 'id="target-error"' in html(response)
