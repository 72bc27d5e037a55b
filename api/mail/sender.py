"""Deliver the outbox: claim due messages, send them, retry failures with exponential backoff, give up after
``mail.max_attempts`` (status ``failed``). Several processes may run a sender: a message is claimed by a
conditional update, so only one of them sends it; one left ``sending`` by a crash is retried once its lease ends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.db.account_tables import OutboxMessage, now_utc
from api.mail.transport import Transport, build_message
from api.settings import MailSettings

log = logging.getLogger("passerelle.mail")
LEASE = timedelta(minutes=5)


def _claim(session: Session, row_id: int, seen_attempts: int, now: datetime) -> bool:
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row_id, col(OutboxMessage.attempts) == seen_attempts)
        .where(col(OutboxMessage.status).in_(("queued", "sending")), col(OutboxMessage.next_attempt_at) <= now)
        .values(status="sending", attempts=OutboxMessage.attempts + 1, next_attempt_at=now + LEASE)
    )
    session.commit()
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def retry_delay(settings: MailSettings, attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: backoff doubled after each failure, capped."""
    seconds = settings.backoff_seconds * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, settings.backoff_max_seconds))


def _finish(session: Session, row: OutboxMessage, error: Exception | None, settings: MailSettings) -> None:
    now = now_utc()
    if error is None:
        row.status, row.sent_at, row.last_error = "sent", now, ""
    elif row.attempts >= settings.max_attempts:
        row.status, row.last_error = "failed", f"{type(error).__name__}: {error}"[:1000]
        log.error("mail %s to %s failed %d times, given up: %s", row.id, row.recipient, row.attempts, error)
    else:
        row.status, row.last_error = "queued", f"{type(error).__name__}: {error}"[:1000]
        row.next_attempt_at = now + retry_delay(settings, row.attempts)
        log.warning("mail %s to %s not sent (attempt %d), retried: %s", row.id, row.recipient, row.attempts, error)
    session.add(row)
    session.commit()


def deliver_due(engine: Engine, transport: Transport, settings: MailSettings, limit: int = 50) -> int:
    """Send the messages whose time has come.

    Args:
        engine: the database with the outbox.
        transport: SMTP or folder.
        settings: retries, backoff and the From: address.
        limit: most messages handled in this call.

    Returns:
        How many were sent.
    """
    now = now_utc()
    sent = 0
    with Session(engine, expire_on_commit=False) as session:
        due = session.exec(
            select(OutboxMessage.id, OutboxMessage.attempts)
            .where(or_(col(OutboxMessage.status) == "queued", col(OutboxMessage.status) == "sending"))
            .where(col(OutboxMessage.next_attempt_at) <= now)
            .order_by(col(OutboxMessage.id))
            .limit(limit)
        ).all()
        for row_id, seen_attempts in due:
            if row_id is None or not _claim(session, row_id, seen_attempts, now):
                continue
            row = session.get(OutboxMessage, row_id)
            if row is None:
                continue
            session.refresh(row)
            error: Exception | None = None
            try:
                transport.send(build_message(row, settings.from_address))
            except Exception as exc:  # any failure of the server or the network: retried
                error = exc
            _finish(session, row, error, settings)
            sent += error is None
    return sent


class MailSender:
    """A daemon thread that delivers the outbox every ``poll_seconds`` and runs periodic jobs (the digest)."""

    def __init__(
        self,
        engine: Engine,
        transport: Transport,
        settings: MailSettings,
        periodic: Callable[[], None] | None = None,
    ) -> None:
        self.engine, self.transport, self.settings, self.periodic = engine, transport, settings, periodic
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="passerelle-mail", daemon=True)

    def start(self) -> None:
        """Start delivering."""
        self._thread.start()

    def wake(self) -> None:
        """Look at the outbox now rather than at the next poll (a message was just queued)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current round."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.periodic is not None:
                    self.periodic()
                deliver_due(self.engine, self.transport, self.settings)
            except Exception:  # the database may be briefly unavailable: log and keep going
                log.exception("mail sender round failed")
            self._wake.wait(self.settings.poll_seconds)
            self._wake.clear()
