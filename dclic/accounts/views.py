"""Account pages: sign-in, registration, confirmation, password recovery, profile."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic import audit
from dclic.accounts import newsletter, queries, services, tokens
from dclic.accounts import rights as rights_module
from dclic.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    EmailOnlyForm,
    LoginForm,
    PeopleSearchForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from dclic.accounts.models import ROLE_CODES
from dclic.accounts.permissions import can_search_people, can_see_email
from dclic.accounts.sessions import audit_sign_in, end_session, start_session
from dclic.core.db import db
from dclic.core.errors import Conflict, Invalid, NotAllowed
from dclic.core.forms import PlainForm, attempt
from dclic.core.http import safe_next
from dclic.core.i18n import get_locale
from dclic.core.i18n import gettext as _


def _home():
    return url_for("site.home")


def _render(template, form, **context):
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status


def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), _home()))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        audit_sign_in(user, form.email.data, channel="web")
        db.session.commit()
        if user is not None:
            start_session(user)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next"), _home()))
        form.form_errors.append(_("E-mail address or password is incorrect."))
    return _render("accounts/login.html", form)


def logout():
    if current_user.is_authenticated:
        audit.record("logout", object_type="users", object_id=current_user.id)
        db.session.commit()
    end_session()
    flash(_("You are signed out."), "info")
    return redirect(_home())


def register():
    if current_user.is_authenticated:
        return redirect(_home())
    form = RegisterForm().set_choices()
    saved, user = attempt(
        form,
        lambda: services.register(
            email=form.email.data,
            password=form.password.data,
            display_name=form.display_name.data,
            locale=str(get_locale()),
            birth_year=form.birth_year.data,
            country=form.country.data,
            track=form.track.data,
            path_type=form.path_type.data or "free",
            gender=form.gender.data,
            required=("birth_year", "country", "track"),
        ),
    )
    if saved:
        start_session(user)
        return redirect(url_for("accounts.registered"))
    return _render("accounts/register.html", form)


@login_required
def registered():
    return render_template("accounts/registered.html", form=PlainForm())


@login_required
def resend_confirmation():
    if PlainForm().validate_on_submit() and not current_user.is_confirmed:
        services.send_confirmation(current_user)
        db.session.commit()
        flash(_("We sent you a new confirmation link."), "success")
    return redirect(url_for("accounts.profile"))


def confirm_email(token):
    try:
        services.confirm_email(token)
        db.session.commit()
    except Invalid as exc:
        return render_template("accounts/link_invalid.html", message=exc.message), 400
    flash(_("Thank you: your e-mail address is confirmed."), "success")
    return redirect(
        url_for("accounts.profile" if current_user.is_authenticated else "accounts.login")
    )


def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/reset_sent.html")
    return _render("accounts/forgot_password.html", form)


def reset_password(token):
    if tokens.peek(token, "reset_password") is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm()
    saved, user = attempt(form, lambda: services.reset_password(token, form.password.data))
    if saved:
        start_session(user)
        flash(_("Your new password is saved."), "success")
        return redirect(_home())
    return _render("accounts/reset_password.html", form, token=token)


@login_required
def profile():
    form = ProfileForm(obj=current_user).set_choices(current_user.country, current_user.time_zone)
    saved, _changes = attempt(
        form,
        lambda: services.update_profile(
            current_user, current_user, **form.values_for(current_user)
        ),
    )
    if saved:
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return _render(
        "accounts/profile.html",
        form,
        password_form=ChangePasswordForm(),
        email_form=ChangeEmailForm(),
        plain_form=PlainForm(),
    )


@login_required
def change_password():
    form = ChangePasswordForm()
    saved, _result = attempt(
        form,
        lambda: services.change_password(
            current_user, current_user, form.current_password.data, form.new_password.data
        ),
    )
    if saved:
        start_session(current_user._get_current_object())
        flash(_("Your new password is saved. Your other sessions are signed out."), "success")
        return redirect(url_for("accounts.profile"))
    return _render("accounts/change_password.html", form)


@login_required
def change_email():
    form = ChangeEmailForm()
    saved, _result = attempt(
        form,
        lambda: services.request_email_change(
            current_user, current_user, form.new_email.data, form.password.data
        ),
    )
    if saved:
        flash(_("Open the link we sent to your new address to confirm it."), "success")
        return redirect(url_for("accounts.profile"))
    return _render("accounts/change_email.html", form)


def confirm_email_change(token):
    try:
        services.confirm_email_change(token)
        db.session.commit()
    except (Invalid, Conflict) as exc:
        db.session.rollback()
        return render_template("accounts/link_invalid.html", message=exc.message), 400
    flash(_("Your new e-mail address is confirmed."), "success")
    return redirect(
        url_for("accounts.profile" if current_user.is_authenticated else "accounts.login")
    )


@login_required
def sign_out_everywhere():
    if PlainForm().validate_on_submit():
        services.sign_out_everywhere(current_user, current_user)
        db.session.commit()
        end_session()
        flash(_("You are signed out on every device."), "info")
    return redirect(_home())


@login_required
def delete_account():
    form = DeleteAccountForm()
    saved, _result = attempt(
        form, lambda: services.delete_account(current_user, current_user, form.password.data)
    )
    if saved:
        end_session()
        flash(_("Your account is deleted."), "info")
        return redirect(_home())
    return _render("accounts/delete_account.html", form)


def newsletter_subscribe():
    form = EmailOnlyForm()
    saved, _result = attempt(form, lambda: newsletter.subscribe(form.email.data, str(get_locale())))
    if saved:
        return render_template("accounts/newsletter_sent.html")
    return _render("accounts/newsletter.html", form)


def newsletter_confirm(token):
    # A page with a button, not an action on GET: mail scanners open links on their own, and
    # a double opt-in must be the owner's own click.
    return _newsletter_action(token, newsletter.confirm, subscribed=True)


def newsletter_unsubscribe(token):
    # GET shows the one button; POST (also RFC 8058 one-click from mail clients) acts.
    return _newsletter_action(token, newsletter.unsubscribe, subscribed=False)


def _newsletter_action(token, action, *, subscribed: bool):
    form = PlainForm()
    if request.method == "POST":
        try:
            action(token)
            db.session.commit()
        except Invalid as exc:
            return render_template("accounts/link_invalid.html", message=exc.message), 400
        return render_template("accounts/newsletter_done.html", subscribed=subscribed)
    return render_template("accounts/newsletter_action.html", form=form, subscribed=subscribed)


@login_required
def people():
    if not can_search_people(current_user):
        raise NotAllowed(_("Only mentors and the team can search for learners."))
    form = PeopleSearchForm(request.args)
    results = None
    if request.args and form.validate():
        results = queries.search_people(current_user, form.q.data)
    return _render("accounts/people.html", form, results=results, can_see_email=can_see_email)


@login_required
def person(code):
    user = queries.get_profile(current_user, code)
    if user.id != current_user.id:  # a look at someone else's personal data
        audit.record("view_personal", object_type="users", object_id=user.id)
        db.session.commit()
    if code != user.learner_code:
        return redirect(url_for("accounts.person", code=user.learner_code), 301)
    return render_template("accounts/person.html", person=user, can_see_email=can_see_email)


@login_required
def rights():
    rights_module.require(current_user, "rights.manage")
    form = PlainForm()
    held = {tuple(value.split(":", 1)) for value in request.form.getlist("grant") if ":" in value}
    saved, _result = attempt(form, lambda: rights_module.set_matrix(current_user, held))
    if saved:
        flash(_("The rights are saved."), "success")
        return redirect(url_for("accounts.rights"))
    return _render("accounts/rights.html", form, matrix=rights_module.matrix(), roles=ROLE_CODES)
