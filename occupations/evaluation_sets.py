"""Evaluation sets the classifier never trains on (except where a fold says so).

* O*NET titles (English titles written outside StatCan), each with every NOC code the BC crosswalk maps it to;
* documents written for this project in FR/ES/EN (``data/eval/documents.jsonl``: vacancies with a title and a
  description, résumés with a headline and an experience section), each with its acceptable codes;
* real English résumés (``../shared/data/samples/resumes_it_en.csv``, not shipped with the product: read from
  the reference folder when it exists) with acceptable codes labelled by hand in
  ``data/eval/resume_labels_it_en.csv``.
"""

from __future__ import annotations

import csv
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from occupations._data import data_path
from occupations.taxonomy import Taxonomy


def _shared_data() -> Path:
    """The reference folder: ``$PASSERELLE_SHARED_DATA``, else ``shared/data`` beside the checkout or one level up."""
    if os.environ.get("PASSERELLE_SHARED_DATA"):
        return Path(os.environ["PASSERELLE_SHARED_DATA"])
    repo = Path(__file__).resolve().parents[1]
    for base in (repo.parent, repo.parent.parent):
        if (base / "shared" / "data").is_dir():
            return base / "shared" / "data"
    return repo.parent / "shared" / "data"


SHARED_DATA = _shared_data()
ONET_FILE = SHARED_DATA / "noc2021" / "onet_to_noc2021.csv"
RESUMES_FILE = SHARED_DATA / "samples" / "resumes_it_en.csv"
DOCUMENTS_FILE = "eval/documents.jsonl"
RESUME_LABELS_FILE = "eval/resume_labels_it_en.csv"


@dataclass(frozen=True)
class LabelledDocument:
    """A document with the codes a careful coder would accept (any of them counts as right)."""

    id: str
    kind: str
    text: str
    lang: str
    acceptable: frozenset[str]
    title: str | None = None
    source: str = "written"


def onet_titles(taxonomy: Taxonomy, path: Path = ONET_FILE) -> list[tuple[str, frozenset[str]]]:
    """Distinct O*NET occupation titles with every NOC 2021 code they map to (empty when the file is absent)."""
    if not path.is_file():
        return []
    codes: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as fin:
        for row in csv.DictReader(fin):
            title = row["onet_plus_title"].split(":", 1)[-1].strip()
            code = row["noc_2021"].strip().zfill(5)
            if title and code in taxonomy:
                codes[title].add(code)
    return [(title, frozenset(found)) for title, found in codes.items()]


def written_documents(name: str = DOCUMENTS_FILE) -> list[LabelledDocument]:
    """The FR/ES/EN vacancies and résumés written for the evaluation (``name``: another such file of the
    package data, e.g. the held-out documents of ``benchmarks/occupations_heldout_docs.py``)."""
    out = []
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(
                LabelledDocument(
                    row["id"], row["kind"], row["text"], row["lang"], frozenset(row["acceptable"]), row.get("title")
                )
            )
    return out


def real_resumes(path: Path = RESUMES_FILE) -> list[LabelledDocument]:
    """The real English IT résumés with their hand-labelled acceptable codes (empty without the reference folder)."""
    if not path.is_file():
        return []
    labels = {}
    with data_path(RESUME_LABELS_FILE).open(encoding="utf-8", newline="") as fin:
        for row in csv.DictReader(fin):
            labels[row["id"]] = frozenset(row["acceptable"].split())
    out = []
    with path.open(encoding="utf-8", newline="") as fin:
        for row in csv.DictReader(fin):
            if row["id"] in labels:
                out.append(LabelledDocument(row["id"], "resume", row["text"], "en", labels[row["id"]], source="real"))
    return out
