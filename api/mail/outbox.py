"""Queue a rendered message in the durable ``outbox`` table (the caller commits it with its own change)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from api.db.account_tables import OutboxMessage
from api.mail.render import render


def queue_mail(
    session: Session,
    *,
    to: str,
    template: str,
    language: str,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> OutboxMessage:
    """Render a message and add it to the outbox in the caller's transaction.

    Args:
        session: the session of the change that causes the message; it is sent only once that commits.
        to: the recipient's address.
        template: a template name under ``api/mail/templates`` (``verify``, ``reset``, ``invitation``…).
        language: ``fr``, ``en`` or ``es``; anything else gets French.
        context: the template's variables (links must be absolute URLs).
        headers: extra headers such as ``List-Unsubscribe``.

    Returns:
        The pending outbox row (flushed, so it has an id).

    Raises:
        KeyError: no such template.
    """
    rendered = render(template, language, context)
    row = OutboxMessage(
        recipient=to,
        template=template,
        language=rendered.language,
        subject=rendered.subject,
        body_text=rendered.body,
        headers=dict(headers or {}),
    )
    session.add(row)
    session.flush()
    return row
