"""Retrieval evaluation: does the full service rank relevant résumés higher than plain cosine of the same vectors?

Run ``python -m benchmarks.retrieval_eval`` (add ``--shared /path/to/shared/data`` when ``../shared/data`` is
elsewhere). It writes ``benchmarks/results/retrieval.json``; the README table is copied from it.

The set (``benchmarks/data/retrieval``): 31 vacancies written for it in French and English across 17 fields,
× 76 résumés written in French and Spanish (several per field, plus a few of no field: a soldier, a journalist,
a lawyer, an accountant) and the 117 real English IT résumés of ``shared/data/samples/resumes_it_en.csv``, each
labelled by hand with the IT roles it fits (``it_resume_labels.csv``, with the reason). A résumé is relevant to a
vacancy when the vacancy's field is one of the résumé's fields. Vacancies ask for nothing (no French level, no
years, no place) so that only what the labels judge, the occupation, decides.

Both rankings read the same usem vectors (the vacancy encoded as a query, the résumés as documents). The
service adds the classifier's codes on both sides (or the employer's confirmed codes, second variant), the
facts, the rules and the occupation channel. Half the fields (every other one in alphabetical order: aide,
childcare, dba, electrician, meat, mgr, nurse, sec, truck) are the development half, looked at while changing
the scoring; the vacancies of the other fields are the held-out figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.factory import EmbedderConfig
from matching.facts import extract_facts
from matching.memory import InMemoryStore
from matching.models import Candidate, CodeSource, FrenchLevel, OccupationCode, Vacancy
from matching.ports import Embedder, OccupationClassifier
from matching.service import MatchingService

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "retrieval"
DEFAULT_OUT = HERE / "results" / "retrieval.json"
DEFAULT_SHARED = HERE.parent.parent / "shared" / "data"
K = 10
CLASSIFY_K = 3  # as the API's classify_k


@dataclass(frozen=True)
class Doc:
    id: int
    lang: str
    text: str
    fields: frozenset[str]


@dataclass(frozen=True)
class Posting:
    id: int
    lang: str
    title: str
    description: str
    field: str
    codes: tuple[str, ...]


def load_postings() -> list[Posting]:
    rows = [json.loads(line) for line in (DATA / "vacancies.jsonl").read_text(encoding="utf-8").splitlines()]
    return [Posting(r["id"], r["lang"], r["title"], r["description"], r["field"], tuple(r["codes"])) for r in rows if r]


def load_resumes(shared: Path) -> list[Doc]:
    """The written résumés, then the real IT ones with their hand labels."""
    docs = []
    for line in (DATA / "resumes.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        docs.append(Doc(r["id"], r["lang"], r["text"], frozenset([r["field"]] if r["field"] else [])))
    with (DATA / "it_resume_labels.csv").open(encoding="utf-8") as fh:
        labels = {row["id"]: frozenset(row["roles"].split()) for row in csv.DictReader(fh)}
    csv.field_size_limit(10**8)
    with (shared / "samples" / "resumes_it_en.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            docs.append(Doc(int(row["id"]), "en", row["text"], labels[row["id"]]))
    return docs


def precision_at(ranked: Sequence[int], relevant: set[int], k: int = K) -> float:
    return sum(1 for i in ranked[:k] if i in relevant) / k


def ndcg_at(ranked: Sequence[int], relevant: set[int], k: int = K) -> float:
    gain = sum(1 / math.log2(rank + 2) for rank, i in enumerate(ranked[:k]) if i in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
    return gain / ideal if ideal else 0.0


def _codes(found: Sequence[OccupationCode]) -> tuple[OccupationCode, ...]:
    return tuple(OccupationCode(o.code, o.confidence, CodeSource.CLASSIFIED) for o in found)


def classify_all(
    classifier: OccupationClassifier, texts: list[str], langs: list[str], kind: str, titles: list[str] | None = None
) -> list[list[OccupationCode]]:
    """Codes of each document through the classifier's document path (the API's), in one batch."""
    from occupations.documents import DocumentInput, classify_documents

    docs = [
        DocumentInput(kind, text, titles[i] if titles else None, lang)
        for i, (text, lang) in enumerate(zip(texts, langs, strict=True))
    ]
    return [found.codes for found in classify_documents(classifier, docs, k=CLASSIFY_K)]  # type: ignore[arg-type]


def candidates_of(docs: list[Doc], classifier: OccupationClassifier) -> list[Candidate]:
    found = classify_all(classifier, [d.text for d in docs], [d.lang for d in docs], "resume")
    out = []
    for doc, codes in zip(docs, found, strict=True):
        facts = extract_facts(doc.text)
        out.append(
            Candidate(
                id=doc.id,
                text=doc.text,
                language=doc.lang,
                occupations=_codes(codes),
                years_experience=facts.years_experience or 0.0,
                french=facts.french or FrenchLevel.NONE,
            )
        )
    return out


def vacancies_of(postings: list[Posting], classifier: OccupationClassifier) -> dict[str, list[Vacancy]]:
    texts = [p.description for p in postings]
    found = classify_all(classifier, texts, [p.lang for p in postings], "vacancy", [p.title for p in postings])
    classified = [
        Vacancy(id=p.id, title=p.title, description=p.description, language=p.lang, occupations=_codes(codes))
        for p, codes in zip(postings, found, strict=True)
    ]
    confirmed = [
        replace(v, occupations=tuple(OccupationCode(c, 1.0, CodeSource.CONFIRMED) for c in p.codes))
        for v, p in zip(classified, postings, strict=True)
    ]
    return {"classified": classified, "confirmed": confirmed}


def _summary(per_vacancy: dict[int, tuple[float, float]], ids: Sequence[int]) -> dict[str, float]:
    chosen = [per_vacancy[i] for i in ids]
    return {
        "p_at_10": round(float(np.mean([p for p, _ in chosen])), 4),
        "ndcg_at_10": round(float(np.mean([n for _, n in chosen])), 4),
        "vacancies": len(chosen),
    }


def evaluate(
    service: MatchingService,
    embedder: Embedder,
    vacancies: list[Vacancy],
    relevant: dict[int, set[int]],
    field_of: dict[int, str],
) -> dict[str, Any]:
    """P@10 and nDCG@10 of the service and of plain cosine, over all vacancies, the dev and the held-out half."""
    index = service._candidates.index
    queries = embedder.encode_queries([v.text for v in vacancies])
    service_scores: dict[int, tuple[float, float]] = {}
    cosine_scores: dict[int, tuple[float, float]] = {}
    for vacancy, query in zip(vacancies, queries, strict=True):
        vector = np.asarray(query, dtype=np.float32)
        ranked = [m.candidate_id for m in service.shortlist(vacancy, k=K, query=vector).matches]
        plain = [int(i) for i in index.search(vector[None, :], K)[0].ids]
        rel = relevant[vacancy.id]
        service_scores[vacancy.id] = (precision_at(ranked, rel), ndcg_at(ranked, rel))
        cosine_scores[vacancy.id] = (precision_at(plain, rel), ndcg_at(plain, rel))
    ids = [v.id for v in vacancies]
    fields = sorted({field_of[i] for i in ids})
    dev = set(fields[0::2])  # half the fields, every other in alphabetical order
    halves = {
        "all": ids,
        "dev": [i for i in ids if field_of[i] in dev],
        "held_out": [i for i in ids if field_of[i] not in dev],
    }
    return {
        "service": {name: _summary(service_scores, part) for name, part in halves.items()},
        "cosine": {name: _summary(cosine_scores, part) for name, part in halves.items()},
        "per_vacancy": {str(i): {"service_p10": service_scores[i][0], "cosine_p10": cosine_scores[i][0]} for i in ids},
    }


def _code_report(candidates: list[Candidate], docs: list[Doc]) -> dict[str, Any]:
    """Top-1 code of each written résumé by field (what the classifier made of them), for inspection."""
    by_field: dict[str, list[str]] = {}
    for cand, doc in zip(candidates, docs, strict=True):
        if doc.id < 100_000 and cand.occupations:
            top = cand.occupations[0]
            by_field.setdefault(",".join(sorted(doc.fields)) or "-", []).append(f"{top.code}@{top.confidence:.2f}")
    return by_field


def build(
    shared: Path, max_whole_words: int | None = None
) -> tuple[MatchingService, Embedder, dict[str, list[Vacancy]], dict[int, set[int]], dict[str, Any]]:
    from embeddings.factory import build_embedder
    from embeddings.faiss_index import IndexConfig
    from embeddings.index_factory import build_index
    from occupations.classifier import load_classifier
    from occupations.taxonomy import load_taxonomy
    from regions.rulesets import load_rule_sets

    config = EmbedderConfig() if max_whole_words is None else EmbedderConfig(max_whole_words=max_whole_words)
    embedder = build_embedder(config)
    classifier = load_classifier(encoder=embedder)
    postings, docs = load_postings(), load_resumes(shared)
    candidates = candidates_of(docs, classifier)
    variants = vacancies_of(postings, classifier)
    exact = IndexConfig(backend="exact")
    service = MatchingService(
        embedder=embedder,
        candidate_index=build_index(embedder.dim, exact),
        vacancy_index=build_index(embedder.dim, exact),
        candidates=InMemoryStore(candidates),
        vacancies=InMemoryStore(variants["confirmed"]),
        rules=load_rule_sets(),
        taxonomy=load_taxonomy(),
    )
    service.index_candidates(candidates)
    relevant = {p.id: {d.id for d in docs if p.field in d.fields} for p in postings}
    info = {
        "codes_by_field": _code_report(candidates, docs),
        "resumes": len(docs),
        "vacancies": len(postings),
        "field_of": {p.id: p.field for p in postings},
    }
    return service, embedder, variants, relevant, info


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON results")
    parser.add_argument(
        "--max-whole-words", type=int, default=None, help="encode only this many words of a text (default: the app's)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    service, embedder, variants, relevant, info = build(args.shared, args.max_whole_words)
    results: dict[str, Any] = {"date": date.today().isoformat(), "k": K, **info, "variants": {}}
    results["max_whole_words"] = args.max_whole_words or EmbedderConfig().max_whole_words
    for name, vacancies in variants.items():
        results["variants"][name] = evaluate(service, embedder, vacancies, relevant, info["field_of"])
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, found in results["variants"].items():
        for method in ("service", "cosine"):
            parts = "  ".join(
                f"{h} P@10 {v['p_at_10']:.3f} nDCG@10 {v['ndcg_at_10']:.3f}" for h, v in found[method].items()
            )
            print(f"{name:10s} {method:8s} {parts}")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
