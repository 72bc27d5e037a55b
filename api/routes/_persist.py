"""Writing a candidate or a vacancy: the database row, its codes and its index change in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel import Session

from api.db.repository import Side, record_change, set_candidate_occupations, set_vacancy_occupations
from api.db.tables import CandidateRow, VacancyRow
from api.deps import AppServices
from matching.models import OccupationCode

_SET_CODES: dict[Side, Callable[[Session, int, Sequence[OccupationCode]], None]] = {
    "candidates": set_candidate_occupations,
    "vacancies": set_vacancy_occupations,
}


def save_indexed(
    services: AppServices,
    session: Session,
    side: Side,
    row: CandidateRow | VacancyRow,
    codes: Sequence[OccupationCode] | None,
) -> None:
    """Commit the record (and its codes, when given) with its index change, then bring the index in line.

    Args:
        services: the components (the index synchroniser and its write lock).
        session: the request's session.
        side: "candidates" or "vacancies", matching ``row``.
        row: the record to write.
        codes: its occupation codes, or None to keep the stored ones.
    """
    with services.sync.lock:
        session.add(row)
        session.flush()
        assert row.id is not None
        if codes is not None:
            _SET_CODES[side](session, row.id, codes)
        record_change(session, side, row.id)
        session.commit()
        services.sync.apply(side, [row.id])
