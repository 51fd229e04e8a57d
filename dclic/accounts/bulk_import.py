"""Bulk creation of accounts from a CSV file: a check that reports every bad row, then the import.

The file is UTF-8 (a byte-order mark is accepted), separated by commas or semicolons, with a
header row naming the columns: ``email`` and ``display_name`` are required; ``roles``
(separated by ``;`` or ``|``, default ``learner``), ``locale``, ``country``, ``track``,
``path_type`` and ``birth_year`` are optional. Addresses may be written in any script. Each
imported person receives a mail with a link (valid 7 days) to choose their password; the new
accounts may join a group in the same go.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from dclic import audit
from dclic.accounts import groups, queries, services, tokens
from dclic.accounts.models import ROLE_CODES, Group
from dclic.accounts.rights import require
from dclic.accounts.validation import clean_profile, protect_minor
from dclic.core.errors import Invalid
from dclic.core.http import external_url
from dclic.core.i18n import gettext as _

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
REQUIRED = ("email", "display_name")
OPTIONAL = ("roles", "locale", "country", "track", "path_type", "birth_year")
WELCOME_LIFETIME = timedelta(days=7)


@dataclass
class Row:
    """One line of the file, with what is wrong with it (nothing: it can be imported)."""

    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    email: str = ""
    key: str = ""
    roles: tuple[str, ...] = ("learner",)
    profile: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_csv(data: bytes) -> list[Row]:
    """The rows of an uploaded file, or :class:`Invalid` when the file itself is unusable."""
    if not data:
        raise Invalid(errors={"file": [_("Choose a CSV file.")]})
    if len(data) > MAX_BYTES:
        raise Invalid(errors={"file": [_("The file is larger than 1 MB: split it.")]})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(
            errors={"file": [_("The file is not UTF-8 text: save it as CSV UTF-8.")]}
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise Invalid(errors={"file": [_("Missing columns: %(names)s.", names=", ".join(missing))]})
    rows = []
    try:
        for number, raw in enumerate(reader, start=2):
            if len(rows) >= MAX_ROWS:
                raise Invalid(errors={"file": [_("At most %(n)d rows at a time.", n=MAX_ROWS)]})
            values = {
                (k or "").strip().lower(): (v or "").strip() if isinstance(v, str) else ""
                for k, v in raw.items()
            }
            if any(values.values()):
                rows.append(Row(number, values))
    except csv.Error as exc:
        raise Invalid(errors={"file": [_("The file is not a readable CSV file.")]}) from exc
    return rows


def check(actor, rows: list[Row]) -> list[Row]:
    """Judge every row (nothing is written); each bad row says why."""
    require(actor, "user.create")
    seen: dict[str, int] = {}
    for row in rows:
        values = row.values
        try:
            address = services.check_address(values.get("email", ""))
            row.email, row.key = address.display, address.key
        except Invalid as exc:
            row.errors.extend(exc.errors["email"])
        roles = tuple(
            r.strip() for r in values.get("roles", "").replace("|", ";").split(";") if r.strip()
        )
        row.roles = roles or ("learner",)
        unknown = sorted(set(row.roles) - set(ROLE_CODES))
        if unknown:
            row.errors.append(_("Unknown role: %(roles)s.", roles=", ".join(unknown)))
        fields = {"display_name": values.get("display_name", "")}
        fields.update(
            {
                k: values[k]
                for k in ("locale", "country", "track", "path_type", "birth_year")
                if values.get(k)
            }
        )
        row.profile, errors = clean_profile(fields)
        for messages in errors.values():
            row.errors.extend(messages)
        if row.key:
            if row.key in seen:
                row.errors.append(_("Same address as line %(line)d.", line=seen[row.key]))
            else:
                seen[row.key] = row.line
            if queries.get_user_by_email(row.email) is not None:
                row.errors.append(_("An account already uses this e-mail address."))
    return rows


def run(actor, rows: list[Row], group: Group | None = None) -> tuple[int, int]:
    """Create the accounts of the good rows and mail each a link; returns (created, skipped).

    With ``group``, every new account also joins it (the actor needs ``group.manage``).
    """
    check(actor, rows)
    if group is not None:
        require(actor, "group.manage")
    created = 0
    for row in rows:
        if not row.ok:
            continue
        user = services.create_user(
            actor,
            email=row.email,
            password=secrets.token_urlsafe(24),  # never told: the person chooses their own
            display_name=row.profile.pop("display_name"),
            roles=row.roles,
            locale=row.profile.pop("locale", None),
        )
        user.email_confirmed_at = None  # confirmed when the person uses the mailed link
        protect_minor(user, row.profile)  # checked above: these values are clean
        for name, value in row.profile.items():
            setattr(user, name, value)
        if group is not None:
            groups.add_member(actor, group, user)
        secret = tokens.issue(user, "reset_password", lifetime=WELCOME_LIFETIME)
        services.mail_user(
            user,
            "welcome",
            url=external_url("accounts.reset_password", token=secret),
            learner_code=user.learner_code,
        )
        created += 1
    skipped = len(rows) - created
    details = {"created": created, "skipped": skipped}
    if group is not None:
        details["group"] = group.id
    audit.record("import", object_type="users", details=details)
    return created, skipped
