"""URL rules of the accounts module: pages and the /api/v1 endpoints."""

from flask import Blueprint, Flask, request

from dclic.accounts import admin_groups, admin_views, api, permissions, rights, sessions, views
from dclic.core.email_address import InvalidAddress, normalize
from dclic.extensions import csrf, limiter

bp = Blueprint("accounts", __name__, template_folder="templates")


@bp.context_processor
def _labels():
    from dclic.accounts.labels import TEMPLATE_HELPERS

    return TEMPLATE_HELPERS


def _account_key() -> str:
    """The address being tried, normalized, with the client's address (throttling key)."""
    data = request.get_json(silent=True) if request.is_json else request.form
    text = data.get("email", "") if isinstance(data, dict) or hasattr(data, "get") else ""
    try:
        key = normalize(text if isinstance(text, str) else "").key
    except InvalidAddress:
        key = "-"
    return f"{key}|{request.remote_addr}"


def _failed(response) -> bool:
    """Only refused sign-ins count against an account: a success costs nothing."""
    return response.status_code in (401, 422)


# Sign-in throttling, per client address and per (account, client address): an attacker can
# slow down their own attempts, never lock someone else's account from elsewhere.
per_ip = limiter.limit("10 per minute", methods=["POST"])
per_account = limiter.limit(
    "5 per minute", key_func=_account_key, methods=["POST"], deduct_when=_failed
)
mail_sending = limiter.limit("5 per hour", methods=["POST"])

rules = [
    ("/login", per_ip(per_account(views.login)), ["GET", "POST"]),
    ("/logout", views.logout, ["POST"]),
    ("/register", limiter.limit("10 per hour", methods=["POST"])(views.register), ["GET", "POST"]),
    ("/register/done", views.registered, ["GET"]),
    ("/account/confirmation", mail_sending(views.resend_confirmation), ["POST"]),
    ("/confirm/<token>", views.confirm_email, ["GET"]),
    ("/password/forgot", mail_sending(views.forgot_password), ["GET", "POST"]),
    ("/password/reset/<token>", views.reset_password, ["GET", "POST"]),
    ("/account", views.profile, ["GET", "POST"]),
    ("/account/password", views.change_password, ["GET", "POST"]),
    ("/account/email", mail_sending(views.change_email), ["GET", "POST"]),
    ("/account/email/confirm/<token>", views.confirm_email_change, ["GET"]),
    ("/account/sessions", views.sign_out_everywhere, ["POST"]),
    ("/account/delete", views.delete_account, ["GET", "POST"]),
    ("/people", views.people, ["GET"]),
    ("/admin/rights", views.rights, ["GET", "POST"]),
    ("/people/<code>", views.person, ["GET"]),
    ("/admin/users", admin_views.admin_users, ["GET"]),
    ("/admin/users/new", admin_views.admin_user_new, ["GET", "POST"]),
    ("/admin/users/import", admin_views.admin_users_import, ["GET", "POST"]),
    ("/admin/users/<int:user_id>", admin_views.admin_user, ["GET"]),
    ("/admin/users/<int:user_id>/roles", admin_views.admin_user_roles, ["POST"]),
    ("/admin/users/<int:user_id>/suspend", admin_views.admin_user_suspend, ["POST"]),
    ("/admin/users/<int:user_id>/reactivate", admin_views.admin_user_reactivate, ["POST"]),
    ("/admin/users/<int:user_id>/sign-out", admin_views.admin_user_sign_out, ["POST"]),
    ("/admin/users/<int:user_id>/delete", admin_views.admin_user_delete, ["GET", "POST"]),
    ("/admin/users/<int:user_id>/edit", admin_views.admin_user_edit, ["GET", "POST"]),
    ("/admin/groups", admin_groups.admin_groups, ["GET", "POST"]),
    ("/admin/groups/<int:group_id>", admin_groups.admin_group, ["GET"]),
    ("/admin/groups/<int:group_id>/members", admin_groups.admin_group_add_member, ["POST"]),
    (
        "/admin/groups/<int:group_id>/members/<int:user_id>/remove",
        admin_groups.admin_group_remove_member,
        ["POST"],
    ),
    ("/admin/groups/<int:group_id>/roles", admin_groups.admin_group_assign_role, ["POST"]),
    (
        "/admin/groups/<int:group_id>/roles/<int:assignment_id>/remove",
        admin_groups.admin_group_unassign_role,
        ["POST"],
    ),
    ("/newsletter", mail_sending(views.newsletter_subscribe), ["GET", "POST"]),
    ("/newsletter/confirm/<token>", views.newsletter_confirm, ["GET", "POST"]),
    ("/newsletter/unsubscribe/<token>", views.newsletter_unsubscribe, ["GET", "POST"]),
]
for rule, view, methods in rules:
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)

# The secret in these links is the proof; mail clients post one-click unsubscriptions
# (RFC 8058) without any form token.
csrf.exempt("dclic.accounts.views.newsletter_confirm")
csrf.exempt("dclic.accounts.views.newsletter_unsubscribe")

api_bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1")
api_rules = [
    ("/auth/register", limiter.limit("10 per hour")(api.register), ["POST"]),
    ("/auth/login", per_ip(per_account(api.login)), ["POST"]),
    ("/auth/logout", api.logout, ["POST"]),
    ("/auth/password-reset", limiter.limit("5 per hour")(api.password_reset), ["POST"]),
    ("/me", api.me, ["GET"]),
    ("/newsletter/subscriptions", limiter.limit("5 per hour")(api.newsletter_subscribe), ["POST"]),
]
for rule, view, methods in api_rules:
    api_bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
csrf.exempt(api_bp)


def init_app(app: Flask) -> None:
    sessions.init_app(app)
    app.extensions["dclic_api_authenticator"] = api.authenticate_bearer
    app.jinja_env.globals["can_search_people"] = permissions.can_search_people
    app.jinja_env.globals["has_capability"] = rights.has_capability
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
