"""Users and the roles they hold."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dclic.core.db import UTCDateTime, db, utcnow

# Roles shipped by default; the rights behind them are managed by the permissions module.
ROLE_CODES = (
    "learner",
    "mentor",
    "trainer",
    "editor",
    "pedagogical_admin",
    "moderator",
    "admin",
)

user_roles = sa.Table(
    "user_roles",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role_id", sa.ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
)


# Profile vocabularies; their labels live in accounts/labels.py.
GENDERS = ("female", "male", "other", "undisclosed")
TRACKS = ("A", "M")
PATH_TYPES = ("free", "tutored")
MAIL_NOTIFICATIONS = ("immediate", "digest", "off")
PROFILE_VISIBILITIES = ("members", "private")
MINIMUM_AGE = 13
ADULT_AGE = 18


def new_session_nonce() -> str:
    return secrets.token_urlsafe(16)


class Role(db.Model):
    """A profile of rights (learner, mentor, editor, administrator…)."""

    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)

    def __repr__(self) -> str:
        return f"<Role {self.code}>"


class User(UserMixin, db.Model):
    """A person with an account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(320), comment="As typed, normalized (NFC)")
    email_key: Mapped[str] = mapped_column(
        sa.String(320), unique=True, comment="Casefolded address, to find equivalent spellings"
    )
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255), comment="argon2id")
    locale: Mapped[str | None] = mapped_column(sa.String(8), comment="Preferred language")
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    session_nonce: Mapped[str] = mapped_column(
        sa.String(32),
        default=new_session_nonce,
        comment="Part of the session id; changing it signs the user out everywhere",
    )
    email_confirmed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="When the owner proved the address is theirs"
    )
    learner_code: Mapped[str | None] = mapped_column(
        sa.String(16), unique=True, comment="Short unambiguous code with a check character"
    )
    time_zone: Mapped[str | None] = mapped_column(sa.String(64), comment="IANA name")
    country: Mapped[str | None] = mapped_column(sa.String(2), comment="ISO 3166-1 alpha-2")
    birth_year: Mapped[int | None] = mapped_column()
    gender: Mapped[str | None] = mapped_column(sa.String(12), comment="See GENDERS")
    track: Mapped[str | None] = mapped_column(
        sa.String(1), comment="A: initiation, M: digital careers"
    )
    path_type: Mapped[str | None] = mapped_column(sa.String(8), comment="free or tutored")
    mail_notifications: Mapped[str] = mapped_column(
        sa.String(10),
        default="immediate",
        server_default="immediate",
        comment="immediate, digest or off",
    )
    profile_visibility: Mapped[str] = mapped_column(
        sa.String(10),
        default="members",
        server_default="members",
        comment="members: other members see the profile; private: only mentors and staff",
    )
    accepts_learner_messages: Mapped[bool] = mapped_column(
        default=True,
        server_default=sa.true(),
        comment="Other learners may write privately (never for minors)",
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="Account deleted: personal data anonymised"
    )

    roles: Mapped[list[Role]] = relationship(secondary=user_roles, lazy="selectin")

    __table_args__ = (
        sa.CheckConstraint("gender IN ('female', 'male', 'other', 'undisclosed')", name="gender"),
        sa.CheckConstraint("track IN ('A', 'M')", name="track"),
        sa.CheckConstraint("path_type IN ('free', 'tutored')", name="path_type"),
        sa.CheckConstraint(
            "mail_notifications IN ('immediate', 'digest', 'off')", name="mail_notifications"
        ),
        sa.CheckConstraint(
            "profile_visibility IN ('members', 'private')", name="profile_visibility"
        ),
    )

    # Fields recorded in the audit trail (the profile fields among them); secrets never are.
    __audited__ = (
        "email",
        "is_active",
        "display_name",
        "locale",
        "time_zone",
        "country",
        "birth_year",
        "gender",
        "track",
        "path_type",
        "mail_notifications",
        "profile_visibility",
        "accepts_learner_messages",
        "deleted_at",
    )
    # Recorded as changed, never with their values.
    __audited_secrets__ = ("password_hash", "session_nonce")
    # Erased with the account: the audit row of the deletion keeps none of their old values.
    __personal__ = ("email", "display_name", "time_zone", "country", "birth_year", "gender")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    def get_id(self) -> str:
        return f"{self.id}.{self.session_nonce}"

    @property
    def role_codes(self) -> frozenset[str]:
        return frozenset(role.code for role in self.roles)

    def has_role(self, code: str) -> bool:
        return code in self.role_codes

    @property
    def is_minor(self) -> bool:
        """Under 18 this year (or age unknown): privacy safeguards apply."""
        return self.birth_year is None or utcnow().year - self.birth_year < ADULT_AGE

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


class RoleCapability(db.Model):
    """An administrator's decision on one capability for one role (else the default holds)."""

    __tablename__ = "role_capabilities"

    role_id: Mapped[int] = mapped_column(
        sa.ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True
    )
    capability: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    granted: Mapped[bool] = mapped_column(comment="True: granted; False: withdrawn")

    role: Mapped[Role] = relationship()

    __audited__ = ("role_id", "capability", "granted")

    def __repr__(self) -> str:
        return f"<RoleCapability {self.role_id} {self.capability}={self.granted}>"


class Group(db.Model):
    """A group of people (a class, a cohort, a training centre's learners)."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __audited__ = ("name", "description")

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.name}>"


class GroupMember(db.Model):
    """A person in a group (a model, not a bare table, so joining and leaving are audited)."""

    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __audited__ = ("group_id", "user_id")

    def __repr__(self) -> str:
        return f"<GroupMember {self.group_id}:{self.user_id}>"


CONTEXT_TYPES = ("group", "course", "path")


class RoleAssignment(db.Model):
    """A role held within one context only (e.g. mentor of group 7), on top of site roles."""

    __tablename__ = "role_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(sa.ForeignKey("roles.id", ondelete="CASCADE"))
    context_type: Mapped[str] = mapped_column(sa.String(10), comment="group, course or path")
    context_id: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    role: Mapped[Role] = relationship(lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint(
            "user_id", "role_id", "context_type", "context_id", name="uq_role_assignments_context"
        ),
        sa.CheckConstraint("context_type IN ('group', 'course', 'path')", name="context_type"),
        sa.Index("ix_role_assignments_context", "context_type", "context_id"),
    )
    __audited__ = ("user_id", "role_id", "context_type", "context_id")

    def __repr__(self) -> str:
        return f"<RoleAssignment user={self.user_id} {self.context_type}:{self.context_id}>"


class AccountToken(db.Model):
    """A single-use, expiring secret sent by mail: confirm an address, reset a password."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(
        sa.String(20), comment="confirm_email, reset_password or change_email"
    )
    token_hash: Mapped[str] = mapped_column(
        sa.String(64), unique=True, comment="SHA-256 of the secret; the secret is only mailed"
    )
    new_email: Mapped[str | None] = mapped_column(
        sa.String(320), comment="For change_email: the address to switch to"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    __audited__ = ("purpose", "expires_at", "used_at")

    def __repr__(self) -> str:
        return f"<AccountToken {self.purpose} user={self.user_id}>"


class ApiToken(db.Model):
    """A bearer token of the JSON API, stored hashed, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, comment="SHA-256")
    label: Mapped[str] = mapped_column(
        sa.String(80), default="", server_default="", comment="Where it was issued (client)"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    # last_used_at is left out: its updates are bookkeeping, not actions.
    __audited__ = ("label", "expires_at", "revoked_at")

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"


class NewsletterSubscription(db.Model):
    """An address that asked for the newsletter; active once confirmed (double opt-in)."""

    __tablename__ = "newsletter_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(320), comment="Canonical form, to send to")
    email_key: Mapped[str] = mapped_column(sa.String(320), unique=True)
    locale: Mapped[str] = mapped_column(sa.String(8), comment="Language of the letters")
    token_hash: Mapped[str] = mapped_column(
        sa.String(64), unique=True, comment="SHA-256 of the secret in confirm/unsubscribe links"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __audited__ = ("email", "locale", "confirmed_at", "unsubscribed_at")

    def __repr__(self) -> str:
        return f"<NewsletterSubscription {self.email}>"
