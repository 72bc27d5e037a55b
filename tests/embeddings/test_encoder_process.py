"""The encoder child process of the index worker: the same vectors as the embedder it stands for, a child that
dies is replaced, a failure in the child is raised in the parent, and closing ends the child."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from embeddings.encoder_process import EncoderProcessError, ProcessEmbedder
from embeddings.factory import EmbedderConfig, build_embedder

CONFIG = EmbedderConfig(backend="hashing", hashing_dim=64)
TEXTS = ["Soudeur industriel, 5 ans d'expérience", "Mesero con experiencia en restaurantes", "Farm worker"]


def _gone(pid: int, within: float = 5.0) -> bool:
    """Whether the process ends within the time (a zombie not yet reaped counts as ended)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def child() -> Iterator[ProcessEmbedder]:
    embedder = ProcessEmbedder(CONFIG, dim=64, symmetric=True, timeout=60)
    yield embedder
    embedder.close()


def test_the_child_encodes_what_the_parent_would(child: ProcessEmbedder) -> None:
    here = build_embedder(CONFIG)
    assert np.array_equal(child.encode_documents(TEXTS), here.encode_documents(TEXTS))
    assert np.array_equal(child.encode_queries(TEXTS[:1]), here.encode_queries(TEXTS[:1]))
    assert child.pid is not None and child.pid != os.getpid()
    assert child.encode_documents([]).shape == (0, 64)


def test_a_killed_child_is_replaced_by_the_next_call(child: ProcessEmbedder) -> None:
    first = child.encode_documents(TEXTS)
    pid = child.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    assert _gone(pid)
    assert np.array_equal(child.encode_documents(TEXTS), first)
    assert child.pid not in (None, pid)


def test_a_failure_in_the_child_is_raised_here_and_the_child_goes_on(child: ProcessEmbedder) -> None:
    with pytest.raises(EncoderProcessError, match="TypeError"):
        child.encode_documents([b"not a string"])  # type: ignore[list-item]
    assert child.encode_documents(TEXTS).shape == (3, 64)


def test_a_child_that_does_not_answer_in_time_is_killed_and_reported() -> None:
    slow = ProcessEmbedder(CONFIG, dim=64, symmetric=True, timeout=60)
    try:
        slow.encode_documents(TEXTS)
        pid = slow.pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)  # alive but silent
        slow._timeout = 0.5
        with pytest.raises(EncoderProcessError, match="did not answer"):
            slow.encode_documents(TEXTS)
        assert _gone(pid)
        slow._timeout = 60
        assert slow.encode_documents(TEXTS).shape == (3, 64)
    finally:
        slow.close()


def test_a_wrong_dimension_is_refused_at_start() -> None:
    wrong = ProcessEmbedder(CONFIG, dim=32, symmetric=True, timeout=60)
    try:
        with pytest.raises(EncoderProcessError, match="dimension 64, expected 32"):
            wrong.encode_documents(TEXTS)
    finally:
        wrong.close()


def test_close_ends_the_child(child: ProcessEmbedder) -> None:
    child.encode_documents(TEXTS)
    pid = child.pid
    assert pid is not None
    child.close()
    assert _gone(pid)
    assert child.pid is None


def test_the_child_takes_a_higher_cpu_priority_when_permitted() -> None:
    raised = ProcessEmbedder(CONFIG, dim=64, symmetric=True, timeout=60, priority=3)
    same = ProcessEmbedder(CONFIG, dim=64, symmetric=True, timeout=60)
    try:
        raised.encode_documents(TEXTS)
        same.encode_documents(TEXTS)
        assert raised.pid is not None and same.pid is not None
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, same.pid) == ours and same.priority_raised
        if raised.priority_raised:
            assert os.getpriority(os.PRIO_PROCESS, raised.pid) == ours - 3
        else:  # not permitted (no CAP_SYS_NICE): it encoded all the same, at our priority
            assert os.getpriority(os.PRIO_PROCESS, raised.pid) == ours
    finally:
        raised.close()
        same.close()


def test_close_ends_a_hung_batch_at_once_and_no_child_starts_after(child: ProcessEmbedder) -> None:
    child.encode_documents(TEXTS)
    pid = child.pid
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)  # the next batch hangs (the timeout is 60 s)
    failed: list[BaseException] = []

    def encode() -> None:
        try:
            child.encode_documents(TEXTS)
        except EncoderProcessError as exc:
            failed.append(exc)

    batch = threading.Thread(target=encode)
    batch.start()
    time.sleep(0.3)
    started = time.monotonic()
    child.close()
    batch.join(10)
    assert not batch.is_alive() and failed and time.monotonic() - started < 8
    assert _gone(pid)
    with pytest.raises(EncoderProcessError, match="closed"):
        child.encode_documents(TEXTS)
    child.start()
    assert child.pid is None
