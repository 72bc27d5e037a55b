"""The audit log: who did what, when, on which object, under which rule set, model and index state.

Shortlist and match views, review decisions, invitations, offers and outcomes are recorded here; admins read it
through ``GET /api/v1/audit``. Events keep ids and roles only, never names, e-mails or résumé text.

Each event also stores what produced the ranking it shows or acts on: the rule set id (given by the caller),
the embedder fingerprint and the classifier artefact (attached to the request's session by
``api.deps.get_session`` through :func:`attach_versions`), and the index change id (the last entry of the
``index_change`` log when the event was written). Events older than the retention setting are purged by
:func:`purge`, which records its own event.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlmodel import Session, col, delete, func, select

from api.db.tables import IndexChange
from api.db.workflow_tables import AuditEvent, as_utc, utc_now

VERSIONS_KEY = "audit.versions"


class Actor(Protocol):
    """Whoever acts: the current user object of the API (only its id and role are read)."""

    @property
    def id(self) -> int | None: ...

    @property
    def role(self) -> Any: ...


def _role_name(role: Any) -> str:
    value = getattr(role, "value", role)
    return str(value)


def attach_versions(session: Session, model_version: str, classifier_version: str) -> None:
    """Remember, on a session, the embedder and classifier versions every event written through it stores."""
    session.info[VERSIONS_KEY] = (model_version[:300], classifier_version[:120])  # the columns' sizes


def last_index_change(session: Session) -> int | None:
    """The id of the newest entry of the index change log (None when it is empty)."""
    value = session.exec(select(func.max(IndexChange.seq))).one()
    return int(value) if value is not None else None


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: int | None,
    rule_set_id: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event to the session (the caller commits with its own change).

    Args:
        session: the open database session.
        actor: the current user (``None`` for the system, e.g. the demo loader).
        action: a dotted verb, e.g. ``"shortlist.view"``, ``"review.set"``, ``"invitation.create"``.
        object_type: ``"vacancy"``, ``"candidate"``, ``"invitation"``…
        object_id: the object's id.
        rule_set_id: the rule set that produced the ranking shown or acted on, when there is one.
        detail: small JSON-serialisable facts (counts, ids, the decision); no personal data.

    Returns:
        The pending event.
    """
    model_version, classifier_version = session.info.get(VERSIONS_KEY, (None, None))
    event = AuditEvent(
        model_version=model_version,
        classifier_version=classifier_version,
        index_change_id=last_index_change(session),
        actor_id=actor.id if actor is not None else None,
        actor_role=_role_name(actor.role) if actor is not None else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        rule_set_id=rule_set_id,
        detail=dict(detail or {}),
    )
    session.add(event)
    return event


def recent(
    session: Session,
    *,
    limit: int = 100,
    offset: int = 0,
    action: str | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
) -> tuple[list[AuditEvent], int]:
    """The newest events first, with the number of events matching the filters.

    Args:
        session: the open database session.
        limit: how many events to return.
        offset: how many of the newest to skip.
        action: only this action (e.g. ``"review.set"``).
        object_type: only events on this kind of object.
        object_id: only events on this object id.

    Returns:
        The events and the total count matching the filters.
    """
    filters = []
    if action is not None:
        filters.append(col(AuditEvent.action) == action)
    if object_type is not None:
        filters.append(col(AuditEvent.object_type) == object_type)
    if object_id is not None:
        filters.append(col(AuditEvent.object_id) == object_id)
    statement = select(AuditEvent).where(*filters).order_by(col(AuditEvent.id).desc()).offset(offset).limit(limit)
    events = list(session.exec(statement).all())
    total = session.exec(select(func.count()).select_from(AuditEvent).where(*filters)).one()
    return events, int(total)


def event_to_dict(event: AuditEvent) -> dict[str, Any]:
    """The JSON shape of an event in ``GET /api/v1/audit``."""
    return {
        "id": event.id,
        "at": as_utc(event.at).isoformat(),
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "rule_set_id": event.rule_set_id,
        "model_version": event.model_version,
        "classifier_version": event.classifier_version,
        "index_change_id": event.index_change_id,
        "detail": event.detail,
    }


def purge(session: Session, actor: Actor | None, retention_days: int, *, now: datetime | None = None) -> dict[str, Any]:
    """Delete the events older than the retention period and record the purge itself (then commit).

    Args:
        session: the open database session.
        actor: who asked (an admin, or None for the command line).
        retention_days: events older than this many days go.
        now: the current time (tests).

    Returns:
        ``{"deleted": n, "cutoff": iso time, "retention_days": d}``, also the purge event's detail.
    """
    cutoff = (now or utc_now()) - timedelta(days=retention_days)
    result = session.exec(delete(AuditEvent).where(col(AuditEvent.at) < cutoff))
    detail = {"deleted": int(result.rowcount or 0), "cutoff": cutoff.isoformat(), "retention_days": retention_days}
    record(session, actor, "audit.purge", "audit_event", None, None, detail)
    session.commit()
    return detail
