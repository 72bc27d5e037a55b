"""Indicators by region, the fairness view of a shortlist, and the audit log.

Definitions of the indicators are in :mod:`api.routes.workflow_metrics`.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from api import audit
from api.auth import Role, user_regions
from api.db.repository import vacancy_occupations, vacancy_to_domain
from api.deps import CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes.outcome_store import arrival_facts, offer_facts
from api.routes.workflow_access import visible_vacancy
from api.routes.workflow_metrics import compute_indicators, distinct_offer_totals, share_table
from api.routes.workflow_schemas import (
    AuditEventPublic,
    AuditPublic,
    FairnessPublic,
    IndicatorCounts,
    IndicatorsPublic,
    RegionIndicatorsPublic,
    ShareRowPublic,
)
from api.routes.workflow_store import (
    candidate_traits,
    candidates_by_region,
    pool_counts,
    vacancy_facts,
)
from api.schemas import MAX_ID, Offset, RecordId

router = APIRouter(prefix="/api/v1", tags=["workflow"])


@router.get("/indicators", response_model=IndicatorsPublic)
def indicators(user: CurrentUserDep, session: SessionDep, services: ServiceDep) -> IndicatorsPublic:
    """The plan's indicators by region: an advisor's regions, or all 17 for admins."""
    require_role(user, Role.ADVISOR, Role.ADMIN)
    known = services.geography.regions
    codes = list(known) if user.role == Role.ADMIN else [c for c in user_regions(user) if c in known]
    per_region, candidates_total = candidates_by_region(session, codes)
    vacancies = vacancy_facts(session, codes)
    offers = offer_facts(session, codes)
    arrivals = arrival_facts(session, sorted({o.candidate_id for o in offers}))
    rows = compute_indicators([(c, known[c].name) for c in codes], per_region, vacancies, offers, arrivals)
    offered, fast = distinct_offer_totals(codes, vacancies, offers, arrivals)
    totals = IndicatorCounts(
        candidates=candidates_total,
        vacancies_open=sum(r.vacancies_open for r in rows),
        offers_received_abroad=offered,
        fast_track_files=fast,
        hires=sum(r.hires for r in rows),
        vacancies_filled=sum(r.vacancies_filled for r in rows),
    )
    data = [RegionIndicatorsPublic.model_validate(r, from_attributes=True) for r in rows]
    return IndicatorsPublic(data=data, totals=totals)


def _shares(top: list[str], pool: dict[str, int]) -> list[ShareRowPublic]:
    return [ShareRowPublic.model_validate(r, from_attributes=True) for r in share_table(top, pool)]


@router.get("/vacancies/{vacancy_id}/fairness", response_model=FairnessPublic)
def fairness(
    vacancy_id: RecordId,
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    k: int = Query(50, ge=1, le=500, description="Size of the top of the shortlist compared with the pool."),
) -> FairnessPublic:
    """Share of each country of origin and status in the top-k of a shortlist against the whole pool.

    For advisors of the vacancy's region and admins. Aggregates only: no candidate is named or listed.
    """
    require_role(user, Role.ADVISOR, Role.ADMIN)
    row = visible_vacancy(session, user, vacancy_id)
    vacancy = vacancy_to_domain(row, vacancy_occupations(session, [vacancy_id]).get(vacancy_id, []))
    result = services.service.shortlist(vacancy, k=k)
    traits = candidate_traits(session, [m.candidate_id for m in result.matches])
    top = [traits[m.candidate_id] for m in result.matches if m.candidate_id in traits]
    by_country, by_status = pool_counts(session, "country"), pool_counts(session, "status")
    detail = {"k": k, "top_k_size": len(top)}
    audit.record(session, user, "fairness.view", "vacancy", vacancy_id, result.rule_set_id, detail)
    session.commit()
    return FairnessPublic(
        vacancy_id=vacancy_id,
        rule_set_id=result.rule_set_id,
        k=k,
        top_k_size=len(top),
        pool_size=sum(by_status.values()),
        by_country=_shares([country for country, _ in top], by_country),
        by_status=_shares([status for _, status in top], by_status),
    )


@router.get("/audit", response_model=AuditPublic)
def read_audit(
    user: CurrentUserDep,
    session: SessionDep,
    limit: int = Query(100, ge=1, le=1000),
    offset: Offset = 0,
    action: str | None = Query(None, max_length=64, description='Only this action, e.g. "review.set".'),
    object_type: str | None = Query(None, max_length=32, description='Only this kind of object, e.g. "vacancy".'),
    object_id: int | None = Query(None, ge=0, le=MAX_ID, description="Only events on this object id."),
) -> AuditPublic:
    """The audit log, newest first (admins only): shortlist and match views, reviews, invitations and answers."""
    require_role(user, Role.ADMIN)
    events, total = audit.recent(
        session, limit=limit, offset=offset, action=action, object_type=object_type, object_id=object_id
    )
    data = [AuditEventPublic.model_validate(audit.event_to_dict(e)) for e in events]
    return AuditPublic(data=data, count=total)
