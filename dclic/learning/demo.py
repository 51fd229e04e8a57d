"""The learning part of the French demo data set (see dclic.demo); idempotent.

Gives the demo courses a small syllabus (two modules of text steps, see demo_syllabus.py)
when they have none, a group followed by a mentor, and enrolments with some progress:

* Fatou Ndiaye follows the free path *Initiation au numérique*: first course completed, the
  second started;
* Moussa Traoré and Youssef Benali are on the tutored paths *Métiers du web* (mentor Aminata
  Diallo) and *Marketing digital* (mentor Koffi Mensah), each a few steps in;
* Awa Konaté follows *Communiquer par e-mail et messagerie* on its own, half done;
* Chloé Martin and Jean Kabongo follow nothing yet (the browser journeys enrol Chloé).
"""

from __future__ import annotations

import sqlalchemy as sa

from dclic.accounts import queries as accounts
from dclic.accounts.models import Group, GroupMember, RoleAssignment
from dclic.core.db import db
from dclic.core.richtext import render
from dclic.courses import queries as courses
from dclic.courses.models import CourseModule, Step
from dclic.learning import queries, services
from dclic.learning.demo_syllabus import SYLLABUS

GROUP = "Cohorte D-CLIC Dakar 2026"
GROUP_MENTOR = "koffi.mensah@dclic.example"
GROUP_MEMBERS = (
    "fatou.ndiaye@dclic.example",
    "moussa.traore@dclic.example",
    "élève@école.example",
)
# learner, course or path code, who enrols them (None: themselves), [(course code, steps done)]
ENROLMENTS = [
    (
        "fatou.ndiaye@dclic.example",
        "path:DCLIC-PATH-INIT",
        None,
        [("DCLIC-MOB-001", 4), ("DCLIC-NET-001", 1)],
    ),
    (
        "moussa.traore@dclic.example",
        "path:DCLIC-PATH-WEB",
        "aminata.diallo@dclic.example",
        [("DCLIC-WEB-001", 2)],
    ),
    (
        "youssef.benali@dclic.example",
        "path:DCLIC-PATH-MKT",
        "koffi.mensah@dclic.example",
        [("DCLIC-MKT-001", 1)],
    ),
    ("élève@école.example", "course:DCLIC-NET-002", None, [("DCLIC-NET-002", 2)]),
]


def _ensure_syllabus(code: str, modules) -> int:
    """Add the modules and steps of ``code`` when it has no module yet; the steps added."""
    course = courses.get_course(code)
    if course is None or course.modules:
        return 0
    added = 0
    for m_position, (title, steps) in enumerate(modules, start=1):
        module = CourseModule(course=course, position=m_position, title=title)
        db.session.add(module)
        for s_position, (step_title, minutes, body) in enumerate(steps, start=1):
            module.steps.append(
                Step(
                    position=s_position,
                    kind="text",
                    title=step_title,
                    body=body,
                    body_html=str(render(body)),
                    duration_minutes=minutes,
                )
            )
            added += 1
    db.session.flush()
    return added


def _ensure_group() -> bool:
    if db.session.scalar(sa.select(Group).where(Group.name == GROUP)) is not None:
        return False
    group = Group(name=GROUP, description="Apprenants accompagnés par le centre de Dakar.")
    db.session.add(group)
    db.session.flush()
    for email in GROUP_MEMBERS:
        person = accounts.get_user_by_email(email)
        if person is not None:
            db.session.add(GroupMember(group_id=group.id, user_id=person.id))
    mentor, role = accounts.get_user_by_email(GROUP_MENTOR), accounts.get_role("mentor")
    if mentor is not None and role is not None:
        db.session.add(
            RoleAssignment(
                user_id=mentor.id, role_id=role.id, context_type="group", context_id=group.id
            )
        )
    db.session.flush()
    return True


def _ensure_enrolment(email, target_value, enrolled_by, progress) -> bool:
    learner = accounts.get_user_by_email(email)
    target = queries.parse_target(target_value)
    kind = "path" if target_value.startswith("path:") else "course"
    if learner is None or queries.get_enrolment(learner, **{kind: target}) is not None:
        return False
    actor = accounts.get_user_by_email(enrolled_by) if enrolled_by else learner
    services.enrol(actor, learner, target)
    for code, done in progress:
        player = queries.get_player(learner, code)
        for step in player.steps[:done]:
            services.complete_step(None, learner, step)
    return True


def seed_learning() -> dict[str, int]:
    """Create the demo syllabus, group and enrolments that do not exist yet; return counts."""
    created = {
        "course steps": sum(_ensure_syllabus(code, modules) for code, modules in SYLLABUS.items()),
        "groups": int(_ensure_group()),
        "enrolments": sum(_ensure_enrolment(*spec) for spec in ENROLMENTS),
    }
    return {kind: n for kind, n in created.items() if n}
