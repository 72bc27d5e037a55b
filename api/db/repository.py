"""Domain ↔ database conversion, the SQL record stores the matching service reads, and shared queries.

``SqlCandidateStore`` and ``SqlVacancyStore`` implement ``matching.ports.RecordStore``. ``contact_visible``
and ``workflow_state`` read the workflow tables (reviews, invitations) for the shortlist and privacy checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select as select_core
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, delete, select

from api.db.record_cache import CachedRecord, RecordCache
from api.db.tables import (
    CandidateOccupation,
    CandidateRow,
    IndexChange,
    VacancyOccupation,
    VacancyRow,
    utcnow,
)
from api.db.workflow_tables import Invitation, InvitationStatus, Review
from matching.models import (
    Candidate,
    CandidateStatus,
    CodeSource,
    EducationLevel,
    FrenchLevel,
    OccupationCode,
    Vacancy,
)

Side = Literal["candidates", "vacancies"]
OccRow = CandidateOccupation | VacancyOccupation
CHANGE_CHANNEL = "passerelle_index"  # PostgreSQL NOTIFY channel: a wake-up only, the change log is the truth
_CHANGE_LOCK = 7_314_226  # advisory lock key: change rows are numbered in commit order
_bound: ContextVar[Session | None] = ContextVar("passerelle_bound_session", default=None)


@dataclass
class _ReadScope:
    """What one :func:`use_session` block has read, and the process cache it may draw from."""

    cache: RecordCache | None
    watermark: int
    read: dict[str, dict[int, CachedRecord]] = field(default_factory=dict)


_scope: ContextVar[_ReadScope | None] = ContextVar("passerelle_read_scope", default=None)
# ranking never reads a candidate's résumé text (the vector stands for it): the hot path leaves the column out
_LEFT_OUT = {"candidate": frozenset({"text"})}


@contextmanager
def use_session(session: Session, cache: RecordCache | None = None) -> Iterator[None]:
    """Let the SQL record stores read through ``session`` (the request's) instead of opening their own.

    A request then holds one database connection, never two, even while the matching service reads records.
    Records read inside the block are remembered until it ends (:func:`records_with_links`), so presenting the
    matches does not read again what scoring them just read; with ``cache``, they also come from and go to this
    process's :class:`RecordCache`, brought up to date with the change log first.
    """
    active = cache if cache is not None and cache.enabled else None
    watermark = active.refresh(session) if active is not None else 0
    token = _bound.set(session)
    scope_token = _scope.set(_ReadScope(active, watermark))
    try:
        yield
    finally:
        _scope.reset(scope_token)
        _bound.reset(token)


def records_with_links(
    session: Session,
    model: type[SQLModel],
    link_model: type[SQLModel],
    link_key: str,
    ids: Sequence[int],
    to_domain: Callable[[Any, list[Any]], Any],
) -> dict[int, CachedRecord]:
    """Records of ``model`` by id for ranking and presenting: row, occupation links and domain object.

    Inside a :func:`use_session` block each is read once, from the process cache when it holds it, else from the
    database. A candidate's row there has no ``text`` (and its domain object an empty one).

    Args:
        session: the request's session.
        model: the record table (``CandidateRow`` or ``VacancyRow``).
        link_model: its occupation table.
        link_key: the link table's column naming the record.
        ids: the records wanted (unknown ids are left out).
        to_domain: row and links → the domain record.

    Returns:
        The records found, by id.
    """
    table_name = str(model.__tablename__)
    scope = _scope.get()
    seen = scope.read.setdefault(table_name, {}) if scope is not None else {}
    missing = [int(i) for i in ids if int(i) not in seen]
    if missing and scope is not None and scope.cache is not None:
        seen.update(scope.cache.get_many(table_name, missing))
        missing = [i for i in missing if i not in seen]
    if missing:
        links: dict[int, list[Any]] = defaultdict(list)
        for link in _core_rows(session, link_model, link_key, missing):
            links[getattr(link, link_key)].append(link)
        fresh = {
            row.id: CachedRecord(row, links.get(row.id, []), to_domain(row, links.get(row.id, [])))
            for row in _core_rows(session, model, "id", missing, _LEFT_OUT.get(table_name, frozenset()))
        }
        seen.update(fresh)
        if scope is not None and scope.cache is not None:
            scope.cache.put_many(table_name, fresh, scope.watermark)
    return {int(i): seen[int(i)] for i in ids if int(i) in seen}


@contextmanager
def _reader(engine: Engine) -> Iterator[Session]:
    bound = _bound.get()
    if bound is not None:
        yield bound
        return
    with Session(engine) as session:
        yield session


def split_codes(text: str) -> list[str]:
    """Comma-separated codes as stored → list."""
    return [c for c in text.split(",") if c]


def to_codes(rows: Iterable[OccRow]) -> tuple[OccupationCode, ...]:
    """Occupation link rows (any order) → domain codes in their stored order."""
    ordered = sorted(rows, key=lambda r: r.position)
    return tuple(OccupationCode(r.code, r.confidence, CodeSource(r.source)) for r in ordered)


def candidate_to_domain(
    row: CandidateRow, occupations: Iterable[CandidateOccupation], *, text: str | None = None
) -> Candidate:
    """A candidate row and its occupation links → the domain ``Candidate`` (``text`` instead of the row's)."""
    assert row.id is not None
    return Candidate(
        id=row.id,
        text=row.text if text is None else text,
        language=row.language,
        occupations=to_codes(occupations),
        years_experience=row.years_experience,
        education=EducationLevel[row.education],
        french=FrenchLevel[row.french],
        regions_open=frozenset(split_codes(row.regions_open)),
        open_to_all_regions=row.open_to_all_regions,
        country=row.country,
        status=CandidateStatus(row.status),
        available_from=row.available_from,
    )


def ranked_candidate(row: Any, occupations: Iterable[CandidateOccupation]) -> Candidate:
    """A candidate row read for ranking (without its résumé text) → the domain ``Candidate`` with an empty text."""
    return candidate_to_domain(row, occupations, text="")


def vacancy_to_domain(row: VacancyRow, occupations: Iterable[VacancyOccupation]) -> Vacancy:
    """A vacancy row and its occupation links → the domain ``Vacancy``."""
    assert row.id is not None
    return Vacancy(
        id=row.id,
        title=row.title,
        description=row.description,
        language=row.language,
        municipality_code=row.municipality_code,
        region_code=row.region_code,
        occupations=to_codes(occupations),
        positions=row.positions,
        french_required=FrenchLevel[row.french_required],
        experience_required=row.experience_required,
        education_required=EducationLevel[row.education_required],
        wage_hourly=row.wage_hourly,
        start_date=row.start_date,
        naics=row.naics or "",
    )


def candidate_occupations(session: Session, ids: Sequence[int]) -> dict[int, list[CandidateOccupation]]:
    """Occupation links of many candidates, by candidate id."""
    found: dict[int, list[CandidateOccupation]] = defaultdict(list)
    if ids:
        stmt = select(CandidateOccupation).where(col(CandidateOccupation.candidate_id).in_(list(ids)))
        for link in session.exec(stmt):
            found[link.candidate_id].append(link)
    return found


def vacancy_occupations(session: Session, ids: Sequence[int]) -> dict[int, list[VacancyOccupation]]:
    """Occupation links of many vacancies, by vacancy id."""
    found: dict[int, list[VacancyOccupation]] = defaultdict(list)
    if ids:
        stmt = select(VacancyOccupation).where(col(VacancyOccupation.vacancy_id).in_(list(ids)))
        for link in session.exec(stmt):
            found[link.vacancy_id].append(link)
    return found


def _confirmation(occ: OccupationCode, by: int | None) -> tuple[int | None, datetime | None]:
    if occ.source is not CodeSource.CONFIRMED or by is None:
        return None, None
    return by, utcnow()


def set_candidate_occupations(
    session: Session, candidate_id: int, codes: Sequence[OccupationCode], confirmed_by: int | None = None
) -> None:
    """Replace a candidate's occupation links (the caller commits); ``confirmed_by`` signs confirmed codes."""
    session.exec(delete(CandidateOccupation).where(col(CandidateOccupation.candidate_id) == candidate_id))
    for position, occ in enumerate(_unique(codes)):
        session.add(
            CandidateOccupation(
                candidate_id=candidate_id,
                code=occ.code,
                position=position,
                confidence=occ.confidence,
                source=occ.source.value,
                confirmed_by=_confirmation(occ, confirmed_by)[0],
                confirmed_at=_confirmation(occ, confirmed_by)[1],
            )
        )


def set_vacancy_occupations(
    session: Session, vacancy_id: int, codes: Sequence[OccupationCode], confirmed_by: int | None = None
) -> None:
    """Replace a vacancy's occupation links (the caller commits); ``confirmed_by`` signs confirmed codes."""
    session.exec(delete(VacancyOccupation).where(col(VacancyOccupation.vacancy_id) == vacancy_id))
    for position, occ in enumerate(_unique(codes)):
        session.add(
            VacancyOccupation(
                vacancy_id=vacancy_id,
                code=occ.code,
                position=position,
                confidence=occ.confidence,
                source=occ.source.value,
                confirmed_by=_confirmation(occ, confirmed_by)[0],
                confirmed_at=_confirmation(occ, confirmed_by)[1],
            )
        )


def person_codes(rows: Iterable[OccRow]) -> tuple[OccupationCode, ...]:
    """The stored codes a person gave or confirmed (a new text must not replace them with guesses)."""
    return tuple(c for c in to_codes(rows) if c.source is not CodeSource.CLASSIFIED)


def _unique(codes: Sequence[OccupationCode]) -> list[OccupationCode]:
    seen: dict[str, OccupationCode] = {}
    for occ in codes:
        seen.setdefault(occ.code, occ)
    return list(seen.values())


def record_change(session: Session, side: Side, record_id: int) -> int:
    """Log that a record of ``side`` changed, in the caller's transaction; returns the change id (its ``seq``).

    Call it last, just before the commit. On PostgreSQL a transaction-scoped advisory lock is taken first, so change
    ids are handed out in commit order: a replica that has applied change N has seen every change below N (SQLite
    has one writer at a time, which gives the same order). A NOTIFY wakes the other processes' replicas at commit.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHANGE_LOCK})
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANGE_CHANNEL})
    change = IndexChange(side=side, record_id=record_id)
    session.add(change)
    session.flush()
    assert change.seq is not None
    return change.seq


def _core_rows(
    session: Session, model: type[SQLModel], key: str, ids: list[int], left_out: frozenset[str] = frozenset()
) -> list[Any]:
    """Rows of a table as plain SQL rows (same attribute names as the model, no ORM objects: the hot read path),
    without the ``left_out`` columns."""
    table: Any = model.__table__  # type: ignore[attr-defined]
    columns = [c for c in table.c if c.name not in left_out]
    return list(session.connection().execute(select_core(*columns).where(table.c[key].in_(ids))).all())


class SqlCandidateStore:
    """Candidates read from the database, for the matching service (``RecordStore[Candidate]``)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get_many(self, ids: Sequence[int]) -> dict[int, Candidate]:
        wanted = [int(i) for i in ids]
        if not wanted:
            return {}
        with _reader(self._engine) as session:
            found = records_with_links(
                session, CandidateRow, CandidateOccupation, "candidate_id", wanted, ranked_candidate
            )
            return {i: entry.record for i, entry in found.items()}

    def ids_with_occupations(self, codes: Sequence[str], limit: int) -> list[int]:
        if not codes or limit <= 0:
            return []
        stmt = (
            select(CandidateOccupation.candidate_id)
            .where(col(CandidateOccupation.code).in_(list(codes)))
            .distinct()
            .order_by(col(CandidateOccupation.candidate_id).desc())  # newest first: recent files are active ones
            .limit(limit)
        )
        with _reader(self._engine) as session:
            return [int(i) for i in session.exec(stmt)]


class SqlVacancyStore:
    """Open vacancies read from the database (``RecordStore[Vacancy]``); closed ones are never matched."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get_many(self, ids: Sequence[int]) -> dict[int, Vacancy]:
        wanted = [int(i) for i in ids]
        if not wanted:
            return {}
        with _reader(self._engine) as session:
            found = records_with_links(session, VacancyRow, VacancyOccupation, "vacancy_id", wanted, vacancy_to_domain)
            return {i: entry.record for i, entry in found.items() if entry.row.status == "open"}

    def ids_with_occupations(self, codes: Sequence[str], limit: int) -> list[int]:
        if not codes or limit <= 0:
            return []
        stmt = (
            select(VacancyOccupation.vacancy_id)
            .join(VacancyRow, col(VacancyRow.id) == col(VacancyOccupation.vacancy_id))
            .where(col(VacancyOccupation.code).in_(list(codes)), VacancyRow.status == "open")
            .distinct()
            .order_by(col(VacancyOccupation.vacancy_id).desc())
            .limit(limit)
        )
        with _reader(self._engine) as session:
            return [int(i) for i in session.exec(stmt)]


def contact_visible(session: Session, vacancy_id: int, candidate_id: int) -> bool:
    """Whether the candidate accepted an invitation for this vacancy (then its contact may be shown)."""
    return bool(accepted_candidates(session, vacancy_id, [candidate_id]))


def accepted_candidates(session: Session, vacancy_id: int, candidate_ids: Sequence[int]) -> set[int]:
    """The candidates among ``candidate_ids`` who accepted an invitation for the vacancy."""
    if not candidate_ids:
        return set()
    stmt = select(Invitation.candidate_id).where(
        Invitation.vacancy_id == vacancy_id,
        col(Invitation.candidate_id).in_(list(candidate_ids)),
        Invitation.status == InvitationStatus.ACCEPTED.value,
    )
    return {int(i) for i in session.exec(stmt)}


def workflow_state(
    session: Session, vacancy_id: int, candidate_ids: Sequence[int]
) -> tuple[dict[int, Review], dict[int, Invitation]]:
    """The current review and invitation of each (vacancy, candidate) pair that has one."""
    if not candidate_ids:
        return {}, {}
    ids = list(candidate_ids)
    reviews = session.exec(
        select(Review).where(Review.vacancy_id == vacancy_id, col(Review.candidate_id).in_(ids))
    ).all()
    invitations = session.exec(
        select(Invitation).where(Invitation.vacancy_id == vacancy_id, col(Invitation.candidate_id).in_(ids))
    ).all()
    return {r.candidate_id: r for r in reviews}, {i.candidate_id: i for i in invitations}
