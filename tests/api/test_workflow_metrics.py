"""Indicator and fairness computations, on hand-made facts with a known answer and with Hypothesis."""

from __future__ import annotations

import math
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from api.routes.outcome_metrics import ArrivalFact, OfferFact
from api.routes.workflow_metrics import (
    VacancyFacts,
    compute_indicators,
    distinct_offer_totals,
    is_filled,
    share_table,
)

REGIONS = [("02", "Saguenay–Lac-Saint-Jean"), ("06", "Montréal"), ("11", "Gaspésie–Îles-de-la-Madeleine")]


def vacancy(
    id: int, region: str = "02", *, positions: int = 1, status: str = "open", outside: bool = True
) -> VacancyFacts:
    return VacancyFacts(id, region, status, positions, outside)


def offer(vacancy_id: int, candidate: int, fast: bool = False, status: str = "accepted") -> OfferFact:
    day = date(2026, 3, 1)
    return OfferFact(vacancy_id, candidate, "", fast, status, day, day, day, day, day if status == "hired" else None)


def test_is_filled_needs_every_position_hired() -> None:
    two = vacancy(1, positions=2)
    assert not is_filled(two, 1)
    assert is_filled(two, 2)
    assert not is_filled(vacancy(2, positions=2, status="closed"), 1)  # closing is not hiring
    assert not is_filled(vacancy(3, status="closed"), 0)


def test_is_filled_is_false_inside_the_boundary() -> None:
    assert not is_filled(vacancy(1, "06", outside=False), 5)


def test_compute_indicators_counts_each_measure_by_region() -> None:
    vacancies = [
        vacancy(1, "02", positions=2),
        vacancy(2, "02"),
        vacancy(3, "06", outside=False),
        vacancy(4, "11", status="closed"),
    ]
    offers = [
        offer(1, 100, fast=True, status="hired"),
        offer(2, 100, fast=True),  # same candidate twice in 02: one file
        offer(2, 101, status="hired"),
        offer(2, 104, fast=True, status="declined"),  # declined: received abroad, but no priority file
        offer(3, 102, fast=True, status="hired"),
        offer(99, 103, fast=True),  # unknown vacancy: ignored
        offer(1, 105, status="pending"),  # arrived before the offer: not received abroad
    ]
    arrivals = [ArrivalFact(105, date(2026, 1, 1), "02", True), ArrivalFact(100, date(2026, 4, 1), "02", True)]
    rows = compute_indicators(REGIONS, {"02": 7, "06": 3}, vacancies, offers, arrivals)
    by_code = {r.region_code: r for r in rows}
    assert [r.region_code for r in rows] == ["02", "06", "11"]
    assert by_code["02"].candidates == 7
    assert by_code["02"].vacancies_open == 2
    assert by_code["02"].offers_received_abroad == 3  # 100, 101, 104
    assert by_code["02"].fast_track_files == 1
    assert by_code["02"].hires == 2
    assert by_code["02"].vacancies_filled == 1  # vacancy 2 (1 of 1 hired); vacancy 1 has 1 of 2
    assert by_code["06"].offers_received_abroad == 1
    assert by_code["06"].vacancies_filled == 0  # inside the boundary
    assert by_code["11"] == by_code["11"].__class__("11", REGIONS[2][1], 0, 0, 0, 0, 0, 0)


def test_distinct_offer_totals_counts_a_candidate_once_across_regions() -> None:
    vacancies = [vacancy(1, "02"), vacancy(2, "11"), vacancy(3, "06")]
    offers = [offer(1, 5, True), offer(2, 5, True), offer(3, 6, False)]
    assert distinct_offer_totals(["02", "11"], vacancies, offers) == (1, 1)
    assert distinct_offer_totals(["02", "11", "06"], vacancies, offers) == (2, 1)


def test_share_table_compares_top_k_with_pool() -> None:
    rows = share_table(["MX", "MX", "GT", ""], {"MX": 50, "GT": 30, "FR": 20})
    assert [r.value for r in rows] == ["MX", "GT", "FR", "unknown"]
    mx = rows[0]
    assert (mx.top_k_count, mx.top_k_share, mx.pool_count, mx.pool_share) == (2, 0.5, 50, 0.5)
    assert rows[2].top_k_share == 0.0 and rows[2].pool_share == 0.2
    assert rows[3].top_k_share == 0.25 and rows[3].pool_share == 0.0


def test_share_table_of_empty_inputs_is_empty() -> None:
    assert share_table([], {}) == []


values = st.sampled_from(["MX", "GT", "FR", "CO", ""])


@given(st.lists(values, max_size=60), st.dictionaries(values, st.integers(0, 1000)))
def test_share_table_columns_sum_to_one(top: list[str], pool: dict[str, int]) -> None:
    rows = share_table(top, pool)
    assert len({r.value for r in rows}) == len(rows)
    for column, total in ((lambda r: r.top_k_share, len(top)), (lambda r: r.pool_share, sum(pool.values()))):
        shares = [column(r) for r in rows]
        assert all(0.0 <= s <= 1.0 for s in shares)
        assert math.isclose(sum(shares), 1.0 if total else 0.0, abs_tol=1e-9)


@given(
    st.lists(
        st.tuples(st.sampled_from(["02", "06", "11"]), st.integers(1, 3), st.booleans(), st.booleans()),
        max_size=12,
    ),
    st.lists(
        st.tuples(st.integers(0, 11), st.integers(1, 8), st.booleans(), st.sampled_from(["accepted", "hired"])),
        max_size=30,
    ),
)
def test_indicators_are_bounded_by_their_inputs(
    specs: list[tuple[str, int, bool, bool]], offers: list[tuple[int, int, bool, str]]
) -> None:
    vacancies = [
        VacancyFacts(i, region, "closed" if closed else "open", positions, outside)
        for i, (region, positions, closed, outside) in enumerate(specs)
    ]
    accepted = [offer(v, c, f, status) for v, c, f, status in offers]
    rows = compute_indicators(REGIONS, {}, vacancies, accepted)
    assert sum(r.vacancies_open for r in rows) == sum(v.status == "open" for v in vacancies)
    assert sum(r.vacancies_filled for r in rows) <= sum(v.outside_boundary for v in vacancies)
    for row in rows:
        assert row.fast_track_files <= row.offers_received_abroad
    offered, fast = distinct_offer_totals([c for c, _ in REGIONS], vacancies, accepted)
    assert offered <= sum(r.offers_received_abroad for r in rows)
    assert fast <= offered
