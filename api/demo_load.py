"""Loads the demo data (``api/demo/data/*.jsonl``) on first start, with accounts and their tokens.

``outcomes.jsonl``, when present, adds the history of invitations, job offers, hires, arrivals and follow-ups
(:mod:`api.demo.history`), so the indicators and the bias audit have something to show on a fresh start.

One employer account per employer name, one candidate account per candidate, an admin and a few advisors. The
clear tokens are written once to ``<data_dir>/demo-tokens.txt`` (only hashes are stored in the database).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, func, select

from api.auth import Role, create_user
from api.db.repository import record_change, set_candidate_occupations, set_vacancy_occupations
from api.db.tables import CandidateRow, User, VacancyRow
from api.demo.history import load_history
from api.deps import AppServices
from api.routes._enrich import apply_place, apply_rule_facts
from matching.models import OccupationCode

log = logging.getLogger("passerelle.demo")
DEMO_DIR = Path(__file__).resolve().parent / "demo" / "data"
TOKENS_FILE = "demo-tokens.txt"
ADVISORS = (
    ("Conseillère Saguenay–Lac-Saint-Jean et Côte-Nord", ("02", "09")),
    ("Conseiller toutes régions", tuple(f"{i:02d}" for i in range(1, 18))),
)


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_demo_if_empty(services: AppServices, folder: Path | None = None) -> list[tuple[str, str, str]] | None:
    """Load the demo data when the database holds no account yet.

    Args:
        services: the built services (the index worker applies the records once started).
        folder: the folder of the JSONL files (``settings.demo_data_dir`` or the package's).

    Returns:
        (role, name, token) of every account created, or None when the database was not empty.
    """
    folder = folder or services.settings.demo_data_dir or DEMO_DIR
    with Session(services.engine, expire_on_commit=False) as session:
        if session.exec(select(func.count()).select_from(User)).one() > 0:
            return None
        accounts: list[tuple[str, str, str]] = []
        _, token = create_user(session, Role.ADMIN, name="Admin démo")
        accounts.append(("admin", "Admin démo", token))
        for name, regions in ADVISORS:
            _, token = create_user(session, Role.ADVISOR, name=name, regions=regions)
            accounts.append(("advisor", f"{name} ({','.join(regions)})", token))
        vacancy_accounts, vacancy_ids = _load_vacancies(services, session, folder / "vacancies.jsonl")
        candidate_accounts, candidate_ids = _load_candidates(services, session, folder / "candidates.jsonl")
        accounts += vacancy_accounts + candidate_accounts
        history = folder / "outcomes.jsonl"
        if history.is_file():
            counts = load_history(services, session, list(_rows(history)), vacancy_ids, candidate_ids)
            log.info("demo outcome history: %s", counts)
    _write_tokens(services.settings.data_dir / TOKENS_FILE, accounts)
    services.worker.notify()
    log.info("demo data loaded: %d accounts", len(accounts))
    return accounts


def _codes(values: list[str]) -> list[OccupationCode]:
    return [OccupationCode(code) for code in values]


Loaded = tuple[list[tuple[str, str, str]], dict[str, int]]
"""(accounts created, database id of each record's ``ref``)."""


def _load_vacancies(services: AppServices, session: Session, path: Path) -> Loaded:
    accounts: list[tuple[str, str, str]] = []
    employers: dict[str, int] = {}
    refs: dict[str, int] = {}
    for item in _rows(path):
        name = item["employer"]
        if name not in employers:
            user, token = create_user(session, Role.EMPLOYER, name=name, commit=False)
            assert user.employer_id is not None
            employers[name] = user.employer_id
            accounts.append(("employer", name, token))
        row = VacancyRow(
            employer_id=employers[name],
            title=item["title"],
            description=item.get("description", ""),
            language=item.get("language", "fr"),
            municipality_code="",
            municipality_name="",
            region_code="",
            positions=item.get("positions", 1),
            wage_hourly=item.get("wage_hourly"),
            french_required=item.get("french_required", "NONE"),
            experience_required=item.get("experience_required", 0),
            education_required=item.get("education_required", "NONE"),
            start_date=_day(item.get("start_date")),
        )
        apply_place(row, services.geography.by_code(item["municipality_code"]))
        apply_rule_facts(services, row, _codes(item.get("occupation_codes", [])), date.today())
        session.add(row)
        session.flush()
        assert row.id is not None
        set_vacancy_occupations(session, row.id, _codes(item.get("occupation_codes", [])))
        record_change(session, "vacancies", row.id)
        refs[str(item.get("ref", row.id))] = row.id
    session.commit()  # the index worker applies the logged changes
    return accounts, refs


def _load_candidates(services: AppServices, session: Session, path: Path) -> Loaded:
    accounts: list[tuple[str, str, str]] = []
    refs: dict[str, int] = {}
    for item in _rows(path):
        user, token = create_user(session, Role.CANDIDATE, name=item["name"], commit=False)
        assert user.id is not None
        accounts.append(("candidate", item["name"], token))
        row = CandidateRow(
            user_id=user.id,
            name=item["name"],
            email=item["email"],
            text=item.get("text", ""),
            language=item.get("language", "fr"),
            years_experience=item.get("years_experience", 0),
            education=item.get("education", "NONE"),
            french=item.get("french", "NONE"),
            regions_open=",".join(sorted(item.get("regions_open", []))),
            open_to_all_regions=item.get("open_to_all_regions", False),
            country=item.get("country", ""),
            status=item.get("status", "other"),
            available_from=_day(item.get("available_from")),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        set_candidate_occupations(session, row.id, _codes(item.get("occupation_codes", [])))
        record_change(session, "candidates", row.id)
        refs[str(item.get("ref", row.id))] = row.id
    session.commit()
    return accounts, refs


def _write_tokens(path: Path, accounts: list[tuple[str, str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Demo accounts: role<TAB>name<TAB>token (shown once; the database keeps only hashes)"]
    lines += [f"{role}\t{name}\t{token}" for role, name, token in accounts]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # never readable by others
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
