"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, and helpers to read the links."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.api.pg import free_port

LINK = re.compile(r"https?://[^\s>]+")


@dataclass
class Received:
    """One message as the server got it."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def body(self) -> str:
        return str(self.message.get_content())

    def links(self) -> list[str]:
        return LINK.findall(self.body)

    def link(self, path: str) -> str:
        """The first link to ``path`` (e.g. ``/verify``)."""
        found = [u for u in self.links() if f"{path}?" in u or u.endswith(path)]
        assert found, f"no {path} link in:\n{self.body}"
        return found[0]


@dataclass
class _Handler:
    inbox: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.inbox.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


class Mailbox:
    """An SMTP server that can be started and stopped on a fixed port (to simulate an outage)."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.handler = _Handler()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def inbox(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.inbox)

    def wait_for(self, to: str, count: int = 1, timeout: float = 15.0) -> list[Received]:
        """Messages received for ``to``, waiting until there are ``count`` of them."""
        deadline = time.monotonic() + timeout
        while True:
            mine = [m for m in self.inbox if to in m.recipients]
            if len(mine) >= count or time.monotonic() > deadline:
                assert len(mine) >= count, f"{len(mine)} message(s) for {to} after {timeout} s, wanted {count}"
                return mine
            time.sleep(0.05)

    def wait_for_subject(self, to: str, contains: str, timeout: float = 20.0) -> Received:
        """The first message for ``to`` whose subject contains ``contains``, waiting for it."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.inbox if to in m.recipients and contains in str(m.message["Subject"])]
            if found:
                return found[0]
            assert time.monotonic() < deadline, f"no message to {to} about {contains!r} after {timeout} s"
            time.sleep(0.05)

    def smtp_settings(self, **overrides: object) -> dict[str, object]:
        """``mail`` settings pointing at this server (no TLS: a local test server)."""
        values: dict[str, object] = {
            "backend": "smtp",
            "host": "127.0.0.1",
            "port": self.port,
            "security": "none",
            "poll_seconds": 0.05,
            "backoff_seconds": 0.05,
            "timeout_seconds": 5,
            "from_address": "Passerelle <no-reply@passerelle.test>",
        }
        values.update(overrides)
        return values
