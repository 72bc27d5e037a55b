"""``python -m embeddings.encoder_eval``: compare encoders on the FR/EN/ES set and on long résumés.

Prints, per backend, acc@1 and MRR for FR→EN, FR→ES, EN→FR and ES→FR (titles alone, and titles with their
description), long-résumé retrieval for three strategies (first window only, whole text, windows mean-pooled)
and the throughput in 200-word documents per second. ``--json PATH`` also writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path
from typing import Any, get_args

from embeddings.chunking import Pooling
from embeddings.encoder_eval import PAIRS, Field, Item, cross_lingual, load_items, rank_metrics, throughput
from embeddings.encoder_eval.long_resumes import long_pairs
from embeddings.factory import Backend, EmbedderConfig, build_embedder
from matching.ports import Embedder


def _embedder(backend: Backend, strategy: Pooling | None = None, model: Any | None = None) -> Embedder:
    """The backend with one long-text strategy (None: the backend's default, as deployed)."""
    cfg = EmbedderConfig(backend=backend, pooling=strategy or "auto")
    return build_embedder(cfg, model=model)


def evaluate_backend(backend: Backend, items: list[Item], with_throughput: bool) -> dict[str, Any]:
    """All the numbers for one backend.

    Args:
        backend: which encoder.
        items: the evaluation set.
        with_throughput: also time 200-word documents.

    Returns:
        A JSON-ready dict.
    """
    emb = _embedder(backend)
    out: dict[str, Any] = {"dim": emb.dim, "cross_lingual": {}, "long_resumes": {}}
    for field in get_args(Field):
        for src, dst in PAIRS:
            r = cross_lingual(emb, items, src, dst, field)
            out["cross_lingual"][f"{field}:{src}->{dst}"] = {"acc@1": r.acc_at_1, "mrr": r.mrr, "n": r.n}
    model = getattr(emb, "model", None)
    for strategy in get_args(Pooling):
        variant = _embedder(backend, strategy, model=model)
        for dst in ("en", "es"):
            queries, docs = long_pairs(items, dst)
            r = rank_metrics(variant.encode_queries(queries), variant.encode_documents(docs))
            out["long_resumes"][f"{strategy}:fr->{dst}"] = {"acc@1": r.acc_at_1, "mrr": r.mrr, "n": r.n}
    if with_throughput:
        out["docs_per_s_200_words"] = throughput(emb, items)
    return out


def _print(backend: str, res: dict[str, Any]) -> None:
    print(f"\n== {backend} (dim {res['dim']})")
    for section in ("cross_lingual", "long_resumes"):
        for key, r in res[section].items():
            print(f"  {section:13s} {key:22s} acc@1 {r['acc@1']:.3f}  MRR {r['mrr']:.3f}  (n={r['n']})")
    if "docs_per_s_200_words" in res:
        print(f"  throughput    {res['docs_per_s_200_words']:.1f} documents of 200 words per second")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run the evaluation, print (and optionally save) the results."""
    parser = argparse.ArgumentParser(prog="python -m embeddings.encoder_eval", description=__doc__)
    parser.add_argument("--backends", nargs="+", default=["usem", "minilm"], choices=get_args(Backend))
    parser.add_argument("--no-throughput", action="store_true", help="skip the timing")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    items = load_items()
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor(),
            "python": platform.python_version(),
            "load_average_1_5_15_min_at_start": list(os.getloadavg()),
        },
        "occupations": len(items) // 3,
        "backends": {},
    }
    for backend in args.backends:
        res = evaluate_backend(backend, items, not args.no_throughput)
        results["backends"][backend] = res
        _print(backend, res)
    results["machine"]["load_average_1_5_15_min_at_end"] = list(os.getloadavg())
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
