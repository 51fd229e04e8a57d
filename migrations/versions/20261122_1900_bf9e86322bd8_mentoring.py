"""mentoring

Mentoring appointments: mentors' settings (``mentor_settings``), availability windows
(``availability_windows``, weekly or once) and absences (``mentor_absences``), appointments
(``appointments``), the reminders sent (``appointment_reminders``) and iCalendar
subscriptions (``calendar_feeds``). See docs/architecture.md, *Mentoring and appointments*,
and docs/data-model.md.

No double booking is guarded by the database itself:

* everywhere: the partial unique index ``uq_appointments_mentor_start`` (one active
  appointment per mentor and start time);
* PostgreSQL: exclusion constraints (extension ``btree_gist``) refusing overlapping active
  appointments of a mentor or of a learner, and overlapping windows of a mentor. They are not
  declared on the models (Alembic does not compare exclusion constraints): this file is their
  only source. ``btree_gist`` is a trusted extension (PostgreSQL ≥ 13): the database owner
  may create it; it is created in ``public`` when that schema exists (shared by every schema
  of the database) and never dropped by the downgrade.

Revision ID: bf9e86322bd8
Revises: c345fb611641
Create Date: 2026-11-22 19:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "bf9e86322bd8"
down_revision = "c345fb611641"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('requested', 'proposed', 'confirmed')"
EXCLUSIONS = {
    "appointments": {
        "ex_appointments_mentor_time": (
            "mentor_id WITH =, tstzrange(starts_at, ends_at) WITH &&",
            f"{ACTIVE} AND starts_at IS NOT NULL",
        ),
        "ex_appointments_learner_time": (
            "learner_id WITH =, tstzrange(starts_at, ends_at) WITH &&",
            f"{ACTIVE} AND starts_at IS NOT NULL",
        ),
    },
    "availability_windows": {
        "ex_availability_windows_once": (
            "mentor_id WITH =, tstzrange(starts_at, ends_at) WITH &&",
            "kind = 'once'",
        ),
        "ex_availability_windows_weekly": (
            "mentor_id WITH =, weekday WITH =, int4range(start_minute, end_minute) WITH &&",
            "kind = 'weekly'",
        ),
    },
}


def _timestamp(name: str, nullable: bool, comment: str | None = None) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, comment=comment)


def upgrade():
    op.create_table(
        "mentor_settings",
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column(
            "slot_minutes",
            sa.Integer(),
            server_default="30",
            nullable=False,
            comment="Length of one appointment",
        ),
        sa.Column(
            "buffer_minutes",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="Free time kept between two appointments",
        ),
        sa.Column(
            "max_per_day",
            sa.Integer(),
            server_default="4",
            nullable=False,
            comment="Appointments at most per day (mentor's day)",
        ),
        sa.Column(
            "meeting_url",
            sa.String(length=500),
            nullable=True,
            comment="The mentor's own video room, used when they give no other",
        ),
        sa.Column(
            "place",
            sa.String(length=200),
            nullable=True,
            comment="Where the mentor meets in person, when they do",
        ),
        _timestamp("updated_at", False),
        sa.CheckConstraint(
            "buffer_minutes BETWEEN 0 AND 240", name=op.f("ck_mentor_settings_buffer_minutes")
        ),
        sa.CheckConstraint(
            "max_per_day BETWEEN 1 AND 24", name=op.f("ck_mentor_settings_max_per_day")
        ),
        sa.CheckConstraint(
            "slot_minutes BETWEEN 10 AND 240", name=op.f("ck_mentor_settings_slot_minutes")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
            name=op.f("fk_mentor_settings_mentor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mentor_id", name=op.f("pk_mentor_settings")),
    )
    op.create_table(
        "availability_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=6), nullable=False, comment="weekly or once"),
        sa.Column("weekday", sa.SmallInteger(), nullable=True, comment="Weekly: 0 = Monday"),
        sa.Column(
            "start_minute",
            sa.Integer(),
            nullable=True,
            comment="Weekly: local start, minutes after midnight",
        ),
        sa.Column(
            "end_minute",
            sa.Integer(),
            nullable=True,
            comment="Weekly: local end, minutes after midnight (1440 = midnight after)",
        ),
        sa.Column(
            "time_zone",
            sa.String(length=64),
            nullable=True,
            comment="Weekly: the IANA zone its times are in (the mentor's)",
        ),
        _timestamp("starts_at", True, "Once: start"),
        _timestamp("ends_at", True, "Once: end"),
        _timestamp("created_at", False),
        sa.CheckConstraint(
            "(kind = 'weekly' AND weekday BETWEEN 0 AND 6 AND start_minute >= 0"
            " AND end_minute <= 1440 AND start_minute < end_minute AND time_zone IS NOT NULL"
            " AND starts_at IS NULL AND ends_at IS NULL)"
            " OR (kind = 'once' AND starts_at IS NOT NULL AND ends_at IS NOT NULL"
            " AND starts_at < ends_at AND weekday IS NULL AND start_minute IS NULL"
            " AND end_minute IS NULL)",
            name=op.f("ck_availability_windows_shape"),
        ),
        sa.CheckConstraint("kind IN ('weekly', 'once')", name=op.f("ck_availability_windows_kind")),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
            name=op.f("fk_availability_windows_mentor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_availability_windows")),
    )
    with op.batch_alter_table("availability_windows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_availability_windows_mentor_id"), ["mentor_id"], unique=False
        )
    op.create_table(
        "mentor_absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        _timestamp("starts_at", False),
        _timestamp("ends_at", False),
        sa.Column(
            "note",
            sa.String(length=200),
            server_default="",
            nullable=False,
            comment="For the mentor only",
        ),
        _timestamp("created_at", False),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_mentor_absences_period")),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
            name=op.f("fk_mentor_absences_mentor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_absences")),
    )
    with op.batch_alter_table("mentor_absences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentor_absences_mentor_id"), ["mentor_id"], unique=False
        )
    _create_appointments()
    op.create_table(
        "appointment_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column(
            "offset_minutes",
            sa.Integer(),
            nullable=False,
            comment="Sent this long before the start",
        ),
        _timestamp("starts_at", False, "The start it reminded of (a new time gets new reminders)"),
        _timestamp("sent_at", False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_appointment_reminders_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_reminders")),
        sa.UniqueConstraint(
            "appointment_id", "offset_minutes", "starts_at", name="uq_appointment_reminders_once"
        ),
    )
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "nonce",
            sa.String(length=64),
            nullable=False,
            comment="With SECRET_KEY, gives the secret",
        ),
        sa.Column(
            "token_hash",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of the secret in the feed's address",
        ),
        _timestamp("created_at", False),
        _timestamp("last_used_at", True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feeds_user_id")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _add_exclusion_constraints()


def _create_appointments():
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.String(length=10),
            server_default="requested",
            nullable=False,
            comment="See STATUSES",
        ),
        _timestamp("starts_at", True, "None only for a free request not yet given a time"),
        _timestamp("ends_at", True),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column(
            "message",
            sa.Text(),
            server_default="",
            nullable=False,
            comment="The learner's optional message",
        ),
        sa.Column(
            "is_free_request",
            sa.Boolean(),
            server_default=sa.false(),
            nullable=False,
            comment="Asked outside the published slots",
        ),
        sa.Column(
            "meeting_url",
            sa.String(length=500),
            nullable=True,
            comment="Video room link (an unguessable room, or the mentor's)",
        ),
        sa.Column("place", sa.String(length=200), nullable=True, comment="Or a place to meet"),
        sa.Column(
            "reason",
            sa.Text(),
            server_default="",
            nullable=False,
            comment="Reason given with the last decline, proposal, cancellation or change",
        ),
        sa.Column("last_actor_id", sa.Integer(), nullable=True, comment="Who made the last change"),
        sa.Column(
            "sequence",
            sa.Integer(),
            server_default="0",
            nullable=False,
            comment="iCalendar SEQUENCE: grows with every change",
        ),
        _timestamp("confirmed_at", True),
        sa.Column("report", sa.Text(), nullable=True, comment="The mentor's short report"),
        _timestamp("reported_at", True),
        sa.Column("rating", sa.SmallInteger(), nullable=True, comment="The learner's 1 to 5"),
        _timestamp("rated_at", True),
        _timestamp("created_at", False),
        _timestamp("updated_at", False),
        sa.CheckConstraint(
            "starts_at IS NOT NULL OR status IN ('requested', 'declined', 'cancelled')",
            name=op.f("ck_appointments_time_needed"),
        ),
        sa.CheckConstraint(
            "status IN ('requested', 'proposed', 'confirmed', 'declined', 'cancelled', 'done')",
            name=op.f("ck_appointments_status"),
        ),
        sa.CheckConstraint(
            "(starts_at IS NULL) = (ends_at IS NULL)", name=op.f("ck_appointments_time_pair")
        ),
        sa.CheckConstraint("mentor_id <> learner_id", name=op.f("ck_appointments_two_people")),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5", name=op.f("ck_appointments_rating")
        ),
        sa.CheckConstraint(
            "starts_at IS NULL OR starts_at < ends_at", name=op.f("ck_appointments_time_order")
        ),
        sa.ForeignKeyConstraint(
            ["last_actor_id"],
            ["users.id"],
            name=op.f("fk_appointments_last_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["users.id"],
            name=op.f("fk_appointments_learner_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["users.id"],
            name=op.f("fk_appointments_mentor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_appointments_learner_id_starts_at", ["learner_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            "ix_appointments_mentor_id_starts_at", ["mentor_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            "uq_appointments_mentor_start",
            ["mentor_id", "starts_at"],
            unique=True,
            sqlite_where=sa.text(ACTIVE),
            postgresql_where=sa.text(ACTIVE),
        )


def _add_exclusion_constraints():
    bind = op.get_bind()
    has_public = bind.execute(sa.text("SELECT to_regnamespace('public') IS NOT NULL")).scalar()
    in_public = " WITH SCHEMA public" if has_public else ""
    # Two first migrations at once (tests in parallel) may race to create it: the loser
    # finds it made.
    op.execute(
        "DO $$ BEGIN "
        f"CREATE EXTENSION IF NOT EXISTS btree_gist{in_public}; "
        "EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL; "
        "END $$"
    )
    for table, constraints in EXCLUSIONS.items():
        for name, (elements, where) in constraints.items():
            op.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {name} "
                f"EXCLUDE USING gist ({elements}) WHERE ({where})"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table, constraints in EXCLUSIONS.items():
            for name in constraints:
                op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")
    op.drop_table("calendar_feeds")
    op.drop_table("appointment_reminders")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("uq_appointments_mentor_start")
        batch_op.drop_index("ix_appointments_mentor_id_starts_at")
        batch_op.drop_index("ix_appointments_learner_id_starts_at")
    op.drop_table("appointments")
    with op.batch_alter_table("mentor_absences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentor_absences_mentor_id"))
    op.drop_table("mentor_absences")
    with op.batch_alter_table("availability_windows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_availability_windows_mentor_id"))
    op.drop_table("availability_windows")
    op.drop_table("mentor_settings")
