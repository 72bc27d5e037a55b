"""Calibrated confidences: the invariants of the ranked outputs and what the fitted map does on real-looking data."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from occupations.calibration import (
    Calibrator,
    calibrate_ranked,
    ece_noise_floor,
    expected_calibration_error,
    load_calibrators,
    reliability_table,
)

raw_lists = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=1, max_size=8).map(
    lambda xs: sorted((x / max(sum(xs), 1.0) for x in xs), reverse=True)
)
knots = st.lists(st.floats(0.01, 0.99, allow_nan=False), max_size=10, unique=True)
maps = st.tuples(knots, st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=12, max_size=12)).map(
    lambda kv: Calibrator((0.0, *sorted(kv[0]), 1.0), tuple(sorted(kv[1])[: len(kv[0]) + 2]))
)


@settings(max_examples=300, deadline=None)
@given(raw=raw_lists, calibrator=maps)
def test_calibrated_confidences_stay_ranked_in_unit_range_and_sum_to_at_most_one(
    raw: list[float], calibrator: Calibrator
) -> None:
    out = calibrate_ranked(raw, calibrator)
    assert len(out) == len(raw)
    assert all(0.0 <= c <= 1.0 for c in out)
    assert all(a >= b - 1e-12 for a, b in itertools.pairwise(out))
    assert sum(out) <= 1.0 + 1e-9


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 1.0, allow_nan=False), st.booleans()), min_size=1, max_size=200))
def test_reliability_bins_partition_the_predictions(pairs: list[tuple[float, bool]]) -> None:
    conf, hit = [p for p, _ in pairs], [h for _, h in pairs]
    table = reliability_table(conf, hit, bins=10)
    assert sum(row["n"] for row in table) == len(pairs)
    for row in table:
        assert row["lo"] - 1e-9 <= row["mean_confidence"] <= row["hi"] + 1e-9  # (a mean of equal floats can round)
        assert 0.0 <= row["accuracy"] <= 1.0
    assert 0.0 <= expected_calibration_error(conf, hit) <= 1.0


def test_isotonic_map_fixes_an_overconfident_model() -> None:
    rng = np.random.default_rng(7)
    raw = rng.uniform(0.0, 1.0, 4000)
    right = rng.uniform(0.0, 1.0, 4000) < raw**2  # the model says p, it is right p^2 of the time
    fit, test = slice(0, 2000), slice(2000, 4000)
    before = expected_calibration_error(raw[test], right[test])
    calibrator = Calibrator.fit(raw[fit], right[fit])
    after = expected_calibration_error(calibrator(raw[test]), right[test])
    assert before > 0.1
    assert after < 0.05
    assert calibrator(0.9) < 0.9  # it lowers high raw probabilities


def test_a_list_starting_at_zero_stays_zero_and_identity_keeps_values() -> None:
    assert calibrate_ranked([0.0, 0.0], Calibrator()) == [0.0, 0.0]
    assert calibrate_ranked([0.6, 0.3], Calibrator()) == [0.6, 0.3]


def test_stored_maps_cover_every_kind_and_are_monotone() -> None:
    maps_ = load_calibrators()
    assert set(maps_) == {"title", "vacancy", "resume"}
    grid = np.linspace(0, 1, 101)
    for calibrator in maps_.values():
        values = calibrator(grid)
        assert np.all(np.diff(values) >= -1e-12)
        assert values.min() >= 0.0 and values.max() <= 1.0


def test_logistic_map_recovers_a_platt_distortion_from_few_documents() -> None:
    rng = np.random.default_rng(3)
    raw = rng.beta(5.0, 1.0, 3000)  # document probabilities gather near 1, as the résumés' do
    logit = np.log(raw / (1.0 - raw))
    right = rng.uniform(0.0, 1.0, 3000) < 1.0 / (1.0 + np.exp(-(0.5 * logit - 0.5)))  # over-confident
    fit, test = slice(0, 150), slice(150, 3000)
    logistic = Calibrator.fit_logistic(raw[fit], right[fit])
    isotonic = Calibrator.fit(raw[fit], right[fit])
    truth = 1.0 / (1.0 + np.exp(-(0.5 * logit[test] - 0.5)))
    # Fitted on 150 rows, the two-parameter map is closer to the true probabilities than the isotonic steps.
    assert np.mean(np.abs(logistic(raw[test]) - truth)) < np.mean(np.abs(isotonic(raw[test]) - truth))
    assert expected_calibration_error(logistic(raw[test]), right[test]) < 0.05
    grid = np.linspace(0.0, 1.0, 201)
    assert np.all(np.diff(logistic(grid)) >= -1e-12)
    assert logistic.xs[0] == 0.0 and logistic.xs[-1] == 1.0


def test_logistic_map_is_the_identity_without_both_outcomes() -> None:
    assert Calibrator.fit_logistic([0.2, 0.9, 0.5], [True, True, True]) == Calibrator()
    assert Calibrator.fit_logistic([0.3], [False]) == Calibrator()


def test_noise_floor_shrinks_with_the_number_of_predictions() -> None:
    rng = np.random.default_rng(5)
    few, many = rng.uniform(0.3, 1.0, 50), rng.uniform(0.3, 1.0, 5000)
    assert ece_noise_floor(few) > 3 * ece_noise_floor(many)
    assert 0.0 < ece_noise_floor(many) < 0.03
    assert ece_noise_floor([]) == 0.0


def test_calibration_report_is_cross_fitted_isotonic_for_titles_and_logistic_for_documents() -> None:
    from occupations.evaluation_run import ISOTONIC_MIN, Prediction, calibration_report

    rng = np.random.default_rng(11)
    preds = []
    for kind, n in (("title", ISOTONIC_MIN + 200), ("resume", 150)):
        raw = rng.uniform(0.2, 1.0, n)
        right = rng.uniform(0.0, 1.0, n) < raw**2
        for i, (p, r) in enumerate(zip(raw, right, strict=True)):
            gold = frozenset(["11111"] if r else ["22222"])
            preds.append(Prediction("set", "en", kind, f"{kind}-{i}", ("11111",), float(p), gold))
    report, maps = calibration_report(preds)
    assert report["title"]["method"] == "isotonic" and report["resume"]["method"] == "logistic"
    assert len(maps["resume"].xs) >= 41  # the logistic curve stored as knots
    for kind in ("title", "resume"):
        assert report[kind]["ece_raw"] > 0.1  # the raw scores are over-confident
        assert report[kind]["ece_calibrated"] < report[kind]["ece_raw"] / 2
        assert 0.0 < report[kind]["ece_noise_floor"] < 0.1
        assert sum(row["n"] for row in report[kind]["reliability_calibrated"]) == report[kind]["n"]
