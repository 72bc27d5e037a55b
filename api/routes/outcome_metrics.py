"""The plan's indicators by region and month, computed from outcome facts (no SQL, no HTTP).

Definitions (Québec's 2008 plan, PRODUCT.md). A *month* is a calendar month ``YYYY-MM`` in UTC; the region
is the vacancy's for offers and hires, the municipality's of arrival for placements and follow-ups.

- ``offers_abroad`` (4.3): distinct candidates who received a job offer that month while abroad (the offer is
  dated before their recorded arrival in Québec, or no arrival is recorded).
- ``fast_track_offers`` (4.4): distinct candidates who received a job offer on a fast-track-eligible match.
- ``priority_files`` (4.4): fast-track offers the candidate accepted that month (a fast-track match with an
  accepted job offer is a file under priority processing).
- ``processing_median_days`` / ``processing_p90_days`` (4.4): for the priority files whose candidate arrived
  that month, days from the job offer to the arrival (median and 90th percentile, linear interpolation
  between closest ranks as in numpy's default; ``None`` when no file arrived).
- ``hires``: offers that became hires that month (positions filled).
- ``placed_in_regions`` (4.1): hired candidates who arrived that month to live and work in a municipality
  outside the Montréal boundary of the rule set in force.
- ``followed_up_12m`` and ``still_there_12m`` (4.1): 12-month follow-ups of people placed in the regions
  recorded that month, and those of them still living and working in the regions.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date


@dataclass(frozen=True, slots=True)
class OfferFact:
    """A job offer and the dates of its file."""

    vacancy_id: int
    candidate_id: int
    region_code: str
    fast_track: bool
    status: str
    matched_on: date
    invited_on: date
    offered_on: date
    decided_on: date | None = None
    hired_on: date | None = None


@dataclass(frozen=True, slots=True)
class ArrivalFact:
    """A candidate's arrival: when, in which region, and whether that is outside the boundary."""

    candidate_id: int
    arrived_on: date
    region_code: str
    outside_boundary: bool


@dataclass(frozen=True, slots=True)
class FollowUpFact:
    """A 6- or 12-month follow-up."""

    candidate_id: int
    months: int
    seen_on: date
    living_there: bool
    working_there: bool
    outside_boundary: bool


@dataclass(slots=True)
class MonthRow:
    """One row of the monthly indicators (a region and a month)."""

    region_code: str
    month: str
    offers_abroad: int = 0
    fast_track_offers: int = 0
    priority_files: int = 0
    processing_median_days: float | None = None
    processing_p90_days: float | None = None
    hires: int = 0
    placed_in_regions: int = 0
    followed_up_12m: int = 0
    still_there_12m: int = 0
    _processing: list[int] = field(default_factory=list, repr=False, compare=False)


COUNT_COLUMNS = tuple(f.name for f in fields(MonthRow) if f.name not in {"region_code", "month", "_processing"})
"""The indicator columns, in CSV order."""


def month_of(day: date) -> str:
    """``YYYY-MM`` of a day."""
    return f"{day.year:04d}-{day.month:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` included (``YYYY-MM``); empty when ``first`` is after ``last``."""
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) with linear interpolation between closest ranks; None when empty.

    Args:
        values: the sample.
        q: the percentile, e.g. 50 for the median, 90 for p90.

    Returns:
        The percentile, or None for an empty sample.
    """
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def abroad_when_offered(offer: OfferFact, arrivals: dict[int, ArrivalFact]) -> bool:
    """Whether the candidate was still abroad on the day of the offer."""
    arrival = arrivals.get(offer.candidate_id)
    return arrival is None or offer.offered_on < arrival.arrived_on


class _Grid:
    """Rows by (region, month), with sets of distinct candidates per counted measure."""

    def __init__(self, regions: Iterable[str], months: Sequence[str]) -> None:
        self.rows = {(r, m): MonthRow(r, m) for r in regions for m in months}
        self.seen: dict[tuple[str, str, str], set[int]] = defaultdict(set)

    def count(self, region: str, day: date | None, measure: str, candidate: int | None = None) -> None:
        row = self.rows.get((region, month_of(day))) if day is not None else None
        if row is None:
            return
        if candidate is not None:
            key = (region, row.month, measure)
            if candidate in self.seen[key]:
                return
            self.seen[key].add(candidate)
        setattr(row, measure, getattr(row, measure) + 1)


def monthly_indicators(
    regions: Sequence[str],
    months: Sequence[str],
    offers: Iterable[OfferFact],
    arrivals: Iterable[ArrivalFact],
    follow_ups: Iterable[FollowUpFact],
) -> list[MonthRow]:
    """The indicator rows of the given regions and months (region-major order), zeros where nothing happened.

    Args:
        regions: region codes reported.
        months: months reported (``YYYY-MM``).
        offers: every job offer (others than the regions' are ignored).
        arrivals: recorded arrivals.
        follow_ups: recorded follow-ups.

    Returns:
        One row per (region, month).
    """
    grid = _Grid(regions, months)
    by_candidate = {a.candidate_id: a for a in arrivals}
    hired: set[int] = set()
    for offer in offers:
        if abroad_when_offered(offer, by_candidate):
            grid.count(offer.region_code, offer.offered_on, "offers_abroad", offer.candidate_id)
        if offer.status == "hired":
            hired.add(offer.candidate_id)
            grid.count(offer.region_code, offer.hired_on, "hires")
        if not offer.fast_track:
            continue
        grid.count(offer.region_code, offer.offered_on, "fast_track_offers", offer.candidate_id)
        if offer.status in {"accepted", "hired"}:
            grid.count(offer.region_code, offer.decided_on, "priority_files")
            _processing(grid, offer, by_candidate.get(offer.candidate_id))
    placed = {c for c in hired if c in by_candidate and by_candidate[c].outside_boundary}
    for candidate in placed:
        arrival = by_candidate[candidate]
        grid.count(arrival.region_code, arrival.arrived_on, "placed_in_regions")
    for follow in follow_ups:
        if follow.months != 12 or follow.candidate_id not in placed:
            continue
        region = by_candidate[follow.candidate_id].region_code
        grid.count(region, follow.seen_on, "followed_up_12m")
        if follow.living_there and follow.working_there and follow.outside_boundary:
            grid.count(region, follow.seen_on, "still_there_12m")
    rows = list(grid.rows.values())
    for row in rows:
        row.processing_median_days = percentile(row._processing, 50)
        row.processing_p90_days = percentile(row._processing, 90)
    return rows


def _processing(grid: _Grid, offer: OfferFact, arrival: ArrivalFact | None) -> None:
    if arrival is None or arrival.arrived_on < offer.offered_on:
        return
    row = grid.rows.get((offer.region_code, month_of(arrival.arrived_on)))
    if row is not None:
        row._processing.append((arrival.arrived_on - offer.offered_on).days)


def month_totals(
    rows: Sequence[MonthRow],
    months: Sequence[str],
    offers: Iterable[OfferFact],
    arrivals: Iterable[ArrivalFact],
    follow_ups: Iterable[FollowUpFact],
) -> list[MonthRow]:
    """Rows for all the reported regions together, one per month (distinct candidates counted once).

    Args:
        rows: the per-region rows (their regions are the scope).
        months: the months reported.
        offers: the same offers as for ``rows``.
        arrivals: the same arrivals.
        follow_ups: the same follow-ups.

    Returns:
        One row per month, with ``region_code`` ``"all"``.
    """
    scope = {r.region_code for r in rows}
    merged = [_as_all(o) if o.region_code in scope else o for o in offers]  # others still count as hires
    arrived = [
        ArrivalFact(
            a.candidate_id, a.arrived_on, "all" if a.region_code in scope else a.region_code, a.outside_boundary
        )
        for a in arrivals
    ]
    return monthly_indicators(["all"], months, merged, arrived, follow_ups)


def _as_all(offer: OfferFact) -> OfferFact:
    return OfferFact(
        offer.vacancy_id,
        offer.candidate_id,
        "all",
        offer.fast_track,
        offer.status,
        offer.matched_on,
        offer.invited_on,
        offer.offered_on,
        offer.decided_on,
        offer.hired_on,
    )
