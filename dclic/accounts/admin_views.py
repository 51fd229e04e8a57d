"""User administration pages: list and filter accounts, create, read, change, suspend, delete.

The services and queries check the rights; the views also check them first, so a refused
visitor learns nothing (not even whether an account number exists).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic import audit
from dclic.accounts import bulk_import, groups, queries, services
from dclic.accounts.admin_forms import (
    USER_STATUS_LABELS,
    AdminProfileForm,
    NewUserForm,
    RolesForm,
    UserFilterForm,
)
from dclic.accounts.models import User
from dclic.accounts.rights import has_capability, require, rights_by_context
from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotFound
from dclic.core.forms import PlainForm, apply_errors
from dclic.core.i18n import get_locale
from dclic.core.i18n import gettext as _
from dclic.core.permissions import all_capabilities

PER_PAGE = 50


def account_status(user: User) -> str:
    """One of ``queries.USER_STATUSES``, as the account list filters them."""
    if user.deleted_at is not None:
        return "deleted"
    if not user.is_active:
        return "suspended"
    return "active" if user.is_confirmed else "unconfirmed"


HELPERS = {
    "account_status": account_status,
    "status_label": USER_STATUS_LABELS.get,
}


def _render(template, form, status=None, **context):
    if status is None:
        status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **HELPERS, **context), status


def _target(user_id: int, capability: str) -> User:
    """The account ``user_id`` once the right is checked; else 403, then 404."""
    require(current_user, capability)
    user = queries.get_user(user_id)
    if user is None:
        raise NotFound()
    return user


def _back(user: User):
    return redirect(url_for("accounts.admin_user", user_id=user.id))


def _page_number() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), 1_000_000)


@login_required
def admin_users():
    require(current_user, "user.list")
    form = UserFilterForm(request.args).set_choices()
    if not form.validate():
        return _render("accounts/admin/users.html", form, page=None)
    page = queries.list_users(current_user, **form.filters, page=_page_number(), per_page=PER_PAGE)
    return _render("accounts/admin/users.html", form, page=page, filters=form.filters)


@login_required
def admin_user_new():
    require(current_user, "user.create")
    form = NewUserForm(roles=["learner"], locale=str(get_locale()))
    if form.validate_on_submit():
        try:
            user = services.create_user(
                current_user,
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                roles=form.roles.data,
                locale=form.locale.data,
            )
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            flash(_("The account of %(name)s is created.", name=user.display_name), "success")
            return _back(user)
    return _render("accounts/admin/new_user.html", form)


def _show(user: User, roles_form=None, action_form=None, status=None):
    """The account's page; a look at someone else's personal data is recorded."""
    if user.id != current_user.id:
        audit.record("view_personal", object_type="users", object_id=user.id)
    db.session.commit()
    roles_form = roles_form or RolesForm(formdata=None, roles=sorted(user.role_codes))
    action_form = action_form or PlainForm(formdata=None)
    capabilities = [c for c in all_capabilities() if has_capability(user, c.name)]
    return _render(
        "accounts/admin/user.html",
        roles_form,
        status=status,
        person=user,
        action_form=action_form,
        capabilities=capabilities,
        context_rights=rights_by_context(user) if user.is_active else [],
    )


@login_required
def admin_user(user_id: int):
    return _show(_target(user_id, "user.list"))


def _act(user_id: int, action, message):
    """Run ``action(actor, user)`` from a button of the account page; errors shown there."""
    user = _target(user_id, "user.update")
    form = PlainForm()
    if form.validate_on_submit():
        try:
            action(current_user, user)
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
            return _show(user, action_form=form, status=422)
        flash(message, "success")
    return _back(user)


@login_required
def admin_user_roles(user_id: int):
    user = _target(user_id, "user.update")
    form = RolesForm()
    if form.validate_on_submit():
        try:
            changes = services.set_roles(current_user, user, form.roles.data)
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
            return _show(user, roles_form=form, status=422)
        if changes:
            flash(_("The roles are saved."), "success")
        else:
            flash(_("The roles did not change."), "info")
    return _back(user)


@login_required
def admin_user_suspend(user_id: int):
    message = _("The account is suspended: this person can no longer sign in.")
    return _act(user_id, services.suspend, message)


@login_required
def admin_user_reactivate(user_id: int):
    return _act(user_id, services.reactivate, _("The account is active again."))


@login_required
def admin_user_sign_out(user_id: int):
    message = _("This person is signed out on every device.")
    return _act(user_id, services.sign_out_everywhere, message)


@login_required
def admin_user_delete(user_id: int):
    user = _target(user_id, "user.update")
    if user.deleted_at is not None:  # deleting twice would mail the placeholder address
        flash(_("This account is already deleted."), "info")
        return _back(user)
    form = PlainForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user, user, None)
            db.session.commit()
        except (Invalid, Conflict) as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            flash(_("The account is deleted: its personal data are erased."), "success")
            return _back(user)
    return _render("accounts/admin/delete_user.html", form, person=user)


@login_required
def admin_user_edit(user_id: int):
    user = _target(user_id, "user.update")
    form = AdminProfileForm(obj=user).set_choices(user.country, user.time_zone)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, user, **form.values_for(user))
            db.session.commit()
        except Invalid as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
        else:
            flash(_("The profile is saved."), "success")
            return _back(user)
    return _render("accounts/admin/edit_user.html", form, person=user)


@login_required
def admin_users_import():
    require(current_user, "user.create")
    form = PlainForm()
    rows, done = None, None
    if form.validate_on_submit():
        upload = request.files.get("file")
        try:
            rows = bulk_import.read_csv(upload.read(bulk_import.MAX_BYTES + 1) if upload else b"")
            group = _import_group(request.form.get("group", ""))
            if request.form.get("action") == "import":
                done = bulk_import.run(current_user, rows, group)
                db.session.commit()
            else:
                bulk_import.check(current_user, rows)
        except Invalid as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, exc.message)
            rows = None
    status = 422 if form.form_errors else 200
    choices = groups.group_choices() if has_capability(current_user, "group.manage") else []
    return render_template(
        "accounts/admin/import.html", form=form, rows=rows, done=done, group_choices=choices,
        chosen_group=request.form.get("group", ""), **HELPERS,
    ), status  # fmt: skip


def _import_group(value: str):
    """The group chosen for the new accounts, None for none; Invalid for one that is not."""
    if not value.strip():
        return None
    try:
        return groups.get_group(value)
    except NotFound:
        raise Invalid(errors={"group": [_("This group does not exist.")]}) from None
