"""The index a service searches, behind a slot so that a rebuild can swap it; and what "persistent" means."""

from __future__ import annotations

import os
from typing import Protocol

from matching.ports import FloatMatrix, FloatVector, Hits, IdArray, VectorIndex


class PersistentIndex(VectorIndex, Protocol):
    """A vector index that can write itself to a file."""

    def save(self, path: str | os.PathLike[str]) -> None: ...


class IndexSlot:
    """A ``VectorIndex`` that forwards to a replaceable index, so a rebuild swaps it under the service."""

    def __init__(self, current: PersistentIndex) -> None:
        self.current = current

    @property
    def dim(self) -> int:
        return self.current.dim

    def add(self, ids: IdArray, vectors: FloatMatrix) -> None:
        self.current.add(ids, vectors)

    def remove(self, ids: IdArray) -> int:
        return self.current.remove(ids)

    def search(self, queries: FloatMatrix, k: int) -> list[Hits]:
        return self.current.search(queries, k)

    def score_ids(self, query: FloatVector, ids: IdArray) -> FloatVector:
        return self.current.score_ids(query, ids)

    def save(self, path: str | os.PathLike[str]) -> None:
        self.current.save(path)

    def __len__(self) -> int:
        return len(self.current)

    def __contains__(self, item: object) -> bool:
        return item in self.current
