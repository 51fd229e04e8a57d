"""Mentoring appointments: mentors' availability, learners' requests, agendas and reminders.

See docs/architecture.md, *Mentoring and appointments*.
"""
