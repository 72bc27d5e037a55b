"""Loads the demo's outcome history (``outcomes.jsonl``, see :mod:`api.demo.outcomes`) into the database.

Days before the load become dates; invitations, job offers, hires, arrivals and follow-ups are written as they
would have been (the audit log records one ``demo.history`` event). Vacancies whose positions are all hired are
closed, and every vacancy with a story is dated back to before its first invitation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from api import audit, components
from api.db.repository import candidate_occupations, record_change, vacancy_occupations
from api.db.tables import VacancyRow
from api.db.workflow_tables import Arrival, FollowUp, Invitation, JobOffer, SelfIdentification, utc_now
from api.deps import AppServices


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def at(self, days_ago: int | None) -> datetime | None:
        return self.now - timedelta(days=days_ago, hours=3) if days_ago is not None else None

    def day(self, days_ago: int) -> date:
        return (self.now - timedelta(days=days_ago)).date()


def _fast(session: Session, vacancy: VacancyRow, candidate_id: int) -> bool:
    assert vacancy.id is not None
    v_codes = {o.code for o in vacancy_occupations(session, [vacancy.id]).get(vacancy.id, [])}
    c_codes = {o.code for o in candidate_occupations(session, [candidate_id]).get(candidate_id, [])}
    return vacancy.fast_track and bool(v_codes & c_codes)


def _story(
    services: AppServices, session: Session, clock: _Clock, item: Mapping[str, Any], ids: tuple[int, int]
) -> None:
    vacancy = session.get(VacancyRow, ids[0])
    assert vacancy is not None and vacancy.id is not None
    fast = _fast(session, vacancy, ids[1])
    rule_set_id = services.rules.in_force(clock.now.date()).id
    invited = clock.at(item["invited_days_ago"])
    assert invited is not None
    invitation = Invitation(
        vacancy_id=ids[0],
        candidate_id=ids[1],
        invited_by_id=0,
        invited_by_role="employer",
        status=item["invitation"],
        fast_track=fast,
        rule_set_id=rule_set_id,
        created_at=invited,
        decided_at=clock.at(item.get("invitation_decided_days_ago")),
    )
    session.add(invitation)
    session.flush()
    if "offer_days_ago" not in item:
        return
    offered = clock.at(item["offer_days_ago"])
    assert offered is not None and invitation.id is not None
    session.add(
        JobOffer(
            invitation_id=invitation.id,
            vacancy_id=ids[0],
            candidate_id=ids[1],
            region_code=vacancy.region_code,
            offered_by_id=0,
            status=item["offer"],
            fast_track=fast,
            rule_set_id=rule_set_id,
            wage_hourly=vacancy.wage_hourly,
            matched_at=clock.at(item["matched_days_ago"]) or invited,
            invited_at=invited,
            offered_at=offered,
            decided_at=clock.at(item.get("decided_days_ago")),
            hired_at=clock.at(item.get("hired_days_ago")),
        )
    )
    if "arrived_days_ago" in item:
        _arrival(services, session, clock, item, ids[1])


def _arrival(
    services: AppServices, session: Session, clock: _Clock, item: Mapping[str, Any], candidate_id: int
) -> None:
    place = services.geography.by_code(item["arrival_municipality"])
    outside = components.vacancy_facts(services.rules, services.occupations, place, [], clock.now.date())
    session.add(
        Arrival(
            candidate_id=candidate_id,
            arrived_on=clock.day(item["arrived_days_ago"]),
            municipality_code=place.code,
            municipality_name=place.name,
            region_code=place.region_code,
            outside_boundary=outside.outside_boundary,
            recorded_by_id=0,
            recorded_by_role="system",
        )
    )
    for follow in item.get("follow_ups", []):
        session.add(
            FollowUp(
                candidate_id=candidate_id,
                months=follow["months"],
                seen_on=clock.day(follow["days_ago"]),
                living_there=follow["living_there"],
                working_there=follow["working_there"],
                municipality_code=place.code if follow["living_there"] else "66023",
                region_code=place.region_code if follow["living_there"] else "06",
                outside_boundary=outside.outside_boundary and follow["living_there"],
                recorded_by_id=0,
            )
        )


def _date_back_and_close(
    services: AppServices,
    session: Session,
    clock: _Clock,
    items: Iterable[Mapping[str, Any]],
    vacancy_ids: Mapping[str, int],
) -> list[int]:
    earliest: dict[int, int] = {}
    hired: dict[int, int] = {}
    for item in items:
        vid = vacancy_ids[item["vacancy"]]
        earliest[vid] = max(earliest.get(vid, 0), item["matched_days_ago"] + 5)
        hired[vid] = hired.get(vid, 0) + (item.get("offer") == "hired")
    closed: list[int] = []
    for vid, days in earliest.items():
        vacancy = session.get(VacancyRow, vid)
        assert vacancy is not None
        vacancy.created_at = clock.at(days) or vacancy.created_at
        if hired[vid] >= max(vacancy.positions, 1):
            vacancy.status = "closed"
            record_change(session, "vacancies", vid)
            closed.append(vid)
        session.add(vacancy)
    return closed


def load_history(
    services: AppServices,
    session: Session,
    records: Iterable[Mapping[str, Any]],
    vacancy_ids: Mapping[str, int],
    candidate_ids: Mapping[str, int],
) -> dict[str, int]:
    """Write the outcome history (the caller's session; committed here) and return counts by kind.

    Args:
        services: the components (rule sets, geography, index synchroniser).
        session: an open session.
        records: the lines of ``outcomes.jsonl``.
        vacancy_ids: database id of each vacancy ``ref``.
        candidate_ids: database id of each candidate ``ref``.

    Returns:
        {"stories": n, "self_identifications": n, "closed": n}; records naming unknown refs are skipped.
    """
    clock = _Clock(utc_now())
    stories = [
        r
        for r in records
        if r.get("type") == "story" and r["vacancy"] in vacancy_ids and r["candidate"] in candidate_ids
    ]
    for item in stories:
        _story(services, session, clock, item, (vacancy_ids[item["vacancy"]], candidate_ids[item["candidate"]]))
    genders = 0
    for item in records:
        if item.get("type") == "self_identification" and item["candidate"] in candidate_ids:
            session.add(SelfIdentification(candidate_id=candidate_ids[item["candidate"]], gender=item["gender"]))
            genders += 1
    closed = _date_back_and_close(services, session, clock, stories, vacancy_ids)
    counts = {"stories": len(stories), "self_identifications": genders, "closed": len(closed)}
    audit.record(session, None, "demo.history", "demo", None, None, counts)
    session.commit()
    # the index worker applies the logged changes (closed vacancies leave the index)
    return counts
