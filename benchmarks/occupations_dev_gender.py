"""French titles embedded in one grammatical gender, on the dev split that never touches the reported fold.

86 % of StatCan's French titles give both genders ("Apprenti mécanicien/apprentie mécanicienne de machines fixes");
their English translations give one. This measures whether embedding the masculine form only ("Apprenti mécanicien de
machines fixes"), for the French known titles and the French titles classified, brings a French title nearer its
translation. Same split as :mod:`benchmarks.occupations_dev_titles` (train on folds 2–4, measure fold 1); the SVM and
the network are the cached ones, only the nearest-title tables change. Usage::

    python -m benchmarks.occupations_dev_gender --out benchmarks/results/occupations-dev-gender.json
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.occupations_dev_network import network_scores
from benchmarks.occupations_dev_titles import (
    OTHER_WEIGHT,
    SAME_WEIGHT,
    _digest,
    dev_split,
    embedding_term,
    nearest_cosines,
    rates,
    variant_scores,
)
from occupations._text import normalise
from occupations.evaluation import CACHE_DIR

_BOTH_GENDERS = re.compile(r"\s*/\s*")
_FEMININE_ENDING = re.compile(r"(?<=\w)\((?:e|ne|le|se|te|ère|ere|euse|rice|trice|esse)\)", re.IGNORECASE)


def one_gender(text: str) -> str:
    """A French title in the first of the two genders it gives, as English titles are written.

    "Apprenti mécanicien/apprentie mécanicienne de machines fixes" -> "Apprenti mécanicien de machines fixes",
    "Assommeur-pendeur/assommeuse-pendeuse - viande" -> "Assommeur-pendeur - viande", "Soudeur(euse)" -> "Soudeur".
    The words after a slash are the other gender when the first of them starts as one of the words before it does
    (three letters, accents folded); that many words are dropped. Any other slash ("Commis/caissier") is kept.
    """
    text = _FEMININE_ENDING.sub("", text)
    for _ in range(3):
        parts = _BOTH_GENDERS.split(text, maxsplit=1)
        if len(parts) < 2 or not parts[0].split() or not parts[1].split():
            return text
        before, after = parts[0].split(), parts[1].split()
        stem = normalise(after[0])[:3]
        count = next(
            (n for n in range(len(before), 0, -1) if len(stem) == 3 and normalise(before[-n]).startswith(stem)), 0
        )
        if count == 0 or count > len(after):
            return text
        text = " ".join(before + after[count:])
    return text


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    split = dev_split()
    base = variant_scores("base", split, CACHE_DIR)["margins"] + 0.05 * network_scores(split)
    result: dict[str, Any] = {"dev_fold": 1, "n": len(split.gold), "key": _digest(split.key, "gender")}
    for name, near in (
        ("both genders", nearest_cosines(split, CACHE_DIR, 0.5)),
        ("one gender", nearest_cosines(split, CACHE_DIR, 0.5, french=one_gender, tag="gender")),
    ):
        result[name] = rates(split, base + embedding_term(split, near, SAME_WEIGHT, OTHER_WEIGHT, 2.0))
        result[name + ", nearest titles alone"] = rates(
            split, embedding_term(split, near, SAME_WEIGHT, OTHER_WEIGHT, 2.0)
        )
        print(json.dumps({name: result[name]}), flush=True)
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
