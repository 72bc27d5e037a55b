"""VacancyService: post, list, read, change and close vacancies, and their ranked shortlist of candidates."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from api import audit, market
from api.accounts.verification import require_verified_employer
from api.auth import Role, user_regions
from api.db.repository import (
    accepted_candidates,
    ranked_candidate,
    records_with_links,
    to_codes,
    use_session,
    vacancy_occupations,
    vacancy_to_domain,
    workflow_state,
)
from api.db.session import begin_write
from api.db.tables import CandidateOccupation, CandidateRow, Employer, User, VacancyRow, utcnow
from api.db.vectors import query_vector, text_sha
from api.deps import AppServices
from api.routes._access import get_vacancy
from api.routes._enrich import apply_place, apply_rule_facts, detect_language, resolve_codes
from api.routes._present import (
    candidate_anonymous,
    employer_names,
    invitation_state,
    match_parts,
    review_state,
    vacancy_public,
)
from api.routes.workflow_store import record_appearances
from api.schemas import ShortlistEntry, ShortlistPublic, VacanciesPublic, VacancyCreate, VacancyPublic, VacancyUpdate
from api.services.errors import ForbiddenError
from api.services.writes import Written, await_index, commit_indexed
from matching.errors import InvalidInputError
from matching.models import Vacancy
from matching.ports import FloatVector

_NULLABLE = {"wage_hourly", "start_date", "naics"}


class VacancyService:
    """Vacancy use cases for one request.

    Args:
        services: the components.
        session: the request's session (the only connection the request uses).
    """

    def __init__(self, services: AppServices, session: Session) -> None:
        self.services = services
        self.session = session

    def present(self, row: VacancyRow) -> VacancyPublic:
        """One vacancy as the API shows it."""
        assert row.id is not None
        employer = self.session.get(Employer, row.employer_id)
        links = vacancy_occupations(self.session, [row.id]).get(row.id, [])
        return vacancy_public(self.services, row, links, employer.name if employer else "")

    def create(self, user: User, body: VacancyCreate) -> Written[VacancyPublic]:
        """Post a vacancy (employers): place, language, occupations (classified when none given), rule facts."""
        if user.role != Role.EMPLOYER.value:
            raise ForbiddenError(f"this action needs one of the roles: employer (you are {user.role})")
        if user.employer_id is None:
            raise ForbiddenError("this employer account has no employer record")
        municipality = self.services.geography.resolve(body.municipality)
        text = f"{body.title}\n{body.description}".strip()
        language = detect_language(text)
        codes = resolve_codes(self.services, body.occupation_codes, body.description, language, "vacancy", body.title)
        fields = body.model_dump(exclude={"municipality", "occupation_codes"})
        row = VacancyRow(
            employer_id=user.employer_id,
            language=language,
            municipality_code="",
            municipality_name="",
            region_code="",
            **fields,
        )
        apply_place(row, municipality)
        apply_rule_facts(self.services, row, codes, date.today())
        begin_write(self.session)
        change = commit_indexed(self.services, self.session, "vacancies", row, codes)
        return Written(self.present(row), change)

    def listing(self, user: User, status: str | None, limit: int, offset: int) -> VacanciesPublic:
        """Vacancies the account may see: an employer its own, an advisor its regions', an admin all."""
        stmt = select(VacancyRow).order_by(col(VacancyRow.id).desc())
        if user.role == Role.EMPLOYER:
            stmt = stmt.where(VacancyRow.employer_id == (user.employer_id or -1))
        elif user.role == Role.ADVISOR:
            stmt = stmt.where(col(VacancyRow.region_code).in_(user_regions(user)))
        if status:
            stmt = stmt.where(VacancyRow.status == status)
        rows = list(self.session.exec(stmt.offset(offset).limit(limit)).all())
        ids = [r.id for r in rows if r.id is not None]
        links = vacancy_occupations(self.session, ids)
        names = employer_names(self.session, [r.employer_id for r in rows])
        data = [vacancy_public(self.services, r, links.get(r.id or 0, []), names.get(r.employer_id, "")) for r in rows]
        return VacanciesPublic(data=data, count=len(data))

    def read(self, user: User, vacancy_id: int) -> VacancyPublic:
        """One vacancy (its employer, an advisor of its region, an admin)."""
        return self.present(get_vacancy(self.session, user, vacancy_id))

    def update(self, user: User, vacancy_id: int, body: VacancyUpdate) -> Written[VacancyPublic]:
        """Change a vacancy; its occupations are re-classified when the text changes and none were given.

        The text is read (language, classification) before the write transaction, so no lock is held meanwhile.
        """
        row = get_vacancy(self.session, user, vacancy_id, write=True)
        changes = body.model_dump(exclude_unset=True)
        for name, value in changes.items():
            if value is None and name not in _NULLABLE | {"occupation_codes"}:
                raise InvalidInputError(f"field {name!r} cannot be null")
        place = self.services.geography.resolve(changes.pop("municipality")) if "municipality" in changes else None
        given = changes.pop("occupation_codes", None)
        title, description = changes.get("title", row.title), changes.get("description", row.description)
        text = f"{title}\n{description}".strip()
        if "title" in changes or "description" in changes:
            changes["language"] = detect_language(text)
        stored = vacancy_occupations(self.session, [vacancy_id]).get(vacancy_id, [])
        codes = None
        if given or ("language" in changes and not any(link.source != "classified" for link in stored)):
            language = changes.get("language", row.language)  # a person's codes stay when the text changes
            codes = resolve_codes(self.services, given, description, language, "vacancy", title) or None
        begin_write(self.session)
        row = get_vacancy(self.session, user, vacancy_id, write=True)
        for name, value in changes.items():
            setattr(row, name, value)
        if place is not None:
            apply_place(row, place)
        links = vacancy_occupations(self.session, [vacancy_id]).get(vacancy_id, [])
        current = codes if codes is not None else to_codes(links)
        apply_rule_facts(self.services, row, current, date.today())
        row.updated_at = utcnow()
        change = commit_indexed(self.services, self.session, "vacancies", row, codes)
        return Written(self.present(row), change)

    def close(self, user: User, vacancy_id: int) -> Written[VacancyPublic]:
        """Close a vacancy: it leaves the vacancy index and candidates' matches."""
        get_vacancy(self.session, user, vacancy_id, write=True)
        begin_write(self.session)
        row = get_vacancy(self.session, user, vacancy_id, write=True)
        row.status = "closed"
        row.updated_at = utcnow()
        change = commit_indexed(self.services, self.session, "vacancies", row, None)
        return Written(self.present(row), change)

    def shortlist(
        self,
        user: User,
        vacancy_id: int,
        limit: int,
        after: int | None,
        lang: str | None = None,
        *,
        why_not: bool = False,
    ) -> ShortlistPublic:
        """Ranked, explained candidates; anonymous unless they accepted an invitation for this vacancy. Those who
        said they are interested are flagged, and added when outside the top ``limit`` (``api.market``).

        Args:
            user: the current account.
            vacancy_id: the vacancy.
            limit: how many candidates.
            after: a change id this answer must reflect (waits, bounded, for the index to apply it).
            lang: language of the candidates' aliases.
            why_not: add each entry's why-not records (the rules of the set that did not apply, and why).
        """
        row = get_vacancy(self.session, user, vacancy_id)
        require_verified_employer(self.session, user)  # 403 "awaiting verification" for a new employer
        vacancy = vacancy_to_domain(row, vacancy_occupations(self.session, [vacancy_id]).get(vacancy_id, []))
        await_index(self.services, after)
        query = self._stored_query(vacancy)
        with use_session(self.session, self.services.records):
            k = min(limit, self.services.settings.shortlist_limit_max)
            result = self.services.service.shortlist(vacancy, k=k, query=query)
            ranked, interested, via_interest = market.with_interested(
                self.services, self.session, vacancy, result, query
            )
            data = self._entries(user, vacancy_id, ranked, lang, why_not=why_not)
        for entry in data:
            entry.interested = entry.candidate_id in interested
            entry.via_interest = entry.candidate_id in via_interest
        begin_write(self.session)
        record_appearances(self.session, vacancy_id, [entry.candidate_id for entry in data])  # whom it may invite
        detail = {"count": len(data), "via_interest": len(via_interest)}
        audit.record(self.session, user, "shortlist.view", "vacancy", vacancy_id, result.rule_set_id, detail)
        self.session.commit()
        return ShortlistPublic(vacancy_id=vacancy_id, rule_set_id=result.rule_set_id, count=len(data), data=data)

    def _stored_query(self, vacancy: Vacancy) -> FloatVector | None:
        """The vacancy's stored vector when it was made from its current text (None: the service encodes it)."""
        sha = text_sha(self.services.sync.vector_fingerprint, vacancy.text)
        return query_vector(self.session, "vacancies", vacancy.id, sha)

    def _entries(
        self, user: User, vacancy_id: int, matches: Any, lang: str | None, *, why_not: bool = False
    ) -> list[ShortlistEntry]:
        ids = [m.candidate_id for m in matches]
        session = self.session
        found = records_with_links(session, CandidateRow, CandidateOccupation, "candidate_id", ids, ranked_candidate)
        accepted = accepted_candidates(session, vacancy_id, ids)
        reviews, invitations = workflow_state(session, vacancy_id, ids)
        return [
            ShortlistEntry(
                candidate_id=m.candidate_id,
                candidate=candidate_anonymous(
                    self.services,
                    found[m.candidate_id].row,
                    found[m.candidate_id].links,
                    show_contact=m.candidate_id in accepted,
                    for_employer=user.role == Role.EMPLOYER,
                    lang=lang,
                ),
                review=review_state(reviews.get(m.candidate_id), internal=user.role != Role.EMPLOYER),
                invitation=invitation_state(invitations.get(m.candidate_id)),
                **match_parts(m, why_not=why_not, for_employer=user.role == Role.EMPLOYER),
            )
            for m in matches
            if m.candidate_id in found
        ]
