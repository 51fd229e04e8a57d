"""Bulk import of accounts from CSV: a check that explains every bad row, then the import."""

import io

from dclic.accounts import groups, queries
from tests.helpers import csrf_token, mailed_link

GOOD_AND_BAD = """email;display_name;roles;country;track;birth_year
ուսանող@օրինակ.հայ;Anahit;learner;AM;A;2005
مستخدم@مثال.مصر;Youssef;learner;EG;M;2010
not an address;Nobody;learner;SN;A;2001
awa@example.org;Awa;wizard;SN;A;2001
ՈՒՍԱՆՈՂ@օրինակ.հայ;Twice;learner;AM;A;2005
""".encode()


def upload(client, data: bytes, action: str, **fields):
    return client.post(
        "/admin/users/import",
        data={
            "csrf_token": csrf_token(client, "/admin/users/import"),
            "action": action,
            "file": (io.BytesIO(data), "people.csv"),
            **fields,
        },
        content_type="multipart/form-data",
    )


def test_the_check_reports_each_bad_row_and_writes_nothing(client, create_user, login):
    login(create_user(roles=("admin",)))
    response = upload(client, GOOD_AND_BAD, "check")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Lignes correctes\u00a0: 2. Lignes à corriger\u00a0: 3." in html
    assert "Rôle inconnu\u00a0: wizard." in html
    assert "Même adresse qu’à la ligne 2." in html  # the duplicate points back
    assert queries.get_user_by_email("ուսանող@օրինակ.հայ") is None


def test_the_import_creates_the_good_rows_and_mails_each_a_welcome_link(
    client, create_user, login, outbox, session
):
    login(create_user(roles=("admin",)))
    response = upload(client, GOOD_AND_BAD, "import")
    assert response.status_code == 200
    anahit = queries.get_user_by_email("ուսանող@օրինակ.հայ")
    youssef = queries.get_user_by_email("مستخدم@مثال.مصر")
    assert anahit.country == "AM" and anahit.email_confirmed_at is None
    assert youssef.is_minor and youssef.profile_visibility == "private"
    assert queries.get_user_by_email("awa@example.org") is None
    mails = {m["To"]: m for m in outbox()}
    assert set(mails) == {"ուսանող@օրինակ.հայ", "مستخدم@مثال.مصر"}
    link = mailed_link(mails["ուսանող@օրինակ.հայ"], "/password/reset/")
    assert client.get(link).status_code == 200


def test_an_unusable_file_gets_a_message_not_an_error(client, create_user, login):
    login(create_user(roles=("admin",)))
    for data in (b"", b"\xff\xfe\x00garbage", b"name,age\nx,1\n"):
        response = upload(client, data, "check")
        assert response.status_code == 422
        assert "form-errors" in response.get_data(as_text=True)


def test_only_those_who_create_accounts_may_import(client, create_user, login):
    login(create_user(roles=("mentor",)))
    assert client.get("/admin/users/import").status_code == 403


def test_the_imported_accounts_join_the_chosen_group(client, create_user, login, session):
    admin = create_user(roles=("admin",))
    cohort = groups.create_group(admin, "Cohorte Erevan")
    login(admin)
    assert "Cohorte Erevan" in client.get("/admin/users/import").get_data(as_text=True)
    response = upload(client, GOOD_AND_BAD, "import", group=str(cohort.id))
    assert response.status_code == 200
    names = sorted(user.display_name for user in groups.members(cohort))
    assert names == ["Anahit", "Youssef"]


def test_a_group_that_does_not_exist_is_refused_before_any_account_is_made(
    client, create_user, login
):
    login(create_user(roles=("admin",)))
    response = upload(client, GOOD_AND_BAD, "import", group="999999")
    assert response.status_code == 422
    assert "Ce groupe n’existe pas." in response.get_data(as_text=True)
    assert queries.get_user_by_email("ուսանող@օրինակ.հայ") is None
