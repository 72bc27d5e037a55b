"""Cross-validated accuracy of the classifier, per language, and a best-effort Spanish check.

Titles are de-duplicated after normalisation and folds are grouped by normalised title, so no test title has
a twin in its training folds. Each fold trains on the other folds plus the official unit-group titles.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from occupations._data import read_rows
from occupations._language import guess_language
from occupations._text import normalise
from occupations.classifier import TitleClassifier, default_encoder
from occupations.config import ClassifierConfig
from occupations.model import TitleModel
from occupations.taxonomy import load_taxonomy
from occupations.training import LabelledTitles, duty_texts, example_titles, fit_model, official_titles

SPANISH_TITLES_FILE = "spanish_titles.csv"
Progress = Callable[[str], None]


@dataclass
class Accuracy:
    """Top-1 and top-5 hits over ``n`` test titles."""

    n: int = 0
    top1: int = 0
    top5: int = 0

    def add(self, gold: str, ranked: Sequence[str]) -> None:
        """Count one test title given its gold code and the ranked predictions."""
        self.n += 1
        self.top1 += int(bool(ranked) and ranked[0] == gold)
        self.top5 += int(gold in ranked[:5])

    def rates(self) -> dict[str, float]:
        """``{"n", "top1", "top5"}`` with rates in [0, 1]."""
        n = max(self.n, 1)
        return {"n": float(self.n), "top1": self.top1 / n, "top5": self.top5 / n}


@dataclass
class Report:
    """Accuracy per language over all folds, and per fold; wall-clock seconds per fold fit."""

    per_language: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    guessed_language: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    per_fold: list[dict[str, dict[str, float]]] = field(default_factory=list)
    fit_seconds: list[float] = field(default_factory=list)

    def summary(self, *, guessed: bool = False) -> dict[str, dict[str, float]]:
        """Rates per language, plus ``"all"``; with ``guessed``, when the language was not declared."""
        table = self.guessed_language if guessed else self.per_language
        out = {lang: acc.rates() for lang, acc in sorted(table.items())}
        total = Accuracy()
        for acc in table.values():
            total.n, total.top1, total.top5 = total.n + acc.n, total.top1 + acc.top1, total.top5 + acc.top5
        out["all"] = total.rates()
        return out


def fold_ids(titles: LabelledTitles, folds: int) -> np.ndarray:
    """Fold number of each title, grouping by normalised title (round-robin over groups in file order)."""
    groups: dict[str, int] = {}
    for text in titles.texts:
        groups.setdefault(normalise(text), len(groups))
    return np.array([groups[normalise(t)] % folds for t in titles.texts], dtype=np.int64)


def _embed_lookup(texts: Sequence[str]) -> Callable[[Sequence[str]], np.ndarray]:
    encoder = default_encoder()
    unique = list(dict.fromkeys(texts))
    table = {}
    for start in range(0, len(unique), 1024):
        chunk = unique[start : start + 1024]
        for text, row in zip(chunk, encoder.encode_documents(chunk), strict=True):
            table[text] = row

    def lookup(batch: Sequence[str]) -> np.ndarray:
        return np.vstack([table[t] for t in batch]).astype(np.float32)

    return lookup


def _score_fold(
    model: TitleModel,
    test: LabelledTitles,
    lookup: Callable[[Sequence[str]], np.ndarray] | None,
    languages: Sequence[str],
) -> list[list[str]]:
    docs = [normalise(t) for t in test.texts]
    vectors = lookup(test.texts) if lookup is not None and model.uses_embedding else None
    combined = model.scores(docs, vectors, languages).combined
    top = np.argsort(-combined, axis=1, kind="stable")[:, :5]
    return [[str(model.classes[c]) for c in row] for row in top]


def cross_validate(config: ClassifierConfig, *, folds: int = 5, progress: Progress | None = None) -> Report:
    """k-fold cross-validation over the example titles, reporting top-1/top-5 per language.

    Args:
        config: the classifier configuration evaluated (``model_dir`` is not used).
        folds: number of folds (>= 2).
        progress: called with a line of text after each step.

    Returns:
        The report.
    """
    taxonomy = load_taxonomy()
    titles, official = example_titles(), official_titles(taxonomy)
    extra = duty_texts(taxonomy) if config.include_duties else None
    lookup = _embed_lookup(titles.texts + official.texts) if config.use_embedding else None
    assignment = fold_ids(titles, folds)
    report = Report()
    for fold in range(folds):
        started = time.perf_counter()
        train = titles.subset(np.flatnonzero(assignment != fold)) + official
        test = titles.subset(np.flatnonzero(assignment == fold))
        model = fit_model(train, config, encode=lookup, extra=extra)
        report.fit_seconds.append(time.perf_counter() - started)
        fold_acc: dict[str, Accuracy] = defaultdict(Accuracy)
        ranked_all = _score_fold(model, test, lookup, test.languages)
        for gold, lang, ranked in zip(test.codes, test.languages, ranked_all, strict=True):
            report.per_language[lang].add(gold, ranked)
            fold_acc[lang].add(gold, ranked)
        guessed = [guess_language(t, normalise(t), model.vocabulary) for t in test.texts]
        for gold, lang, ranked in zip(
            test.codes, test.languages, _score_fold(model, test, lookup, guessed), strict=True
        ):
            report.guessed_language[lang].add(gold, ranked)
        report.per_fold.append({lang: acc.rates() for lang, acc in sorted(fold_acc.items())})
        if progress is not None:
            progress(f"fold {fold + 1}/{folds}: {report.per_fold[-1]} ({report.fit_seconds[-1]:.0f} s)")
    return report


def spanish_titles() -> LabelledTitles:
    """The small hand-written Spanish evaluation set (``data/spanish_titles.csv``)."""
    rows = list(read_rows(SPANISH_TITLES_FILE))
    return LabelledTitles([r["title"] for r in rows], [r["code"] for r in rows], ["es"] * len(rows))


def evaluate_titles(classifier: TitleClassifier, titles: LabelledTitles, *, language: str | None) -> dict[str, float]:
    """Top-1/top-5 of a trained classifier on labelled titles.

    Args:
        classifier: the trained classifier.
        titles: the test titles.
        language: the language declared to the classifier (None: not declared).

    Returns:
        ``{"n", "top1", "top5"}``.
    """
    acc = Accuracy()
    predictions = classifier.classify_many(titles.texts, k=5, languages=[language] * len(titles))
    for gold, ranked in zip(titles.codes, predictions, strict=True):
        acc.add(gold, [c.code for c in ranked])
    return acc.rates()
