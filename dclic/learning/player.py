"""What the course player shows: a course's steps in order, where the learner stands in them.

Built once per page from the course with its modules and steps loaded (one query for the
course, one for the modules and one for the steps) and the ids of the steps done (one query).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dclic.courses.models import Course, CourseModule, Step
from dclic.learning.models import Enrolment
from dclic.learning.progress import course_percent


@dataclass
class Player:
    """A course seen through the player, by a learner (recording) or an editor (preview)."""

    course: Course
    enrolment: Enrolment | None  # None in preview mode
    done_ids: set[int]
    is_preview: bool
    # The courses to complete first (prerequisites in the learner's paths); empty: open.
    locked_by: list[Course] = field(default_factory=list)

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_by)

    @property
    def modules(self) -> list[CourseModule]:
        return [module for module in self.course.modules if module.steps]

    @property
    def steps(self) -> list[Step]:
        return [step for module in self.course.modules for step in module.steps]

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def done(self) -> int:
        return sum(step.id in self.done_ids for step in self.steps)

    @property
    def is_completed(self) -> bool:
        return self.enrolment is not None and self.enrolment.status == "completed"

    @property
    def percent(self) -> int:
        return course_percent(self.done, self.total, self.is_completed)

    @property
    def outline(self) -> list[dict]:
        """The modules, each with its steps and whether each is done (the API's syllabus)."""
        return [
            {
                "position": module.position,
                "title": module.title,
                "steps": [
                    {"step": step, "is_done": step.id in self.done_ids} for step in module.steps
                ],
            }
            for module in self.modules
        ]

    def step(self, step_id: int) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)

    def neighbours(self, step: Step) -> tuple[Step | None, Step | None]:
        """The steps before and after ``step`` in the course (across modules)."""
        steps = self.steps
        index = steps.index(step)
        return (
            steps[index - 1] if index > 0 else None,
            steps[index + 1] if index + 1 < len(steps) else None,
        )

    def position(self, step: Step) -> int:
        """``step``'s number in the course, from 1."""
        return self.steps.index(step) + 1

    def resume_step(self) -> Step | None:
        """Where to start again: the step last opened if it is not done yet, else the first
        step not done after it (then from the start); the last one opened when all are done."""
        steps = self.steps
        if not steps:
            return None
        last = None
        if self.enrolment is not None and self.enrolment.last_step_id:
            last = self.step(self.enrolment.last_step_id)
        start = steps.index(last) if last is not None else 0
        for step in steps[start:] + steps[:start]:
            if step.id not in self.done_ids:
                return step
        return last or steps[0]
