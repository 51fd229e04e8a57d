"""The activity registry: how later modules (quiz, assignment, survey…) plug into course steps.

A step of kind ``activity`` holds no content of its own: it names an activity type
(``Step.activity_type``) and the id of the activity in the module providing it
(``Step.activity_id``). A module offers a type by registering it when it is imported (from its
``blueprint.py``, for instance)::

    from dclic.courses.activities import ActivityType, register_activity_type

    register_activity_type(
        ActivityType(
            code="quiz",
            label=_l("Quiz"),
            create=quizzes.services.create_quiz_for_step,  # (actor, step) -> quiz id
            render=quizzes.views.render_for_step,          # (step) -> Markup for the player
            edit_url=lambda step: url_for("quizzes.edit", quiz_id=step.activity_id),
            delete=quizzes.services.delete_quiz_for_step,  # (actor, step) -> None
        )
    )

The course services call ``create`` when an editor adds such a step (the step is flushed, so
it has its id) and ``delete`` before the step goes; the editor's pages link to ``edit_url``;
the course player calls :func:`render_activity`. Until a type is registered, editors are not
offered the kind ``activity`` at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from dclic.core.i18n import gettext as _


@dataclass(frozen=True)
class ActivityType:
    """One kind of activity a step may hold, and what the courses module may ask of it.

    ``create(actor, step) -> int`` makes the activity of a new step and returns its id (it
    flushes, never commits, like any service); ``render(step) -> Markup`` shows it to a
    learner; ``edit_url(step) -> str`` is where an editor sets it up (optional);
    ``delete(actor, step)`` removes it when its step is deleted (optional).
    """

    code: str
    label: object  # a (lazy) translated string
    create: Callable[[object, object], int]
    render: Callable[[object], Markup | str]
    edit_url: Callable[[object], str] | None = None
    delete: Callable[[object, object], None] | None = None


_TYPES: dict[str, ActivityType] = {}


def register_activity_type(activity: ActivityType) -> ActivityType:
    """Offer ``activity`` to editors; registering the same code again replaces it."""
    _TYPES[activity.code] = activity
    return activity


def activity_types() -> list[ActivityType]:
    """The registered types, in the order they were registered."""
    return list(_TYPES.values())


def get_activity_type(code: str | None) -> ActivityType | None:
    """The registered type with this code, or None."""
    return _TYPES.get(code or "")


def activity_edit_url(step) -> str | None:
    """Where an editor sets up the activity of ``step``, if its type says."""
    activity = get_activity_type(step.activity_type)
    if activity is None or activity.edit_url is None or step.activity_id is None:
        return None
    return activity.edit_url(step)


def render_activity(step) -> Markup:
    """What a learner sees of an activity step; a notice when its module is gone."""
    activity = get_activity_type(step.activity_type)
    if activity is None or step.activity_id is None:
        return Markup("<p>{}</p>").format(_("This activity is not available at the moment."))
    rendered = activity.render(step)
    return rendered if isinstance(rendered, Markup) else escape(rendered)
