"""The demo's outcome history loads with the demo, so a fresh start shows non-empty indicators and audits."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from api.db.tables import VacancyRow
from api.db.workflow_tables import JobOffer, OfferStatus
from api.demo.generate import DATA_DIR, read_jsonl
from api.demo_load import load_demo_if_empty
from api.deps import AppServices
from tests.api.conftest import auth


@pytest.fixture
def demo(client: TestClient, services: AppServices) -> list[tuple[str, str, str]]:
    accounts = load_demo_if_empty(services, DATA_DIR)
    assert accounts is not None
    return accounts


def _advisor_of_all(accounts: list[tuple[str, str, str]]) -> str:
    return next(token for role, name, token in accounts if role == "advisor" and "toutes" in name)


def test_demo_history_fills_the_monthly_indicators(
    client: TestClient, services: AppServices, demo: list[tuple[str, str, str]]
) -> None:
    _check_hires_never_exceed_positions(services)
    report = client.get("/api/v1/indicators/monthly", headers=auth(_advisor_of_all(demo))).json()
    assert len(report["months"]) == 18
    totals = report["totals"]
    for column in ("offers_abroad", "fast_track_offers", "priority_files", "hires", "placed_in_regions"):
        assert sum(r[column] for r in totals) > 0, column
        assert sum(r[column] > 0 for r in totals) >= 6, f"{column} spread over the months"
    assert sum(r["still_there_12m"] for r in totals) > 0
    processed = [r["processing_median_days"] for r in totals if r["processing_median_days"] is not None]
    assert len(processed) >= 4 and all(0 < d <= 130 for d in processed)
    by_region = client.get("/api/v1/indicators", headers=auth(_advisor_of_all(demo))).json()["totals"]
    assert by_region["hires"] > 0 and by_region["vacancies_filled"] > 0


def _check_hires_never_exceed_positions(services: AppServices) -> None:
    stories = [r for r in read_jsonl(Path(DATA_DIR) / "outcomes.jsonl") if r["type"] == "story"]
    with Session(services.engine) as session:
        hired = session.exec(
            select(JobOffer.vacancy_id, func.count())
            .where(JobOffer.status == OfferStatus.HIRED.value)
            .group_by(col(JobOffer.vacancy_id))
        ).all()
        for vacancy_id, count in hired:
            vacancy = session.get(VacancyRow, vacancy_id)
            assert vacancy is not None and count <= vacancy.positions
            assert (count == vacancy.positions) == (vacancy.status == "closed")
    assert sum(r.get("offer") == "hired" for r in stories) == sum(n for _, n in hired)
