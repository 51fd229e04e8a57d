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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[Role]] = relationship(secondary=user_roles, lazy="selectin")

    # Fields recorded in the audit trail; secrets never are.
    __audited__ = ("email", "display_name", "locale", "is_active")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"

    def get_id(self) -> str:
        return f"{self.id}.{self.session_nonce}"

    @property
    def role_codes(self) -> frozenset[str]:
        return frozenset(role.code for role in self.roles)

    def has_role(self, code: str) -> bool:
        return code in self.role_codes
