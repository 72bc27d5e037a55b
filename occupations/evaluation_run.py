"""The whole evaluation behind the README's figures (``passerelle occupations evaluate``).

For each of the first ``max_folds`` of ``folds`` folds over StatCan's example titles (grouped by normalised
title, so no test title has a twin in training), a model is trained on the other folds + the official titles +
ESCO's *training* occupations + the Latin-American, Québec and English job-board training lists, then measured,
per language, on:

* ``statcan``: the fold's test titles (EN/FR);
* ``esco``: the held-out ESCO occupations' titles (ES/FR; right = a code of the title's strongest mapping);
* ``latam``: the separate Latin-American test list (ES);
* ``quebec``: the separate Québec French test list (FR);
* ``usage``: the separate English job-board test list (EN);
* ``onet``: O*NET titles (EN; right = any code the crosswalk maps the title to);
* ``documents``: the written FR/ES/EN vacancies and résumés, and the real English résumés (language not
  declared: guessed, as for an upload).

Calibration is cross-fitted: the held-out predictions are split in five parts (by text); each part is
calibrated by a map fitted on the other four and the expected calibration error (ECE) is measured on the
result. Titles get an isotonic map; documents (a few hundred) a two-parameter logistic one.
The maps fitted on all predictions can be written to ``data/calibration.json``.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from occupations._text import normalise
from occupations.calibration import Calibrator, ece_noise_floor, expected_calibration_error, reliability_table
from occupations.classifier import TitleClassifier, default_encoder, load_model, save_model
from occupations.config import ClassifierConfig
from occupations.corpus import (
    best_codes,
    esco_titles,
    latam_test_titles,
    quebec_test_titles,
    supplementary_titles,
    usage_test_titles_en,
)
from occupations.documents import DocumentInput, classify_documents
from occupations.evaluation import CACHE_DIR, embed_lookup, fold_ids
from occupations.evaluation_sets import LabelledDocument, onet_titles, real_resumes, written_documents
from occupations.model import TitleModel
from occupations.taxonomy import load_taxonomy
from occupations.training import LabelledTitles, example_titles, fit_model, official_titles

Progress = Callable[[str], None]
Lookup = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Prediction:
    """One held-out prediction: which set, language and kind, the ranked codes, raw top-1 probability, right codes."""

    dataset: str
    lang: str
    kind: str
    key: str
    ranked: tuple[str, ...]
    raw_top1: float
    gold: frozenset[str]

    @property
    def hit(self) -> bool:
        """Whether the top-1 is an acceptable code."""
        return bool(self.ranked) and self.ranked[0] in self.gold


@dataclass(frozen=True)
class TitleSet:
    """Titles to score, their declared languages and their acceptable codes."""

    name: str
    texts: list[str]
    langs: list[str]
    gold: list[frozenset[str]]


def _title_sets(test_fold: LabelledTitles) -> list[TitleSet]:
    esco, esco_gold = best_codes(esco_titles(part="test"))
    latam, quebec, usage = latam_test_titles(), quebec_test_titles(), usage_test_titles_en()
    onet = onet_titles(load_taxonomy())
    return [
        TitleSet("statcan", test_fold.texts, test_fold.languages, [frozenset([c]) for c in test_fold.codes]),
        TitleSet("esco", esco.texts, esco.languages, esco_gold),
        TitleSet("latam", latam.texts, latam.languages, [frozenset([c]) for c in latam.codes]),
        TitleSet("quebec", quebec.texts, quebec.languages, [frozenset([c]) for c in quebec.codes]),
        TitleSet("usage", usage.texts, usage.languages, [frozenset([c]) for c in usage.codes]),
        TitleSet("onet", [t for t, _ in onet], ["en"] * len(onet), [g for _, g in onet]),
    ]


def lookup_texts(statcan: LabelledTitles, official: LabelledTitles, supplementary: LabelledTitles) -> list[str]:
    """Every title the evaluation embeds, in order: the training titles and those of the title sets. The cached
    embedding matrix is keyed on this list, so the dev-split benchmarks build it here too and reuse it."""
    probe = _title_sets(statcan.subset([]))
    return statcan.texts + official.texts + supplementary.texts + [t for s in probe for t in s.texts]


def _score_titles(model: TitleModel, titles: TitleSet, lookup: Lookup) -> list[Prediction]:
    docs = [normalise(t) for t in titles.texts]
    probs = model.confidences(model.scores(docs, lookup(titles.texts), titles.langs).combined)
    top = np.argsort(-probs, axis=1, kind="stable")[:, :5]
    return [
        Prediction(titles.name, lang, "title", text, tuple(str(model.classes[c]) for c in row), float(p[row[0]]), gold)
        for text, lang, gold, row, p in zip(titles.texts, titles.langs, titles.gold, top, probs, strict=True)
    ]


def _score_documents(classifier: TitleClassifier, docs: Sequence[LabelledDocument]) -> list[Prediction]:
    inputs = [DocumentInput(d.kind, d.text, d.title, None) for d in docs]
    out = []
    for doc, result in zip(docs, classify_documents(classifier, inputs, k=5), strict=True):
        ranked = tuple(c.code for c in result.codes)
        raw = result.codes[0].confidence if result.codes else 0.0
        out.append(Prediction(f"documents-{doc.source}", doc.lang, doc.kind, doc.id, ranked, raw, doc.acceptable))
    return out


def _rates(preds: Sequence[Prediction]) -> dict[str, float]:
    n = max(len(preds), 1)
    return {
        "n": float(len(preds)),
        "top1": sum(p.hit for p in preds) / n,
        "top3": sum(any(c in p.gold for c in p.ranked[:3]) for p in preds) / n,
        "top5": sum(any(c in p.gold for c in p.ranked[:5]) for p in preds) / n,
    }


def accuracy_table(preds: Sequence[Prediction]) -> dict[str, dict[str, dict[str, float]]]:
    """Rates per dataset, then per language (plus "all")."""
    groups: dict[str, dict[str, list[Prediction]]] = defaultdict(lambda: defaultdict(list))
    for p in preds:
        groups[p.dataset][p.lang].append(p)
        groups[p.dataset]["all"].append(p)
    return {name: {lang: _rates(ps) for lang, ps in sorted(by.items())} for name, by in sorted(groups.items())}


CROSS_FIT_PARTS = 5
# Kinds with fewer held-out predictions than this get a two-parameter logistic map instead of an isotonic one.
ISOTONIC_MIN = 1000


def _part(key: str, parts: int = CROSS_FIT_PARTS) -> int:
    return int.from_bytes(hashlib.sha1(key.encode()).digest()[:4], "big") % parts


def fit_calibrator(raw: Sequence[float], hits: Sequence[bool]) -> Calibrator:
    """Isotonic on large samples (titles); logistic (Platt) on the few hundred documents (see ISOTONIC_MIN)."""
    return Calibrator.fit(raw, hits) if len(raw) >= ISOTONIC_MIN else Calibrator.fit_logistic(raw, hits)


def _cross_fitted(ps: Sequence[Prediction], fit: Callable[[Sequence[float], Sequence[bool]], Calibrator]) -> np.ndarray:
    """Each prediction calibrated by a map fitted on the other parts (split by text, never by its own row)."""
    out = np.zeros(len(ps))
    for part in range(CROSS_FIT_PARTS):
        train = [p for p in ps if _part(p.key) != part]
        rows = [i for i, p in enumerate(ps) if _part(p.key) == part]
        if rows:
            cal = fit([p.raw_top1 for p in train], [p.hit for p in train])
            out[rows] = cal(np.array([ps[i].raw_top1 for i in rows]))
    return out


def calibration_report(preds: Sequence[Prediction]) -> tuple[dict[str, Any], dict[str, Calibrator]]:
    """Cross-fitted ECE (raw and calibrated) and reliability table per kind; the maps fitted on everything.

    The maps are :func:`fit_calibrator`'s; each kind also reports the cross-fitted ECE of the other method
    (isotonic for documents, logistic for titles) and the ECE a perfectly calibrated predictor would show on
    that many predictions (``ece_noise_floor``).
    """
    report: dict[str, Any] = {}
    maps: dict[str, Calibrator] = {}
    review_below = ClassifierConfig().review_below
    for kind in ("title", "vacancy", "resume"):
        ps = [p for p in preds if p.kind == kind]
        if not ps:
            continue
        calibrated = _cross_fitted(ps, fit_calibrator)
        isotonic = len(ps) >= ISOTONIC_MIN
        other = _cross_fitted(ps, Calibrator.fit_logistic if isotonic else Calibrator.fit)
        hits = [p.hit for p in ps]
        kept = calibrated >= review_below
        report[kind] = {
            "n": len(ps),
            "method": "isotonic" if isotonic else "logistic",
            "ece_raw": expected_calibration_error([p.raw_top1 for p in ps], hits),
            "ece_calibrated": expected_calibration_error(list(calibrated), hits),
            "ece_other_method": expected_calibration_error(list(other), hits),
            "ece_noise_floor": ece_noise_floor(calibrated),
            "reliability_calibrated": reliability_table(list(calibrated), hits),
            "needs_review_share": float(np.mean(~kept)),
            "accuracy_when_not_flagged": float(np.mean(np.asarray(hits)[kept])) if kept.any() else 0.0,
        }
        maps[kind] = fit_calibrator([p.raw_top1 for p in ps], hits)
    return report, maps


FIT_FIELDS = (
    "use_embedding",
    "svm_c",
    "include_duties",
    "hub_correction",
    "hub_neighbours",
    "cosine_power",
    "mlp_hidden",
    "mlp_epochs",
    "mlp_weight",
)


def fold_model_path(cache_dir: Path, config: ClassifierConfig, train: LabelledTitles) -> Path:
    """Where a fold's fitted model is cached: keyed by the settings that change the fit and by its training rows.

    Settings read only at scoring time (weights, temperature, ``embed_body``) are not in the key, so a re-run
    after changing them, or after adding evaluation documents, reuses the fit. The source of the fitting code
    (``training.py``, ``model.py``) is in the key, so editing it refits.
    """
    digest = hashlib.sha1(repr([getattr(config, f) for f in FIT_FIELDS]).encode())
    for module in ("training.py", "model.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    for text, code, lang, weight in zip(train.texts, train.codes, train.languages, train.row_weights(), strict=True):
        digest.update(f"{text}\t{code}\t{lang}\t{weight:.6f}\n".encode())
    return cache_dir / f"fold-model-{digest.hexdigest()[:16]}.joblib"


def _fit_or_load(
    train: LabelledTitles, config: ClassifierConfig, lookup: Lookup, cache_dir: Path | None
) -> tuple[TitleModel, bool]:
    path = fold_model_path(cache_dir, config, train) if cache_dir is not None else None
    if path is not None:
        cached = load_model(path)
        if cached is not None:
            return cached, True
    model = fit_model(train, config, encode=lookup)
    if path is not None:
        save_model(model, path)
    return model, False


def evaluate(
    config: ClassifierConfig,
    *,
    folds: int = 5,
    max_folds: int | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = CACHE_DIR,
) -> tuple[dict[str, Any], dict[str, Calibrator]]:
    """Run the evaluation; returns the JSON-ready figures and the calibration maps fitted on all predictions.

    Each fold's fitted model is cached under ``cache_dir`` (None: no cache); ``fit_seconds`` is then the time
    of the fit that made it, reported as ``cached_folds``.
    """
    say = progress or (lambda _line: None)
    taxonomy = load_taxonomy()
    statcan, official = example_titles(), official_titles(taxonomy)
    supplementary = supplementary_titles(esco_part="train")
    documents = written_documents() + real_resumes()
    every_text = lookup_texts(statcan, official, supplementary)
    started = time.perf_counter()
    lookup = embed_lookup(every_text)
    say(f"{len(set(every_text))} titles embedded in {time.perf_counter() - started:.0f} s")
    encoder = default_encoder() if config.use_embedding else None
    assignment = fold_ids(statcan, folds)
    preds: list[Prediction] = []
    fit_seconds, cached_folds = [], []
    for fold in range(max_folds or folds):
        started = time.perf_counter()
        train = statcan.subset(np.flatnonzero(assignment != fold)) + official + supplementary
        model, cached = _fit_or_load(train, config, lookup, cache_dir)
        fit_seconds.append(time.perf_counter() - started)
        if cached:
            cached_folds.append(fold)
        test = statcan.subset(np.flatnonzero(assignment == fold))
        fold_preds = [p for s in _title_sets(test) for p in _score_titles(model, s, lookup)]
        identity = {kind: Calibrator() for kind in ("title", "vacancy", "resume")}
        fold_preds += _score_documents(TitleClassifier(model, config, encoder, identity), documents)
        preds += fold_preds
        how = "loaded from the cache" if cached else "fitted"
        say(f"fold {fold + 1}: {how} in {fit_seconds[-1]:.0f} s; {accuracy_table(fold_preds)['statcan']}")
    calibration, maps = calibration_report(preds)
    result = {
        "folds": folds,
        "folds_run": max_folds or folds,
        "fit_seconds": [round(s, 1) for s in fit_seconds],
        "cached_folds": cached_folds,
        "accuracy": accuracy_table(preds),
        "calibration": calibration,
    }
    return result, maps
