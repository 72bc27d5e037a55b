"""The audit helper on its own: what an event holds, newest first, filters and paging."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from api import audit
from api.auth import Role
from api.db.tables import IndexChange
from api.db.workflow_tables import AuditEvent


@dataclass
class _Actor:
    id: int
    role: Role


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    tables = [AuditEvent.__table__, IndexChange.__table__]  # type: ignore[attr-defined]
    SQLModel.metadata.create_all(engine, tables=tables)
    with Session(engine) as s:
        yield s


def test_record_keeps_actor_role_rule_set_and_detail(session: Session) -> None:
    event = audit.record(
        session, _Actor(7, Role.ADVISOR), "review.set", "vacancy", 12, "passerelle-2026", {"candidate_id": 3}
    )
    session.commit()
    shown = audit.event_to_dict(event)
    assert shown | {"at": None} == {
        "id": event.id,
        "at": None,
        "actor_id": 7,
        "actor_role": "advisor",
        "action": "review.set",
        "object_type": "vacancy",
        "object_id": 12,
        "rule_set_id": "passerelle-2026",
        "model_version": None,
        "classifier_version": None,
        "index_change_id": None,
        "detail": {"candidate_id": 3},
    }
    assert shown["at"].endswith("+00:00")


def test_system_events_have_no_actor(session: Session) -> None:
    event = audit.record(session, None, "demo.load", "vacancy", None)
    session.commit()
    assert (event.actor_id, event.actor_role, event.detail) == (None, "system", {})


def test_recent_is_newest_first_with_filters_and_paging(session: Session) -> None:
    actor = _Actor(1, Role.ADMIN)
    for i in range(5):
        audit.record(session, actor, "shortlist.view" if i % 2 else "review.set", "vacancy", i)
    session.commit()
    events, total = audit.recent(session, limit=2)
    assert total == 5 and [e.object_id for e in events] == [4, 3]
    events, total = audit.recent(session, limit=10, offset=3)
    assert [e.object_id for e in events] == [1, 0]
    events, total = audit.recent(session, action="review.set")
    assert total == 3 and [e.object_id for e in events] == [4, 2, 0]
    events, total = audit.recent(session, object_type="vacancy", object_id=3)
    assert total == 1 and events[0].action == "shortlist.view"
