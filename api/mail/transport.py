"""Where messages go: an SMTP server, or .eml files in the outbox folder (the embedded default)."""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Protocol

from api.db.account_tables import OutboxMessage
from api.settings import MailSettings

log = logging.getLogger("passerelle.mail")
_LINK = re.compile(r"https?://\S+")


class Transport(Protocol):
    """Delivers one message or raises."""

    def send(self, message: EmailMessage) -> None:
        """Deliver ``message``; any exception means "not delivered, try again later"."""


def build_message(row: OutboxMessage, from_address: str) -> EmailMessage:
    """The MIME message of an outbox row (plain text, UTF-8, a stable Message-ID per row)."""
    message = EmailMessage()
    message["From"] = from_address
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(from_address)[1].partition("@")[2] or "passerelle.local"
    message["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}", domain=domain)
    for name, value in row.headers.items():
        message[name] = value
    message.set_content(row.body_text)
    message["Content-Language"] = row.language  # after set_content, which drops Content-* headers
    return message


class FolderTransport:
    """Writes each message to ``<folder>/<id>-<template>.eml`` and logs its path and first link."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        """Write the .eml file (atomically: a reader never sees half a message)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", str(message["Message-ID"]).strip("<>"))
        target = self.folder / f"{stem}.eml"
        partial = target.with_suffix(".part")
        partial.write_bytes(message.as_bytes())
        partial.replace(target)
        body = message.get_content() if not message.is_multipart() else ""
        link = next(iter(_LINK.findall(str(body))), "")
        log.warning("mail to %s written to %s%s", message["To"], target.as_uri(), f" (link: {link})" if link else "")


class SmtpTransport:
    """Sends through an SMTP server, with STARTTLS or SSL and optional login."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def _tls(self) -> ssl.SSLContext:
        """Verifies the server's certificate and host name, against ``ca_file`` when set, else the system's CAs."""
        ca_file = self.settings.ca_file
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "ssl":
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_seconds, context=self._tls())
        client = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
        if s.security == "starttls":
            try:
                client.starttls(context=self._tls())
            except Exception:
                client.close()
                raise
        return client

    def send(self, message: EmailMessage) -> None:
        """Open a connection, log in if configured, send, close."""
        with self._connect() as client:
            if self.settings.username:
                client.login(self.settings.username, self.settings.password.get_secret_value())
            client.send_message(message)


def make_transport(settings: MailSettings, outbox_dir: Path) -> Transport:
    """The transport the settings ask for."""
    if settings.backend == "smtp":
        return SmtpTransport(settings)
    return FolderTransport(outbox_dir)
