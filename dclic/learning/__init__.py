"""Learning: enrolments in courses and paths, the course player, and progress.

A learner follows a course alone or as part of a path; free paths and courses take
self-enrolment, tutored paths are assigned by a mentor or an administrator with a mentor.
Each step done is a :class:`~dclic.learning.models.StepCompletion`; progress is computed from
them, and finishing a course sends the ``course-completed`` signal.
"""
