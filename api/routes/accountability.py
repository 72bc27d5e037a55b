"""Accountability routes: how rankings are made (Law 25 notice), requests for a person to review a ranking,
voluntary self-identification, and the audited purge of old audit events.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.db.workflow_tables import ReviewRequest, as_utc
from api.deps import AppServices, CurrentUserDep, ServiceDep, SessionDep
from api.routes.accountability_schemas import (
    FactorPublic,
    PurgePublic,
    RankingNoticePublic,
    ReviewAnswerIn,
    ReviewRequestIn,
    ReviewRequestPublic,
    ReviewRequestsPublic,
    RuleSetNoticePublic,
    SelfIdentificationIn,
    SelfIdentificationPublic,
)
from api.schemas import RecordId
from api.services import accountability

router = APIRouter(prefix="/api/v1", tags=["accountability"])

FACTORS: dict[str, tuple[str, str]] = {
    "occupation": (
        "Profession CNP/NOC 2021 : même groupe de base, groupe mineur, sous-grand groupe ou grand groupe, écart FEER",
        "NOC 2021 occupation: same unit group, minor, sub-major or major group, TEER gap",
    ),
    "text": ("Similarité sémantique du CV et du texte de l'offre", "Semantic similarity of the résumé and the vacancy"),
    "experience": (
        "Années d'expérience par rapport aux années demandées",
        "Years of experience against those required",
    ),
    "french": ("Niveau de français par rapport au niveau demandé", "French level against the level required"),
    "region": ("Ouverture à la région de l'offre", "Open to the vacancy's region"),
    "availability": ("Disponibilité à la date d'entrée en poste", "Available by the start date"),
}


def _parameters(rule_set: Any) -> dict[str, Any]:
    spec = getattr(rule_set, "spec", None)
    return spec.model_dump(mode="json") if isinstance(spec, BaseModel) else {}


def notice(services: AppServices) -> RankingNoticePublic:
    """What the engine uses to rank, read from the live configuration and the rule set in force today."""
    weights = services.settings.matching.weights.as_mapping()
    rule_set = services.rules.in_force(date.today())
    model_version, classifier_version = services.versions()
    return RankingNoticePublic(
        factors=[
            FactorPublic(name=n, weight=round(w, 4), fr=FACTORS[n][0], en=FACTORS[n][1]) for n, w in weights.items()
        ],
        rule_set=RuleSetNoticePublic(
            id=rule_set.id,
            rules=[r.name for r in rule_set.rules],
            max_total_boost=rule_set.max_total_boost,
            parameters=_parameters(rule_set),
        ),
        embedder=services.settings.embedder.backend,
        model_version=model_version,
        classifier_version=classifier_version,
        retention_days=services.settings.audit_retention_days,
    )


@router.get("/ranking-notice", response_model=RankingNoticePublic)
def ranking_notice(user: CurrentUserDep, services: ServiceDep) -> RankingNoticePublic:
    """How rankings are made: factors and weights, rules in force with their parameters, models (any account)."""
    _ = user
    return notice(services)


def request_public(request: ReviewRequest) -> ReviewRequestPublic:
    """A stored review request as the API shows it."""
    assert request.id is not None
    return ReviewRequestPublic(
        id=request.id,
        candidate_id=request.candidate_id,
        vacancy_id=request.vacancy_id,
        message=request.message,
        status=request.status,
        answer=request.answer,
        created_at=as_utc(request.created_at),
        answered_at=as_utc(request.answered_at) if request.answered_at is not None else None,
    )


@router.post("/review-requests", status_code=201, response_model=ReviewRequestPublic)
def create_review_request(body: ReviewRequestIn, user: CurrentUserDep, session: SessionDep) -> ReviewRequestPublic:
    """Ask that a person review how the engine ranked you (candidates)."""
    return request_public(accountability.create_request(session, user, body.vacancy_id, body.message))


@router.get("/review-requests", response_model=ReviewRequestsPublic)
def list_review_requests(user: CurrentUserDep, session: SessionDep) -> ReviewRequestsPublic:
    """A candidate's own requests; those of an advisor's regions; all for admins. Newest first."""
    found = accountability.visible_requests(session, user)
    return ReviewRequestsPublic(data=[request_public(r) for r in found], count=len(found))


@router.post("/review-requests/{request_id}/answer", response_model=ReviewRequestPublic)
def answer_review_request(
    request_id: RecordId, body: ReviewAnswerIn, user: CurrentUserDep, session: SessionDep
) -> ReviewRequestPublic:
    """Answer a review request (advisors who can see it, admins; once: a second answer is a 409)."""
    return request_public(accountability.answer_request(session, user, request_id, body.answer))


@router.get("/candidates/{candidate_id}/self-identification", response_model=SelfIdentificationPublic)
def read_self_identification(
    candidate_id: RecordId, user: CurrentUserDep, session: SessionDep
) -> SelfIdentificationPublic:
    """Your voluntary self-identification (the candidate only; never shown to employers)."""
    return SelfIdentificationPublic(gender=accountability.get_gender(session, user, candidate_id))


@router.put("/candidates/{candidate_id}/self-identification", response_model=SelfIdentificationPublic)
def set_self_identification(
    candidate_id: RecordId, body: SelfIdentificationIn, user: CurrentUserDep, session: SessionDep
) -> SelfIdentificationPublic:
    """State (or, with null, erase) a gender, or "prefer_not_to_say"; used only as counts by the bias audit."""
    return SelfIdentificationPublic(gender=accountability.set_gender(session, user, candidate_id, body.gender))


@router.post("/audit/purge", response_model=PurgePublic)
def purge_audit(user: CurrentUserDep, session: SessionDep, services: ServiceDep) -> PurgePublic:
    """Delete audit events older than the retention setting (admins); the purge is itself audited."""
    return PurgePublic.model_validate(accountability.purge_audit(services, session, user))
