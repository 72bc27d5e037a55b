"""The plan's indicators by region and month (JSON and CSV), and the list of priority files with their dates.

Definitions are in :mod:`api.routes.outcome_metrics`. Advisors see their regions, admins all 17.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from sqlmodel import Session

from api.auth import Role, user_regions
from api.db.tables import User
from api.deps import AppServices, CurrentUserDep, ServiceDep, SessionDep, require_role
from api.routes.outcome_metrics import (
    COUNT_COLUMNS,
    MonthRow,
    month_of,
    month_totals,
    monthly_indicators,
    months_between,
)
from api.routes.outcome_schemas import (
    FastTrackFilePublic,
    FastTrackFilesPublic,
    MonthlyIndicatorsPublic,
    MonthRowPublic,
)
from api.routes.outcome_store import arrival_facts, follow_up_facts, offer_facts

router = APIRouter(prefix="/api/v1/indicators", tags=["indicators"])

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
MAX_MONTHS = 120


def _default_range() -> tuple[str, str]:
    today = date.today()
    year, month = today.year - 1, today.month - 5  # 18 months, the current one included
    if month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}", month_of(today)


def _scope(services: AppServices, user: User, region: str | None) -> list[str]:
    require_role(user, Role.ADVISOR, Role.ADMIN)
    known = services.geography.regions
    codes = list(known) if user.role == Role.ADMIN else [c for c in user_regions(user) if c in known]
    if region is None:
        return codes
    if region not in codes:
        raise HTTPException(404, f"region {region} is not one of yours")
    return [region]


def _report(
    services: AppServices, session: Session, user: User, region: str | None, first: str | None, last: str | None
) -> tuple[list[str], list[str], list[MonthRow], list[MonthRow]]:
    codes = _scope(services, user, region)
    default_first, default_last = _default_range()
    months = months_between(first or default_first, last or default_last)
    if not months or len(months) > MAX_MONTHS:
        raise HTTPException(422, f"give from <= to, at most {MAX_MONTHS} months apart (YYYY-MM)")
    offers = offer_facts(session, list(services.geography.regions))
    candidates = sorted({o.candidate_id for o in offers})
    arrivals, follow_ups = arrival_facts(session, candidates), follow_up_facts(session, candidates)
    rows = monthly_indicators(codes, months, offers, arrivals, follow_ups)
    return codes, months, rows, month_totals(rows, months, offers, arrivals, follow_ups)


RegionQuery = Query(None, pattern=r"^\d{2}$", description="Only this region (one of yours).")


@router.get("/monthly", response_model=MonthlyIndicatorsPublic)
def monthly(
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    region: str | None = RegionQuery,
    first: str | None = Query(None, alias="from", pattern=MONTH, description="First month, YYYY-MM."),
    last: str | None = Query(None, alias="to", pattern=MONTH, description="Last month, YYYY-MM."),
) -> MonthlyIndicatorsPublic:
    """Indicators 4.1, 4.3 and 4.4 by region and month, and the same for all the regions together."""
    codes, months, rows, totals = _report(services, session, user, region, first, last)
    return MonthlyIndicatorsPublic(
        regions=codes,
        months=months,
        data=[MonthRowPublic.model_validate(r, from_attributes=True) for r in rows],
        totals=[MonthRowPublic.model_validate(r, from_attributes=True) for r in totals],
    )


def _csv(rows: list[MonthRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["region_code", "month", *COUNT_COLUMNS])
    for row in rows:
        values = [getattr(row, c) for c in COUNT_COLUMNS]
        writer.writerow([row.region_code, row.month, *("" if v is None else v for v in values)])
    return buffer.getvalue()


@router.get("/monthly.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def monthly_csv(
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    region: str | None = RegionQuery,
    first: str | None = Query(None, alias="from", pattern=MONTH, description="First month, YYYY-MM."),
    last: str | None = Query(None, alias="to", pattern=MONTH, description="Last month, YYYY-MM."),
) -> Response:
    """The same indicators as CSV (UTF-8, one row per region and month, then the ``all`` rows)."""
    _, months, rows, totals = _report(services, session, user, region, first, last)
    name = f"passerelle-indicators-{region or 'regions'}-{months[0]}-{months[-1]}.csv"
    return Response(
        _csv(rows + totals),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/fast-track-files", response_model=FastTrackFilesPublic)
def fast_track_files(
    user: CurrentUserDep,
    session: SessionDep,
    services: ServiceDep,
    region: str | None = RegionQuery,
) -> FastTrackFilesPublic:
    """Priority files (accepted job offers on fast-track matches) of your regions with the dates of each step:
    match, invitation, job offer, answer, hire, arrival; and the days from offer (and from match) to arrival."""
    codes = _scope(services, user, region)
    offers = [o for o in offer_facts(session, codes) if o.fast_track and o.status in {"accepted", "hired"}]
    arrived = {a.candidate_id: a.arrived_on for a in arrival_facts(session, sorted({o.candidate_id for o in offers}))}
    files = []
    for o in sorted(offers, key=lambda o: (o.offered_on, o.vacancy_id, o.candidate_id)):
        arrival = arrived.get(o.candidate_id)
        done = arrival is not None and arrival >= o.offered_on
        files.append(
            FastTrackFilePublic(
                region_code=o.region_code,
                vacancy_id=o.vacancy_id,
                candidate_id=o.candidate_id,
                status=o.status,
                matched_on=o.matched_on,
                invited_on=o.invited_on,
                offered_on=o.offered_on,
                decided_on=o.decided_on,
                hired_on=o.hired_on,
                arrived_on=arrival if done else None,
                days_offer_to_arrival=(arrival - o.offered_on).days if done and arrival else None,
                days_match_to_arrival=(arrival - o.matched_on).days if done and arrival else None,
            )
        )
    return FastTrackFilesPublic(data=files, count=len(files))
