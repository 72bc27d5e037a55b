"""The whole evaluation behind the README's figures (``passerelle occupations evaluate``).

For each of the first ``max_folds`` of ``folds`` folds over StatCan's example titles (grouped by normalised
title, so no test title has a twin in training), a model is trained on the other folds + the official titles +
ESCO's *training* occupations + the Latin-American training list, then measured, per language, on:

* ``statcan``: the fold's test titles (EN/FR);
* ``esco``: the held-out ESCO occupations' titles (ES/FR; right = a code of the title's strongest mapping);
* ``latam``: the separate Latin-American test list (ES);
* ``onet``: O*NET titles (EN; right = any code the crosswalk maps the title to);
* ``documents``: the written FR/ES/EN vacancies and résumés, and the real English résumés (language not
  declared: guessed, as for an upload).

Calibration is cross-fitted: the held-out predictions are split in two halves (by text); each half is
calibrated by a map fitted on the other and the expected calibration error (ECE) is measured on the result.
The maps fitted on all predictions can be written to ``data/calibration.json``.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from occupations._text import normalise
from occupations.calibration import Calibrator, expected_calibration_error, reliability_table
from occupations.classifier import TitleClassifier, default_encoder
from occupations.config import ClassifierConfig
from occupations.corpus import best_codes, esco_titles, latam_test_titles, latam_titles
from occupations.documents import DocumentInput, classify_documents
from occupations.evaluation import embed_lookup, fold_ids
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
    latam = latam_test_titles()
    onet = onet_titles(load_taxonomy())
    return [
        TitleSet("statcan", test_fold.texts, test_fold.languages, [frozenset([c]) for c in test_fold.codes]),
        TitleSet("esco", esco.texts, esco.languages, esco_gold),
        TitleSet("latam", latam.texts, latam.languages, [frozenset([c]) for c in latam.codes]),
        TitleSet("onet", [t for t, _ in onet], ["en"] * len(onet), [g for _, g in onet]),
    ]


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


def _half(key: str) -> int:
    return hashlib.sha1(key.encode()).digest()[0] % 2


def calibration_report(preds: Sequence[Prediction]) -> tuple[dict[str, Any], dict[str, Calibrator]]:
    """Cross-fitted ECE (raw and calibrated) and reliability table per kind; the maps fitted on everything."""
    report: dict[str, Any] = {}
    maps: dict[str, Calibrator] = {}
    for kind in ("title", "vacancy", "resume"):
        ps = [p for p in preds if p.kind == kind]
        if not ps:
            continue
        calibrated = np.zeros(len(ps))
        for half in (0, 1):
            fit = [p for p in ps if _half(p.key) != half]
            rows = [i for i, p in enumerate(ps) if _half(p.key) == half]
            cal = Calibrator.fit([p.raw_top1 for p in fit], [p.hit for p in fit])
            calibrated[rows] = cal(np.array([ps[i].raw_top1 for i in rows]))
        hits = [p.hit for p in ps]
        report[kind] = {
            "n": len(ps),
            "ece_raw": expected_calibration_error([p.raw_top1 for p in ps], hits),
            "ece_calibrated": expected_calibration_error(list(calibrated), hits),
            "reliability_calibrated": reliability_table(list(calibrated), hits),
            "needs_review_share": float(np.mean(calibrated < ClassifierConfig().review_below)),
            "accuracy_when_not_flagged": float(
                np.mean([h for h, c in zip(hits, calibrated, strict=True) if c >= ClassifierConfig().review_below])
                if np.any(calibrated >= ClassifierConfig().review_below)
                else 0.0
            ),
        }
        maps[kind] = Calibrator.fit([p.raw_top1 for p in ps], hits)
    return report, maps


def evaluate(
    config: ClassifierConfig, *, folds: int = 5, max_folds: int | None = None, progress: Progress | None = None
) -> tuple[dict[str, Any], dict[str, Calibrator]]:
    """Run the evaluation; returns the JSON-ready figures and the calibration maps fitted on all predictions."""
    say = progress or (lambda _line: None)
    taxonomy = load_taxonomy()
    statcan, official = example_titles(), official_titles(taxonomy)
    spanish = esco_titles(part="train") + latam_titles()
    documents = written_documents() + real_resumes()
    probe = _title_sets(statcan.subset([]))
    every_text = statcan.texts + official.texts + spanish.texts + [t for s in probe for t in s.texts]
    started = time.perf_counter()
    lookup = embed_lookup(every_text)
    say(f"{len(set(every_text))} titles embedded in {time.perf_counter() - started:.0f} s")
    encoder = default_encoder() if config.use_embedding else None
    assignment = fold_ids(statcan, folds)
    preds: list[Prediction] = []
    fit_seconds = []
    for fold in range(max_folds or folds):
        started = time.perf_counter()
        train = statcan.subset(np.flatnonzero(assignment != fold)) + official + spanish
        model = fit_model(train, config, encode=lookup)
        fit_seconds.append(time.perf_counter() - started)
        test = statcan.subset(np.flatnonzero(assignment == fold))
        fold_preds = [p for s in _title_sets(test) for p in _score_titles(model, s, lookup)]
        identity = {kind: Calibrator() for kind in ("title", "vacancy", "resume")}
        fold_preds += _score_documents(TitleClassifier(model, config, encoder, identity), documents)
        preds += fold_preds
        say(f"fold {fold + 1}: fitted in {fit_seconds[-1]:.0f} s; {accuracy_table(fold_preds)['statcan']}")
    calibration, maps = calibration_report(preds)
    result = {
        "folds": folds,
        "folds_run": max_folds or folds,
        "fit_seconds": [round(s, 1) for s in fit_seconds],
        "accuracy": accuracy_table(preds),
        "calibration": calibration,
    }
    return result, maps
