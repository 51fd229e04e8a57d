"""Writes of the learning module: enrolments, steps done, completions. They flush, the edge
commits.

``actor`` None means the platform itself (CLI, demo seed): allowed everything. Otherwise:

* a learner enrols **themselves** in a published course or a published free path;
* enrolling **someone else**, and any enrolment in a tutored path, takes ``enrolment.manage``
  for that learner (site-wide, or as a role in one of their groups); a tutored path always
  gets a mentor who may follow the learner (the actor by default);
* enrolling in a path also enrols in each of its published courses (one course enrolment per
  course: see docs/architecture.md, *Learning*);
* re-enrolling reactivates a withdrawn enrolment, progress intact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from dclic.accounts.groups import can_follow, members
from dclic.accounts.models import Group, User
from dclic.core.db import db, utcnow
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.i18n import gettext as _
from dclic.core.signals import course_completed, path_completed
from dclic.courses.models import Course, LearningPath, PathCourse, Step
from dclic.learning import permissions, progress, queries
from dclic.learning.models import Enrolment, StepCompletion
from dclic.learning.progress import FOLLOWED

# --- enrolment --------------------------------------------------------------------------------


def _check_learner(learner: User) -> None:
    if learner is None or learner.deleted_at is not None or not learner.is_active:
        raise Invalid(
            _("Some fields are not valid."),
            {"learner_code": [_("This account is deleted or suspended.")]},
        )


def _mode(actor, learner: User, *, tutored: bool) -> str:
    """``self`` or ``assigned``, once the actor's right is checked."""
    if actor is None:
        return "assigned"
    if actor.id == learner.id:
        if tutored:
            raise NotAllowed(_("This path is tutored: ask your mentor to enrol you."))
        return "self"
    if not permissions.can_manage_enrolments_of(actor, learner):
        raise NotAllowed(_("You may not enrol this learner."))
    return "assigned"


def _mentor_for(actor, learner: User, mentor: User | None, *, tutored: bool) -> User | None:
    if mentor is None and tutored and actor is not None and actor.id != learner.id:
        mentor = actor
    if mentor is None:
        if tutored:
            raise Invalid(
                _("Some fields are not valid."),
                {"mentor": [_("A tutored path needs a mentor: give the mentor's code.")]},
            )
        return None
    if mentor.deleted_at is not None or not can_follow(mentor, learner):
        raise Invalid(
            _("Some fields are not valid."),
            {"mentor": [_("This person cannot follow this learner.")]},
        )
    return mentor


def _enrolment(
    actor, learner: User, mode: str, mentor: User | None, *, direct: bool = False, **target
) -> Enrolment:
    """Create, or reactivate, ``learner``'s enrolment in ``course=`` or ``path=``; ``direct``:
    a course asked for itself, not through a path (never locked by a path's prerequisites)."""
    [(kind, obj)] = target.items()
    enrolled_by_id = actor.id if actor is not None else None
    existing = queries.get_enrolment(learner, **target)
    if existing is None:
        enrolment = Enrolment(
            user_id=learner.id,
            mode=mode,
            enrolled_by_id=enrolled_by_id,
            mentor_id=mentor.id if mentor is not None else None,
            is_direct=direct,
            **{f"{kind}_id": obj.id},
        )
        try:
            with db.session.begin_nested():  # a double click must not become a 500
                db.session.add(enrolment)
            return enrolment
        except IntegrityError:
            existing = queries.get_enrolment(learner, **target)
    if existing.status == "withdrawn":
        existing.status = "completed" if existing.completed_at else "active"
        existing.mode = mode
        existing.enrolled_by_id = enrolled_by_id
        existing.enrolled_at = utcnow()
        existing.is_direct = direct
    elif direct and not existing.is_direct:
        existing.is_direct = True
    if mentor is not None:
        existing.mentor_id = mentor.id
    db.session.flush()
    return existing


def enrol_in_course(
    actor, learner: User, course: Course, *, mentor: User | None = None
) -> Enrolment:
    """Enrol ``learner`` in the published ``course`` (themselves, or by someone who manages
    their enrolments); returns the enrolment, new or reactivated (unchanged if active)."""
    _check_learner(learner)
    if not course.is_published:
        raise Invalid(
            _("Some fields are not valid."), {"course": [_("This course is not published.")]}
        )
    mode = _mode(actor, learner, tutored=False)
    mentor = _mentor_for(actor, learner, mentor, tutored=False)
    return _enrolment(actor, learner, mode, mentor, direct=True, course=course)


def enrol_in_path(
    actor, learner: User, path: LearningPath, *, mentor: User | None = None
) -> Enrolment:
    """Enrol ``learner`` in the published ``path`` and in each of its published courses.

    A free path takes self-enrolment; a tutored one is assigned by someone who manages the
    learner's enrolments, with a mentor (the actor when none is given).
    """
    _check_learner(learner)
    if not path.is_published:
        raise Invalid(
            _("Some fields are not valid."), {"path": [_("This learning path is not published.")]}
        )
    mode = _mode(actor, learner, tutored=path.is_tutored)
    mentor = _mentor_for(actor, learner, mentor, tutored=path.is_tutored)
    enrolment = _enrolment(actor, learner, mode, mentor, path=path)
    for entry in path.published_entries:
        _enrolment(actor, learner, mode, mentor, course=entry.course)
    return enrolment


def enrol(
    actor, learner: User, target: Course | LearningPath, *, mentor: User | None = None
) -> Enrolment:
    """:func:`enrol_in_course` or :func:`enrol_in_path`, whichever ``target`` is."""
    if isinstance(target, LearningPath):
        return enrol_in_path(actor, learner, target, mentor=mentor)
    return enrol_in_course(actor, learner, target, mentor=mentor)


def enrol_by_learner_code(
    actor, learner_code: str, target: Course | LearningPath, *, mentor: User | None = None
) -> Enrolment:
    """Enrol the learner whose code is ``learner_code`` (typed however sloppily)."""
    learner = queries.find_account(learner_code)
    if learner is None:
        raise Invalid(
            _("Some fields are not valid."),
            {"learner_code": [_("No account has this learner code.")]},
        )
    return enrol(actor, learner, target, mentor=mentor)


@dataclass
class GroupEnrolment:
    """What :func:`enrol_group` did: who is now enrolled, who already was."""

    enrolled: list[Enrolment] = field(default_factory=list)
    already: list[Enrolment] = field(default_factory=list)


def enrol_group(
    actor, group: Group, target: Course | LearningPath, *, mentor: User | None = None
) -> GroupEnrolment:
    """Enrol every member of ``group`` (active accounts) in ``target``, mode ``assigned``."""
    if actor is not None and not permissions.can_manage_group_enrolments(actor, group):
        raise NotAllowed(_("You may not enrol the members of this group."))
    result = GroupEnrolment()
    for person in members(group):
        if person.deleted_at is not None or not person.is_active:
            continue
        before = queries.get_enrolment(person, **_target_kwargs(target))
        was_followed = before is not None and before.status in FOLLOWED
        enrolment = enrol(actor, person, target, mentor=mentor)
        (result.already if was_followed else result.enrolled).append(enrolment)
    return result


def _target_kwargs(target) -> dict:
    return {"path": target} if isinstance(target, LearningPath) else {"course": target}


def withdraw(actor, enrolment: Enrolment) -> dict:
    """Withdraw ``enrolment`` (kept, status ``withdrawn``; progress kept); returns the changes.

    The learner withdraws what they enrolled in themselves; an assigned enrolment is withdrawn
    by someone who manages the learner's enrolments. A course of a path the learner follows
    cannot be left alone (leave the path). Leaving a path also withdraws its courses not
    started yet that no other followed path lists; started courses stay.
    """
    learner = enrolment.user
    if actor is not None and not permissions.can_withdraw(actor, enrolment):
        raise NotAllowed(
            _("Your mentor enrolled you: ask them to withdraw you.")
            if actor.id == learner.id
            else _("You may not withdraw this learner.")
        )
    if enrolment.status == "withdrawn":
        return {}
    if enrolment.course_id is not None and queries.granting_path(learner, enrolment.course):
        raise Conflict(
            _("This course is part of a learning path you follow: leave the path instead.")
        )
    changes = {"status": (enrolment.status, "withdrawn")}
    enrolment.status = "withdrawn"
    db.session.flush()
    if enrolment.path_id is not None:
        _withdraw_unstarted_courses(learner, enrolment.path)
    return changes


def _withdraw_unstarted_courses(learner: User, path: LearningPath) -> None:
    course_ids = [entry.course_id for entry in path.entries]
    done = progress.done_counts([learner.id], course_ids)
    for entry in path.entries:
        row = queries.get_enrolment(learner, course=entry.course)
        if row is None or row.status != "active" or done.get((learner.id, entry.course_id)):
            continue
        if queries.granting_path(learner, entry.course) is None:
            row.status = "withdrawn"
    db.session.flush()


# --- steps done and completions -----------------------------------------------------------------


def _course_enrolment(learner: User, course: Course) -> Enrolment:
    """``learner``'s followed enrolment in ``course``; created (or reactivated) from a path
    that lists the course when needed; NotAllowed when they follow neither, or when the
    course is locked by its prerequisites in their paths."""
    if not course.is_published:
        raise NotAllowed(_("This course is not published."))
    missing = queries.locked_by(learner, course)
    if missing:
        raise NotAllowed(
            _(
                "Complete these courses of your path first: %(codes)s.",
                codes=", ".join(other.code for other in missing),
            )
        )
    enrolment = queries.get_enrolment(learner, course=course)
    if enrolment is not None and enrolment.status in FOLLOWED:
        return enrolment
    path_enrolment = queries.granting_path(learner, course)
    if path_enrolment is None:
        raise NotAllowed(
            _("Enrol in this course to follow it: use the button on the course's page.")
        )
    mentor = db.session.get(User, path_enrolment.mentor_id) if path_enrolment.mentor_id else None
    return _enrolment(None, learner, path_enrolment.mode, mentor, course=course)


def _check_self(actor, learner: User) -> None:
    if actor is not None and actor.id != learner.id:
        raise NotAllowed(_("Only the learner records their own progress."))


def visit_step(actor, learner: User, step: Step) -> Enrolment:
    """Note that ``learner`` opened ``step`` (to resume there); a text step is done once read.

    Returns the course enrolment (completed if that was the last step missing).
    """
    _check_self(actor, learner)
    enrolment = _course_enrolment(learner, step.module.course)
    enrolment.last_step_id = step.id
    enrolment.last_activity_at = utcnow()
    if step.kind == "text":
        _record_completion(learner, step, enrolment)
    db.session.flush()
    return enrolment


def complete_step(actor, learner: User, step: Step) -> Enrolment:
    """Mark ``step`` done for ``learner`` (idempotent); completes the course when it was the
    last step missing (signal ``course-completed``), and each path whose required courses
    are then all completed (signal ``path-completed``). Returns the course enrolment."""
    _check_self(actor, learner)
    enrolment = _course_enrolment(learner, step.module.course)
    enrolment.last_step_id = step.id
    enrolment.last_activity_at = utcnow()
    _record_completion(learner, step, enrolment)
    db.session.flush()
    return enrolment


def _record_completion(learner: User, step: Step, enrolment: Enrolment) -> None:
    if db.session.get(StepCompletion, (learner.id, step.id)) is None:
        try:
            with db.session.begin_nested():  # two tabs may record the same step at once
                db.session.add(StepCompletion(user_id=learner.id, step_id=step.id))
        except IntegrityError:
            pass
    if enrolment.status != "completed":
        _complete_course_if_done(learner, enrolment)


def _complete_course_if_done(learner: User, enrolment: Enrolment) -> None:
    course = enrolment.course
    found = progress.course_progress(learner, course, enrolment)
    if not found.total or found.done < found.total:
        return
    enrolment.status = "completed"
    enrolment.completed_at = utcnow()
    db.session.flush()
    course_completed.send(
        enrolment, user=learner, course=course, completed_at=enrolment.completed_at
    )
    _complete_paths_if_done(learner, course)


def _complete_paths_if_done(learner: User, course: Course) -> None:
    path_enrolments = db.session.scalars(
        sa.select(Enrolment)
        .join(PathCourse, PathCourse.path_id == Enrolment.path_id)
        .where(
            Enrolment.user_id == learner.id,
            Enrolment.status == "active",
            PathCourse.course_id == course.id,
        )
    ).all()
    for path_enrolment in path_enrolments:
        entries = path_enrolment.path.published_entries
        counted = [entry for entry in entries if entry.is_required] or entries
        rows = db.session.execute(
            sa.select(Enrolment.course_id, Enrolment.status).where(
                Enrolment.user_id == learner.id,
                Enrolment.course_id.in_([entry.course_id for entry in counted]),
            )
        )
        statuses = dict(rows.all())
        if counted and all(statuses.get(entry.course_id) == "completed" for entry in counted):
            path_enrolment.status = "completed"
            path_enrolment.completed_at = utcnow()
            db.session.flush()
            path_completed.send(
                path_enrolment,
                user=learner,
                path=path_enrolment.path,
                completed_at=path_enrolment.completed_at,
            )
