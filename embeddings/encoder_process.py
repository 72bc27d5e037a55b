"""An embedder that encodes in a child process of its own, for the index worker of a server.

In a server process the index worker thread shares one GIL with the request threads: under load it got about a third
of it, and encoding the writes of a busy minute took most of the worker's wall time (the index lag). The child has
its own interpreter, so its encoding runs on the other core while the parent's worker thread only waits on a pipe.

The child is started with ``spawn`` (never ``fork``: the parent has threads and FAISS), builds the embedder from the
same :class:`EmbedderConfig` (so its vectors are those of the parent's embedder), and answers one batch at a time. It
ends when the parent closes the pipe, stops, or dies: a read on a pipe whose other end is gone returns at once.
A child that dies or stops answering is replaced on the next call.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Literal

import numpy as np

from embeddings.factory import EmbedderConfig, build_embedder
from matching.ports import FloatMatrix

log = logging.getLogger("passerelle.encoder")
Kind = Literal["documents", "queries"]


class EncoderProcessError(RuntimeError):
    """The child could not encode a batch (it failed, died or did not answer in time)."""


def _raise_priority(steps: int) -> bool:
    """Take a CPU priority ``steps`` nice levels above the parent's; False when not permitted (it needs root,
    CAP_SYS_NICE or a high enough RLIMIT_NICE)."""
    if steps <= 0:
        return steps == 0
    try:
        os.nice(-steps)
    except PermissionError:
        return False
    return True


def _serve(conn: Connection, config_json: str, priority: int) -> None:
    """The child's loop: build the embedder, then encode each batch it is sent until the pipe closes."""
    for sent_to_the_group in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C, systemd: the parent ends us by the pipe
        signal.signal(sent_to_the_group, signal.SIG_IGN)
    raised = _raise_priority(priority)
    embedder = build_embedder(EmbedderConfig.model_validate_json(config_json))
    embedder.encode_documents(["Passerelle"])  # the weights load on first use: "ready" means loaded
    conn.send(("ready", (embedder.dim, raised)))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        kind, texts = message
        try:
            encode = embedder.encode_documents if kind == "documents" else embedder.encode_queries
            conn.send(("ok", encode(texts)))
        except Exception as exc:  # reported to the parent, which raises it there
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class ProcessEmbedder:
    """Implements :class:`matching.ports.Embedder` by sending each batch to a child process.

    Args:
        config: the embedder the child builds (the same as the parent's).
        dim: its output dimension (known without loading the model).
        symmetric: whether queries and documents are encoded alike.
        timeout: seconds a batch (or the child's start, model included) may take before the child is replaced.
        priority: nice levels the child asks above the parent (0: the same). On a busy machine the request threads
            would otherwise take the encoder's CPU, and the index lag grows with them.
    """

    def __init__(
        self, config: EmbedderConfig, *, dim: int, symmetric: bool, timeout: float = 300.0, priority: int = 0
    ) -> None:
        self._config = config
        self._dim = dim
        self.symmetric = symmetric
        self._timeout = timeout
        self._priority = priority
        self.priority_raised: bool | None = None  # known once the child is ready
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._ready = False
        self._closing = threading.Event()

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def pid(self) -> int | None:
        """The child's process id (None before it starts)."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the child now (it loads the model while the caller goes on); a call encodes once it is ready."""
        with self._lock:
            if not self._closing.is_set() and (self._process is None or not self._process.is_alive()):
                self._spawn()

    def encode_documents(self, texts: Sequence[str]) -> FloatMatrix:
        return self._call("documents", texts)

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._call("queries", texts)

    def close(self) -> None:
        """End the child for good: a batch in flight fails at once, and no call starts another child."""
        self._closing.set()
        process = self._process
        if process is not None and process.is_alive() and self._lock.locked():
            process.kill()  # a batch is in flight (perhaps hung): its wait on the pipe ends now
        with self._lock:
            self._discard(polite=True)

    def _call(self, kind: Kind, texts: Sequence[str]) -> FloatMatrix:
        """Send one batch; a child found dead is replaced and the batch sent once more."""
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        with self._lock:
            for attempt in (1, 2):
                conn = self._ensure_started()
                try:
                    conn.send((kind, list(texts)))
                    status, payload = self._receive(conn)
                    break
                except (EOFError, OSError) as exc:
                    self._discard(polite=False)
                    if attempt == 2:
                        raise EncoderProcessError(f"the encoder process ended ({exc or type(exc).__name__})") from exc
                    log.warning("encoder process ended (%s); starting another", exc or type(exc).__name__)
        if status == "error":
            raise EncoderProcessError(str(payload))
        return np.asarray(payload, dtype=np.float32)

    def _receive(self, conn: Connection) -> tuple[str, object]:
        if not conn.poll(self._timeout):
            self._discard(polite=False)
            raise EncoderProcessError(f"the encoder process did not answer within {self._timeout:.0f} s")
        status, payload = conn.recv()
        return str(status), payload

    def _ensure_started(self) -> Connection:
        """The pipe to a live child that has loaded its model (started now if there is none)."""
        if self._closing.is_set():
            raise EncoderProcessError("the encoder process is closed")
        if self._conn is None or self._process is None or not self._process.is_alive():
            self._spawn()
        assert self._conn is not None
        if not self._ready:
            try:
                status, payload = self._receive(self._conn)
            except (EOFError, OSError) as exc:
                self._discard(polite=False)
                raise EncoderProcessError("the encoder process ended while loading its model") from exc
            dim, raised = payload if isinstance(payload, tuple) else (None, False)
            self.priority_raised = bool(raised)
            if not raised:
                log.warning("encoder process: not permitted to raise its CPU priority by %d", self._priority)
            if status != "ready" or dim != self._dim:
                self._discard(polite=False)
                raise EncoderProcessError(f"the encoder process has dimension {dim}, expected {self._dim}")
            self._ready = True
            log.info("encoder process %s ready", self.pid)
        return self._conn

    def _spawn(self) -> None:
        self._discard(polite=False)
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(child, self._config.model_dump_json(), self._priority),
            name="passerelle-encoder",
            daemon=True,
        )
        process.start()
        child.close()  # only the child holds its end: when it dies, our reads see the end of the pipe
        self._process, self._conn, self._ready = process, parent, False

    def _discard(self, *, polite: bool) -> None:
        conn, process = self._conn, self._process
        self._conn, self._process = None, None
        if conn is not None:
            if polite:
                with contextlib.suppress(OSError):
                    conn.send(None)
            conn.close()
        if process is not None:
            process.join(5 if polite else 0.5)
            if process.is_alive():
                process.kill()
                process.join(5)
