"""Group administration pages: list and create groups, choose members, give roles in a group.

The services check the rights; the views also check them first, so a refused visitor learns
nothing (not even whether a group number exists). Every change is a POST with its CSRF token,
then a redirect back to the group's page; problems are shown on the form that caused them.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from dclic.accounts import groups, queries
from dclic.accounts.admin_forms import GroupForm, GroupRoleForm, MemberForm
from dclic.accounts.labels import ROLE_LABELS
from dclic.accounts.models import Group, GroupMember, RoleAssignment, User
from dclic.accounts.rights import require
from dclic.core.db import db, get_by_id
from dclic.core.errors import Conflict, Invalid, NotFound
from dclic.core.forms import apply_errors
from dclic.core.i18n import gettext as _

# --- reads the pages need (groups.py has no list of groups nor of a group's assignments) ---


def _groups_with_counts() -> list[tuple[Group, int]]:
    """Every group, by name, with its number of members (one query)."""
    return list(
        db.session.execute(
            sa.select(Group, sa.func.count(GroupMember.user_id))
            .outerjoin(GroupMember, GroupMember.group_id == Group.id)
            .group_by(Group.id)
            .order_by(Group.name)
        )
    )


def _assignments(group: Group) -> list[tuple[RoleAssignment, User]]:
    """The roles held within ``group``, with their holders, by name (one query)."""
    return list(
        db.session.execute(
            sa.select(RoleAssignment, User)
            .join(User, User.id == RoleAssignment.user_id)
            .where(RoleAssignment.context_type == "group", RoleAssignment.context_id == group.id)
            .order_by(User.display_name, RoleAssignment.id)
        )
    )


# --- the pages ---------------------------------------------------------------------------


def _group(group_id: int) -> Group:
    """The group ``group_id`` once the right is checked; else 403, then 404."""
    require(current_user, "group.manage")
    return groups.get_group(group_id)


def _back(group: Group, anchor: str):
    return redirect(url_for("accounts.admin_group", group_id=group.id, _anchor=anchor))


def _show(group: Group, member_form=None, role_form=None, status=200):
    return render_template(
        "accounts/admin/group.html",
        group=group,
        people=groups.members(group),
        assignments=_assignments(group),
        member_form=member_form or MemberForm(formdata=None),
        role_form=role_form or GroupRoleForm(formdata=None),
    ), status


@login_required
def admin_groups():
    require(current_user, "group.manage")
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = groups.create_group(current_user, form.name.data, form.description.data)
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            flash(_("The group %(name)s is created.", name=group.name), "success")
            return redirect(url_for("accounts.admin_group", group_id=group.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "accounts/admin/groups.html", form=form, rows=_groups_with_counts()
    ), status


@login_required
def admin_group(group_id: int):
    return _show(_group(group_id))


def _person(field):
    """The account whose learner code is typed in ``field``; else an error on the field."""
    person = queries.get_user_by_learner_code(field.data)
    if person is None or person.deleted_at is not None:
        field.errors = [*field.errors, _("No account has this learner code.")]
        return None
    return person


@login_required
def admin_group_add_member(group_id: int):
    group = _group(group_id)
    form = MemberForm()
    if form.validate_on_submit() and (person := _person(form.learner_code)):
        groups.add_member(current_user, group, person)
        db.session.commit()
        flash(_("%(name)s is a member of the group.", name=person.display_name), "success")
        return _back(group, "members")
    return _show(group, member_form=form, status=422)


@login_required
def admin_group_remove_member(group_id: int, user_id: int):
    group = _group(group_id)
    person = queries.get_user(user_id)
    member = db.session.get(GroupMember, (group.id, person.id)) if person else None
    if member is None:
        raise NotFound()
    groups.remove_member(current_user, group, person)
    db.session.commit()
    flash(_("%(name)s is no longer a member of the group.", name=person.display_name), "success")
    return _back(group, "members")


@login_required
def admin_group_assign_role(group_id: int):
    group = _group(group_id)
    form = GroupRoleForm()
    if form.validate_on_submit() and (person := _person(form.learner_code)):
        try:
            groups.assign_role(current_user, person, form.role.data, "group", group.id)
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            role = ROLE_LABELS[form.role.data]
            message = _("%(name)s is %(role)s in this group.", name=person.display_name, role=role)
            flash(message, "success")
            return _back(group, "roles")
    return _show(group, role_form=form, status=422)


@login_required
def admin_group_unassign_role(group_id: int, assignment_id: int):
    group = _group(group_id)
    assignment = get_by_id(RoleAssignment, assignment_id)
    if assignment is None or (assignment.context_type, assignment.context_id) != (
        "group",
        group.id,
    ):
        raise NotFound()
    groups.unassign_role(current_user, assignment)
    db.session.commit()
    flash(_("The role in this group is removed."), "success")
    return _back(group, "roles")
