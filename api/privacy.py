"""What Passerelle holds about a candidate, table by table: the export (right of access) and the erasure read the
same list, so a table added later is covered by both or fails ``tests/api/test_privacy.py``.

Every table with a ``candidate_id`` column holds the person's data (occupations, reviews, invitations, interests,
and any later one): the export lists its rows, the erasure deletes them. The other tables are listed in
:data:`NOT_PERSONAL` with the reason they may stay. ``tests/api/test_erasure_coverage.py`` checks the whole
erasure of an account by introspection: every column that refers to a candidate, an account or an address.

What is kept on purpose, without anything that names the person: the audit log (ids, roles, actions), the index
change log (ids and times) and the anonymized account row (its id, role and language). The indicators do not
keep aggregates of an erased candidate: their invitations, offers, arrival and follow-ups go too, so the counts
drop them (and a reused id can never inherit them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, func, or_
from sqlalchemy import select as select_rows
from sqlmodel import Session, SQLModel, col, select

import api.db.account_tables
import api.db.market_tables
import api.db.tables
import api.db.workflow_tables
from api.db.workflow_tables import AuditEvent, as_utc

_ = (api.db.tables, api.db.workflow_tables, api.db.market_tables, api.db.account_tables)

NOT_PERSONAL: dict[str, str] = {
    "candidate": "the profile itself: exported as 'profile', deleted last by the candidate route",
    "user": "the account: exported as 'account'; erasing the file clears its name; deleting the account also clears "
    "its address and password (the row stays, anonymized, for the audit log's ids)",
    "employer": "companies, not people",
    "vacancy": "employers' offers; the last account of a company to be deleted closes its open ones",
    "vacancy_occupation": "codes of employers' offers",
    "index_change": "the candidate's id and a time, no content: needed to take the vector out of the index",
    "record_vector": "the embedding of the résumé (side 'candidates', record_id = candidate id): deleted at erasure by "
    "api.db.vectors.forget_vectors; not exported (512 numbers that only the model can read)",
    "auth_session": "the account's sign-in sessions (hashes): revoked by the account's deletion (api.accounts)",
    "access_token": "the account's personal access tokens (hashes): revoked by the account's deletion (api.accounts)",
    "email_token": "the account's single-use e-mail links (hashes): deleted, used or not, with the account",
    "outbox": "e-mails to the person, keyed by address: exported ('mail') and erased by address (erase_by_email) "
    "with the file (profile and account addresses) and with the account",
    "signin_attempt": "sign-in attempts (address, IP) for the rate limit, keyed by address: erased by address",
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


def mail_sent_to(session: Session, emails: Sequence[str]) -> list[dict[str, Any]]:
    """The e-mails queued or sent to these addresses (subject, template, status, times; not the body again)."""
    wanted = sorted({e.strip().lower() for e in emails if e and e.strip()})
    if not wanted or "outbox" not in SQLModel.metadata.tables:
        return []
    outbox = SQLModel.metadata.tables["outbox"]
    stmt = select_rows(outbox).where(func.lower(outbox.c.recipient).in_(wanted)).order_by(outbox.c.id)
    keep = ("created_at", "recipient", "template", "language", "subject", "status")
    return [{k: _jsonable(row[k]) for k in keep if k in row} for row in session.connection().execute(stmt).mappings()]


def erase_by_email(session: Session, emails: Sequence[str]) -> dict[str, int]:
    """Delete the outbox messages to, and the sign-in attempts with, these addresses (the caller commits)."""
    wanted = sorted({e.strip().lower() for e in emails if e and e.strip()})
    removed: dict[str, int] = {}
    for name, column in (("outbox", "recipient"), ("signin_attempt", "email")):
        table = SQLModel.metadata.tables.get(name)
        if table is None or not wanted:
            continue
        result = session.connection().execute(delete(table).where(func.lower(table.c[column]).in_(wanted)))
        removed[name] = int(result.rowcount or 0)
    return removed
