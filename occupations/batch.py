"""Classify a CSV file of job titles: every input row is written back, in order, with its top-5 codes."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from matching.errors import InvalidInputError
from matching.ports import OccupationClassifier
from occupations.classifier import TitleClassifier

TOP_K = 5
CODE_COLUMNS = tuple(f"code_{i}" for i in range(1, TOP_K + 1))
SCORE_COLUMNS = tuple(f"score_{i}" for i in range(1, TOP_K + 1))
_BATCH = 512


def _column(fields: Iterable[str], wanted: str) -> str | None:
    for name in fields:
        if name.strip().lower() == wanted:
            return name
    return None


def _batches(reader: Iterator[dict[str, str]], size: int) -> Iterator[list[dict[str, str]]]:
    batch: list[dict[str, str]] = []
    for row in reader:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _predict(
    classifier: OccupationClassifier, titles: list[str], langs: list[str | None]
) -> list[list[tuple[str, float]]]:
    if isinstance(classifier, TitleClassifier):
        ranked = classifier.classify_many(titles, k=TOP_K, languages=langs)
    else:
        ranked = [classifier.classify(t, k=TOP_K, language=lang) for t, lang in zip(titles, langs, strict=True)]
    return [[(c.code, c.confidence) for c in codes] for codes in ranked]


def check_header(source: Path) -> None:
    """Fail early, before a model is loaded, when ``source`` has no ``title`` column.

    Args:
        source: the input CSV file.

    Raises:
        InvalidInputError: no header or no ``title`` column.
    """
    with source.open(encoding="utf-8-sig", newline="") as fin:
        fields = next(csv.reader(fin), [])
    if _column(fields, "title") is None:
        found = ", ".join(fields) or "none"
        raise InvalidInputError(f"{source} has no 'title' column (columns found: {found})")


def classify_csv(source: Path, target: Path, classifier: OccupationClassifier) -> int:
    """Read ``source`` (a ``title`` column, optional ``lang``), write ``target`` with code_1..5 and score_1..5.

    Args:
        source: UTF-8 CSV with a header row holding ``title`` (case-insensitive); other columns are copied.
        target: where to write the result (UTF-8 CSV, same rows in the same order).
        classifier: the occupation classifier.

    Returns:
        Number of rows written.

    Raises:
        InvalidInputError: the file has no header or no ``title`` column.
    """
    with source.open(encoding="utf-8-sig", newline="") as fin:
        reader = csv.DictReader(fin)
        fields = list(reader.fieldnames or [])
        title_col = _column(fields, "title")
        if title_col is None:
            found = ", ".join(fields) or "none"
            raise InvalidInputError(f"{source} has no 'title' column (columns found: {found})")
        lang_col = _column(fields, "lang")
        out_fields = [f for f in fields if f not in CODE_COLUMNS + SCORE_COLUMNS]
        out_fields += [*CODE_COLUMNS, *SCORE_COLUMNS]
        count = 0
        with target.open("w", encoding="utf-8", newline="") as fout:
            writer = csv.DictWriter(fout, fieldnames=out_fields, extrasaction="ignore")
            writer.writeheader()
            for batch in _batches(iter(reader), _BATCH):
                titles = [row.get(title_col) or "" for row in batch]
                langs = [((row.get(lang_col) or "").strip().lower()[:2] or None) if lang_col else None for row in batch]
                for row, ranked in zip(batch, _predict(classifier, titles, langs), strict=True):
                    writer.writerow(_with_codes(row, ranked))
                    count += 1
    return count


def _with_codes(row: dict[str, str], ranked: list[tuple[str, float]]) -> dict[str, str]:
    out = {k: v for k, v in row.items() if k is not None}
    for i in range(TOP_K):
        code, score = ranked[i] if i < len(ranked) else ("", None)
        out[CODE_COLUMNS[i]] = code
        out[SCORE_COLUMNS[i]] = "" if score is None else f"{score:.4f}"
    return out
