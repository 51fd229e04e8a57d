"""Reads of the learning module: enrolments, who may open a course, progress overviews."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dclic.accounts import groups
from dclic.accounts import queries as accounts
from dclic.accounts.models import User
from dclic.core.db import db
from dclic.core.errors import Invalid, NotAllowed, NotFound
from dclic.core.i18n import gettext as _
from dclic.courses import queries as courses
from dclic.courses.models import Course, CourseModule, LearningPath, PathCourse, Step
from dclic.learning import permissions, progress
from dclic.learning.models import Enrolment, StepCompletion
from dclic.learning.player import Player
from dclic.learning.progress import FOLLOWED, CourseProgress, Overview, PathProgress


def get_enrolment(user, *, course=None, path=None) -> Enrolment | None:
    """``user``'s enrolment (any status) in ``course`` or in ``path``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    column, target = (
        (Enrolment.course_id, course) if course is not None else (Enrolment.path_id, path)
    )
    return db.session.scalar(
        sa.select(Enrolment).where(Enrolment.user_id == user.id, column == target.id)
    )


def get_user_enrolment(user, enrolment_id) -> Enrolment:
    """One of ``user``'s own enrolments by id; else NotFound (someone else's included)."""
    enrolment = db.session.get(Enrolment, enrolment_id) if str(enrolment_id).isdigit() else None
    if enrolment is None or enrolment.user_id != user.id:
        raise NotFound(_("You have no such enrolment."))
    return enrolment


def granting_path(user, course: Course) -> Enrolment | None:
    """A path enrolment of ``user`` (active or completed) whose path lists ``course``."""
    return db.session.scalar(
        sa.select(Enrolment)
        .join(PathCourse, PathCourse.path_id == Enrolment.path_id)
        .where(
            Enrolment.user_id == user.id,
            Enrolment.status.in_(FOLLOWED),
            PathCourse.course_id == course.id,
        )
        .order_by(Enrolment.enrolled_at)
        .limit(1)
    )


def locked_by(user, course: Course) -> list[Course]:
    """The courses ``user`` must complete before opening ``course``: its prerequisites in the
    paths they follow (see :func:`dclic.learning.progress.missing_before`); empty when open.
    Two queries when no rule applies, three otherwise."""
    enrolment = get_enrolment(user, course=course)
    if enrolment is not None and enrolment.status in FOLLOWED and enrolment.is_direct:
        return []
    places = db.session.scalars(
        sa.select(PathCourse)
        .join(Enrolment, Enrolment.path_id == PathCourse.path_id)
        .where(
            Enrolment.user_id == user.id,
            Enrolment.status.in_(FOLLOWED),
            PathCourse.course_id == course.id,
        )
        .order_by(Enrolment.enrolled_at)
        .options(selectinload(PathCourse.prerequisites))
    ).all()
    wanted = {rule.requires_course_id for entry in places for rule in entry.prerequisites}
    if not wanted:
        return []
    completed = set(
        db.session.scalars(
            sa.select(Enrolment.course_id).where(
                Enrolment.user_id == user.id,
                Enrolment.status == "completed",
                Enrolment.course_id.in_(wanted),
            )
        )
    )
    return progress.missing_before(places, enrolment, completed)


def follows_course(user, course: Course) -> bool:
    """Is ``user`` enrolled in ``course``, on its own or through a path they follow?"""
    enrolment = get_enrolment(user, course=course)
    if enrolment is not None and enrolment.status in FOLLOWED:
        return True
    return granting_path(user, course) is not None


def done_step_ids(user, course: Course) -> set[int]:
    """The ids of ``course``'s steps that ``user`` has done (one query)."""
    return set(
        db.session.scalars(
            sa.select(StepCompletion.step_id)
            .join(Step, Step.id == StepCompletion.step_id)
            .join(CourseModule, CourseModule.id == Step.module_id)
            .where(StepCompletion.user_id == user.id, CourseModule.course_id == course.id)
        )
    )


def _course_with_syllabus(code: str) -> Course | None:
    return db.session.scalar(
        sa.select(Course)
        .where(Course.code == (code or "").strip().upper())
        .options(selectinload(Course.modules).selectinload(CourseModule.steps))
    )


def get_player(viewer, code: str, *, preview: bool = False) -> Player:
    """The course ``code`` as ``viewer`` may open it in the player.

    A learner enrolled in the published course (on its own or through a path) gets it in
    learner mode; an editor otherwise (or when asking for ``preview``) in preview mode, any
    status. Others: NotFound for a course that does not exist or is not published, NotAllowed
    for a published course they are not enrolled in.
    """
    course = _course_with_syllabus(code)
    if course is None:
        raise NotFound(_("This course does not exist or is not published."))
    can_preview = permissions.can_preview_courses(viewer)
    if course.is_published and not (preview and can_preview):
        enrolment = get_enrolment(viewer, course=course)
        if enrolment is not None and enrolment.status not in FOLLOWED:
            enrolment = None
        if enrolment is not None or granting_path(viewer, course) is not None:
            player = Player(course, enrolment, done_step_ids(viewer, course), is_preview=False)
            player.locked_by = locked_by(viewer, course)
            return player
    if can_preview:
        return Player(course, None, set(), is_preview=True)
    if not course.is_published:
        raise NotFound(_("This course does not exist or is not published."))
    raise NotAllowed(_("Enrol in this course to follow it: use the button on the course's page."))


def get_course_progress(user, code: str) -> CourseProgress:
    """``user``'s progress in the published course ``code`` they follow; NotFound otherwise."""
    course = courses.get_published_course(code)
    if not follows_course(user, course):
        raise NotFound(_("You are not enrolled in this course."))
    found = progress.course_progress(user, course, get_enrolment(user, course=course))
    found.locked_by = locked_by(user, course)
    return found


def get_syllabus(user, code: str) -> Player:
    """The modules and steps of the published course ``code`` with ``user``'s steps done, for
    a learner who follows it; NotFound otherwise."""
    player = get_player(user, code)
    if player.is_preview and not player.course.is_published:
        raise NotFound(_("This course does not exist or is not published."))
    return player


def get_overview(user) -> Overview:
    """What ``user`` follows, with progress (a fixed number of queries)."""
    return progress.overview_of(user)


def find_account(code: str) -> User | None:
    """The (not deleted) account with this learner code, typed however sloppily."""
    user = accounts.get_user_by_learner_code(code)
    return user if user is not None and user.deleted_at is None else None


def get_learner(code: str) -> User:
    """The account with this learner code (typed however sloppily); else NotFound."""
    learner = find_account(code)
    if learner is None:
        raise NotFound(_("No account has this learner code."))
    return learner


def get_mentor(code: str | None) -> User | None:
    """The mentor named by their learner code; None when left empty; Invalid on ``mentor``."""
    if not (code or "").strip():
        return None
    mentor = find_account(code)
    if mentor is None:
        raise Invalid(
            _("Some fields are not valid."), {"mentor": [_("No account has this learner code.")]}
        )
    return mentor


def get_learner_overview(viewer, learner: User) -> Overview:
    """``learner``'s progress, for those who may follow them (NotAllowed otherwise)."""
    if not permissions.can_follow(viewer, learner):
        raise NotAllowed(_("You do not follow this learner."))
    return progress.overview_of(learner)


def get_group_overview(viewer, group_id: int) -> tuple[object, list[tuple[User, Overview]]]:
    """A group and each member with their progress, for those who follow the group (a fixed
    number of queries whatever the number of members); NotAllowed, then NotFound."""
    if not permissions.can_follow_group(viewer, group_id):
        raise NotAllowed(_("You do not follow this group."))
    group = groups.get_group(group_id)
    people = [person for person in groups.members(group) if person.deleted_at is None]
    found = progress.overviews(progress.load_enrolments([person.id for person in people]))
    return group, [(person, found.get(person.id, Overview([], []))) for person in people]


def get_group(viewer, group_id: int):
    """The group ``group_id`` for someone who may enrol its members; NotAllowed, then NotFound."""
    if not permissions.can_manage_group_enrolments(viewer, group_id):
        raise NotAllowed(_("You may not enrol the members of this group."))
    return groups.get_group(group_id)


def get_target(kind: str, code: str) -> Course | LearningPath:
    """The published course or path to enrol in, named by its code; Invalid on the field."""
    getter = courses.get_published_course if kind == "course" else courses.get_published_path
    try:
        return getter(code or "")
    except NotFound:
        message = (
            _("No published course has this code.")
            if kind == "course"
            else _("No published learning path has this code.")
        )
        raise Invalid(_("Some fields are not valid."), {kind: [message]}) from None


def parse_target(value: str) -> Course | LearningPath:
    """``course:CODE`` or ``path:CODE`` (the value of the forms' list) as the thing itself."""
    kind, _sep, code = (value or "").partition(":")
    if kind not in ("course", "path"):
        raise Invalid(
            _("Some fields are not valid."), {"target": [_("Choose a course or a path.")]}
        )
    try:
        return get_target(kind, code)
    except Invalid as exc:
        raise Invalid(exc.message, {"target": exc.errors[kind]}) from None


def target_choices() -> list[tuple[str, str]]:
    """Every published path then course as ``(value, label)`` for the enrolment forms."""
    paths = db.session.execute(
        sa.select(LearningPath.code, LearningPath.title, LearningPath.is_tutored)
        .where(LearningPath.status == "published")
        .order_by(LearningPath.title)
    )
    found = db.session.execute(
        sa.select(Course.code, Course.title)
        .where(Course.status == "published")
        .order_by(Course.title)
    )
    tutored = _("tutored path")
    free = _("free path")
    return [
        *(
            (f"path:{code}", f"{title} ({tutored if is_tutored else free})")
            for code, title, is_tutored in paths
        ),
        *((f"course:{code}", f"{title} ({code})") for code, title in found),
    ]


# --- what the public course and path pages show (their include templates) ---------------------


@dataclass
class CourseState:
    """A signed-in user's relation to a course, for the course page's box."""

    enrolment: Enrolment | None
    progress: CourseProgress | None
    via_path: bool
    can_preview: bool

    @property
    def is_following(self) -> bool:
        return self.progress is not None


@dataclass
class PathState:
    """A signed-in user's relation to a path, for the path page's box."""

    enrolment: Enrolment | None
    progress: PathProgress | None


def course_state(user, course: Course) -> CourseState:
    """Enrolment and progress of ``user`` in ``course`` (a few queries; none for visitors)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return CourseState(None, None, False, False)
    enrolment = get_enrolment(user, course=course)
    followed = enrolment is not None and enrolment.status in FOLLOWED
    via_path = not followed and granting_path(user, course) is not None
    found = (
        progress.course_progress(user, course, enrolment if followed else None)
        if followed or via_path
        else None
    )
    return CourseState(enrolment, found, via_path, permissions.can_preview_courses(user))


def path_state(user, path: LearningPath) -> PathState:
    """Enrolment and progress of ``user`` in ``path`` (a few queries; none for visitors)."""
    enrolment = get_enrolment(user, path=path)
    if enrolment is None or enrolment.status not in FOLLOWED:
        return PathState(enrolment, None)
    found = progress.overviews(progress.load_enrolments([user.id]))
    overview = found.get(user.id, Overview([], []))
    mine = next((p for p in overview.paths if p.enrolment.id == enrolment.id), None)
    return PathState(enrolment, mine)


def get_step(step_id) -> Step:
    """The step ``step_id`` (its module and course reachable); else NotFound."""
    step = db.session.get(Step, step_id) if str(step_id).isdigit() else None
    if step is None:
        raise NotFound(_("This step does not exist."))
    return step
