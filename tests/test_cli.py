"""Operator commands: flask --app wsgi dclic …"""

from dclic.accounts import queries


def test_create_admin_makes_an_administrator_and_prints_the_password(app, session):
    result = app.test_cli_runner().invoke(
        args=["dclic", "create-admin", "--email", "Chef@Exemple.org", "--name", "Chef"]
    )
    assert result.exit_code == 0, result.output
    assert "Administrator created: Chef@exemple.org" in result.output
    password = result.output.split("Password: ")[1].strip()
    admin = queries.get_user_by_email("chef@exemple.org")
    assert admin.has_role("admin")
    from dclic.accounts.passwords import verify_password

    assert verify_password(admin.password_hash, password)


def test_create_admin_explains_a_bad_address_without_a_traceback(app, session):
    result = app.test_cli_runner().invoke(
        args=["dclic", "create-admin", "--email", "not-an-address", "--password", "x" * 12]
    )
    assert result.exit_code == 1
    assert "Error:" in result.output
    assert "email" in result.output
    assert "Traceback" not in result.output


def test_seed_demo_prints_the_admin_login_and_can_run_twice(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["dclic", "seed-demo", "--admin-password", "apprendre-le-numerique"])
    assert first.exit_code == 0, first.output
    assert "admin login: admin@dclic.example" in first.output
    assert "password: apprendre-le-numerique" in first.output
    second = runner.invoke(
        args=["dclic", "seed-demo", "--admin-password", "apprendre-le-numerique"]
    )
    assert second.exit_code == 0, second.output
    assert "nothing new" in second.output
    assert queries.get_user_by_email("élève@école.example").display_name == "Awa Konaté"
