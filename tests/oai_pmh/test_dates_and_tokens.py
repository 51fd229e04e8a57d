"""Datestamp parsing and formatting; the token codec on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from oai_pmh.dates import Granularity, format_datestamp, parse_datestamp, upper_bound
from oai_pmh.errors import BadResumptionToken
from oai_pmh.tokens import TokenCodec, TokenState


def test_both_datestamp_forms_parse_with_their_granularity():
    assert parse_datestamp("2024-06-01") == (datetime(2024, 6, 1, tzinfo=UTC), Granularity.DAY)
    assert parse_datestamp("2024-06-01T10:11:12Z") == (
        datetime(2024, 6, 1, 10, 11, 12, tzinfo=UTC),
        Granularity.SECOND,
    )


@pytest.mark.parametrize(
    "text", ["2024-6-1", "2024-06-01T10:11:12", "2024-06-01 10:11:12Z", "2024-06-31", " 2024-06-01"]
)
def test_other_datestamp_shapes_are_refused(text):
    with pytest.raises(ValueError):
        parse_datestamp(text)


def test_until_bounds_cover_the_whole_unit():
    day = datetime(2024, 6, 1, tzinfo=UTC)
    assert upper_bound(day, Granularity.DAY) == datetime(2024, 6, 1, 23, 59, 59, 999999, tzinfo=UTC)
    assert upper_bound(day, Granularity.SECOND) == datetime(2024, 6, 1, 0, 0, 0, 999999, tzinfo=UTC)
    assert upper_bound(datetime(9999, 12, 31, tzinfo=UTC), Granularity.DAY).year == 9999


def test_datestamps_are_written_in_utc_without_fractions():
    paris = timezone(timedelta(hours=2))
    moment = datetime(2024, 6, 1, 12, 0, 0, 123456, tzinfo=paris)
    assert format_datestamp(moment) == "2024-06-01T10:00:00Z"
    assert format_datestamp(moment, Granularity.DAY) == "2024-06-01"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="time zone"):
        format_datestamp(datetime(2024, 6, 1))


def _state(**changes):
    values = {
        "verb": "ListRecords",
        "after": ("2024-06-01T10:00:00.500000+00:00", "oai:x:1"),
        "cursor": 100,
        "complete_list_size": 5000,
        "issued_at": datetime(2025, 1, 1, tzinfo=UTC),
        "metadata_prefix": "lom",
        "from_": datetime(2024, 1, 1, tzinfo=UTC),
        "until": None,
        "set_spec": "courses:python",
    }
    return TokenState(**{**values, **changes})


def test_a_token_round_trips_its_state():
    codec = TokenCodec("a-secret-long-enough-for-tokens")
    assert codec.decode(codec.encode(_state())) == _state()


def test_tokens_are_url_safe_and_opaque():
    token = TokenCodec("a-secret-long-enough-for-tokens").encode(_state())
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    assert "courses" not in token


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match="16 bytes"):
        TokenCodec("short")


def test_a_token_of_another_version_is_refused():
    codec = TokenCodec(b"a-secret-long-enough-for-tokens")
    body, _dot, _sig = codec.encode(_state()).partition(".")
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["v"] = 2
    raw = json.dumps(payload).encode()
    forged = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    signature = base64.urlsafe_b64encode(codec._sign(raw)).decode().rstrip("=")
    with pytest.raises(BadResumptionToken, match="not understood"):
        codec.decode(f"{forged}.{signature}")
