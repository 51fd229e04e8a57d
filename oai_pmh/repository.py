"""The small interface an application implements to be served by the ``Provider``.

The provider never loads a whole result set: every list verb asks for one page of records
*after* the last key it handed out (keyset pagination on ``(datestamp, identifier)``), so
memory stays constant and a resumption token stays valid while records are added, changed
or deleted between two requests. A changed record gets a newer datestamp and therefore
moves behind the harvester's position: it is delivered (again) later in the same harvest,
never skipped.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol, runtime_checkable

from oai_pmh.model import Record, RecordKey, RecordQuery, RepositoryInfo, SetInfo


@runtime_checkable
class Repository(Protocol):
    """What the provider needs from an application's catalogue.

    Implementations must return datestamps as aware UTC datetimes and keep deleted records
    (``deletedRecord`` is ``persistent``): a deleted item is still listed, with
    ``Header.is_deleted`` set and no metadata.
    """

    def identify(self) -> RepositoryInfo:
        """The repository's description (read on every request for the base URL: keep it cheap)."""
        ...

    def list_sets(self) -> Sequence[SetInfo]:
        """Every set; an empty sequence means the repository has no set hierarchy."""
        ...

    def metadata_formats(self, identifier: str) -> Collection[str] | None:
        """Prefixes an item can be disseminated in, or ``None`` if the item does not exist.

        A deleted item still exists: return the prefixes it was disseminated in.
        """
        ...

    def get_record(self, identifier: str, metadata_prefix: str) -> Record | None:
        """One record in one format, ``None`` if the item does not exist."""
        ...

    def list_records(
        self,
        query: RecordQuery,
        after: RecordKey | None,
        limit: int,
        *,
        with_metadata: bool = True,
    ) -> Sequence[Record]:
        """At most ``limit`` records matching ``query``, ordered by ``Header.key``.

        Only records whose key is strictly greater than ``after`` are returned. Items that
        cannot be disseminated in ``query.metadata_prefix`` are left out. With
        ``with_metadata=False`` (ListIdentifiers) metadata may be left as ``None``.
        """
        ...

    def count(self, query: RecordQuery) -> int:
        """How many records match ``query`` (reported as ``completeListSize``)."""
        ...
