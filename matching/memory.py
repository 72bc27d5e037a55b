"""In-memory record stores: the reference ``RecordStore`` for tests, the demo and benchmarks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from matching.models import Candidate, Vacancy

R = TypeVar("R", Candidate, Vacancy)


class InMemoryStore(Generic[R]):
    """Records by id, with an inverted index from occupation code to ids."""

    def __init__(self, records: Iterable[R] = ()) -> None:
        self._records: dict[int, R] = {}
        self._by_code: dict[str, dict[int, None]] = defaultdict(dict)
        for record in records:
            self.put(record)

    def put(self, record: R) -> None:
        self.delete(record.id)
        self._records[record.id] = record
        for occ in record.occupations:
            self._by_code[occ.code][record.id] = None

    def delete(self, record_id: int) -> bool:
        old = self._records.pop(record_id, None)
        if old is None:
            return False
        for occ in old.occupations:
            self._by_code[occ.code].pop(record_id, None)
        return True

    def get(self, record_id: int) -> R | None:
        return self._records.get(record_id)

    def get_many(self, ids: Sequence[int]) -> dict[int, R]:
        return {i: r for i in ids if (r := self._records.get(int(i))) is not None}

    def ids_with_occupations(self, codes: Sequence[str], limit: int) -> list[int]:
        found: dict[int, None] = {}
        if limit <= 0:
            return []
        for code in codes:
            for record_id in reversed(self._by_code.get(code, {})):  # newest first, like the SQL stores
                found[record_id] = None
                if len(found) >= limit:
                    return list(found)
        return list(found)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[R]:
        return iter(list(self._records.values()))
