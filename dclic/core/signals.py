"""Signals that let modules react to each other without importing each other.

Each signal is documented where it is defined: who sends it, with which arguments.
"""

from blinker import Namespace

_signals = Namespace()

#: Sent by :mod:`dclic.core.errors` when an action is refused (403), before the error page
#: is rendered. Arguments: ``sender`` = the Flask app, ``path``, ``method``, ``message``.
#: The audit trail records it.
access_denied = _signals.signal("access-denied")

#: Sent by :func:`dclic.learning.services.complete_step` (and ``visit_step``, which marks a text
#: step done) when a learner's last missing step of a course is done and their course
#: enrolment becomes ``completed``: inside the transaction,
#: after the flush (a receiver's writes commit or roll back with it; anything leaving the
#: process — mail, socket message, job — goes through :func:`dclic.core.uow.after_commit`).
#: Arguments: ``sender`` = the course :class:`~dclic.learning.models.Enrolment`, ``user``,
#: ``course``, ``completed_at``. Sent once per enrolment (re-enrolling does not resend it).
course_completed = _signals.signal("course-completed")

#: Sent by the same services right after ``course-completed``
#: when that course was the last required one of a learning path the learner follows; same
#: transaction rules. Arguments: ``sender`` = the path :class:`~dclic.learning.models.Enrolment`,
#: ``user``, ``path``, ``completed_at``.
path_completed = _signals.signal("path-completed")
