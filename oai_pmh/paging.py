"""Keyset pagination of list responses and the resumption tokens that carry it.

Each page asks the repository for ``page_size + 1`` items after the last key handed out:
the extra item only tells whether another page exists, so ``count`` is called once per
harvest (and not at all when everything fits in one page). ``completeListSize`` is that
first count, raised if the list grew, and exact on the last page.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree

from oai_pmh import responses
from oai_pmh.errors import BadResumptionToken, NoRecordsMatch
from oai_pmh.model import RecordKey, RecordQuery
from oai_pmh.repository import Repository
from oai_pmh.tokens import TokenCodec, TokenState

_NO_QUERY = RecordQuery("")


@dataclass(frozen=True)
class ListPage:
    """One page of a list response and what its ``resumptionToken`` element must say."""

    items: Sequence
    query: RecordQuery
    cursor: int
    complete_list_size: int
    token: str  # "" on the last page
    show_token: bool  # a complete list served in one response has no resumptionToken
    expiration: datetime | None = None


class Pager:
    """Turns (query, position) into pages, and pages into signed tokens."""

    def __init__(
        self,
        repository: Repository,
        codec: TokenCodec,
        page_size: int,
        token_ttl: timedelta | None,
    ) -> None:
        self._repository = repository
        self._codec = codec
        self._page_size = page_size
        self._ttl = token_ttl

    def first_records_page(
        self, verb: str, query: RecordQuery, now: datetime, with_metadata: bool
    ) -> ListPage:
        """The first page of ListRecords or ListIdentifiers (may be empty)."""
        return self._records_page(verb, query, None, 0, None, now, with_metadata)

    def records_page_from_token(
        self,
        verb: str,
        token: str,
        now: datetime,
        with_metadata: bool,
        known_prefixes: Collection[str],
    ) -> ListPage:
        """The page a token points at; ``NoRecordsMatch`` if nothing is left there."""
        state = self._decode(verb, token, now)
        if state.metadata_prefix not in known_prefixes:  # a format withdrawn since
            raise BadResumptionToken("the resumption token names a format no longer served")
        try:
            after: RecordKey = (datetime.fromisoformat(state.after[0]), state.after[1])
        except (ValueError, IndexError):
            raise BadResumptionToken("the resumption token has no record position") from None
        query = RecordQuery(state.metadata_prefix, state.from_, state.until, state.set_spec)
        page = self._records_page(
            verb, query, after, state.cursor, state.complete_list_size, now, with_metadata
        )
        if not page.items:
            # The records that were left changed set or format since the previous page.
            raise NoRecordsMatch("no record is left in this list")
        return page

    def sets_page(self, sets: Sequence, token: str | None, now: datetime) -> ListPage:
        """A page of ListSets; ``sets`` are sorted by setSpec, which is their key."""
        cursor, after = 0, None
        if token is not None:
            state = self._decode("ListSets", token, now)
            if len(state.after) != 1:
                raise BadResumptionToken("the resumption token has no set position")
            cursor, after = state.cursor, state.after[0]
        remaining = [info for info in sets if after is None or info.spec > after]
        items = remaining[: self._page_size]
        if not items:
            raise BadResumptionToken("no set is left after this resumption token")
        has_more = len(remaining) > len(items)
        total = cursor + len(remaining)
        state = TokenState("ListSets", (items[-1].spec,), cursor + len(items), total, now)
        return self._page(items, _NO_QUERY, cursor, total, state, has_more, token is not None)

    def write_token(self, container: etree._Element, page: ListPage) -> None:
        """Append the page's ``resumptionToken`` element when the protocol wants one."""
        if page.show_token:
            responses.resumption_token(
                container,
                page.token,
                cursor=page.cursor,
                complete_list_size=page.complete_list_size,
                expiration=page.expiration,
            )

    def _decode(self, verb: str, token: str, now: datetime) -> TokenState:
        state = self._codec.decode(token)
        if state.verb != verb:
            raise BadResumptionToken(f"this resumption token belongs to {state.verb}")
        if self._ttl is not None and state.issued_at + self._ttl < now:
            raise BadResumptionToken("this resumption token has expired")
        return state

    def _records_page(
        self,
        verb: str,
        query: RecordQuery,
        after: RecordKey | None,
        cursor: int,
        total: int | None,
        now: datetime,
        with_metadata: bool,
    ) -> ListPage:
        limit = self._page_size
        rows = self._repository.list_records(query, after, limit + 1, with_metadata=with_metadata)
        items, has_more = list(rows[:limit]), len(rows) > limit
        if total is None:
            total = self._repository.count(query) if has_more else len(items)
        total = max(total, cursor + len(items) + int(has_more))
        state = None
        if items:
            last = items[-1].header
            position = (last.datestamp.isoformat(), last.identifier)
            state = TokenState(
                verb,
                position,
                cursor + len(items),
                total,
                now,
                query.metadata_prefix,
                query.from_,
                query.until,
                query.set_spec,
            )
        return self._page(items, query, cursor, total, state, has_more, after is not None)

    def _page(self, items, query, cursor, total, state, has_more, from_token) -> ListPage:
        if not has_more or state is None:
            return ListPage(items, query, cursor, cursor + len(items), "", from_token)
        expiration = None if self._ttl is None else state.issued_at + self._ttl
        token = self._codec.encode(state)
        return ListPage(items, query, cursor, total, token, True, expiration)
