"""Bias audit figures: a hand-computed example, exclusions under 2 %, rule impacts, and Hypothesis invariants."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from api.routes.bias_audit import ALL_RULES, merge, pool_tallies, present
from api.routes.bias_metrics import Ranked, Tally, above_median, rate_table, tally, top_k, without_rule


def test_selection_rates_and_impact_ratios_by_hand() -> None:
    # pool of 100: A 50 (10 selected), B 30 (3), C 18 (9), D 1 (1), one unknown (selected)
    values = ["A"] * 50 + ["B"] * 30 + ["C"] * 18 + ["D"] + [""]
    chosen = [True] * 10 + [False] * 40 + [True] * 3 + [False] * 27 + [True] * 9 + [False] * 9 + [True, True]
    table = rate_table(tally(values, chosen))
    got = [(r.category, r.pool, r.selected, r.rate, r.impact_ratio) for r in table.rows]
    assert got == [("C", 18, 9, 0.5, 1.0), ("A", 50, 10, 0.2, 0.4), ("B", 30, 3, 0.1, 0.2)]
    assert table.excluded_categories == ("D",) and table.excluded_candidates == 1  # 1 % of the pool < 2 %
    assert table.unknown_candidates == 1


def test_a_category_at_exactly_two_percent_is_kept() -> None:
    table = rate_table(tally(["A"] * 98 + ["B"] * 2, [True] * 49 + [False] * 49 + [True, False]))
    assert [r.category for r in table.rows] == ["A", "B"] and table.excluded_categories == ()
    assert [r.impact_ratio for r in table.rows] == [1.0, 1.0]


def test_nobody_selected_gives_no_ratio() -> None:
    table = rate_table(tally(["A", "B"], [False, False]))
    assert [r.impact_ratio for r in table.rows] == [None, None]


def _pool() -> list[Ranked]:
    # four MX and four GT; the regional rule lifts two GT above two MX
    specs = [
        (1, "MX", 0.80, {}),
        (2, "MX", 0.79, {}),
        (3, "MX", 0.78, {}),
        (4, "MX", 0.60, {}),
        (5, "GT", 0.75, {"regional_priority": 0.05}),
        (6, "GT", 0.74, {"regional_priority": 0.05}),
        (7, "GT", 0.50, {}),
        (8, "GT", 0.40, {"fast_track": 0.01}),
    ]
    return [
        Ranked(i, {"country": c, "status": "temporary_worker", "gender": ""}, base + sum(d.values()), base, d)
        for i, c, base, d in specs
    ]


def test_top_k_with_and_without_a_rule() -> None:
    pool = _pool()
    assert top_k(pool, 4) == {5, 6, 1, 2}  # 0.80, 0.79, 0.80, 0.79: ties by id
    assert top_k(pool, 4, without_rule(pool, "regional_priority")) == {1, 2, 3, 5}
    assert top_k(pool, 4, without_rule(pool, None)) == {1, 2, 3, 5}
    assert above_median(pool) == {1, 2, 5, 6}


def test_rule_impact_tables_show_the_boost_by_category() -> None:
    tallies = pool_tallies(_pool(), 4)
    country = next(d for d in present(tallies) if d.dimension == "country")
    rates = {r.category: (r.rate, r.impact_ratio) for r in country.selection.rows}
    assert rates == {"MX": (0.5, 1.0), "GT": (0.5, 1.0)}
    impacts = {i.rule: {r.category: r.rate for r in i.without_rule.rows} for i in country.rules}
    assert set(impacts) == {"fast_track", "regional_priority", ALL_RULES}
    assert impacts["regional_priority"] == {"MX": 0.75, "GT": 0.25}
    assert impacts["fast_track"] == {"MX": 0.5, "GT": 0.5}
    gender = next(d for d in present(tallies) if d.dimension == "gender")
    assert gender.selection.rows == [] and gender.selection.unknown_candidates == 8


def test_tallies_add_up_across_vacancies() -> None:
    total: dict[str, dict[str, Tally]] = {}
    merge(total, pool_tallies(_pool(), 4))
    merge(total, pool_tallies(_pool(), 2))
    selection = total["country"]["selection"]
    assert selection.pool == {"MX": 8, "GT": 8} and sum(selection.selected.values()) == 6


categories = st.sampled_from(["MX", "GT", "FR", "CO", "PH", ""])


@given(st.lists(st.tuples(categories, st.booleans()), max_size=200), st.floats(0, 0.2))
def test_impact_ratios_lie_in_zero_one_and_the_top_category_has_one(
    people: list[tuple[str, bool]], min_share: float
) -> None:
    table = rate_table(tally([c for c, _ in people], [s for _, s in people]), min_share)
    ratios = [r.impact_ratio for r in table.rows]
    if any(r.selected for r in table.rows):
        assert all(x is not None and 0.0 <= x <= 1.0 for x in ratios)
        assert math.isclose(ratios[0] or 0.0, 1.0)
        assert table.rows[0].rate == max(r.rate for r in table.rows)
    else:
        assert all(x is None for x in ratios)
    pool = len(people)
    counted = sum(r.pool for r in table.rows) + table.excluded_candidates + table.unknown_candidates
    assert counted == pool
    assert all(r.pool / pool >= min_share for r in table.rows)


@given(
    st.lists(st.tuples(categories, st.floats(0, 1), st.floats(0, 0.1)), min_size=1, max_size=60),
    st.integers(1, 30),
)
def test_top_k_has_min_k_n_members_and_the_scoring_rate_is_at_most_half(
    specs: list[tuple[str, float, float]], k: int
) -> None:
    pool = [Ranked(i, {"country": c}, b + d, b, {"r": d}) for i, (c, b, d) in enumerate(specs)]
    assert len(top_k(pool, k)) == min(k, len(pool))
    assert len(above_median(pool)) <= len(pool) // 2
    assert len(top_k(pool, k, without_rule(pool, "r"))) == min(k, len(pool))
