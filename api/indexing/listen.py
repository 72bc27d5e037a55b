"""PostgreSQL LISTEN on the change channel: a wake-up for the index worker, never the source of truth.

Notifications sent while the listener is disconnected are lost, so the worker also polls the change log on a
timer and after every reconnection; a notification only makes it poll now.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy.engine import Engine

from api.db.repository import CHANGE_CHANNEL

log = logging.getLogger("passerelle.index")


def _conninfo(engine: Engine) -> str:
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class ChangeListener:
    """A thread that calls ``wake`` whenever a change is committed by any process on the database.

    Args:
        engine: a PostgreSQL engine (its URL is used for one extra, autocommit connection).
        wake: called on each notification and after each (re)connection.
        stop: set to end the thread.
    """

    def __init__(self, engine: Engine, wake: Callable[[], None], stop: threading.Event) -> None:
        self._conninfo = _conninfo(engine)
        self._wake = wake
        self._stop = stop
        self._thread = threading.Thread(target=self._run, name="index-listen", daemon=True)

    def start(self) -> None:
        """Start listening."""
        self._thread.start()

    def join(self, timeout: float) -> None:
        """Wait for the thread to end (after ``stop`` is set)."""
        self._thread.join(timeout)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANGE_CHANNEL}")
                    self._wake()  # poll now: what was sent while disconnected is lost
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self._wake()
            except Exception as exc:  # the database went away: the worker's polling carries on meanwhile
                log.warning("change listener disconnected (%s); retrying", exc)
                self._stop.wait(1.0)
