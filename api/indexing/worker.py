"""The index worker thread: the only writer of this process's indexes.

It loads (or rebuilds) the replica, catches up with the change log, then loops: wait for a wake-up (a local write,
a PostgreSQL notification) or the poll interval, apply the new changes, save on a timer. Requests never embed or
touch the index themselves; a read that must see a given write waits for :meth:`IndexWorker.wait_applied`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from sqlalchemy.engine import Engine

from api.db.index_sync import IndexSync
from api.indexing.listen import ChangeListener

log = logging.getLogger("passerelle.index")


class IndexWorker:
    """Applies the change log to one :class:`IndexSync` in a background thread.

    Args:
        sync: the replica.
        engine: the database (PostgreSQL gets a LISTEN connection as a wake-up).
        poll_seconds: how often the change log is polled without wake-up.
        save_every: save after this many applied changes.
        save_seconds: save pending changes at most this long after the last save.
    """

    def __init__(
        self,
        sync: IndexSync,
        engine: Engine,
        *,
        poll_seconds: float = 0.25,
        save_every: int = 1000,
        save_seconds: float = 300.0,
    ) -> None:
        self.sync = sync
        self._poll = poll_seconds
        self._save_every = save_every
        self._save_seconds = save_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._progress = threading.Condition()
        self._unsaved = 0
        self._saved_at = time.monotonic()
        self._lags: deque[float] = deque(maxlen=100_000)
        self._thread = threading.Thread(target=self._run, name="index-worker", daemon=True)
        postgres = engine.dialect.name == "postgresql"
        self._listener = ChangeListener(engine, self.notify, self._stop) if postgres else None

    # -- for requests -------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether the replica has caught up with the change log as it was at start."""
        return self._ready.is_set()

    @property
    def applied(self) -> int:
        """The id of the last change applied to this replica."""
        return self.sync.applied

    def notify(self) -> None:
        """Apply new changes now (a local write committed, or another process notified one)."""
        self._wake.set()

    def wait_ready(self, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds for the replica to be ready."""
        return self._ready.wait(timeout)

    def wait_applied(self, change_id: int, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds until change ``change_id`` (and every one before it) is applied."""
        self.notify()
        with self._progress:
            return self._progress.wait_for(lambda: self._ready.is_set() and self.applied >= change_id, timeout)

    def lag_seconds(self) -> list[float]:
        """Recent index lags: from a change's write to its application here, in seconds."""
        return list(self._lags)

    # -- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the thread (and the PostgreSQL listener)."""
        self._thread.start()
        if self._listener is not None:
            self._listener.start()

    def stop(self) -> None:
        """Stop the thread, then save both indexes (when this process is the saver)."""
        self._stop.set()
        self._wake.set()
        if self._thread.ident is not None:
            self._thread.join(60)
        if self._listener is not None and self._thread.ident is not None:
            self._listener.join(5)
        if self._ready.is_set():
            self.sync.save_all()
        self.sync.release()

    def run_until_caught_up(self) -> None:
        """Load the replica and apply every change already in the log (the thread's first step)."""
        self.sync.load()
        target = self.sync.db_seq()
        while self.sync.applied < target:
            if self._apply_once() == 0:
                time.sleep(self._poll)  # a separate worker has not stored some vectors yet
            if self._stop.is_set():
                return
        self.sync.check_and_repair()
        self.sync.save_all()
        self.sync.warm_up()
        self._unsaved, self._saved_at = 0, time.monotonic()
        self._ready.set()
        with self._progress:
            self._progress.notify_all()
        log.info("index replica ready at change %d", self.sync.applied)

    def _run(self) -> None:
        while not self._stop.is_set() and not self._ready.is_set():
            try:
                self.run_until_caught_up()
            except Exception:
                log.exception("index replica could not load; retrying")
                self._stop.wait(2.0)
        while not self._stop.is_set():
            self._wake.wait(self._poll)
            self._wake.clear()
            try:
                while self._apply_once() > 0 and not self._stop.is_set():
                    pass
                self._save_if_due()
            except Exception:
                log.exception("index worker step failed; retrying")
                self._stop.wait(1.0)

    def _apply_once(self) -> int:
        applied = self.sync.step()
        if applied.count:
            now = time.time()
            self._lags.extend(max(0.0, now - at) for at in applied.written_at)
            self._unsaved += applied.count
            with self._progress:
                self._progress.notify_all()
        return applied.count

    def _save_if_due(self) -> None:
        overdue = self._unsaved and time.monotonic() - self._saved_at >= self._save_seconds
        if self._unsaved >= self._save_every or overdue:
            self.sync.save_all()
            self._unsaved, self._saved_at = 0, time.monotonic()
