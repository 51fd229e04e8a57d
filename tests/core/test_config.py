"""Configuration: embedded defaults, production requirements, clear errors."""

import pytest

from dclic.config import ConfigError, build_config

PRODUCTION = {
    "DCLIC_ENV": "production",
    "SECRET_KEY": "s" * 40,
    "DATABASE_URL": "postgresql://dclic@db/dclic",
    "REDIS_URL": "redis://redis:6379/0",
    "MAIL_URL": "smtp+starttls://mailer:secret@smtp.example.org:587",
    "DCLIC_BASE_URL": "https://dclic.example.org",
}


def test_with_no_configuration_the_app_runs_embedded(tmp_path):
    config = build_config(str(tmp_path), env={})
    assert config["DCLIC_ENV"] == "development"
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'dclic.sqlite3'}"
    assert config["DCLIC_MAIL"] == {"transport": "outbox", "path": str(tmp_path / "outbox")}
    assert config["DCLIC_JOBS"] == "inline"
    assert config["REDIS_URL"] is None
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["BABEL_DEFAULT_LOCALE"] == "fr"
    assert config["DCLIC_SESSION_IDLE_SECONDS"] == 30 * 60


def test_development_keeps_one_random_secret_key_in_the_instance_folder(tmp_path):
    first = build_config(str(tmp_path), env={})["SECRET_KEY"]
    second = build_config(str(tmp_path), env={})["SECRET_KEY"]
    assert len(first) >= 32
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_uses_postgresql_redis_smtp_and_https(tmp_path):
    config = build_config(str(tmp_path), env=PRODUCTION)
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://dclic@db/dclic"
    assert config["DCLIC_JOBS"] == "rq"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/0"
    assert config["DCLIC_MAIL"] == {
        "transport": "smtp",
        "host": "smtp.example.org",
        "port": 587,
        "security": "starttls",
        "username": "mailer",
        "password": "secret",
    }
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["DCLIC_ALLOWED_HOSTS"] == ["dclic.example.org"]
    assert config["DCLIC_TRUSTED_PROXIES"] == 1


def test_production_without_its_services_lists_every_problem_at_once(tmp_path):
    with pytest.raises(ConfigError) as caught:
        build_config(str(tmp_path), env={"DCLIC_ENV": "production"})
    message = str(caught.value)
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MAIL_URL", "DCLIC_BASE_URL"):
        assert name in message
    assert len(caught.value.problems) == 5


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DCLIC_ENV", "prod", "DCLIC_ENV='prod' must be one of: development, staging, production"),
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL scheme 'mysql' is not supported"),
        ("REDIS_URL", "http://cache", "REDIS_URL must start with redis://"),
        ("MAIL_URL", "ftp://mail", "MAIL_URL must be 'outbox'"),
        ("DCLIC_BASE_URL", "dclic.example.org", "must be an absolute http(s) URL"),
        ("DCLIC_SESSION_IDLE_MINUTES", "half an hour", "is not a whole number"),
        ("DCLIC_SESSION_IDLE_MINUTES", "0", "must be between 1 and 1440"),
        ("SECRET_KEY", "short", "at least 32 characters"),
        ("DCLIC_DEFAULT_LOCALE", "de", "DCLIC_DEFAULT_LOCALE must be one of: fr, en, ar"),
        ("DCLIC_RATELIMIT_ENABLED", "maybe", "must be 1/true/yes/on or 0/false/no/off"),
    ],
)
def test_a_wrong_value_is_named_with_what_is_expected(tmp_path, name, value, expected):
    with pytest.raises(ConfigError) as caught:
        build_config(str(tmp_path), env={name: value})
    assert expected in str(caught.value)


def test_staging_is_held_to_production_requirements(tmp_path):
    config = build_config(str(tmp_path), env={**PRODUCTION, "DCLIC_ENV": "staging"})
    assert config["DCLIC_ENV"] == "staging"
    with pytest.raises(ConfigError, match="REDIS_URL is required when DCLIC_ENV=staging"):
        build_config(str(tmp_path), env={**PRODUCTION, "DCLIC_ENV": "staging", "REDIS_URL": ""})


def test_extra_host_names_are_allowed_on_top_of_the_base_url(tmp_path):
    env = {**PRODUCTION, "DCLIC_ALLOWED_HOSTS": "www.dclic.example.org, Dclic.Example.Net"}
    config = build_config(str(tmp_path), env=env)
    assert config["DCLIC_ALLOWED_HOSTS"] == [
        "dclic.example.net",
        "dclic.example.org",
        "www.dclic.example.org",
    ]


def test_create_app_refuses_to_start_on_a_wrong_configuration(tmp_path):
    from dclic import create_app

    with pytest.raises(ConfigError, match="DCLIC_ENV"):
        create_app({"DCLIC_ENV": "live", "DCLIC_INSTANCE_PATH": str(tmp_path)})


def test_an_empty_variable_counts_as_unset(tmp_path):
    config = build_config(
        str(tmp_path), env={"DCLIC_DEFAULT_LOCALE": "", "DCLIC_LOG_LEVEL": "", "REDIS_URL": ""}
    )
    assert config["BABEL_DEFAULT_LOCALE"] == "fr"
    assert config["DCLIC_LOG_LEVEL"] == "INFO"
    assert config["REDIS_URL"] is None


def test_smtp_credentials_may_hold_reserved_characters_percent_encoded(tmp_path):
    env = {"MAIL_URL": "smtps://no-reply%40dclic.org:p%40ss%3Aw%2Fd@smtp.example.org"}
    mail = build_config(str(tmp_path), env=env)["DCLIC_MAIL"]
    assert (mail["username"], mail["password"], mail["port"]) == (
        "no-reply@dclic.org",
        "p@ss:w/d",
        465,
    )


def test_rate_limiting_is_on_unless_switched_off_in_words_or_digits(tmp_path):
    assert build_config(str(tmp_path), env={})["RATELIMIT_ENABLED"] is True
    for off in ("0", "false", "off", "No"):
        config = build_config(str(tmp_path), env={"DCLIC_RATELIMIT_ENABLED": off})
        assert config["RATELIMIT_ENABLED"] is False
