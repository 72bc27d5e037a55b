"""OccupationCodeService: a person confirms or corrects a candidate's or a vacancy's occupation codes.

The candidate confirms its own, the employer its vacancy's; an advisor (of a region the candidate is open to,
or of the vacancy's region) or an admin corrects them. Every change is audited (``occupation.confirm`` or
``occupation.correct``, with the codes before and after). Codes are stored with ``source="confirmed"``, the
account that chose them and when; a code the classifier had suggested keeps its confidence (for the record), a
code picked in the search box has 1.0. Matching counts confirmed codes fully (``OccupationCode.weight``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from api import audit
from api.auth import Role
from api.db.repository import OccRow, candidate_occupations, to_codes, vacancy_occupations
from api.db.session import begin_write
from api.db.tables import User, utcnow
from api.deps import AppServices
from api.routes._access import get_candidate, get_vacancy
from api.routes._enrich import apply_rule_facts
from api.routes._present import occupations_public
from api.schemas import OccupationPublic
from api.services.errors import ConflictError
from api.services.writes import Written, commit_indexed
from matching.models import CodeSource, OccupationCode


class OccupationCodeService:
    """Confirm or correct codes for one request.

    Args:
        services: the components.
        session: the request's session.
    """

    def __init__(self, services: AppServices, session: Session) -> None:
        self.services = services
        self.session = session

    def _chosen(self, typed: Sequence[str], stored: Sequence[OccRow]) -> list[OccupationCode]:
        before = {c.code: c for c in to_codes(stored)}
        out: dict[str, OccupationCode] = {}
        for value in typed:
            code = self.services.occupations.validate(value)
            known = before.get(code)
            out.setdefault(code, OccupationCode(code, known.confidence if known else 1.0, CodeSource.CONFIRMED))
        return list(out.values())

    def _audit(
        self, user: User, kind: str, object_id: int, before: Sequence[OccRow], after: list[OccupationCode]
    ) -> str:
        owner = user.role == (Role.CANDIDATE if kind == "candidate" else Role.EMPLOYER)
        action = "confirm" if owner else "correct"
        detail = {
            "before": [r.code for r in sorted(before, key=lambda r: r.position)],
            "after": [c.code for c in after],
        }
        audit.record(self.session, user, f"occupation.{action}", kind, object_id, None, detail)
        return action

    def candidate(
        self, user: User, candidate_id: int, codes: Sequence[str]
    ) -> Written[tuple[str, list[OccupationPublic]]]:
        """Replace a candidate's codes with those chosen (the candidate: confirm; an advisor, an admin: correct)."""
        get_candidate(self.session, user, candidate_id)
        begin_write(self.session)
        row = get_candidate(self.session, user, candidate_id)
        stored = candidate_occupations(self.session, [candidate_id]).get(candidate_id, [])
        chosen = self._chosen(codes, stored)
        action = self._audit(user, "candidate", candidate_id, stored, chosen)
        row.updated_at = utcnow()
        change = commit_indexed(self.services, self.session, "candidates", row, chosen, confirmed_by=user.id)
        links = candidate_occupations(self.session, [candidate_id]).get(candidate_id, [])
        return Written((action, occupations_public(self.services, links)), change)

    def vacancy(self, user: User, vacancy_id: int, codes: Sequence[str]) -> Written[tuple[str, list[OccupationPublic]]]:
        """Replace a vacancy's codes (its employer: confirm; an advisor of its region, an admin: correct); its
        fast-track flag and diagnostic follow the new codes."""
        get_vacancy(self.session, user, vacancy_id)
        begin_write(self.session)
        row = get_vacancy(self.session, user, vacancy_id)
        if row.status != "open" and user.role == Role.EMPLOYER:
            raise ConflictError(f"vacancy {vacancy_id} is closed")
        stored = vacancy_occupations(self.session, [vacancy_id]).get(vacancy_id, [])
        chosen = self._chosen(codes, stored)
        action = self._audit(user, "vacancy", vacancy_id, stored, chosen)
        apply_rule_facts(self.services, row, chosen, date.today())
        row.updated_at = utcnow()
        change = commit_indexed(self.services, self.session, "vacancies", row, chosen, confirmed_by=user.id)
        links = vacancy_occupations(self.session, [vacancy_id]).get(vacancy_id, [])
        return Written((action, occupations_public(self.services, links)), change)
