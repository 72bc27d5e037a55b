"""E-mail alerts of candidates: one message per new invitation, and a periodic digest of new strong matches.

The invitation alert is queued in the invitation's transaction. The digest looks, for each candidate who
kept it on, for open vacancies scoring at least ``accounts.digest_min_score`` that no earlier digest
announced (``match_notice``), and queues one message with an unsubscribe link (also as ``List-Unsubscribe``
with one-click POST, RFC 8058).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.accounts.secrets import signing_key
from api.accounts.unsubscribe import unsubscribe_token
from api.db.account_tables import MatchNotice, now_utc
from api.db.repository import candidate_occupations, candidate_to_domain, use_session
from api.db.tables import CandidateRow, User, VacancyRow
from api.deps import AppServices
from api.mail.outbox import queue_mail
from matching.errors import MatchingError
from regions.geography import Geography

log = logging.getLogger("passerelle.mail")
DIGEST_SIZE = 10


def contact_of(user: User | None, candidate: CandidateRow) -> str:
    """Where a candidate's alerts go: the verified account address, else the profile's e-mail."""
    if user is not None and user.email and user.email_verified_at is not None:
        return user.email
    return candidate.email


def _place(geography: Geography, vacancy: VacancyRow) -> str:
    try:
        name = geography.region(vacancy.region_code).name
    except (KeyError, LookupError, MatchingError):
        return vacancy.municipality_name
    return f"{vacancy.municipality_name} ({name})"


def queue_invitation_alert(
    session: Session, services: AppServices, candidate: CandidateRow, vacancy: VacancyRow, message: str, base: str
) -> None:
    """Queue the "new invitation" e-mail to the candidate (in the caller's transaction)."""
    user = session.get(User, candidate.user_id)
    if user is not None and user.deleted_at is not None:
        return
    context = {
        "name": candidate.name,
        "title": vacancy.title,
        "place": _place(services.geography, vacancy),
        "message": message,
        "link": f"{base}/candidate/invitations",
    }
    language = user.language if user is not None else "fr"
    queue_mail(session, to=contact_of(user, candidate), template="invitation", language=language, context=context)


def _new_strong(services: AppServices, session: Session, row: CandidateRow) -> list[tuple[VacancyRow, float]]:
    assert row.id is not None
    from api.routes._resume import query_vector

    candidate = candidate_to_domain(row, candidate_occupations(session, [row.id]).get(row.id, []))
    try:
        query = query_vector(services, candidate)
        with use_session(session):
            result = services.service.matches_for(candidate, k=50, query=query)
    except MatchingError:
        return []  # no résumé or occupation yet
    floor = services.settings.accounts.digest_min_score
    strong = {m.vacancy_id: m.total for m in result.matches if m.total >= floor}
    if not strong:
        return []
    seen = set(session.exec(select(MatchNotice.vacancy_id).where(MatchNotice.candidate_id == row.id)).all())
    fresh = [vid for vid in strong if vid not in seen][:DIGEST_SIZE]
    rows = session.exec(select(VacancyRow).where(col(VacancyRow.id).in_(fresh), VacancyRow.status == "open")).all()
    return sorted(((v, strong[v.id or 0]) for v in rows), key=lambda pair: -pair[1])


def digest_one(services: AppServices, session: Session, row: CandidateRow, user: User, base: str) -> bool:
    """Queue one candidate's digest if it has new strong matches; True when a message was queued."""
    found = _new_strong(services, session, row)
    if not found or row.id is None or user.id is None:
        return False
    key = signing_key(services.settings)
    unsubscribe = f"{base}/unsubscribe?token={unsubscribe_token(key, user.id)}"
    items = [{"title": v.title, "place": _place(services.geography, v), "score": round(s * 100)} for v, s in found]
    context = {
        "name": row.name,
        "count": len(items),
        "items": items,
        "link": f"{base}/candidate/matches",
        "unsubscribe": unsubscribe,
    }
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    to = contact_of(user, row)
    queue_mail(session, to=to, template="digest", language=user.language, context=context, headers=headers)
    for v, _score in found:
        session.add(MatchNotice(candidate_id=row.id, vacancy_id=v.id or 0))
    try:
        session.commit()
    except IntegrityError:  # another process announced them first
        session.rollback()
        return False
    return True


def send_digests(services: AppServices, base: str) -> int:
    """Queue the digest of every candidate who has it on and new strong matches; returns how many."""
    queued = 0
    with Session(services.engine, expire_on_commit=False) as session:
        pairs = session.exec(
            select(CandidateRow, User)
            .join(User, col(User.id) == col(CandidateRow.user_id))
            .where(col(User.digest_enabled).is_(True), col(User.deleted_at).is_(None))
            .order_by(col(CandidateRow.id))
        ).all()
        for row, user in pairs:
            queued += digest_one(services, session, row, user, base)
    return queued


class DigestSchedule:
    """Runs :func:`send_digests` every ``accounts.digest_hours``; the last run is kept in ``data_dir``."""

    def __init__(self, services: AppServices) -> None:
        self.services = services
        self.stamp: Path = services.settings.data_dir / "digest_last_run"
        self.period = services.settings.accounts.digest_hours * 3600

    def _last(self) -> float:
        try:
            return float(self.stamp.read_text())
        except (OSError, ValueError):
            now = time.time()
            self.stamp.write_text(str(now))  # the first digest comes one period after the first start
            return now

    def __call__(self) -> None:
        if self.period <= 0 or time.time() - self._last() < self.period:
            return
        self.stamp.write_text(str(time.time()))
        base = self.services.settings.accounts.public_url.rstrip("/") or "http://localhost:8000"
        count = send_digests(self.services, base)
        log.info("match digest: %d message(s) queued at %s", count, now_utc().isoformat())
