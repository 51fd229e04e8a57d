"""An in-memory ``Repository``: the reference implementation, for tests and the benchmark."""

from __future__ import annotations

import threading
from bisect import bisect_right, insort
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime

from oai_pmh.model import Header, Record, RecordKey, RecordQuery, RepositoryInfo, SetInfo


class InMemoryRepository:
    """Records kept in a list sorted by ``(datestamp, identifier)``.

    Pages are found with a binary search on the sorted keys, so listing costs the page, not
    the repository; ``count`` scans (the provider calls it once per harvest, not per page).
    A lock makes it safe to change records while an HTTP server thread reads them.
    """

    def __init__(self, info: RepositoryInfo, sets: Iterable[SetInfo] = ()) -> None:
        self._info = info
        self._sets = tuple(sets)
        self._keys: list[RecordKey] = []
        self._items: dict[str, tuple[Header, Mapping[str, object]]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def upsert(
        self,
        identifier: str,
        datestamp: datetime,
        metadata: Mapping[str, object],
        set_specs: Iterable[str] = (),
    ) -> Header:
        """Add or replace an item; ``metadata`` maps each prefix to its metadata object."""
        header = Header(identifier, datestamp, tuple(set_specs))
        self._store(header, dict(metadata))
        return header

    def delete(self, identifier: str, datestamp: datetime) -> Header:
        """Mark an item deleted: it keeps its formats and sets, and loses its metadata."""
        with self._lock:
            old_header, metadata = self._items[identifier]
        header = Header(identifier, datestamp, old_header.set_specs, is_deleted=True)
        self._store(header, dict.fromkeys(metadata))
        return header

    def _store(self, header: Header, metadata: Mapping[str, object]) -> None:
        with self._lock:
            previous = self._items.get(header.identifier)
            if previous is not None:
                self._keys.remove(previous[0].key)
            insort(self._keys, header.key)
            self._items[header.identifier] = (header, metadata)

    # --- the Repository interface -------------------------------------------------------

    def identify(self) -> RepositoryInfo:
        """The repository description given at construction."""
        return self._info

    def list_sets(self) -> Sequence[SetInfo]:
        """The sets given at construction."""
        return self._sets

    def metadata_formats(self, identifier: str) -> Collection[str] | None:
        """The prefixes stored for the item, ``None`` for an unknown identifier."""
        with self._lock:
            item = self._items.get(identifier)
        return None if item is None else tuple(item[1])

    def get_record(self, identifier: str, metadata_prefix: str) -> Record | None:
        """The item in one format (no metadata when deleted)."""
        with self._lock:
            item = self._items.get(identifier)
        if item is None or metadata_prefix not in item[1]:
            return None
        return Record(item[0], item[1][metadata_prefix])

    def list_records(
        self,
        query: RecordQuery,
        after: RecordKey | None,
        limit: int,
        *,
        with_metadata: bool = True,
    ) -> Sequence[Record]:
        """One page after ``after``, in key order."""
        page: list[Record] = []
        with self._lock:
            index = self._start(query, after)
            keys, items = self._keys, self._items
            while index < len(keys) and len(page) < limit:
                datestamp, identifier = keys[index]
                index += 1
                if query.until is not None and datestamp > query.until:
                    break
                header, metadata = items[identifier]
                if query.metadata_prefix in metadata and query.matches(header):
                    value = metadata[query.metadata_prefix] if with_metadata else None
                    page.append(Record(header, value))
        return page

    def _start(self, query: RecordQuery, after: RecordKey | None) -> int:
        """The index of the first key worth looking at (the lock is held)."""
        index = 0 if after is None else bisect_right(self._keys, after)
        if query.from_ is not None:
            # ("",) sorts before every identifier, so this lands on the first key >= from_.
            index = max(index, bisect_right(self._keys, (query.from_, "")))
        return index

    def count(self, query: RecordQuery) -> int:
        """How many items match (a full scan: called once per harvest)."""
        with self._lock:
            return sum(
                1
                for header, metadata in self._items.values()
                if query.metadata_prefix in metadata and query.matches(header)
            )
