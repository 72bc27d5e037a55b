"""Document top-1 / top-3 of the shipped classifier on held-out documents that are in no training and no
evaluation fold (``occupations/data/eval/documents_heldout_h6.jsonl``: 72 FR/ES/EN vacancies and résumés written
on 2026-12-04 by a helper who saw neither the code nor the other documents).

Use it once per document-path change, before and after, then fold the file into ``documents.jsonl`` when it has
served: a set that changes are tuned on stops being held out (the 2026-12-03 set, h5, went that way on
2026-12-04). Usage::

    python -m benchmarks.occupations_heldout_docs --out benchmarks/results/occupations-heldout-h6.json
    python -m benchmarks.occupations_heldout_docs --file eval/documents_heldout_k1.jsonl \
        --out benchmarks/results/occupations-heldout-k1.json

``eval/documents_heldout_k1.jsonl``: 115 English résumés in 23 fields (5 each: every field of the public
livecareer résumé collection but information technology, whose real résumés the evaluation already has), written
on 2026-12-04 by a helper who saw neither the code nor the other sets, in that collection's flattened one-line
form ("SALES ASSOCIATE Summary … Skills … Experience Sales Associate 06/2015 to Current Company Name City ,
State …"), with 1–3 acceptable codes each. Numbers 1–3 of each field were looked at to find errors; 4–5 were not
(the result lists both halves).

``eval/documents_heldout_v7.jsonl``: 36 vacancies pasted without a title field (14 FR, 12 ES, 10 EN), written on
2026-12-08 by a helper who saw neither the code nor the other sets, as postings are published: 19 headed by the
employer or the place, 8 by a slogan, 9 by the job title. It measured the untitled-vacancy title choice twice (the
most confident line, then the line agreeing best with the body), so it is no longer a clean held-out set for it::

    python -m benchmarks.occupations_heldout_docs --file eval/documents_heldout_v7.jsonl \
        --out benchmarks/results/occupations-heldout-v7.json
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from occupations import load_classifier
from occupations.evaluation_run import Prediction, _score_documents
from occupations.evaluation_sets import written_documents

HELD_OUT_FILE = "eval/documents_heldout_h6.jsonl"


def rates(preds: Sequence[Prediction]) -> dict[str, Any]:
    """Top-1 and top-3 per (language, kind) and overall, with the wrong top-1s."""
    groups: dict[str, list[Prediction]] = defaultdict(list)
    for p in preds:
        groups[f"{p.lang} {p.kind}"].append(p)
        groups["all"].append(p)
    table = {
        name: {
            "n": len(ps),
            "top1": round(sum(p.hit for p in ps) / len(ps), 3),
            "top3": round(sum(any(c in p.gold for c in p.ranked[:3]) for p in ps) / len(ps), 3),
        }
        for name, ps in sorted(groups.items())
    }
    wrong = [f"{p.key}: {', '.join(p.ranked[:3])} (right: {', '.join(sorted(p.gold))})" for p in preds if not p.hit]
    for name, half in (("looked-at half (k1: 1-3)", "123"), ("unseen half (k1: 4-5)", "45")):
        chosen = [p for p in preds if p.key.startswith("k-") and p.key[-1] in half]
        if chosen:
            table[name] = {"n": len(chosen), "top1": round(sum(p.hit for p in chosen) / len(chosen), 3)}
    return {"rates": table, "wrong": wrong}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--file", default=HELD_OUT_FILE, help="a JSONL file of the package data (eval/...)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    classifier = load_classifier()
    result = {"file": args.file, "artefact": str(classifier.config.artefact_path)}
    result.update(rates(_score_documents(classifier, written_documents(args.file))))
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
