"""What Passerelle holds about a candidate, table by table: the export (right of access) and the erasure read the
same list, so a table added later is covered by both or fails ``tests/api/test_privacy.py``.

Every table with a ``candidate_id`` column holds the person's data (occupations, reviews, invitations, interests,
and any later one): the export lists its rows, the erasure deletes them. The other tables are listed in
:data:`NOT_PERSONAL` with the reason they may stay.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, or_
from sqlalchemy import select as select_rows
from sqlmodel import Session, SQLModel, col, select

import api.db.market_tables
import api.db.tables
import api.db.workflow_tables
from api.db.workflow_tables import AuditEvent, as_utc

_ = (api.db.tables, api.db.workflow_tables, api.db.market_tables)

NOT_PERSONAL: dict[str, str] = {
    "candidate": "the profile itself: exported as 'profile', deleted last by the candidate route",
    "user": "the account: exported as 'account'; at erasure its name is cleared (the account module revokes it)",
    "employer": "companies, not people",
    "vacancy": "employers' offers",
    "vacancy_occupation": "codes of employers' offers",
    "index_change": "the candidate's id and a time, no content: needed to take the vector out of the index",
    "record_vector": "the embedding of the résumé (side 'candidates', record_id = candidate id): deleted at erasure by "
    "api.db.vectors.forget_vectors; not exported (512 numbers that only the model can read)",
    "auth_session": "hashes of the account's console sessions: all deleted when the account is deleted "
    "(api.accounts.lifecycle.delete_account); not exported (secrets)",
    "access_token": "hashes of the account's personal access tokens with their names: deleted with the account; "
    "listed to their owner by GET /api/v1/me/tokens",
    "email_token": "hashes of e-mail links (verify, reset), by account id: all made unusable when the account is "
    "deleted; not exported (secrets)",
    "signin_attempt": "failed sign-ins (address typed, client address, time) for the rate limit: rows older than "
    "the 15-minute window are deleted at the next failure",
    "outbox": "e-mails sent or waiting (recipient, text): the delivery record of messages already received by the "
    "person; kept as the trace of what was sent",
    "audit_event": "ids, roles and actions only (never names or contact details): the legal trace of who did what; "
    "exported (events on the file and by the account), kept at erasure",
}


OTHER_PEOPLE: frozenset[str] = frozenset(
    {"reviewer_id", "reviewer_name", "invited_by_id", "offered_by_id", "recorded_by_id", "answered_by_id"}
)
"""Columns about someone else (the advisor who reviewed, the user who invited): left out of the export."""


def candidate_tables() -> list[Table]:
    """Every declared table with a ``candidate_id`` column, in dependency order."""
    return [t for t in SQLModel.metadata.sorted_tables if "candidate_id" in t.c]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def held_rows(session: Session, candidate_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of every candidate table that belongs to the candidate, by table name."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in candidate_tables():
        rows = session.connection().execute(select_rows(table).where(table.c.candidate_id == candidate_id)).mappings()
        out[table.name] = [{k: _jsonable(v) for k, v in row.items() if k not in OTHER_PEOPLE} for row in rows]
    return out


def audit_trail(session: Session, candidate_id: int, user_id: int) -> list[dict[str, Any]]:
    """Audit events on the candidate's file and those done by its account, oldest first."""
    stmt = (
        select(AuditEvent)
        .where(
            or_(
                (col(AuditEvent.object_type) == "candidate") & (col(AuditEvent.object_id) == candidate_id),
                col(AuditEvent.actor_id) == user_id,
            )
        )
        .order_by(col(AuditEvent.id))
    )
    return [
        {
            "at": as_utc(e.at).isoformat(),
            "actor_role": e.actor_role,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
        }
        for e in session.exec(stmt)
    ]


def erase_rows(session: Session, candidate_id: int) -> dict[str, int]:
    """Delete the candidate's rows from every candidate table (the caller deletes the profile and commits).

    Returns:
        Rows deleted per table.
    """
    removed: dict[str, int] = {}
    for table in reversed(candidate_tables()):
        result = session.connection().execute(delete(table).where(table.c.candidate_id == candidate_id))
        removed[table.name] = int(result.rowcount or 0)
    return removed
