"""A small FR/EN/ES retrieval set and the measurements that chose the default encoder and the long-text strategy.

``data/occupations.csv`` holds 78 occupations, each as a job title and a one-sentence description written in
French, English and Spanish (titles drawn from NOC 2021 where they fit; the Spanish is ours). A query in one
language must find the same occupation among the 78 documents of another language.

Run ``python -m embeddings.encoder_eval`` (see ``__main__``). Library use::

    items = load_items()
    scores = cross_lingual(embedder, items, "fr", "en", field="full")
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from matching.ports import Embedder

DATA = Path(__file__).resolve().parent / "data"
Field = Literal["title", "full"]
PAIRS: tuple[tuple[str, str], ...] = (("fr", "en"), ("fr", "es"), ("en", "fr"), ("es", "fr"))


@dataclass(frozen=True, slots=True)
class Item:
    """One occupation in one language."""

    code: str
    lang: str
    title: str
    description: str

    def text(self, field: Field) -> str:
        """The title alone, or the title followed by the description."""
        return self.title if field == "title" else f"{self.title}. {self.description}"


@dataclass(frozen=True, slots=True)
class Retrieval:
    """Ranking quality of one query set against one document set."""

    acc_at_1: float
    mrr: float
    n: int


def load_items(path: Path | None = None) -> list[Item]:
    """Read the evaluation set.

    Args:
        path: a CSV with columns code, lang, title, description; defaults to the packaged file.

    Returns:
        The items in file order.
    """
    with (path or DATA / "occupations.csv").open(encoding="utf-8", newline="") as fh:
        return [Item(r["code"], r["lang"], r["title"], r["description"]) for r in csv.DictReader(fh)]


def by_language(items: Sequence[Item], lang: str) -> list[Item]:
    """Items of one language, sorted by occupation code (so index i is the same occupation in every language)."""
    return sorted((it for it in items if it.lang == lang), key=lambda it: it.code)


def rank_metrics(queries: np.ndarray, docs: np.ndarray) -> Retrieval:
    """acc@1 and mean reciprocal rank when query row i's relevant document is document row i.

    Args:
        queries: ``(n, d)`` unit rows.
        docs: ``(n, d)`` unit rows.

    Returns:
        The metrics; ties are counted against the query (a tied wrong document ranks first).
    """
    sims = queries @ docs.T
    gold = np.diag(sims)
    ranks = (sims >= gold[:, None]).sum(axis=1)  # documents at least as close as the gold one, itself included
    return Retrieval(acc_at_1=float(np.mean(ranks == 1)), mrr=float(np.mean(1.0 / ranks)), n=len(ranks))


def cross_lingual(embedder: Embedder, items: Sequence[Item], src: str, dst: str, field: Field) -> Retrieval:
    """Queries in ``src`` retrieve documents in ``dst``.

    Args:
        embedder: the encoder under test.
        items: the evaluation set.
        src: query language.
        dst: document language.
        field: "title" or "full" (title and description).

    Returns:
        acc@1 and MRR over the occupations present in both languages.
    """
    q_items, d_items = by_language(items, src), by_language(items, dst)
    if [it.code for it in q_items] != [it.code for it in d_items]:
        raise ValueError(f"languages {src} and {dst} do not cover the same occupations")
    queries = embedder.encode_queries([it.text(field) for it in q_items])
    docs = embedder.encode_documents([it.text(field) for it in d_items])
    return rank_metrics(queries, docs)


def words_text(items: Sequence[Item], n_words: int, start: int) -> str:
    """A text of exactly ``n_words`` words made of consecutive descriptions (for throughput)."""
    words: list[str] = []
    i = start
    while len(words) < n_words:
        words.extend(items[i % len(items)].text("full").split())
        i += 1
    return " ".join(words[:n_words])


def throughput(embedder: Embedder, items: Sequence[Item], n_texts: int = 64, n_words: int = 200) -> float:
    """Documents of ``n_words`` words encoded per second (after one warm-up call).

    Args:
        embedder: the encoder.
        items: source of realistic sentences.
        n_texts: texts in the timed batch.
        n_words: words per text.

    Returns:
        Texts per second.
    """
    texts = [words_text(items, n_words, start=7 * i) for i in range(n_texts)]
    embedder.encode_documents(texts[:4])
    start = time.perf_counter()
    embedder.encode_documents(texts)
    return n_texts / (time.perf_counter() - start)
