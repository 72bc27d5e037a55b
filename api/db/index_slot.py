"""The index a service searches, behind a slot so that a rebuild can swap it; and what "persistent" means."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Protocol

from matching.ports import FloatMatrix, FloatVector, Hits, IdArray, VectorIndex


class PersistentIndex(VectorIndex, Protocol):
    """A vector index that can write itself to a file."""

    def save(self, path: str | os.PathLike[str]) -> None: ...


class IndexSlot:
    """A ``VectorIndex`` that forwards to a replaceable index, so a rebuild swaps it under the service.

    A rebuilt index is made aside and put in place with one assignment to ``current``; a search that already
    holds the previous index finishes on it.
    """

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


class SaverLock:
    """An exclusive, non-blocking file lock: the process holding it is the one that saves a folder's indexes.

    The operating system releases it when the process dies (even by kill -9), so another replica takes over at its
    next save.

    Args:
        path: the lock file.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if it is free (or already ours)."""
        if self._fd is not None:
            return True
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Give the lock up."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
