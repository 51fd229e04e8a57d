"""Settings of stored files: the folder, and the largest upload per purpose."""

import pytest

from dclic.config import ConfigError, build_config

MB = 1024 * 1024


def test_defaults_keep_files_in_the_instance_folder(tmp_path):
    config = build_config(str(tmp_path), env={})
    assert config["DCLIC_FILES_DIR"] == str(tmp_path / "files")
    assert config["DCLIC_FILES_MAX_BYTES"] == {
        "image": 5 * MB,
        "document": 20 * MB,
        "media": 100 * MB,
    }


def test_the_folder_and_limits_can_be_set(tmp_path):
    env = {
        "DCLIC_FILES_DIR": "/srv/dclic-files",
        "DCLIC_FILES_IMAGE_MAX_MB": "2",
        "DCLIC_FILES_DOCUMENT_MAX_MB": "50",
        "DCLIC_FILES_MEDIA_MAX_MB": "500",
    }
    config = build_config(str(tmp_path), env=env)
    assert config["DCLIC_FILES_DIR"] == "/srv/dclic-files"
    assert config["DCLIC_FILES_MAX_BYTES"] == {
        "image": 2 * MB,
        "document": 50 * MB,
        "media": 500 * MB,
    }


def test_wrong_values_are_all_reported(tmp_path):
    env = {
        "DCLIC_FILES_DIR": "files",
        "DCLIC_FILES_IMAGE_MAX_MB": "0",
        "DCLIC_FILES_MEDIA_MAX_MB": "lots",
    }
    with pytest.raises(ConfigError) as caught:
        build_config(str(tmp_path), env=env)
    problems = caught.value.problems
    assert "DCLIC_FILES_DIR='files' must be an absolute path." in problems
    assert "DCLIC_FILES_IMAGE_MAX_MB=0 must be between 1 and 2048." in problems
    assert "DCLIC_FILES_MEDIA_MAX_MB='lots' is not a whole number." in problems
