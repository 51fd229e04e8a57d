"""The demo data set: a mentor with availability, a learner with an appointment; twice is once."""

import sqlalchemy as sa

from dclic.accounts import queries as accounts
from dclic.demo import seed
from dclic.mentoring import queries
from dclic.mentoring.demo import LEARNER, MENTOR
from dclic.mentoring.models import Appointment, AvailabilityWindow


def test_the_demo_mentor_offers_times_and_the_demo_learner_has_an_appointment(session):
    first = seed(admin_email="admin@dclic.example", admin_password="apprendre-le-numerique")
    assert first.created["availability windows"] == 2 and first.created["appointments"] == 1
    mentor, learner = accounts.get_user_by_email(MENTOR), accounts.get_user_by_email(LEARNER)
    [appointment] = session.scalars(sa.select(Appointment)).all()
    assert (appointment.mentor_id, appointment.learner_id) == (mentor.id, learner.id)
    assert appointment.status == "confirmed" and mentor.time_zone == "Africa/Dakar"
    assert queries.list_mentors_of(learner) == [mentor]
    second = seed(admin_email="admin@dclic.example")
    assert "appointments" not in second.created
    assert session.scalar(sa.select(sa.func.count()).select_from(AvailabilityWindow)) == 2
