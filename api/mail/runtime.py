"""Start the account and mail machinery of a running app (the lifespan calls :func:`start_mailer`): the
password hashing cost from the settings, and the outbox sender with the digest schedule."""

from __future__ import annotations

from api.accounts import passwords
from api.deps import AppServices
from api.mail.alerts import DigestSchedule
from api.mail.sender import MailSender
from api.mail.transport import make_transport


def start_mailer(services: AppServices) -> MailSender:
    """Build the transport the settings ask for and start delivering the outbox (and the digest schedule)."""
    settings = services.settings
    a = settings.accounts
    passwords.configure(a.argon2_time_cost, a.argon2_memory_kib, a.argon2_parallelism)
    transport = make_transport(settings.mail, settings.outbox_dir)
    sender = MailSender(services.engine, transport, settings.mail, periodic=DigestSchedule(services))
    sender.start()
    return sender
