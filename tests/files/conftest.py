"""Fixtures of the files tests: an uploader, the folder of stored contents, an upload helper."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def uploader(create_user):
    return create_user(display_name="Awa Diop")


@pytest.fixture
def files_dir(app) -> Path:
    return Path(app.config["DCLIC_FILES_DIR"])


@pytest.fixture
def upload(session, uploader):
    """``upload(data, purpose="document", filename="notes.txt", actor=uploader, **kw)``."""
    from dclic.files import services

    def store(data: bytes, purpose="document", filename="file", actor=uploader, **kwargs):
        return services.store_upload(actor, data, purpose, filename, **kwargs)

    return store


@pytest.fixture
def refusal(upload):
    """``refusal(data, purpose, filename)`` → the message of the Invalid raised."""
    from dclic.core.errors import Invalid

    def refused(data: bytes, purpose="document", filename="file"):
        with pytest.raises(Invalid) as caught:
            upload(data, purpose, filename)
        assert list(caught.value.errors) == ["file"]
        return caught.value.errors["file"][0]

    return refused
