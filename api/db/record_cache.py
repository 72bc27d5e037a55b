"""This process's cache of the records the matching service scores, kept in step with the change log.

A shortlist scores a few hundred candidates and a candidate's matches a few hundred vacancies; reading and
converting their rows was a quarter of a request's time under load. The cache keeps, per record, its SQL row (a
candidate's without its résumé text, which ranking never reads), its occupation links and its domain object.

**Why it is never stale past the change log.** Every write of a candidate or a vacancy, its codes, its status or
its erasure appends a row to ``index_change`` in the same transaction (``repository.record_change``), in commit
order. Before a request reads records it calls :meth:`RecordCache.refresh` in its own session: the changes after
the cache's watermark evict their records, and the watermark moves to the last change seen. Rows the request then
reads from the database are kept only if no later change was applied meanwhile (the watermark is still the one its
refresh returned): a row read before a concurrent write committed is never kept after that write's eviction.
Other processes and hosts see their own writes' evictions the same way, through the shared log.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlmodel import Session

# a backlog this long (a bulk import, a process idle for long) empties the cache rather than evicting row by row
_MAX_BACKLOG = 10_000
_TABLE_OF_SIDE = {"candidates": "candidate", "vacancies": "vacancy"}


class CachedRecord(NamedTuple):
    """One record as read for ranking: its SQL row, its occupation links and its domain object."""

    row: Any
    links: list[Any]
    record: Any


class RecordCache:
    """Rows, links and domain records by table and id, evicted by the change log (thread-safe, bounded)."""

    def __init__(self, max_entries: int) -> None:
        """
        Args:
            max_entries: records kept across both tables; the least recently used go first (0 disables).
        """
        self._max = max_entries
        self._entries: OrderedDict[tuple[str, int], CachedRecord] = OrderedDict()
        self._lock = threading.Lock()
        self._seen: int | None = None  # last change applied; None until the first refresh
        self.hits = 0

    @property
    def enabled(self) -> bool:
        return self._max > 0

    def refresh(self, session: Session) -> int:
        """Apply the changes committed since the last refresh (evict their records) and return the watermark.

        Args:
            session: the request's session; the rows it reads next come from the state this call saw or a later
                one.

        Returns:
            The last change id the session saw; pass it to :meth:`put_many` for the rows read after this call.
            It differs from the cache's own watermark when another thread saw a later state (then nothing this
            request reads is kept: on SQLite its snapshot may be older than that state).
        """
        observed = int(session.execute(text("SELECT COALESCE(MAX(seq), 0) FROM index_change")).scalar_one())
        with self._lock:
            since = self._seen
        if since is None or observed <= since:
            with self._lock:
                if self._seen is None:  # nothing cached yet: nothing to evict
                    self._seen = observed
            return observed
        changes = session.execute(
            text("SELECT side, record_id FROM index_change WHERE seq > :since AND seq <= :upto LIMIT :n"),
            {"since": since, "upto": observed, "n": _MAX_BACKLOG},
        ).all()
        with self._lock:
            if len(changes) >= _MAX_BACKLOG:
                self._entries.clear()
            else:
                for side, record_id in changes:
                    self._entries.pop((_TABLE_OF_SIDE.get(side, side), int(record_id)), None)
            self._seen = max(self._seen or 0, observed)
        return observed

    def get_many(self, table: str, ids: Iterable[int]) -> dict[int, CachedRecord]:
        """The cached records of ``table`` among ``ids`` (the others must be read from the database)."""
        found: dict[int, CachedRecord] = {}
        with self._lock:
            for record_id in ids:
                entry = self._entries.get((table, record_id))
                if entry is not None:
                    self._entries.move_to_end((table, record_id))
                    found[record_id] = entry
            self.hits += len(found)
        return found

    def put_many(self, table: str, records: dict[int, CachedRecord], watermark: int) -> None:
        """Keep records read from the database after the refresh that returned ``watermark``.

        Kept only if no change was applied since that refresh (another thread's refresh may have evicted a newer
        version of one of them meanwhile).
        """
        if not self.enabled:
            return
        with self._lock:
            if self._seen != watermark:
                return
            for record_id, entry in records.items():
                self._entries[(table, record_id)] = entry
                self._entries.move_to_end((table, record_id))
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
