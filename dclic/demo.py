"""The French demo data set loaded by ``flask dclic seed-demo`` (idempotent)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from dclic.accounts import queries as account_queries
from dclic.accounts import services as accounts
from dclic.chat.demo import seed_chat
from dclic.courses.demo import seed_catalogue
from dclic.forums.demo import seed_forums
from dclic.learning.demo import seed_learning
from dclic.mentoring.demo import seed_mentoring
from dclic.oai.demo import seed_oai_catalogue

MENTORS = [
    ("aminata.diallo@dclic.example", "Aminata Diallo"),
    ("koffi.mensah@dclic.example", "Koffi Mensah"),
]
LEARNERS = [
    ("fatou.ndiaye@dclic.example", "Fatou Ndiaye", "fr"),
    ("moussa.traore@dclic.example", "Moussa Traoré", "fr"),
    ("élève@école.example", "Awa Konaté", "fr"),
    ("youssef.benali@dclic.example", "Youssef Benali", "ar"),
    ("chloe.martin@dclic.example", "Chloé Martin", "fr"),
    ("jean.kabongo@dclic.example", "Jean Kabongo", "en"),
]
EDITORS = [("redaction@dclic.example", "Équipe éditoriale OIF")]
DEMO_PASSWORD = "demo-dclic-2026"  # noqa: S105 - published demo accounts, never in production


@dataclass
class SeedResult:
    """What :func:`seed` created, and the admin login to print."""

    admin_email: str
    admin_password: str
    created: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{n} {kind}" for kind, n in self.created.items()) or "nothing new"
        return f"Demo data loaded: {counts}."


def _ensure_user(email, name, roles, password, locale=None) -> bool:
    if account_queries.get_user_by_email(email) is not None:
        return False
    accounts.create_user(
        None, email=email, password=password, display_name=name, roles=roles, locale=locale
    )
    return True


def seed(admin_email: str, admin_password: str | None = None) -> SeedResult:
    """Create the demo accounts, courses and learning paths that do not exist yet."""
    accounts.ensure_default_roles()
    result = SeedResult(admin_email, admin_password or "")
    existing_admin = account_queries.get_user_by_email(admin_email)
    if existing_admin is None:
        result.admin_password = admin_password or secrets.token_urlsafe(12)
        _ensure_user(admin_email, "Administrateur dclic", ("admin",), result.admin_password)
        result.created["administrators"] = 1
    elif admin_password:
        accounts.set_password(None, existing_admin, admin_password)
    else:
        result.admin_password = "(unchanged: the account already existed)"  # noqa: S105
    people = [
        *((e, n, ("mentor",), None) for e, n in MENTORS),
        *((e, n, ("editor",), None) for e, n in EDITORS),
        *((e, n, ("learner",), loc) for e, n, loc in LEARNERS),
    ]
    made = sum(_ensure_user(e, n, roles, DEMO_PASSWORD, loc) for e, n, roles, loc in people)
    if made:
        result.created["people"] = made
    result.created.update(seed_catalogue())
    result.created.update(seed_oai_catalogue())
    result.created.update(seed_learning())
    result.created.update(seed_mentoring())
    result.created.update(seed_forums())
    result.created.update(seed_chat())
    return result
