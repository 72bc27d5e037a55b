"""Search box over every CNP/NOC 2021 unit group by title, in French, English and Spanish.

The index holds the 516 official unit-group titles (FR, EN), the NOC example titles (FR, EN), the hand-made
Latin-American Spanish titles and, when present in ``occupations/data``, the ESCO titles in Spanish and French
(weak labels, counted by their mapping weight). Matching is accent- and case-insensitive: every word of the
query must start a word of the title ("soud mig" finds "Soudeur/soudeuse MIG"), and the answer holds each unit
group once, with the title that matched best. A 5-digit or shorter number searches codes by prefix.

Ranking, best first: a title in the user's language, a title whose first word the query starts, an official
title, a strong mapping, a short title.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from occupations._data import data_path, read_rows
from occupations._text import normalise

LANGUAGES = ("fr", "en", "es")
# ESCO titles mapped to NOC (``lang,title,noc_2021,weight,...``), gzip or plain, if the data folder has them.
ESCO_FILES = ("esco_titles_es_fr.csv.gz",)
SPANISH_FILES = ("latam_titles_es.csv", "spanish_titles.csv")  # Latin-American usage (code,title)
MIN_ESCO_WEIGHT = 0.3  # ESCO → NOC links weaker than this are more often wrong than right
MIN_PREFIX = 2  # a query of single letters matches too much to be useful
SHORT_PREFIX = 3  # prefixes up to this length have their matching titles computed at build time

_OFFICIAL, _EXAMPLE, _ESCO = 2, 1, 0


@dataclass(frozen=True, slots=True)
class TitleEntry:
    """One searchable title of a unit group. ``kind``: 2 official title, 1 example title, 0 ESCO title."""

    code: str
    lang: str
    title: str
    weight: float = 1.0
    kind: int = _EXAMPLE


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A unit group found by the search, with the title that matched."""

    code: str
    title: str
    lang: str
    score: float


class OccupationSearch:
    """An in-memory prefix index of occupation titles (built once, then read-only and thread-safe).

    Args:
        entries: the titles; duplicates (same code, same folded title) keep the strongest.
        codes: the valid unit groups; titles of other codes are left out (None: keep all).
    """

    def __init__(self, entries: Iterable[TitleEntry], codes: Iterable[str] | None = None) -> None:
        valid = set(codes) if codes is not None else None
        best: dict[tuple[str, str], TitleEntry] = {}
        for entry in entries:
            folded = normalise(entry.title)
            if not folded or (valid is not None and entry.code not in valid):
                continue
            key = (entry.code, folded)
            kept = best.get(key)
            if kept is None or (entry.kind, entry.weight) > (kept.kind, kept.weight):
                best[key] = entry
        self._entries = list(best.values())
        folded_titles = [folded for _, folded in best]
        self._codes = np.array([e.code for e in self._entries])
        pairs = zip(self._entries, folded_titles, strict=True)
        self._static = np.array([e.kind * 0.5 + min(1.0, e.weight) - min(len(t), 80) / 400 for e, t in pairs])
        self._lang = np.array([e.lang for e in self._entries])
        postings: dict[str, list[int]] = {}
        short: dict[str, set[int]] = {}
        for i, title in enumerate(folded_titles):
            for word in set(title.split()):
                postings.setdefault(word, []).append(i)
                for size in range(MIN_PREFIX, SHORT_PREFIX + 1):  # short prefixes match many words: unite once
                    if len(word) >= size:
                        short.setdefault(word[:size], set()).add(i)
        self._words = sorted(postings)
        self._postings = [np.array(postings[w], dtype=np.int32) for w in self._words]
        rank = {w: i for i, w in enumerate(self._words)}
        self._first = np.array([rank[t.split()[0]] for t in folded_titles], dtype=np.int32)  # first word's rank
        self._short = {p: np.array(sorted(ids), dtype=np.int32) for p, ids in short.items()}
        self._all_codes = sorted(set(self._codes.tolist()))
        self._titles: dict[tuple[str, str], TitleEntry] = {}
        for e in self._entries:  # the best title of each code in each language, for code searches
            kept = self._titles.get((e.code, e.lang))
            if kept is None or (e.kind, e.weight) > (kept.kind, kept.weight):
                self._titles[(e.code, e.lang)] = e

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def codes(self) -> list[str]:
        """Every unit group that has at least one title."""
        return list(self._all_codes)

    def languages_of(self, code: str) -> set[str]:
        """Languages in which ``code`` has at least one title."""
        return {lang for lang in LANGUAGES if (code, lang) in self._titles}

    def _range(self, token: str) -> tuple[int, int]:
        return bisect.bisect_left(self._words, token), bisect.bisect_left(self._words, token + "\x7f")

    def _with_prefix(self, token: str) -> np.ndarray:
        if token in self._short:
            return self._short[token]
        lo, hi = self._range(token)
        if lo == hi:
            return np.empty(0, dtype=np.int32)
        if hi - lo == 1:
            return self._postings[lo]
        return np.unique(np.concatenate(self._postings[lo:hi]))

    def _matching(self, tokens: Sequence[str]) -> np.ndarray:
        found: np.ndarray | None = None
        for token in sorted(tokens, key=len, reverse=True):  # longest first: the smallest sets
            ids = self._with_prefix(token)
            found = ids if found is None else np.intersect1d(found, ids, assume_unique=True)
            if found.size == 0:
                break
        return found if found is not None else np.empty(0, dtype=np.int32)

    def search(self, query: str, lang: str | None = None, limit: int = 10) -> list[SearchHit]:
        """Unit groups whose titles match ``query``, best first, each once.

        Args:
            query: words typed so far (accents optional), or the start of a code.
            lang: the user's language ("fr", "en", "es"): its titles rank first; others still match.
            limit: how many unit groups at most.

        Returns:
            The hits (empty for a blank query).
        """
        folded = normalise(query)
        if not folded or limit <= 0:
            return []
        if folded.replace(" ", "").isdigit():
            return self._by_code(folded.replace(" ", ""), lang, limit)
        tokens = folded.split()
        if max(len(t) for t in tokens) < MIN_PREFIX:
            return []
        ids = self._matching(tokens)
        if ids.size == 0:
            return []
        lo, hi = self._range(tokens[0])
        first = self._first[ids]
        score = self._static[ids] + ((first >= lo) & (first < hi)) * 1.0
        if lang:
            score = score + (self._lang[ids] == lang) * 2.0
        hits = self._best_per_code(ids, score, limit, min(ids.size, limit * 40))
        if len(hits) < limit and ids.size > limit * 40:  # the best titles were a few codes' many: look at all
            hits = self._best_per_code(ids, score, limit, ids.size)
        return hits

    def _best_per_code(self, ids: np.ndarray, score: np.ndarray, limit: int, top: int) -> list[SearchHit]:
        chosen = np.argpartition(-score, top - 1)[:top] if top < ids.size else np.arange(ids.size)
        by_score = chosen[np.argsort(-score[chosen], kind="stable")]
        order, ranked = ids[by_score], score[by_score]
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for i, s in zip(order.tolist(), ranked.tolist(), strict=True):
            entry = self._entries[i]
            if entry.code in seen:
                continue
            seen.add(entry.code)
            hits.append(SearchHit(entry.code, entry.title, entry.lang, round(float(s), 3)))
            if len(hits) >= limit:
                break
        return hits

    def _by_code(self, prefix: str, lang: str | None, limit: int) -> list[SearchHit]:
        hits = []
        for code in self._all_codes:
            if code.startswith(prefix):
                title, title_lang = self._official(code, lang)
                hits.append(SearchHit(code, title, title_lang, 1.0))
                if len(hits) >= limit:
                    break
        return hits

    def _official(self, code: str, lang: str | None) -> tuple[str, str]:
        for wanted in (lang, "fr", "en", "es"):
            found = self._titles.get((code, wanted or ""))
            if found is not None:
                return found.title, found.lang
        return "", ""


def _official_entries() -> Iterator[TitleEntry]:
    for row in read_rows("unit_groups.csv"):
        yield TitleEntry(row["code"], "fr", row["title_fr"], 1.0, _OFFICIAL)
        yield TitleEntry(row["code"], "en", row["title_en"], 1.0, _OFFICIAL)


def _example_entries() -> Iterator[TitleEntry]:
    for row in read_rows("example_titles.csv.gz"):
        yield TitleEntry(row["code"], row["lang"], row["title"], 0.9, _EXAMPLE)
    for name in SPANISH_FILES:
        if data_path(name).exists():
            for row in read_rows(name):
                yield TitleEntry(row["code"], "es", row["title"], 0.9, _EXAMPLE)


def esco_entries(rows: Iterable[dict[str, str]]) -> Iterator[TitleEntry]:
    """ESCO rows (``lang, title, code`` or ``noc_2021``, ``weight``) as entries; weak links and other languages
    are left out."""
    for row in rows:
        lang, weight = row.get("lang", ""), float(row.get("weight") or 0)
        code = row.get("code") or row.get("noc_2021") or ""
        if lang in LANGUAGES and weight >= MIN_ESCO_WEIGHT and code:
            yield TitleEntry(code, lang, row["title"].lstrip("/ "), weight, _ESCO)


def _esco_rows() -> Iterator[dict[str, str]]:
    for name in ESCO_FILES:
        if data_path(name).exists():
            yield from read_rows(name)
            return


def build_search(extra: Iterable[TitleEntry] = ()) -> OccupationSearch:
    """The search over every title shipped in ``occupations/data`` (plus ``extra`` entries)."""
    official = list(_official_entries())
    entries = [*official, *_example_entries(), *esco_entries(_esco_rows()), *extra]
    return OccupationSearch(entries, codes={e.code for e in official})


_LOADING = threading.Lock()


@cache
def _built() -> OccupationSearch:
    return build_search()


def load_search() -> OccupationSearch:
    """The packaged search, built once per process (1-2 s on a quiet machine); callers during the build wait
    for it rather than build a second one."""
    with _LOADING:
        return _built()
