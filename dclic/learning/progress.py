"""Progress of learners in courses and paths, computed in bulk with a fixed number of queries.

A course's progress is its steps done out of its steps; a completed course counts 100 % even
if steps were added after its completion (completion is a fact in time). A path's percentage
is the mean of its required courses' percentages (all its courses when none is required), so
it moves with every step and reaches 100 % exactly when every required course is completed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dclic.core.db import db
from dclic.courses.models import Course, CourseModule, LearningPath, PathCourse, Step
from dclic.learning.models import Enrolment, StepCompletion

FOLLOWED = ("active", "completed")


def course_percent(done: int, total: int, is_completed: bool) -> int:
    """Steps done out of ``total``, rounded down; 100 only once the course is completed."""
    if is_completed:
        return 100
    return min(99, done * 100 // total) if total else 0


@dataclass
class CourseProgress:
    """One learner's progress in one course."""

    course: Course
    enrolment: Enrolment | None
    done: int
    total: int
    # The courses to complete first (prerequisites in the paths followed); empty: open.
    locked_by: list[Course] = field(default_factory=list)

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_by)

    @property
    def is_completed(self) -> bool:
        return self.enrolment is not None and self.enrolment.status == "completed"

    @property
    def percent(self) -> int:
        return course_percent(self.done, self.total, self.is_completed)

    @property
    def last_activity_at(self) -> datetime | None:
        return self.enrolment.last_activity_at if self.enrolment else None

    @property
    def completed_at(self) -> datetime | None:
        return self.enrolment.completed_at if self.is_completed else None

    @property
    def is_started(self) -> bool:
        return self.done > 0


@dataclass
class PathCourseProgress:
    """A course of a path (its place, whether it is required) and the learner's progress."""

    entry: PathCourse
    progress: CourseProgress

    @property
    def is_required(self) -> bool:
        return self.entry.is_required


@dataclass
class PathProgress:
    """One learner's progress in one learning path, course by course."""

    path: LearningPath
    enrolment: Enrolment
    courses: list[PathCourseProgress] = field(default_factory=list)

    @property
    def counted(self) -> list[PathCourseProgress]:
        required = [item for item in self.courses if item.is_required]
        return required or self.courses

    @property
    def required_total(self) -> int:
        return len(self.counted)

    @property
    def required_done(self) -> int:
        return sum(item.progress.is_completed for item in self.counted)

    @property
    def percent(self) -> int:
        if self.enrolment.status == "completed":
            return 100
        counted = self.counted
        if not counted:
            return 0
        return min(99, sum(item.progress.percent for item in counted) // len(counted))

    @property
    def next_course(self) -> CourseProgress | None:
        """The first course of the path neither completed nor locked (to continue with)."""
        return next(
            (
                i.progress
                for i in self.courses
                if not (i.progress.is_completed or i.progress.is_locked)
            ),
            None,
        )


@dataclass
class Overview:
    """Everything one learner follows: courses on their own, and paths with their courses."""

    courses: list[CourseProgress]
    paths: list[PathProgress]

    @property
    def is_empty(self) -> bool:
        return not self.courses and not self.paths


def missing_before(places: Iterable[PathCourse], enrolment: Enrolment | None, completed_ids):
    """The courses still to complete before a course opens, given its ``places`` in the paths
    the learner follows (their path's entries and rules loaded), the learner's ``enrolment``
    in it and the ids of the courses they completed; empty when it is open.

    Open: a course followed on its own (``is_direct``) or already completed; a course whose
    rules are met in one of its paths. Only published prerequisites count (a learner could
    not complete another). Otherwise: the shortest list of missing courses among its paths.
    """
    followed = enrolment is not None and enrolment.status in FOLLOWED
    if followed and (enrolment.is_direct or enrolment.status == "completed"):
        return []
    best: list[Course] | None = None
    for entry in places:
        missing = [
            course
            for course in entry.prerequisite_courses
            if course.is_published and course.id not in completed_ids
        ]
        if not missing:
            return []
        if best is None or len(missing) < len(best):
            best = missing
    return best or []


def step_totals(course_ids: Iterable[int]) -> dict[int, int]:
    """``{course id: number of steps}`` (one query)."""
    ids = list(set(course_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(CourseModule.course_id, sa.func.count(Step.id))
        .join(Step, Step.module_id == CourseModule.id)
        .where(CourseModule.course_id.in_(ids))
        .group_by(CourseModule.course_id)
    )
    return dict(rows.all())


def done_counts(user_ids: Iterable[int], course_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """``{(user id, course id): steps done}`` (one query)."""
    users, courses = list(set(user_ids)), list(set(course_ids))
    if not users or not courses:
        return {}
    rows = db.session.execute(
        sa.select(StepCompletion.user_id, CourseModule.course_id, sa.func.count())
        .join(Step, Step.id == StepCompletion.step_id)
        .join(CourseModule, CourseModule.id == Step.module_id)
        .where(StepCompletion.user_id.in_(users), CourseModule.course_id.in_(courses))
        .group_by(StepCompletion.user_id, CourseModule.course_id)
    )
    return {(user_id, course_id): n for user_id, course_id, n in rows}


def load_enrolments(user_ids: Iterable[int], statuses=FOLLOWED) -> list[Enrolment]:
    """The enrolments of these users in these statuses, course or path and the path's courses
    and prerequisites loaded (three queries whatever their number)."""
    ids = list(set(user_ids))
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Enrolment)
            .where(Enrolment.user_id.in_(ids), Enrolment.status.in_(statuses))
            .options(
                joinedload(Enrolment.course),
                joinedload(Enrolment.path)
                .selectinload(LearningPath.entries)
                .options(joinedload(PathCourse.course), joinedload(PathCourse.prerequisites)),
            )
            .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
        ).unique()
    )


def overviews(enrolments: list[Enrolment]) -> dict[int, Overview]:
    """``{user id: Overview}`` from enrolments loaded by :func:`load_enrolments` (two more
    queries: the step totals and the steps done); courses of paths carry ``locked_by``."""
    course_ids: set[int] = set()
    for enrolment in enrolments:
        if enrolment.course_id:
            course_ids.add(enrolment.course_id)
        else:
            course_ids.update(e.course_id for e in enrolment.path.published_entries)
    totals = step_totals(course_ids)
    done = done_counts({e.user_id for e in enrolments}, course_ids)
    rows = {(e.user_id, e.course_id): e for e in enrolments if e.course_id}

    def course_progress(user_id: int, course: Course) -> CourseProgress:
        return CourseProgress(
            course,
            rows.get((user_id, course.id)),
            done.get((user_id, course.id), 0),
            totals.get(course.id, 0),
        )

    result: dict[int, Overview] = {}
    in_paths: dict[int, set[int]] = {}
    for enrolment in enrolments:
        if enrolment.path_id:
            overview = result.setdefault(enrolment.user_id, Overview([], []))
            items = [
                PathCourseProgress(entry, course_progress(enrolment.user_id, entry.course))
                for entry in enrolment.path.published_entries
            ]
            overview.paths.append(PathProgress(enrolment.path, enrolment, items))
            in_paths.setdefault(enrolment.user_id, set()).update(i.entry.course_id for i in items)
    _lock(result, rows)
    for enrolment in enrolments:
        if enrolment.course_id and enrolment.course.is_published:
            overview = result.setdefault(enrolment.user_id, Overview([], []))
            if enrolment.course_id not in in_paths.get(enrolment.user_id, ()):
                overview.courses.append(course_progress(enrolment.user_id, enrolment.course))
    return result


def _lock(result: dict[int, Overview], rows: dict[tuple[int, int], Enrolment]) -> None:
    """Set ``locked_by`` on the courses of the paths in ``result`` (no query)."""
    completed_by: dict[int, set[int]] = {}
    for (user_id, course_id), enrolment in rows.items():
        if enrolment.status == "completed":
            completed_by.setdefault(user_id, set()).add(course_id)
    for user_id, overview in result.items():
        completed = completed_by.get(user_id, set())
        places: dict[int, list[PathCourse]] = {}
        for path in overview.paths:
            for item in path.courses:
                places.setdefault(item.entry.course_id, []).append(item.entry)
        for path in overview.paths:
            for item in path.courses:
                course_id = item.entry.course_id
                row = rows.get((user_id, course_id))
                item.progress.locked_by = missing_before(places[course_id], row, completed)


def overview_of(user) -> Overview:
    """What ``user`` follows, with progress (five queries whatever the number of enrolments)."""
    return overviews(load_enrolments([user.id])).get(user.id, Overview([], []))


def course_progress(user, course: Course, enrolment: Enrolment | None) -> CourseProgress:
    """``user``'s progress in ``course`` (two queries)."""
    total = step_totals([course.id]).get(course.id, 0)
    done = done_counts([user.id], [course.id]).get((user.id, course.id), 0)
    return CourseProgress(course, enrolment, done, total)
