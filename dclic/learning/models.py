"""Enrolments and completed steps."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.core.db import UTCDateTime, db, utcnow

ENROLMENT_STATUSES = ("active", "completed", "withdrawn")
ENROLMENT_MODES = ("self", "assigned")


class Enrolment(db.Model):
    """A learner's enrolment in one course or one learning path (exactly one of the two)."""

    __tablename__ = "enrolments"
    __table_args__ = (
        sa.CheckConstraint("(course_id IS NULL) <> (path_id IS NULL)", name="course_or_path"),
        sa.CheckConstraint("status IN ('active', 'completed', 'withdrawn')", name="status"),
        sa.CheckConstraint("mode IN ('self', 'assigned')", name="mode"),
        sa.UniqueConstraint("user_id", "course_id", name="uq_enrolments_user_course"),
        sa.UniqueConstraint("user_id", "path_id", name="uq_enrolments_user_path"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    path_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("learning_paths.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(
        sa.String(10), default="active", server_default="active",
        comment="active, completed or withdrawn",
    )  # fmt: skip
    mode: Mapped[str] = mapped_column(
        sa.String(10), comment="self: the learner enrolled; assigned: a mentor or admin did"
    )
    enrolled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), comment="Who enrolled the learner"
    )
    mentor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True,
        comment="The mentor following the learner (tutored paths)",
    )  # fmt: skip
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_direct: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false(),
        comment="Course enrolments: asked for the course itself, not only through a path "
        "(the path's prerequisites then do not lock it)",
    )  # fmt: skip
    due_on: Mapped[date | None] = mapped_column(
        sa.Date, comment="The day the learner should have finished by (set by a mentor or admin)"
    )
    last_step_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("course_steps.id", ondelete="SET NULL"),
        comment="Course enrolments: where the learner stopped, to resume there",
    )

    user = relationship("User", foreign_keys=[user_id])
    mentor = relationship("User", foreign_keys=[mentor_id])
    course = relationship("Course")
    path = relationship("LearningPath")

    __audited__ = (
        "user_id", "course_id", "path_id", "status", "mode", "enrolled_by_id", "mentor_id",
        "completed_at", "is_direct", "due_on",
    )  # fmt: skip

    def is_overdue(self, today: date) -> bool:
        """Still active after its due day."""
        return self.status == "active" and self.due_on is not None and self.due_on < today

    def __repr__(self) -> str:
        target = f"course={self.course_id}" if self.course_id else f"path={self.path_id}"
        return f"<Enrolment user={self.user_id} {target} {self.status}>"


class StepCompletion(db.Model):
    """A step a learner has done (viewed or marked done)."""

    __tablename__ = "step_completions"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    step_id: Mapped[int] = mapped_column(
        sa.ForeignKey("course_steps.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __audited__ = ("user_id", "step_id")

    def __repr__(self) -> str:
        return f"<StepCompletion user={self.user_id} step={self.step_id}>"
