"""The candidate's side of the market: searching open vacancies and saying "I'm interested".

Search results carry the same explanations as the candidate's matches: each found vacancy is scored against the
candidate's profile by the matching service (``matches_among``). Interest never changes a score; it flags the
candidate in the vacancy's shortlist and, when the candidate did not rank in the top k, adds it after scoring it
the same way (``shortlist_among``), so the advisor and the employer see everyone who raised a hand, still
anonymous.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.db.market_tables import Interest
from api.db.tables import Employer, VacancyOccupation, VacancyRow
from api.deps import AppServices
from api.routes.workflow_schemas import InvitationPublic, InvitationVacancy
from matching.models import Candidate, Match, Shortlist, Vacancy
from matching.ports import FloatVector
from regions._text import normalise_name

SEARCH_POOL_MAX = 5000
"""Most open vacancies read for one search (newest first) before the text filter."""
SCORE_MAX = 1000
"""Most vacancies scored against the profile for one search (the closest to the query text first)."""
MIN_SIMILARITY = 0.3
"""Cosine similarity of the query text to a vacancy above which it is found without sharing the words (so a
Spanish query finds French vacancies)."""
INTERESTED_MAX = 500
"""Most interested candidates added to one shortlist beyond its top k (newest interest first)."""


@dataclass(frozen=True)
class SearchHit:
    """One vacancy found, ranked and explained for the candidate."""

    match: Match
    text_hit: bool
    similarity: float | None


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    total: int
    rule_set_id: str | None


def open_pool(session: Session, region: str | None, occupation: str | None) -> dict[int, str]:
    """Open vacancies (newest first) of a region and an occupation code prefix, with their folded text."""
    stmt = (
        select(VacancyRow, Employer.name)
        .join(Employer, col(Employer.id) == col(VacancyRow.employer_id))
        .where(VacancyRow.status == "open")
    )
    if region:
        stmt = stmt.where(VacancyRow.region_code == region)
    if occupation:
        codes = select(VacancyOccupation.vacancy_id).where(col(VacancyOccupation.code).startswith(occupation))
        stmt = stmt.where(col(VacancyRow.id).in_(codes))
    rows = session.exec(stmt.order_by(col(VacancyRow.id).desc()).limit(SEARCH_POOL_MAX)).all()
    return {
        int(v.id or 0): normalise_name(" ".join((v.title, v.description, v.municipality_name, employer)))
        for v, employer in rows
    }


def _words(text: str) -> list[str]:
    return [w for w in normalise_name(text).split() if len(w) > 1]


def search(
    services: AppServices, session: Session, candidate: Candidate, query_vector: FloatVector, text: str, **filters: str
) -> SearchResult:
    """Open vacancies matching ``text`` (all its words, or close in meaning) and the filters, best first.

    Vacancies holding every word of the text come first, then those only close in meaning; within each group the
    best match for the candidate first (ties by id).

    Args:
        services: the components.
        session: the database session.
        candidate: the searching candidate (its profile scores every result).
        query_vector: the candidate's query vector.
        text: free text ("" for none).
        **filters: ``region`` (2-digit code) and ``occupation`` (code or code prefix), each optional.

    Returns:
        Every hit, ranked (the caller pages through them).
    """
    pool = open_pool(session, filters.get("region"), filters.get("occupation"))
    words = _words(text)
    similarity: dict[int, float] = {}
    if words:
        similarity = services.service.vacancy_similarities(text, list(pool))
        lexical = {i for i, folded in pool.items() if all(w in folded for w in words)}
        found = lexical | {i for i, s in similarity.items() if s >= MIN_SIMILARITY}
    else:
        lexical, found = set(), set(pool)
    if len(found) > SCORE_MAX:
        closeness = similarity or services.service.vacancy_similarities(query_vector, list(found))
        found = set(sorted(found, key=lambda i: (i not in lexical, -closeness.get(i, -1.0), i))[:SCORE_MAX])
    ranked = services.service.matches_among(candidate, sorted(found), query=query_vector)
    hits = [SearchHit(m, m.vacancy_id in lexical, similarity.get(m.vacancy_id)) for m in ranked.matches]
    hits.sort(key=lambda h: (not h.text_hit, -h.match.total, h.match.vacancy_id))
    return SearchResult(hits, len(hits), ranked.rule_set_id)


def interests_of(session: Session, candidate_id: int, vacancy_ids: Sequence[int] | None = None) -> set[int]:
    """Vacancies the candidate is interested in (among ``vacancy_ids`` when given)."""
    stmt = select(Interest.vacancy_id).where(Interest.candidate_id == candidate_id)
    if vacancy_ids is not None:
        stmt = stmt.where(col(Interest.vacancy_id).in_(list(vacancy_ids)))
    return {int(v) for v in session.exec(stmt)}


def interested_in(session: Session, vacancy_id: int, limit: int = INTERESTED_MAX) -> list[int]:
    """Candidates interested in a vacancy, newest interest first."""
    stmt = (
        select(Interest.candidate_id)
        .where(Interest.vacancy_id == vacancy_id)
        .order_by(col(Interest.id).desc())
        .limit(limit)
    )
    return [int(c) for c in session.exec(stmt)]


def add_interest(session: Session, vacancy_id: int, candidate_id: int) -> tuple[Interest, bool]:
    """Record the interest (once per pair); the caller commits. Returns the row and whether it is new."""
    existing = session.exec(
        select(Interest).where(Interest.vacancy_id == vacancy_id, Interest.candidate_id == candidate_id)
    ).first()
    if existing is not None:
        return existing, False
    interest = Interest(vacancy_id=vacancy_id, candidate_id=candidate_id)
    session.add(interest)
    try:
        session.flush()
    except IntegrityError:  # the same pair recorded by a concurrent request: that one stands
        session.rollback()
        found = session.exec(
            select(Interest).where(Interest.vacancy_id == vacancy_id, Interest.candidate_id == candidate_id)
        ).one()
        return found, False
    return interest, True


def with_interested(
    services: AppServices, session: Session, vacancy: Vacancy, result: Shortlist, query: FloatVector | None = None
) -> tuple[list[Match], set[int], set[int]]:
    """The shortlist plus the interested candidates outside it, re-ranked by total.

    Returns:
        (matches ranked 1..n, ids of the interested candidates, ids listed only because they are interested).
    """
    interested = set(interested_in(session, vacancy.id))
    present = {m.candidate_id for m in result.matches}
    missing = sorted(interested - present)
    extra: tuple[Match, ...] = ()
    if missing:
        extra = services.service.shortlist_among(vacancy, missing, query=query).matches
    merged = sorted([*result.matches, *extra], key=lambda m: (-m.total, m.candidate_id))
    ranked = [dataclasses.replace(m, rank=rank) for rank, m in enumerate(merged, start=1)]
    return ranked, interested, {m.candidate_id for m in extra}


def attach_vacancies(services: AppServices, session: Session, invitations: Sequence[InvitationPublic]) -> None:
    """Fill each invitation's ``vacancy``: employer, municipality and region, wage, start date, description."""
    ids = sorted({i.vacancy_id for i in invitations})
    if not ids:
        return
    rows = session.exec(
        select(VacancyRow, Employer.name)
        .join(Employer, col(Employer.id) == col(VacancyRow.employer_id))
        .where(col(VacancyRow.id).in_(ids))
    ).all()
    details = {}
    for v, employer in rows:
        region = services.geography.regions.get(v.region_code)
        details[v.id] = InvitationVacancy(
            employer_name=employer,
            municipality_name=v.municipality_name,
            region_code=v.region_code,
            region_name=region.name if region else "",
            wage_hourly=v.wage_hourly,
            start_date=v.start_date,
            positions=v.positions,
            description=v.description,
            status=v.status,
        )
    for invitation in invitations:
        invitation.vacancy = details.get(invitation.vacancy_id)
