"""The write path: one transaction for a record, its codes and its change-log row; then the index worker.

Nothing is embedded and no index is touched here: the worker applies the change (``api.indexing.worker``).
The change id returned lets a client read its write on any replica (``?after=<change id>``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlmodel import Session

from api.db.repository import Side, record_change, set_candidate_occupations, set_vacancy_occupations
from api.db.tables import CandidateRow, VacancyRow
from api.deps import AppServices
from matching.errors import IndexNotReadyError
from matching.models import OccupationCode

if TYPE_CHECKING:
    from api.indexing.worker import IndexWorker

T = TypeVar("T")
_SET_CODES: dict[Side, Callable[[Session, int, Sequence[OccupationCode], int | None], None]] = {
    "candidates": set_candidate_occupations,
    "vacancies": set_vacancy_occupations,
}


@dataclass(frozen=True)
class Written(Generic[T]):
    """The result of a write and its change id (the ``X-Change-Id`` header of the answer)."""

    value: T
    change_id: int


def commit_indexed(
    services: AppServices,
    session: Session,
    side: Side,
    row: CandidateRow | VacancyRow,
    codes: Sequence[OccupationCode] | None,
    confirmed_by: int | None = None,
) -> int:
    """Commit the record (and its codes, when given) with its change-log row, and wake the index worker.

    Args:
        services: the components (the index worker).
        session: the request's session, in its write transaction (``begin_write``).
        side: "candidates" or "vacancies", matching ``row``.
        row: the record to write.
        codes: its occupation codes, or None to keep the stored ones.
        confirmed_by: the account confirming the codes whose source is "confirmed".

    Returns:
        The change id.
    """
    session.add(row)
    session.flush()
    assert row.id is not None
    if codes is not None:
        _SET_CODES[side](session, row.id, codes, confirmed_by)
    change_id = record_change(session, side, row.id)
    session.commit()
    after_commit(services, change_id)
    return change_id


def after_commit(services: AppServices, change_id: int) -> None:
    """Wake the index worker; with ``write_wait_seconds`` set, wait for this process's index to apply the change."""
    services.sync.mark_local(change_id)
    services.worker.notify()
    wait = services.settings.write_wait_seconds
    if wait > 0:
        services.worker.wait_applied(change_id, wait)


def await_index(services: AppServices, after: int | None) -> None:
    """Before a search: wait (bounded) until the replica is ready and has applied change ``after``.

    Raises:
        IndexNotReadyError: not reached within ``read_wait_seconds`` (HTTP 503: retry shortly).
    """
    worker = services.worker
    wait = services.settings.read_wait_seconds
    if worker.wait_ready(wait) and after is not None:
        worker.wait_applied(after, wait)
    error = index_not_ready(worker, after)
    if error is not None:
        raise error


def index_not_ready(worker: IndexWorker, after: int | None) -> IndexNotReadyError | None:
    """Why a search may not run yet on this replica (None: it is ready and has applied change ``after``)."""
    if not worker.ready:
        return IndexNotReadyError("the search index is still loading; retry in a few seconds")
    if after is not None and worker.applied < after:
        return IndexNotReadyError(
            f"the search index has not applied change {after} yet (applied: {worker.applied}); retry shortly"
        )
    return None
