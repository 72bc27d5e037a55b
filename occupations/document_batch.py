"""Code a JSON-lines file of vacancies and résumés (``passerelle classify-documents IN.jsonl --out OUT.csv``).

Each input line is ``{"id", "kind": "vacancy"|"resume", "text", "title"?, "lang"?}``; each output row is
``id, code_1..code_5, score_1..score_5, needs_review``, in input order, through the same
:func:`occupations.documents.classify_documents` as the API. A line that is not a JSON object, or has an unknown
kind, still gets a row (empty codes, ``needs_review=true``) and is reported, never a crash.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from occupations.classifier import TitleClassifier
from occupations.documents import DocumentCodes, DocumentInput, classify_documents

TOP_K = 5
COLUMNS = ["id", *(f"code_{i}" for i in range(1, TOP_K + 1)), *(f"score_{i}" for i in range(1, TOP_K + 1))]
COLUMNS.append("needs_review")
BATCH = 256
KINDS = ("vacancy", "resume")


@dataclass
class BatchReport:
    """Rows written and the problems found (line number, message)."""

    rows: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def parse_line(line: str, number: int) -> tuple[str, DocumentInput | None, str | None]:
    """``(id, document or None, problem or None)`` for one input line (1-based ``number``)."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"line:{number}", None, f"not JSON ({exc.msg})"
    if not isinstance(row, dict):
        return f"line:{number}", None, "not a JSON object"
    ident = _text(row.get("id")) or f"line:{number}"
    kind = _text(row.get("kind")).strip().lower()
    if kind not in KINDS:
        return ident, None, f"kind must be vacancy or resume, not {kind!r}"
    title = _text(row.get("title")) or None
    lang = _text(row.get("lang")).strip().lower()[:2] or None
    return ident, DocumentInput(kind, _text(row.get("text")), title, lang), None


def _lines(source: Path) -> Iterator[tuple[int, str]]:
    with source.open(encoding="utf-8-sig", errors="replace") as fin:
        for number, line in enumerate(fin, start=1):
            if line.strip():
                yield number, line


def _row(ident: str, result: DocumentCodes | None) -> list[str]:
    codes = result.codes if result is not None else []
    cells = [ident]
    cells += [codes[i].code if i < len(codes) else "" for i in range(TOP_K)]
    cells += [f"{codes[i].confidence:.4f}" if i < len(codes) else "" for i in range(TOP_K)]
    cells.append("true" if result is None or result.needs_review else "false")
    return cells


def classify_jsonl(source: Path, target: Path, classifier: TitleClassifier, *, batch: int = BATCH) -> BatchReport:
    """Code every line of ``source`` into ``target`` (UTF-8 CSV with a header row).

    Args:
        source: JSON-lines input.
        target: CSV output.
        classifier: the loaded classifier.
        batch: documents per model call.

    Returns:
        What was written and the lines that had problems.
    """
    report = BatchReport()
    pending: list[tuple[str, DocumentInput | None]] = []
    with target.open("w", encoding="utf-8", newline="") as fout:
        writer = csv.writer(fout)
        writer.writerow(COLUMNS)

        def flush() -> None:
            docs = [d for _, d in pending if d is not None]
            results = iter(classify_documents(classifier, docs, k=TOP_K)) if docs else iter([])
            for ident, doc in pending:
                writer.writerow(_row(ident, next(results) if doc is not None else None))
                report.rows += 1
            pending.clear()

        for number, line in _lines(source):
            ident, doc, problem = parse_line(line, number)
            if problem is not None:
                report.problems.append((number, problem))
            pending.append((ident, doc))
            if len(pending) >= batch:
                flush()
        flush()
    return report
