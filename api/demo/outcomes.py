"""A deterministic history of outcomes for the demo: invitations, job offers, hires, arrivals, follow-ups.

``generate_outcomes(vacancies, candidates)`` draws, with a fixed seed, stories over the 18 months before the
demo is loaded: a vacancy invites a candidate of the same occupation (open to its region), who accepts or not;
some accepted invitations get a job offer, some offers are accepted, some become hires (never more than the
vacancy's positions); hired candidates arrive in Québec (fast-track files faster), mostly in the vacancy's
municipality, a few in Montréal; those who arrived long enough ago have 6- and 12-month follow-ups. Dates are
stored as days before the load (``*_days_ago``) so a fresh ``make run`` always shows the last months. Candidates
also get a voluntary self-identified gender (or none). ``passerelle demo generate`` writes ``outcomes.jsonl``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

MONTREAL = "66023"
FOCUS_REGIONS = ("02", "09")
"""The regions of the demo's regional advisor: their vacancies are drawn more often, so that advisor's charts fill."""
FOCUS_WEIGHT = 8
STORIES = 220
HORIZON_DAYS = 700
GENDERS = (("woman", 36), ("man", 40), ("non_binary", 2), ("prefer_not_to_say", 8), (None, 14))


def _open_to(candidate: dict[str, Any], region: str) -> bool:
    return bool(candidate.get("open_to_all_regions")) or region in candidate.get("regions_open", [])


def _follow_ups(rnd: random.Random, arrived: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stayed = True
    for months, chance_kept in ((6, 0.88), (12, 0.82)):
        due = arrived - round(months * 30.44)
        if due < 0 or rnd.random() > 0.85:
            break
        stayed = stayed and rnd.random() < chance_kept
        moved_working = stayed and rnd.random() < 0.05
        out.append(
            {
                "months": months,
                "days_ago": max(due - rnd.randint(0, 10), 0),
                "living_there": stayed,
                "working_there": stayed and not moved_working,
            }
        )
    return out


def _arrival(rnd: random.Random, story: dict[str, Any], vacancy: dict[str, Any], fast: bool) -> None:
    processing = rnd.randint(8, 40) if fast else rnd.randint(35, 130)
    arrived = story["offer_days_ago"] - processing
    if arrived < 0 or rnd.random() > 0.9:
        return
    story["arrived_days_ago"] = arrived
    story["arrival_municipality"] = MONTREAL if rnd.random() < 0.08 else vacancy["municipality_code"]
    story["follow_ups"] = _follow_ups(rnd, arrived)


def _offer(rnd: random.Random, story: dict[str, Any], vacancy: dict[str, Any], room: dict[str, int]) -> bool:
    """Offer, answer and hire; returns True when the candidate is hired."""
    offered = story["invited_days_ago"] - rnd.randint(4, 25)
    if offered < 0:
        return False
    story["offer_days_ago"] = offered
    decided = offered - rnd.randint(1, 6)
    if decided < 0:
        story["offer"] = "pending"
        return False
    story["offer"] = "accepted" if rnd.random() < 0.82 else "declined"
    story["decided_days_ago"] = decided
    hired = decided - rnd.randint(2, 15)
    if story["offer"] != "accepted" or hired < 0 or room[vacancy["ref"]] <= 0 or rnd.random() > 0.85:
        return False
    room[vacancy["ref"]] -= 1
    story["offer"], story["hired_days_ago"] = "hired", hired
    return True


def _story(
    rnd: random.Random, vacancy: dict[str, Any], candidate: dict[str, Any], room: dict[str, int]
) -> dict[str, Any]:
    invited = rnd.randint(10, HORIZON_DAYS)
    story: dict[str, Any] = {
        "vacancy": vacancy["ref"],
        "candidate": candidate["ref"],
        "matched_days_ago": invited + rnd.randint(1, 20),
        "invited_days_ago": invited,
    }
    decided = invited - rnd.randint(1, 7)
    if decided < 0:
        story["invitation"] = "pending"
        return story
    story["invitation"] = "accepted" if rnd.random() < 0.78 else "declined"
    story["invitation_decided_days_ago"] = decided
    if story["invitation"] == "accepted" and rnd.random() < 0.75 and _offer(rnd, story, vacancy, room):
        fast = vacancy["occupation_codes"][0] in candidate.get("occupation_codes", [])
        _arrival(rnd, story, vacancy, fast)
    return story


def generate_outcomes(
    vacancies: Sequence[dict[str, Any]], candidates: Sequence[dict[str, Any]], *, seed: int = 2026
) -> list[dict[str, Any]]:
    """The demo's outcome history: stories (``"type": "story"``) then self-identifications.

    Args:
        vacancies: the demo vacancies (with ``ref``, ``occupation_codes``, ``positions``, ``municipality_code``).
        candidates: the demo candidates (with ``ref``, ``occupation_codes``, regions).
        seed: random seed.

    Returns:
        JSON-ready records; each candidate is hired at most once, each pair appears once.
    """
    from regions.geography import load_geography

    region_of = {m.code: m.region_code for m in load_geography().municipalities.values()}
    weights = [FOCUS_WEIGHT if region_of.get(v["municipality_code"]) in FOCUS_REGIONS else 1 for v in vacancies]
    rnd = random.Random(seed)
    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for candidate in candidates:
        for code in candidate.get("occupation_codes", [])[:1]:
            by_code[code].append(candidate)
    room = {v["ref"]: int(v.get("positions", 1)) for v in vacancies}
    pairs: set[tuple[str, str]] = set()
    hired: set[str] = set()
    records: list[dict[str, Any]] = []
    for _ in range(STORIES * 3):
        if len(records) >= STORIES:
            break
        vacancy = rnd.choices(list(vacancies), weights=weights)[0]
        pool = [c for c in by_code.get(vacancy["occupation_codes"][0], []) if c["ref"] not in hired]
        if not pool:
            continue
        candidate = rnd.choice(pool)
        if (vacancy["ref"], candidate["ref"]) in pairs:
            continue
        pairs.add((vacancy["ref"], candidate["ref"]))
        story = _story(rnd, vacancy, candidate, room)
        if story.get("offer") == "hired":
            hired.add(candidate["ref"])
        records.append({"type": "story", **story})
    for candidate in candidates:
        gender = rnd.choices([g for g, _ in GENDERS], weights=[w for _, w in GENDERS])[0]
        if gender is not None:
            records.append({"type": "self_identification", "candidate": candidate["ref"], "gender": gender})
    return records
