"""In-memory record stores: the reference ``RecordStore`` for tests, the demo and benchmarks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

import numpy as np

from matching.models import Candidate, Vacancy
from matching.ports import IdArray

R = TypeVar("R", Candidate, Vacancy)


class InMemoryStore(Generic[R]):
    """Records by id, with an inverted index from occupation code to ids.

    The occupation channel reads a code's ids as an int64 array, newest first, built on first use after the
    code's records changed (a shortlist then reads thousands of ids without a Python loop).
    """

    def __init__(self, records: Iterable[R] = ()) -> None:
        self._records: dict[int, R] = {}
        self._by_code: dict[str, dict[int, None]] = defaultdict(dict)
        self._newest_first: dict[str, IdArray] = {}
        for record in records:
            self.put(record)

    def put(self, record: R) -> None:
        self.delete(record.id)
        self._records[record.id] = record
        for occ in record.occupations:
            self._by_code[occ.code][record.id] = None
            self._newest_first.pop(occ.code, None)

    def delete(self, record_id: int) -> bool:
        old = self._records.pop(record_id, None)
        if old is None:
            return False
        for occ in old.occupations:
            self._by_code[occ.code].pop(record_id, None)
            self._newest_first.pop(occ.code, None)
        return True

    def get(self, record_id: int) -> R | None:
        return self._records.get(record_id)

    def get_many(self, ids: Sequence[int]) -> dict[int, R]:
        return {i: r for i in ids if (r := self._records.get(int(i))) is not None}

    def ids_with_occupations(self, codes: Sequence[str], limit: int) -> IdArray:
        if limit <= 0 or not codes:
            return np.zeros(0, dtype=np.int64)
        arrays = [self._ids_of(code) for code in dict.fromkeys(codes)]
        if len(arrays) == 1:
            return arrays[0][:limit]
        joined = np.concatenate(arrays)
        _, first = np.unique(joined, return_index=True)  # an id under several codes counts once, at its first place
        found: IdArray = joined[np.sort(first)][:limit]
        return found

    def _ids_of(self, code: str) -> IdArray:
        """The code's ids, newest first (like the SQL stores), cached until one of its records changes."""
        found = self._newest_first.get(code)
        if found is None:
            ids = self._by_code.get(code, {})
            found = np.fromiter(reversed(ids), dtype=np.int64, count=len(ids))
            found.flags.writeable = False
            self._newest_first[code] = found
        return found

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[R]:
        return iter(list(self._records.values()))
