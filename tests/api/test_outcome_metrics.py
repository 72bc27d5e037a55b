"""Monthly indicators on hand-made histories with known answers, and their invariants (Hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from api.routes.outcome_metrics import (
    ArrivalFact,
    FollowUpFact,
    OfferFact,
    month_totals,
    monthly_indicators,
    months_between,
    percentile,
)

MONTHS = ["2026-02", "2026-03", "2026-04"]


def offer(
    candidate: int,
    offered: date,
    *,
    region: str = "02",
    fast: bool = False,
    status: str = "pending",
    decided: date | None = None,
    hired: date | None = None,
    vacancy: int = 1,
) -> OfferFact:
    matched = offered - timedelta(days=20)
    return OfferFact(
        vacancy, candidate, region, fast, status, matched, offered - timedelta(days=5), offered, decided, hired
    )


def test_percentile_interpolates_between_closest_ranks() -> None:
    assert percentile([], 50) is None
    assert percentile([10], 90) == 10
    assert percentile([4, 10, 30], 50) == 10
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9.1
    assert percentile([10, 20], 50) == 15


def test_months_between_crosses_years() -> None:
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_between("2026-03", "2026-02") == []


def test_three_offers_abroad_in_region_02_in_march_with_a_median_of_ten_days() -> None:
    offers = [
        offer(1, date(2026, 3, 2), fast=True, status="hired", decided=date(2026, 3, 4), hired=date(2026, 3, 20)),
        offer(2, date(2026, 3, 10), fast=True, status="accepted", decided=date(2026, 3, 11)),
        offer(3, date(2026, 3, 15), fast=True, status="hired", decided=date(2026, 3, 16), hired=date(2026, 4, 1)),
        offer(4, date(2026, 3, 20)),  # arrived before the offer: not abroad
        offer(5, date(2026, 3, 25), region="11"),  # another region
        offer(1, date(2026, 3, 28), vacancy=2),  # same candidate again in March: counted once
    ]
    arrivals = [
        ArrivalFact(1, date(2026, 3, 12), "02", True),  # 10 days after its offer
        ArrivalFact(2, date(2026, 4, 10), "02", True),  # 31 days
        ArrivalFact(3, date(2026, 4, 1), "06", False),  # 17 days; Montréal: not placed in the regions
        ArrivalFact(4, date(2026, 2, 1), "02", True),
    ]
    rows = {(r.region_code, r.month): r for r in monthly_indicators(["02", "11"], MONTHS, offers, arrivals, [])}
    march, april = rows[("02", "2026-03")], rows[("02", "2026-04")]
    assert march.offers_abroad == 3
    assert (march.fast_track_offers, march.priority_files) == (3, 3)
    assert (march.processing_median_days, march.processing_p90_days) == (10, 10)
    assert (april.processing_median_days, april.processing_p90_days) == (24.0, 29.6)  # 17 and 31 days
    assert (march.hires, april.hires) == (1, 1)
    assert (march.placed_in_regions, april.placed_in_regions) == (1, 0)  # 3 lives in Montréal
    assert rows[("11", "2026-03")].offers_abroad == 1
    assert rows[("02", "2026-02")].offers_abroad == 0


def test_still_there_at_twelve_months_counts_placed_people_living_and_working_in_the_regions() -> None:
    offers = [offer(c, date(2025, 1, 5), status="hired", hired=date(2025, 1, 20)) for c in (1, 2, 3)]
    offers.append(offer(4, date(2025, 1, 5), status="accepted"))  # never hired: not placed
    arrivals = [ArrivalFact(c, date(2025, 3, 1), "02", True) for c in (1, 2, 3, 4)]
    follow = [
        FollowUpFact(1, 12, date(2026, 3, 2), True, True, True),
        FollowUpFact(2, 12, date(2026, 3, 5), True, False, True),  # no longer working there
        FollowUpFact(3, 6, date(2025, 9, 1), True, True, True),  # 6 months: not the 12-month indicator
        FollowUpFact(4, 12, date(2026, 3, 1), True, True, True),  # not placed
    ]
    rows = {r.month: r for r in monthly_indicators(["02"], MONTHS, offers, arrivals, follow)}
    assert (rows["2026-03"].followed_up_12m, rows["2026-03"].still_there_12m) == (2, 1)


def test_totals_count_a_candidate_once_across_regions() -> None:
    offers = [offer(1, date(2026, 3, 2), region="02"), offer(1, date(2026, 3, 3), region="11", vacancy=2)]
    rows = monthly_indicators(["02", "11"], MONTHS, offers, [], [])
    assert sum(r.offers_abroad for r in rows) == 2
    totals = {r.month: r for r in month_totals(rows, MONTHS, offers, [], [])}
    assert totals["2026-03"].offers_abroad == 1 and totals["2026-03"].region_code == "all"


days = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 5, 31))


@given(
    st.lists(
        st.tuples(
            st.integers(1, 6),
            days,
            st.sampled_from(["02", "11"]),
            st.booleans(),
            st.sampled_from(["pending", "accepted", "declined", "hired"]),
            st.integers(0, 40),
        ),
        max_size=25,
    ),
    st.dictionaries(st.integers(1, 6), st.tuples(days, st.booleans()), max_size=6),
)
def test_monthly_indicators_are_bounded_and_processing_is_ordered(
    specs: list[tuple[int, date, str, bool, str, int]], arrived: dict[int, tuple[date, bool]]
) -> None:
    offers = [
        offer(
            c,
            d,
            region=r,
            fast=f,
            status=s,
            decided=d + timedelta(days=lag) if s != "pending" else None,
            hired=d + timedelta(days=lag) if s == "hired" else None,
            vacancy=i,
        )
        for i, (c, d, r, f, s, lag) in enumerate(specs)
    ]
    arrivals = [ArrivalFact(c, d, "02", outside) for c, (d, outside) in arrived.items()]
    months = months_between("2026-01", "2026-07")
    rows = monthly_indicators(["02", "11"], months, offers, arrivals, [])
    assert len(rows) == 2 * len(months)
    assert sum(r.hires for r in rows) <= sum(o.status == "hired" for o in offers)
    assert sum(r.priority_files for r in rows) <= sum(o.fast_track for o in offers)
    for row in rows:
        assert row.fast_track_offers <= len({o.candidate_id for o in offers if o.fast_track})
        assert row.offers_abroad <= len({o.candidate_id for o in offers})
        if row.processing_median_days is None:
            assert row.processing_p90_days is None
        else:
            assert row.processing_p90_days is not None
            assert 0 <= row.processing_median_days <= row.processing_p90_days
