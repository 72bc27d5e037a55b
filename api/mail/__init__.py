"""Outgoing e-mail: one function queues a message, a sender loop delivers it.

Call :func:`queue_mail` inside the transaction of the event that causes the message (a sign-up, an
invitation…): the message is rendered in the recipient's language and stored in the ``outbox`` table with
that event, so it is sent if and only if the event is committed. :class:`api.mail.sender.MailSender` then
delivers it (SMTP, or .eml files in the outbox folder by default) with bounded retries and backoff.
"""

from __future__ import annotations

from api.mail.outbox import queue_mail

__all__ = ["queue_mail"]
