"""FAISS and exact indexes: searches run concurrently, writes are exclusive, thread counts are set once."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from embeddings._rwlock import ReadWriteLock
from embeddings.exact_index import ExactIndex
from embeddings.faiss_index import FaissIndex, IndexConfig


def _filled(index: Any, n: int = 200, dim: int = 16) -> np.ndarray:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index.add(np.arange(n, dtype=np.int64), vectors)
    return vectors


@pytest.mark.parametrize("make", [lambda: FaissIndex(16), lambda: ExactIndex(16)], ids=["faiss", "exact"])
def test_a_search_runs_while_another_search_holds_the_index(make: Any) -> None:
    index = make()
    vectors = _filled(index)
    done = threading.Event()
    added = threading.Event()
    with index._lock.read():  # another search in progress
        searcher = threading.Thread(target=lambda: (index.search(vectors[:1], 5), done.set()))
        searcher.start()
        assert done.wait(5), "a search waited for another search"
        writer = threading.Thread(target=lambda: (index.add(np.asarray([999]), vectors[:1]), added.set()))
        writer.start()
        assert not added.wait(0.2), "an add ran during a search"
    assert added.wait(5)
    searcher.join()
    writer.join()
    assert 999 in index


def test_a_waiting_writer_is_not_starved_by_new_readers() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    with lock.read():

        def write() -> None:
            with lock.write():
                order.append("write")

        def read() -> None:
            with lock.read():
                order.append("read")

        writer = threading.Thread(target=write)
        writer.start()
        while not lock._writers_waiting:
            pass
        reader = threading.Thread(target=read)
        reader.start()
    writer.join(5)
    reader.join(5)
    assert order == ["write", "read"]


def test_openmp_threads_are_set_once_per_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import faiss

    calls: list[int] = []
    real = faiss.omp_set_num_threads
    monkeypatch.setattr(faiss, "omp_set_num_threads", lambda n: (calls.append(n), real(n)))
    index = FaissIndex(16, IndexConfig(search_threads=1))
    vectors = _filled(index)

    def searches() -> None:
        for _ in range(20):
            index.search(vectors[:1], 5)

    thread = threading.Thread(target=searches)
    thread.start()
    thread.join()
    assert calls.count(1) == 1


def test_search_settings_apply_to_a_loaded_index(tmp_path: Any) -> None:
    config = IndexConfig(exact_threshold=100, nprobe=2)
    index = FaissIndex(16, config)
    _filled(index, n=400)
    assert index.mode == "ivf_sq8"
    index.save(tmp_path / "i.idx")
    loaded = FaissIndex.load(tmp_path / "i.idx")
    assert loaded._index.nprobe == 2
    loaded.apply_search_settings(config.model_copy(update={"nprobe": 7, "exact_threshold": 5}))
    assert loaded._index.nprobe == 7 and loaded.config.nprobe == 7
    assert loaded.config.exact_threshold == 100  # a build setting is not changed on a built index
