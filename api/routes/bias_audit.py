"""The bias audit of shortlists: selection and scoring rates, impact ratios, and each rule's impact.

For one vacancy (``GET /api/v1/vacancies/{id}/bias-audit``) or aggregated over the vacancies of a region posted
in a month (``GET /api/v1/bias-audit``). Advisors of the region and admins only; aggregates only, no candidate is
listed. Figures are in :mod:`api.routes.bias_metrics`. The *pool* of a vacancy is every candidate the engine
ranks for it (at most ``pool_limit``); an aggregate re-ranks each vacancy with today's data and rule set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from fastapi import APIRouter, HTTPException, Query
from sqlmodel import Session, col, select

from api import audit
from api.auth import Role, user_regions
from api.db.repository import vacancy_occupations, vacancy_to_domain
from api.db.tables import CandidateRow, User, VacancyRow
from api.db.workflow_tables import SelfIdentification, as_utc
from api.deps import AppServices, CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes.bias_metrics import (
    MIN_SHARE,
    Ranked,
    Tally,
    above_median,
    rate_table,
    rules_of,
    selection_tally,
    top_k,
    without_rule,
)
from api.routes.bias_schemas import BiasAuditPublic, DimensionAuditPublic, RateTablePublic, RuleImpactPublic
from api.routes.workflow_access import visible_vacancy
from api.schemas import RecordId
from api.services.writes import await_index

router = APIRouter(prefix="/api/v1", tags=["bias audit"])

DIMENSIONS = ("country", "status", "gender")
HIDDEN_GENDERS = {"prefer_not_to_say"}
ALL_RULES = "*"
"""The rule name that stands for the whole rule stage (ranking by base score)."""

Tallies = dict[str, dict[str, Tally]]  # dimension -> variant -> tally


def categories_of(session: Session, ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """Country, status and self-identified gender of some candidates ("" when unknown or not said)."""
    if not ids:
        return {}
    rows = session.exec(
        select(CandidateRow.id, CandidateRow.country, CandidateRow.status).where(col(CandidateRow.id).in_(list(ids)))
    ).all()
    genders = dict(
        session.exec(
            select(SelfIdentification.candidate_id, SelfIdentification.gender).where(
                col(SelfIdentification.candidate_id).in_(list(ids))
            )
        ).all()
    )
    out: dict[int, dict[str, str]] = {}
    for cid, country, status in rows:
        gender = genders.get(int(cid or 0), "")
        out[int(cid or 0)] = {
            "country": country,
            "status": status,
            "gender": "" if gender in HIDDEN_GENDERS else gender,
        }
    return out


def ranked_pool(services: AppServices, session: Session, vacancy: VacancyRow) -> tuple[list[Ranked], str | None]:
    """Every candidate the engine ranks for a vacancy (up to the pool limit), with categories and rule deltas."""
    assert vacancy.id is not None
    await_index(services, None)
    domain = vacancy_to_domain(vacancy, vacancy_occupations(session, [vacancy.id]).get(vacancy.id, []))
    result = services.service.shortlist(domain, k=services.settings.audit_pool_limit)
    cats = categories_of(session, [m.candidate_id for m in result.matches])
    pool = [
        Ranked(m.candidate_id, cats[m.candidate_id], m.total, m.base_score, {c.rule: c.delta for c in m.contributions})
        for m in result.matches
        if m.candidate_id in cats
    ]
    return pool, result.rule_set_id


def pool_tallies(pool: Sequence[Ranked], k: int) -> Tallies:
    """The tallies of one pool: top-k, above the median, and top-k without each rule (and without all)."""
    chosen, scoring = top_k(pool, k), above_median(pool)
    variants: dict[str, set[int]] = {"selection": chosen, "scoring": scoring}
    for rule in [*rules_of(pool), ALL_RULES]:
        variants[f"without:{rule}"] = top_k(pool, k, without_rule(pool, None if rule == ALL_RULES else rule))
    return {d: {v: selection_tally(pool, d, ids) for v, ids in variants.items()} for d in DIMENSIONS}


def merge(into: Tallies, other: Tallies) -> None:
    """Add one pool's tallies to an aggregate."""
    for dimension, variants in other.items():
        for variant, counts in variants.items():
            into.setdefault(dimension, {}).setdefault(variant, Tally()).add(counts)


def _table(counts: Tally | None) -> RateTablePublic:
    table = rate_table(counts or Tally(), MIN_SHARE)
    return RateTablePublic.model_validate(table, from_attributes=True)


def present(tallies: Tallies) -> list[DimensionAuditPublic]:
    """The audit tables of each dimension."""
    out = []
    for dimension in DIMENSIONS:
        variants = tallies.get(dimension, {})
        rules = sorted(v.split(":", 1)[1] for v in variants if v.startswith("without:"))
        impacts = [RuleImpactPublic(rule=r, without_rule=_table(variants.get(f"without:{r}"))) for r in rules]
        out.append(
            DimensionAuditPublic(
                dimension=dimension,
                selection=_table(variants.get("selection")),
                scoring=_table(variants.get("scoring")),
                rules=impacts,
            )
        )
    return out


KQuery = Query(20, ge=1, le=500, description="Size of the top of each shortlist (the selected).")


@router.get("/vacancies/{vacancy_id}/bias-audit", response_model=BiasAuditPublic)
def vacancy_audit(
    vacancy_id: RecordId, user: CurrentUserDep, session: SessionDep, services: ServiceDep, k: int = KQuery
) -> BiasAuditPublic:
    """Selection and scoring rates and impact ratios of one vacancy's shortlist (advisors of its region, admins)."""
    require_role(user, Role.ADVISOR, Role.ADMIN)
    vacancy = visible_vacancy(session, user, vacancy_id)
    pool, rule_set_id = ranked_pool(services, session, vacancy)
    audit.record(session, user, "bias_audit.view", "vacancy", vacancy_id, rule_set_id, {"k": k, "pool": len(pool)})
    session.commit()
    return BiasAuditPublic(
        vacancy_id=vacancy_id,
        region_code=vacancy.region_code,
        month=None,
        k=k,
        vacancies=1,
        truncated=False,
        pool_size=len(pool),
        pool_limit=services.settings.audit_pool_limit,
        min_share=MIN_SHARE,
        rule_set_ids=[rule_set_id] if rule_set_id else [],
        dimensions=present(pool_tallies(pool, k)),
    )


def _in_month(moment: datetime, month: str | None) -> bool:
    return month is None or as_utc(moment).strftime("%Y-%m") == month


def _vacancies(session: Session, user: User, region: str | None, month: str | None, limit: int) -> list[VacancyRow]:
    codes = None if user.role == Role.ADMIN else user_regions(user)
    if region is not None:
        if codes is not None and region not in codes:
            raise HTTPException(404, f"region {region} is not one of yours")
        codes = [region]
    stmt = select(VacancyRow).order_by(col(VacancyRow.id).desc())
    if codes is not None:
        stmt = stmt.where(col(VacancyRow.region_code).in_(codes))
    rows = [v for v in session.exec(stmt) if _in_month(v.created_at, month)]
    return rows[: limit + 1]


@router.get("/bias-audit", response_model=BiasAuditPublic)
def aggregate_audit(
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    k: int = KQuery,
    region: str | None = Query(None, pattern=r"^\d{2}$", description="Only vacancies of this region."),
    month: str | None = Query(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="Vacancies posted this month."),
    max_vacancies: int = Query(20, ge=1, le=500, description="At most this many vacancies, newest first."),
) -> BiasAuditPublic:
    """The audit summed over the vacancies of a region (or of all yours) posted in a month (advisors, admins)."""
    require_role(user, Role.ADVISOR, Role.ADMIN)
    found = _vacancies(session, user, region, month, max_vacancies)
    totals: Tallies = defaultdict(dict)
    pool_size, rule_sets = 0, set()
    for vacancy in found[:max_vacancies]:
        pool, rule_set_id = ranked_pool(services, session, vacancy)
        merge(totals, pool_tallies(pool, k))
        pool_size += len(pool)
        rule_sets.add(rule_set_id or "")
    detail = {"k": k, "region": region, "month": month, "vacancies": min(len(found), max_vacancies)}
    audit.record(session, user, "bias_audit.view", "region", None, None, detail)
    session.commit()
    return BiasAuditPublic(
        vacancy_id=None,
        region_code=region,
        month=month,
        k=k,
        vacancies=min(len(found), max_vacancies),
        truncated=len(found) > max_vacancies,
        pool_size=pool_size,
        pool_limit=services.settings.audit_pool_limit,
        min_share=MIN_SHARE,
        rule_set_ids=sorted(r for r in rule_sets if r),
        dimensions=present(totals),
    )
