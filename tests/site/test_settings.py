"""Platform settings: changed by administrators without a deploy, validated, applied, audited."""

import io

import pytest
import sqlalchemy as sa

from dclic.audit.models import AuditEvent
from dclic.core.errors import Invalid, NotAllowed
from dclic.site import settings
from tests.files import samples
from tests.helpers import csrf_token, post_form

FORM = {
    "site_name": "D-CLIC Sénégal",
    "color_primary": "#1a4d2e",
    "color_accent": "#8a1538",
    "default_locale": "fr",
    "contact_email": "équipe@dclic.sn",
    "registration_open": "y",
    "session_idle_minutes": "45",
}


def test_an_administrator_renames_and_recolours_the_platform(client, create_user, login, session):
    login(create_user(roles=("admin",)))
    assert post_form(client, "/admin/settings", FORM).status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert "D-CLIC Sénégal" in html
    theme = html.split('<link rel="stylesheet" href="/theme/')[1].split('"')[0]
    css = client.get(f"/theme/{theme}")
    assert css.status_code == 200
    assert "--c-primary:#1a4d2e" in css.get_data(as_text=True)
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    row = session.scalar(sa.select(AuditEvent).where(AuditEvent.object_type == "platform_settings"))
    assert row is not None and row.actor_kind == "user"


def test_default_colours_cost_no_extra_request(client):
    assert "/theme/" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("color_primary", "#ffff00"),  # white text unreadable on yellow
        ("color_primary", "green"),
        ("site_name", ""),
        ("session_idle_minutes", "2"),
        ("session_idle_minutes", "soon"),
        ("contact_email", "not an address"),
        ("default_locale", "de"),
    ],
)
def test_bad_values_are_refused_with_a_message(client, create_user, login, field, value):
    login(create_user(roles=("admin",)))
    response = post_form(client, "/admin/settings", {**FORM, field: value})
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)


def test_only_administrators_change_settings(client, create_user, login):
    editor = create_user(roles=("editor",))
    with pytest.raises(NotAllowed):
        settings.update_settings(editor, site_name="X")
    login(editor)
    assert client.get("/admin/settings").status_code == 403


def test_closing_registration_closes_the_form_and_the_api(client, create_user, session):
    settings.update_settings(create_user(roles=("admin",)), registration_open=False)
    session.commit()
    response = client.post(
        "/api/v1/auth/register",
        json={"email": "a@example.org", "password": "une phrase solide ok", "display_name": "A"},
    )
    assert response.status_code == 403


def test_the_idle_timeout_follows_the_setting(client, create_user, login, session):
    import time

    admin = create_user(roles=("admin",))
    settings.update_settings(admin, session_idle_minutes=5)
    session.commit()
    login(create_user(display_name="Awa"))
    with client.session_transaction() as state:
        state["_seen"] = int(time.time()) - 6 * 60
    assert client.get("/").status_code == 302


def test_a_setting_equal_to_the_default_leaves_no_row(create_user, session):
    from dclic.site.models import PlatformSetting

    admin = create_user(roles=("admin",))
    settings.update_settings(admin, site_name="Autre nom")
    settings.update_settings(admin, site_name=settings.defaults()["site_name"])
    assert session.query(PlatformSetting).count() == 0
    with pytest.raises(Invalid):
        settings.update_settings(admin, nonsense=1)


def _post_with_logo(client, data: bytes, name: str, **extra):
    from tests.helpers import csrf_token

    return client.post(
        "/admin/settings",
        data={**FORM, **extra, "csrf_token": csrf_token(client, "/admin/settings"),
              "logo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )  # fmt: skip


def test_an_administrator_gives_the_platform_a_logo_every_visitor_sees(
    client, create_user, login, session
):
    login(create_user(roles=("admin",)))
    response = _post_with_logo(client, samples.image("PNG", size=(400, 100)), "logo-oif.png")
    assert response.status_code == 302, response.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    html = client.get("/").get_data(as_text=True)
    src = html.split('<img src="')[1].split('"')[0]
    assert client.get(src).status_code == 200  # public: a visitor who is not signed in
    assert settings.read("logo_file_id") is not None


def test_a_logo_that_is_not_an_image_is_refused_on_its_field(client, create_user, login):
    login(create_user(roles=("admin",)))
    response = _post_with_logo(client, b"MZ\x90\x00" + b"\x00" * 200, "logo.png")
    assert response.status_code == 422
    assert 'id="logo-error"' in response.get_data(as_text=True)
    assert settings.read("logo_file_id") is None


def test_the_logo_can_be_removed(client, create_user, login, session):
    login(create_user(roles=("admin",)))
    _post_with_logo(client, samples.image("PNG"), "logo.png")
    assert settings.read("logo_file_id") is not None
    response = post_form(client, "/admin/settings", {**FORM, "remove_logo": "y"})
    assert response.status_code == 302
    session.expire_all()
    assert 'class="logo"' not in client.get("/").get_data(as_text=True)
