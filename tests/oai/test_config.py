"""The OAI-PMH settings of dclic/config.py."""

from __future__ import annotations

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


def test_defaults_in_development(tmp_path):
    config = build_config(str(tmp_path), env={})
    assert config["OAI_PAGE_SIZE"] == 100
    assert config["DCLIC_OAI_REPOSITORY_ID"] == "dclic.localhost"  # 127.0.0.1 cannot be one
    assert config["DCLIC_HARVEST_ALLOW_PRIVATE"] is True


def test_defaults_in_production(tmp_path):
    config = build_config(str(tmp_path), env=PRODUCTION)
    assert config["DCLIC_OAI_REPOSITORY_ID"] == "dclic.example.org"  # the base URL's host
    assert config["DCLIC_HARVEST_ALLOW_PRIVATE"] is False


def test_values_from_the_environment(tmp_path):
    env = {"OAI_PAGE_SIZE": "5", "DCLIC_OAI_REPOSITORY_ID": "oai.dclic.org"}
    config = build_config(
        str(tmp_path), env={**PRODUCTION, **env, "DCLIC_HARVEST_ALLOW_PRIVATE": "1"}
    )
    assert config["OAI_PAGE_SIZE"] == 5
    assert config["DCLIC_OAI_REPOSITORY_ID"] == "oai.dclic.org"
    assert config["DCLIC_HARVEST_ALLOW_PRIVATE"] is True


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OAI_PAGE_SIZE", "0", "OAI_PAGE_SIZE=0 must be between 1 and 1000."),
        ("OAI_PAGE_SIZE", "cent", "OAI_PAGE_SIZE='cent' is not a whole number."),
        ("DCLIC_OAI_REPOSITORY_ID", "10.0.0.1", "must be a domain name"),
        ("DCLIC_HARVEST_ALLOW_PRIVATE", "peut-être", "must be 1/true/yes/on"),
    ],
)
def test_wrong_values_stop_the_start(tmp_path, name, value, message):
    with pytest.raises(ConfigError) as error:
        build_config(str(tmp_path), env={name: value})
    assert any(message in problem for problem in error.value.problems)
