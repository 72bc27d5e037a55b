"""Database rows and domain matches → the HTTP models of ``api.schemas``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from api.db.repository import OccRow, split_codes, vacancy_to_domain
from api.db.tables import CandidateRow, Employer, VacancyOccupation, VacancyRow
from api.db.workflow_tables import Invitation, Review, as_utc
from api.deps import AppServices
from api.schemas import (
    CandidateAnonymous,
    CandidateForAdvisor,
    CandidatePublic,
    Contact,
    DimensionPublic,
    InvitationState,
    OccupationPublic,
    ReviewState,
    RulePublic,
    VacancyPublic,
)
from api.web.i18n import translate
from matching.models import Match, RuleContribution, Vacancy
from matching.rules import rule_facts
from regions.rules import FLAG_FAST_TRACK
from regions.rules_registry import status_revealing_rules

FAST_TRACK_FLAG = FLAG_FAST_TRACK


def occupations_public(services: AppServices, links: Sequence[OccRow]) -> list[OccupationPublic]:
    """Occupation links with their French and English titles, in stored order."""
    out = []
    for link in sorted(links, key=lambda r: r.position):
        title_fr, title_en = services.occupations.title(link.code)
        out.append(
            OccupationPublic(
                code=link.code,
                title_fr=title_fr,
                title_en=title_en,
                confidence=round(link.confidence, 4),
                source=link.source,
                preselected=link.source != "classified"
                or link.confidence >= services.settings.occupation_preselect_confidence,
            )
        )
    return out


def employer_names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """Employer names by id."""
    if not ids:
        return {}
    stmt = select(Employer.id, Employer.name).where(col(Employer.id).in_(list(set(ids))))
    return {int(i): name for i, name in session.exec(stmt) if i is not None}


def vacancy_public(
    services: AppServices, row: VacancyRow, links: Sequence[OccRow], employer_name: str, domain: Vacancy | None = None
) -> VacancyPublic:
    """A vacancy as the API shows it (``domain``: its domain record when the caller already holds it)."""
    assert row.id is not None
    region = services.geography.regions.get(row.region_code)
    return VacancyPublic(
        id=row.id,
        employer_id=row.employer_id,
        employer_name=employer_name,
        title=row.title,
        description=row.description,
        language=row.language,
        municipality_code=row.municipality_code,
        municipality_name=row.municipality_name,
        region_code=row.region_code,
        region_name=region.name if region else "",
        occupations=occupations_public(services, links),
        positions=row.positions,
        wage_hourly=row.wage_hourly,
        french_required=row.french_required,
        experience_required=row.experience_required,
        education_required=row.education_required,
        start_date=row.start_date,
        status=row.status,
        outside_boundary=row.outside_boundary,
        diagnostic=row.diagnostic,
        fast_track=row.fast_track,
        created_at=row.created_at,
        naics=row.naics,
        rule_facts=vacancy_rule_facts(services, row, links, domain),
    )


def vacancy_rule_facts(
    services: AppServices, row: VacancyRow, links: Sequence[OccRow], domain: Vacancy | None = None
) -> dict[str, bool | str | None]:
    """What the rule set in force says today about a vacancy (asked of the core, whatever its rules)."""
    if domain is None:
        domain = vacancy_to_domain(row, [link for link in links if isinstance(link, VacancyOccupation)])
    today = date.today()
    facts = rule_facts(services.rules.in_force(today), domain, today)
    return {k: v if isinstance(v, bool | str) or v is None else str(v) for k, v in facts.items()}


def candidate_public(services: AppServices, row: CandidateRow, links: Sequence[OccRow]) -> CandidatePublic:
    """A candidate's full profile (for the candidate, advisors of its regions and admins)."""
    assert row.id is not None
    return CandidatePublic(
        id=row.id,
        name=row.name,
        email=row.email,
        text=row.text,
        language=row.language,
        occupations=occupations_public(services, links),
        years_experience=row.years_experience,
        education=row.education,
        french=row.french,
        regions_open=split_codes(row.regions_open),
        open_to_all_regions=row.open_to_all_regions,
        country=row.country,
        status=row.status,
        available_from=row.available_from,
        resume_filename=row.resume_filename,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def alias(candidate_id: int, lang: str | None = None) -> str:
    """The anonymous name employers see, in the reader's language ("Candidat·e #163", "Candidato/a #163")."""
    return translate("candidate_alias", lang, id=candidate_id)


def candidate_anonymous(
    services: AppServices,
    row: CandidateRow,
    links: Sequence[OccRow],
    *,
    show_contact: bool,
    for_employer: bool = True,
    lang: str | None = None,
) -> CandidateAnonymous:
    """A candidate without name, e-mail or résumé text; the contact only once an invitation was accepted.

    Args:
        services: the components.
        row: the candidate.
        links: its occupations.
        show_contact: the candidate accepted an invitation for the vacancy shown.
        for_employer: True hides country and status too (employers never see them); advisors and admins get a
            :class:`CandidateForAdvisor`.
        lang: language of the alias.
    """
    assert row.id is not None
    fields = {
        "id": row.id,
        "alias": alias(row.id, lang),
        "occupations": occupations_public(services, links),
        "years_experience": row.years_experience,
        "education": row.education,
        "french": row.french,
        "regions_open": split_codes(row.regions_open),
        "open_to_all_regions": row.open_to_all_regions,
        "contact": Contact(name=row.name, email=row.email) if show_contact else None,
    }
    if for_employer:
        return CandidateAnonymous.model_validate(fields)
    return CandidateForAdvisor.model_validate({**fields, "country": row.country, "status": row.status})


def rule_public(c: RuleContribution) -> RulePublic:
    """A rule contribution or why-not record as the API shows it."""
    return RulePublic(
        rule=c.rule,
        delta=round(c.delta, 6),
        reason_fr=c.reason_fr,
        reason_en=c.reason_en,
        reason_es=c.reason_es,
        flags=sorted(c.flags),
        applied=c.applied,
        sources=list(c.sources),
    )


def match_parts(match: Match, *, why_not: bool = False, for_employer: bool = False) -> dict[str, object]:
    """The explanation fields shared by shortlist entries and candidate matches (``why_not``: with the
    records of the rules that did not apply; ``for_employer``: without the records and flags of the rules that
    read the candidate's immigration status, :func:`regions.rules_registry.status_revealing_rules`: whether they
    applied and their reasons tell the status, which employers never see)."""
    hidden = status_revealing_rules() if for_employer else frozenset()
    shown = [c for c in match.contributions if c.rule not in hidden]
    flags = frozenset().union(*(c.flags for c in shown)) if hidden else match.flags
    return {
        "rank": match.rank,
        "total": round(match.total, 6),
        "base_score": round(match.base_score, 6),
        "dimensions": {
            name: DimensionPublic(
                score=round(d.score, 6),
                weight=d.weight,
                detail_fr=d.detail_fr,
                detail_en=d.detail_en,
                detail_es=d.detail_es,
            )
            for name, d in match.dimensions.items()
        },
        "rules": [rule_public(c) for c in shown],
        "why_not": [rule_public(c) for c in match.why_not if c.rule not in hidden] if why_not else None,
        "flags": sorted(flags),
        "fast_track": FAST_TRACK_FLAG in match.flags,
        "rule_set_id": match.rule_set_id,
    }


def review_state(review: Review | None, *, internal: bool = True) -> ReviewState | None:
    """The review part of a shortlist entry.

    Args:
        review: the advisor's review of the match, if any.
        internal: False for an employer, who sees the decision but not the advisor's note or name.
    """
    if review is None:
        return None
    return ReviewState(
        decision=review.decision,
        note=review.note if internal else "",
        reviewer=review.reviewer_name if internal else "",
        at=as_utc(review.at),
    )


def invitation_state(invitation: Invitation | None) -> InvitationState | None:
    """The invitation part of a shortlist entry."""
    if invitation is None or invitation.id is None:
        return None
    return InvitationState(id=invitation.id, status=invitation.status)
