"""Monthly indicators and their CSV export, computed from a hand-made history stored in the database."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.db.workflow_tables import Arrival, FollowUp, JobOffer
from api.deps import AppServices
from tests.api.conftest import MakeUser, auth


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def _offer(
    candidate: int, offered: date, region: str = "02", *, fast: bool = True, status: str = "accepted"
) -> JobOffer:
    return JobOffer(
        invitation_id=candidate * 10 + int(region),
        vacancy_id=1,
        candidate_id=candidate,
        region_code=region,
        offered_by_id=1,
        status=status,
        fast_track=fast,
        matched_at=_at(date(2026, 2, 1)),
        invited_at=_at(date(2026, 2, 15)),
        offered_at=_at(offered),
        decided_at=_at(offered),
        hired_at=_at(offered) if status == "hired" else None,
    )


def _arrival(candidate: int, day: date, region: str = "02", outside: bool = True) -> Arrival:
    return Arrival(
        candidate_id=candidate,
        arrived_on=day,
        municipality_code="94068",
        municipality_name="Saguenay",
        region_code=region,
        outside_boundary=outside,
        recorded_by_id=1,
        recorded_by_role="advisor",
    )


def _history(services: AppServices) -> None:
    with Session(services.engine) as session:
        session.add_all(
            [
                _offer(1, date(2026, 3, 2), status="hired"),
                _offer(2, date(2026, 3, 5), status="hired"),
                _offer(3, date(2026, 3, 9)),
                _offer(4, date(2026, 3, 9), "11", fast=False),
                _arrival(1, date(2026, 3, 12)),  # 10 days after its offer
                _arrival(2, date(2026, 3, 13)),  # 8 days
                _arrival(3, date(2026, 3, 21)),  # 12 days
                FollowUp(
                    candidate_id=1,
                    months=12,
                    seen_on=date(2026, 3, 30),
                    living_there=True,
                    working_there=True,
                    municipality_code="94068",
                    region_code="02",
                    outside_boundary=True,
                    recorded_by_id=1,
                ),
            ]
        )
        session.commit()


def test_monthly_indicators_from_the_database(client: TestClient, services: AppServices, make_user: MakeUser) -> None:
    _history(services)
    _, advisor = make_user("advisor", regions=["02"])
    _, admin = make_user("admin")
    body = client.get("/api/v1/indicators/monthly?from=2026-02&to=2026-04", headers=auth(advisor)).json()
    assert body["regions"] == ["02"] and body["months"] == ["2026-02", "2026-03", "2026-04"]
    march = next(r for r in body["data"] if r["month"] == "2026-03")
    assert march["offers_abroad"] == 3 and march["fast_track_offers"] == 3 and march["priority_files"] == 3
    assert march["processing_median_days"] == 10 and march["processing_p90_days"] == 11.6
    assert march["hires"] == 2 and march["placed_in_regions"] == 2
    assert (march["followed_up_12m"], march["still_there_12m"]) == (1, 1)  # a hand-made, early follow-up
    everything = client.get("/api/v1/indicators/monthly?from=2026-03&to=2026-03", headers=auth(admin)).json()
    assert len(everything["data"]) == 17 and everything["totals"][0]["offers_abroad"] == 4
    assert client.get("/api/v1/indicators/monthly?region=11", headers=auth(advisor)).status_code == 404
    assert client.get("/api/v1/indicators/monthly?from=2026-13", headers=auth(advisor)).status_code == 422
    assert client.get("/api/v1/indicators/monthly?from=2026-05&to=2026-01", headers=auth(advisor)).status_code == 422


def test_monthly_indicators_as_csv(client: TestClient, services: AppServices, make_user: MakeUser) -> None:
    _history(services)
    _, advisor = make_user("advisor", regions=["02", "11"])
    _, employer = make_user("employer")
    response = client.get("/api/v1/indicators/monthly.csv?from=2026-03&to=2026-04&region=02", headers=auth(advisor))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["content-disposition"] == 'attachment; filename="passerelle-indicators-02-2026-03-2026-04.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["region_code"], r["month"]) for r in rows] == [
        ("02", "2026-03"),
        ("02", "2026-04"),
        ("all", "2026-03"),
        ("all", "2026-04"),
    ]
    assert rows[0]["offers_abroad"] == "3" and rows[0]["processing_median_days"] == "10.0"
    assert rows[1]["processing_median_days"] == "" and rows[1]["offers_abroad"] == "0"
    assert client.get("/api/v1/indicators/monthly.csv", headers=auth(employer)).status_code == 403


def test_fast_track_files_carry_the_dates_of_each_step(
    client: TestClient, services: AppServices, make_user: MakeUser
) -> None:
    _history(services)
    _, advisor = make_user("advisor", regions=["02"])
    files = client.get("/api/v1/indicators/fast-track-files", headers=auth(advisor)).json()
    assert files["count"] == 3 and [f["candidate_id"] for f in files["data"]] == [1, 2, 3]
    first = files["data"][0]
    assert (first["matched_on"], first["invited_on"], first["offered_on"]) == ("2026-02-01", "2026-02-15", "2026-03-02")
    assert (first["arrived_on"], first["days_offer_to_arrival"], first["days_match_to_arrival"]) == (
        "2026-03-12",
        10,
        39,
    )
    assert [f["days_offer_to_arrival"] for f in files["data"]] == [10, 8, 12]
