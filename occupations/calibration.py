"""Calibrated confidences: a confidence c should be right about c of the time.

The model's softmax is turned into a confidence by an isotonic map of the top-1 probability, fitted on
held-out predictions (the cross-validation folds of :mod:`occupations.evaluation`), one map per kind of input
("title", "vacancy", "resume"). The maps are a few dozen knots stored in ``data/calibration.json`` (written by
``passerelle occupations evaluate --write-calibration``); without the file confidences are the raw softmax.

Invariant of :func:`calibrate_ranked` (tested with Hypothesis): every confidence is in [0, 1], the list keeps
its order (non-increasing) and sums to at most 1.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from occupations._data import data_path

CALIBRATION_FILE = "calibration.json"
KINDS = ("title", "vacancy", "resume")
Values = Sequence[float] | np.ndarray[Any, Any]
Flags = Sequence[bool] | np.ndarray[Any, Any]


@dataclass(frozen=True)
class Calibrator:
    """Non-decreasing piecewise-linear map from a raw top-1 probability to the probability of being right."""

    xs: tuple[float, ...] = (0.0, 1.0)
    ys: tuple[float, ...] = (0.0, 1.0)

    def __call__(self, raw: np.ndarray | float) -> np.ndarray:
        """Calibrated values of raw probabilities (clipped to the fitted range)."""
        return np.clip(np.interp(np.asarray(raw, dtype=np.float64), self.xs, self.ys), 0.0, 1.0)

    @classmethod
    def fit(cls, raw: Values, correct: Flags) -> Calibrator:
        """Isotonic regression of "top-1 is right" on the raw top-1 probability.

        Args:
            raw: raw top-1 probabilities of held-out predictions.
            correct: whether each top-1 was right.

        Returns:
            The fitted map (identity when there is nothing to fit).
        """
        from sklearn.isotonic import IsotonicRegression

        if len(raw) < 2:
            return cls()
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        iso.fit(np.asarray(raw, dtype=np.float64), np.asarray(correct, dtype=np.float64))
        xs, ys = iso.X_thresholds_, iso.y_thresholds_
        return cls(tuple(round(float(x), 6) for x in xs), tuple(round(float(y), 6) for y in ys))

    @classmethod
    def fit_logistic(cls, raw: Values, correct: Flags, knots: int = 41) -> Calibrator:
        """Platt scaling: P(right) = sigmoid(a * logit(raw) + b), two parameters, for small samples.

        An isotonic map has as many steps as the data allows: fitted on a hundred documents it follows their
        noise. The logistic map is smooth and monotone (``a`` is kept >= 0); it is stored as ``knots`` points
        of the same piecewise-linear form (denser near 0 and 1, where raw document probabilities gather).

        Args:
            raw: raw top-1 probabilities of held-out predictions.
            correct: whether each top-1 was right.
            knots: points of the stored map.

        Returns:
            The fitted map (identity when both outcomes are not present).
        """
        x = _logit(np.asarray(raw, dtype=np.float64))
        y = np.asarray(correct, dtype=np.float64)
        if len(x) < 2 or y.min() == y.max():
            return cls()
        a, b = _fit_platt(x, y)
        grid = np.unique(np.concatenate([[0.0, 1.0], 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, knots))]))
        ys = 1.0 / (1.0 + np.exp(-(a * _logit(grid) + b)))
        return cls(tuple(round(float(v), 6) for v in grid), tuple(round(float(v), 6) for v in ys))

    def to_dict(self) -> dict[str, list[float]]:
        """JSON-ready knots."""
        return {"xs": list(self.xs), "ys": list(self.ys)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibrator:
        """The map stored by :meth:`to_dict`."""
        return cls(tuple(float(x) for x in data["xs"]), tuple(float(y) for y in data["ys"]))


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-4, 1.0 - 1e-4)
    return np.asarray(np.log(q / (1.0 - q)))


def _fit_platt(x: np.ndarray, y: np.ndarray, steps: int = 100) -> tuple[float, float]:
    """Slope (>= 0) and intercept of a logistic regression of ``y`` on ``x`` (Newton steps, a tiny ridge)."""
    a, b = 1.0, 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(a * x + b)))
        w = np.maximum(p * (1.0 - p), 1e-9)
        grad = np.array([np.sum((p - y) * x) + 1e-3 * a, np.sum(p - y)])
        hess = np.array([[np.sum(w * x * x) + 1e-3, np.sum(w * x)], [np.sum(w * x), np.sum(w) + 1e-9]])
        step = np.linalg.solve(hess, grad)
        a, b = max(a - float(step[0]), 0.0), b - float(step[1])
        if np.abs(step).max() < 1e-8:
            break
    return a, b


def calibrate_ranked(raw: Sequence[float], calibrator: Calibrator) -> list[float]:
    """Calibrated confidences of a ranked list of raw probabilities (best first).

    The top-1 gets ``calibrator(raw[0])``; the others are scaled by the same ratio, capped so that the list
    sums to at most 1. A list that starts at 0 stays at 0.

    Args:
        raw: raw probabilities, non-increasing, each in [0, 1].
        calibrator: the map of the input's kind.

    Returns:
        Confidences in [0, 1], non-increasing, summing to at most 1.
    """
    if not raw or raw[0] <= 0.0:
        return [0.0 for _ in raw]
    top = float(calibrator(raw[0]))
    ratio = min(top / raw[0], 1.0 / max(sum(raw), 1e-12))
    return [min(1.0, max(0.0, p * ratio)) for p in raw]


def expected_calibration_error(confidence: Values, correct: Flags, bins: int = 10) -> float:
    """ECE: the bin-size-weighted mean gap between mean confidence and accuracy over equal-width bins."""
    table = reliability_table(confidence, correct, bins)
    total = sum(row["n"] for row in table)
    if total == 0:
        return 0.0
    return float(sum(row["n"] * abs(row["accuracy"] - row["mean_confidence"]) for row in table) / total)


def ece_noise_floor(confidence: Values, bins: int = 10, draws: int = 200, seed: int = 0) -> float:
    """Mean ECE of a perfectly calibrated predictor with these confidences (outcomes drawn at each confidence).

    On a hundred predictions the ECE of exact probabilities is already several points: this tells how much
    of a measured ECE the sample size alone explains.
    """
    conf = np.asarray(confidence, dtype=np.float64)
    if not len(conf):
        return 0.0
    rng = np.random.default_rng(seed)
    return float(np.mean([expected_calibration_error(conf, rng.random(len(conf)) < conf, bins) for _ in range(draws)]))


def reliability_table(confidence: Values, correct: Flags, bins: int = 10) -> list[dict[str, float]]:
    """Per confidence bin [lo, hi): count, mean confidence and accuracy (empty bins left out; 1.0 in the last bin)."""
    conf = np.asarray(confidence, dtype=np.float64)
    hit = np.asarray(correct, dtype=np.float64)
    which = np.minimum((conf * bins).astype(np.int64), bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            rows.append(
                {
                    "lo": b / bins,
                    "hi": (b + 1) / bins,
                    "n": float(mask.sum()),
                    "mean_confidence": float(conf[mask].mean()),
                    "accuracy": float(hit[mask].mean()),
                }
            )
    return rows


@cache
def _stored(path: Path) -> dict[str, Calibrator]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {kind: Calibrator.from_dict(data[kind]) for kind in KINDS if kind in data}


def load_calibrators(path: Path | None = None) -> dict[str, Calibrator]:
    """The stored maps per kind (an identity map for a kind missing from the file, or without a file)."""
    stored = _stored(path or data_path(CALIBRATION_FILE))
    return {kind: stored.get(kind, Calibrator()) for kind in KINDS}


def save_calibrators(calibrators: dict[str, Calibrator], path: Path, provenance: str) -> None:
    """Write the maps (and how they were made) as JSON."""
    data: dict[str, Any] = {"provenance": provenance}
    data.update({kind: cal.to_dict() for kind, cal in calibrators.items()})
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    _stored.cache_clear()
