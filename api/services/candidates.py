"""CandidateService: profiles, résumé uploads, export, erasure, and a candidate's ranked matches."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api import audit, market, privacy
from api.auth import Role
from api.db.repository import (
    candidate_occupations,
    candidate_to_domain,
    person_codes,
    record_change,
    records_with_links,
    use_session,
    vacancy_to_domain,
)
from api.db.session import begin_write
from api.db.tables import CandidateRow, User, VacancyOccupation, VacancyRow, utcnow
from api.db.vectors import forget_vectors, query_vector, text_sha
from api.deps import AppServices
from api.routes import _resume
from api.routes._access import get_candidate
from api.routes._present import candidate_public, employer_names, match_parts, vacancy_public
from api.schemas import CandidateCreate, CandidatePublic, CandidateUpdate, MatchEntry, MatchesPublic
from api.services.errors import ConflictError, ForbiddenError
from api.services.writes import Written, after_commit, await_index, commit_indexed
from matching.errors import InvalidInputError
from matching.models import Candidate, OccupationCode
from matching.ports import FloatVector


class CandidateService:
    """Candidate use cases for one request.

    Args:
        services: the components.
        session: the request's session (the only connection the request uses).
    """

    def __init__(self, services: AppServices, session: Session) -> None:
        self.services = services
        self.session = session

    def present(self, row: CandidateRow) -> CandidatePublic:
        """The full profile."""
        assert row.id is not None
        return candidate_public(self.services, row, candidate_occupations(self.session, [row.id]).get(row.id, []))

    def create(self, user: User, body: CandidateCreate) -> Written[CandidatePublic]:
        """Create the profile of the current candidate account (one per account)."""
        if user.role != Role.CANDIDATE.value:
            raise ForbiddenError(f"this action needs one of the roles: candidate (you are {user.role})")
        assert user.id is not None
        fields = body.model_dump(exclude={"occupation_codes", "regions_open", "text"})
        row = CandidateRow(user_id=user.id, regions_open=",".join(body.regions_open), text="", **fields)
        codes = _resume.apply_text(self.services, row, body.text or "", body.model_fields_set, body.occupation_codes)
        begin_write(self.session)
        if self.session.exec(select(CandidateRow.id).where(CandidateRow.user_id == user.id)).first() is not None:
            raise ConflictError(
                "this account already has a candidate profile: use PATCH to change it", "profile_exists"
            )
        try:
            change = commit_indexed(self.services, self.session, "candidates", row, codes)
        except IntegrityError:  # PostgreSQL: a concurrent request created it first (unique user_id)
            self.session.rollback()
            raise ConflictError(
                "this account already has a candidate profile: use PATCH to change it", "profile_exists"
            ) from None
        return Written(self.present(row), change)

    def upload_resume(
        self, user: User, candidate_id: int, data: bytes, filename: str, content_type: str
    ) -> Written[CandidatePublic]:
        """Replace the résumé with the text of an uploaded PDF, DOCX or text file (read in the thread pool)."""
        row = get_candidate(self.session, user, candidate_id, write=True)
        text = _resume.extract(self.services, data, filename, content_type)
        kept = person_codes(candidate_occupations(self.session, [candidate_id]).get(candidate_id, []))
        fields, codes = self._read_text(row, {}, text, set(), None, classify=not kept)  # a person's codes stay
        begin_write(self.session)
        row = get_candidate(self.session, user, candidate_id, write=True)
        for name, value in fields.items():
            setattr(row, name, value)
        row.resume_filename = (filename or "resume")[:255]
        row.updated_at = utcnow()
        change = commit_indexed(self.services, self.session, "candidates", row, codes)
        return Written(self.present(row), change)

    def _read_text(
        self,
        row: CandidateRow,
        changes: dict[str, Any],
        text: str,
        fields_set: set[str],
        given: list[str] | None,
        *,
        classify: bool = True,
    ) -> tuple[dict[str, Any], list[OccupationCode] | None]:
        """Read a new text (language, facts, occupations) on a copy of the row, before the write transaction.

        Returns:
            The fields to set (the explicit changes, the text and what was read from it) and the new codes.
        """
        scratch = CandidateRow(**{**row.model_dump(), **changes})
        codes = _resume.apply_text(self.services, scratch, text, fields_set, given, classify=classify)
        read = {name: getattr(scratch, name) for name in ("text", "language", *_resume.FACT_FIELDS)}
        return {**changes, **read}, codes

    def read(self, user: User, candidate_id: int) -> CandidatePublic:
        """The profile (the candidate, an advisor of a region it is open to, an admin)."""
        return self.present(get_candidate(self.session, user, candidate_id))

    def update(self, user: User, candidate_id: int, body: CandidateUpdate) -> Written[CandidatePublic]:
        """Change the profile; a new text is re-read (language, facts, occupations unless given)."""
        row = get_candidate(self.session, user, candidate_id, write=True)
        changes = body.model_dump(exclude_unset=True)
        given = changes.pop("occupation_codes", None)
        text = changes.pop("text", None)
        if "regions_open" in changes:
            changes["regions_open"] = ",".join(changes["regions_open"] or [])
        for name, value in changes.items():
            if value is None and name not in {"available_from"}:
                raise InvalidInputError(f"field {name!r} cannot be null")
        codes: list[OccupationCode] | None = None
        if text is not None:  # read before the write transaction: no lock is held meanwhile
            kept = person_codes(candidate_occupations(self.session, [candidate_id]).get(candidate_id, []))
            fields_set = set(body.model_fields_set)
            changes, codes = self._read_text(row, changes, text, fields_set, given, classify=not kept)
        elif given:
            codes = _resume.given_codes(self.services, given)
        begin_write(self.session)
        row = get_candidate(self.session, user, candidate_id, write=True)
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_at = utcnow()
        change = commit_indexed(self.services, self.session, "candidates", row, codes)
        return Written(self.present(row), change)

    def delete(self, user: User, candidate_id: int) -> int:
        """Erase the candidate's file: profile, résumé, its stored vector, the rows of every table holding its data
        (occupations, reviews, invitations, interests: ``api.privacy``), its index entry and the name on its
        account (the audit log keeps ids only). Returns the change id."""
        get_candidate(self.session, user, candidate_id, write=True)
        begin_write(self.session)
        session = self.session
        row = get_candidate(session, user, candidate_id, write=True)
        privacy.erase_rows(session, candidate_id)  # every table with a candidate_id (occupations, reviews, ...)
        account_email = getattr(session.get(User, row.user_id), "email", None) or ""
        privacy.erase_by_email(session, [row.email, account_email])  # e-mails to the person, sign-in attempts
        forget_vectors(session, "candidates", [candidate_id])
        account = session.get(User, row.user_id)
        if account is not None and account.role == Role.CANDIDATE.value:
            account.name = ""  # the account stays (its token can create a new profile), without the person's name
            session.add(account)
        session.delete(row)
        audit.record(session, user, "candidate.delete", "candidate", candidate_id)
        change = record_change(session, "candidates", candidate_id)
        session.commit()
        after_commit(self.services, change)
        return change

    def export(self, user: User, candidate_id: int) -> dict[str, Any]:
        """Everything held about the candidate, as JSON (profile, occupations, invitations, reviews)."""
        row = get_candidate(self.session, user, candidate_id, write=True)
        return _resume.export(self.services, self.session, row, self.present(row))

    def matches(self, user: User, candidate_id: int, limit: int, after: int | None) -> MatchesPublic:
        """Ranked, explained open vacancies for a candidate (waits, bounded, for change ``after``)."""
        row = get_candidate(self.session, user, candidate_id)
        candidate = candidate_to_domain(row, candidate_occupations(self.session, [candidate_id]).get(candidate_id, []))
        await_index(self.services, after)
        query = self._stored_query(candidate)
        if query is None:
            query = _resume.query_vector(self.services, candidate)
        with use_session(self.session, self.services.records):
            k = min(limit, self.services.settings.shortlist_limit_max)
            result = self.services.service.matches_for(candidate, k=k, query=query)
            data = self._entries(result.matches)
        interested = market.interests_of(self.session, candidate_id, [e.vacancy_id for e in data])
        for entry in data:
            entry.interested = entry.vacancy_id in interested
        begin_write(self.session)
        audit.record(
            self.session, user, "matches.view", "candidate", candidate_id, result.rule_set_id, {"count": len(data)}
        )
        self.session.commit()
        return MatchesPublic(candidate_id=candidate_id, rule_set_id=result.rule_set_id, count=len(data), data=data)

    def _stored_query(self, candidate: Candidate) -> FloatVector | None:
        text = self.services.sync.with_text(candidate).text
        if not text.strip():
            return None
        sha = text_sha(self.services.sync.vector_fingerprint, text)
        return query_vector(self.session, "candidates", candidate.id, sha)

    def _entries(self, matches: Any) -> list[MatchEntry]:
        ids = [m.vacancy_id for m in matches]
        session = self.session
        found = records_with_links(session, VacancyRow, VacancyOccupation, "vacancy_id", ids, vacancy_to_domain)
        names = employer_names(session, [entry.row.employer_id for entry in found.values()])
        return [
            MatchEntry(
                vacancy_id=m.vacancy_id,
                vacancy=vacancy_public(
                    self.services,
                    found[m.vacancy_id].row,
                    found[m.vacancy_id].links,
                    names.get(found[m.vacancy_id].row.employer_id, ""),
                    found[m.vacancy_id].record,
                ),
                **match_parts(m),
            )
            for m in matches
            if m.vacancy_id in found
        ]
