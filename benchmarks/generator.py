"""Derive benchmark pools of any size (up to millions) from the really encoded seed pool.

How a derived candidate vector is made (all seeded, so a size always yields the same pool):

1. pick a unit group ``g`` (uniformly) and two of its real résumé vectors ``a`` and ``b``;
2. pick one real vector ``c`` of a random unit group in the same NOC major group (2-digit prefix) half of the
   time, any group otherwise — careers that straddle occupations;
3. ``v = a + w_b·b + w_c·c + σ·z`` with ``w_b ~ U(0.1, 0.6)``, ``w_c ~ U(0, 0.35)``, ``z`` standard normal
   scaled to unit expected norm and ``σ = noise`` (0.35 by default), then L2-normalised.

The vectors therefore stay on the encoder's real manifold (clusters by occupation, languages mixed) instead of
uniform noise, which would make any approximate index look worse, and duplicates are impossible. Each
candidate carries the text of ``a``, the code ``g`` (and ``c``'s group 20 % of the time), and random but
plausible profile fields. Vacancies are fresh texts (not in the pool), in French two times out of three, set in
municipalities drawn by population, and are encoded for real at query time by the benchmark.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from benchmarks.pool import SeedPool, vacancy_text
from matching.models import (
    Candidate,
    CandidateStatus,
    CodeSource,
    EducationLevel,
    FrenchLevel,
    OccupationCode,
    Vacancy,
)
from matching.ports import FloatMatrix, IdArray

COUNTRIES = ("MX", "GT", "FR", "MA", "CO", "TN", "SN", "PH", "IN", "BR", "CM", "DZ")
REGIONS = tuple(f"{i:02d}" for i in range(1, 18))
_FRENCH_P = (0.15, 0.1, 0.15, 0.2, 0.2, 0.12, 0.08)
_START = date(2026, 12, 1)


@dataclass(frozen=True)
class Chunk:
    """A slice of a derived pool: ids, vectors and candidate records, aligned."""

    ids: IdArray
    vectors: FloatMatrix
    candidates: list[Candidate]


class PoolGenerator:
    """Derives candidates and vacancies from a :class:`SeedPool`.

    Args:
        seed_pool: the really encoded texts.
        seed: generation seed.
        noise: σ of the isotropic noise added to each mixture (see module doc).
    """

    def __init__(self, seed_pool: SeedPool, *, seed: int = 11, noise: float = 0.35) -> None:
        self.pool = seed_pool
        self.seed = seed
        self.noise = noise
        groups = seed_pool.groups
        self._first, self._count = _spans([np.flatnonzero(seed_pool.group_of == g) for g in range(len(groups))])
        by_major: dict[str, list[int]] = {}
        for g, group in enumerate(groups):
            by_major.setdefault(group.code[:2], []).append(g)
        majors = sorted(by_major)
        flat = [g for m in majors for g in by_major[m]]
        self._major_members = np.asarray(flat)
        offsets = {m: sum(len(by_major[x]) for x in majors[:i]) for i, m in enumerate(majors)}
        self._major_first = np.asarray([offsets[g.code[:2]] for g in groups])
        self._major_count = np.asarray([len(by_major[g.code[:2]]) for g in groups])
        self._codes = [(OccupationCode(g.code, 0.9, CodeSource.CLASSIFIED),) for g in groups]
        self._regions = _region_sets()

    def chunks(self, size: int, chunk: int = 50_000) -> Iterator[Chunk]:
        """The pool of ``size`` candidates (ids 1..size), in chunks.

        Args:
            size: number of candidates.
            chunk: rows per chunk.

        Yields:
            Aligned ids, vectors and records.
        """
        for start in range(0, size, chunk):
            yield self._chunk(start, min(size, start + chunk))

    def _chunk(self, start: int, stop: int) -> Chunk:
        rng = np.random.default_rng([self.seed, start])
        n, seeds = stop - start, self.pool.vectors
        groups = rng.integers(0, len(self.pool.groups), n)
        a, b = self._pick(rng, groups), self._pick(rng, groups)
        near = self._major_members[self._major_first[groups] + _below(rng, self._major_count[groups])]
        other = np.where(rng.random(n) < 0.5, near, rng.integers(0, len(self.pool.groups), n))
        c = self._pick(rng, other)
        mix = seeds[a] + rng.uniform(0.1, 0.6, (n, 1)).astype(np.float32) * seeds[b]
        mix += rng.uniform(0.0, 0.35, (n, 1)).astype(np.float32) * seeds[c]
        mix += (self.noise / np.sqrt(seeds.shape[1])) * rng.standard_normal(mix.shape, dtype=np.float32)
        mix /= np.linalg.norm(mix, axis=1, keepdims=True)
        ids = np.arange(start + 1, stop + 1, dtype=np.int64)
        people = self._candidates(ids, a, groups, np.where(rng.random(n) < 0.2, other, groups), rng)
        return Chunk(ids, mix.astype(np.float32), people)

    def _pick(self, rng: np.random.Generator, groups: np.ndarray) -> np.ndarray:
        picked: np.ndarray = self._first[groups] + _below(rng, self._count[groups])
        return picked

    def _candidates(
        self, ids: IdArray, texts: np.ndarray, groups: np.ndarray, seconds: np.ndarray, rng: np.random.Generator
    ) -> list[Candidate]:
        n = ids.shape[0]
        years = np.round(rng.gamma(2.0, 3.0, n), 1).tolist()
        education = rng.integers(1, 6, n).tolist()
        french = rng.choice(7, size=n, p=_FRENCH_P).tolist()
        open_all = (rng.random(n) < 0.3).tolist()
        regions = rng.integers(0, len(self._regions), n).tolist()
        country = rng.integers(0, len(COUNTRIES), n).tolist()
        selected = (rng.random(n) < 0.5).tolist()
        days = rng.integers(0, 300, n).tolist()
        out = []
        for j, (cid, t, g, g2) in enumerate(
            zip(ids.tolist(), texts.tolist(), groups.tolist(), seconds.tolist(), strict=True)
        ):
            codes = self._codes[g]
            if g2 != g:
                codes = (*codes, OccupationCode(self.pool.groups[g2].code, 0.5, CodeSource.CLASSIFIED))
            out.append(
                Candidate(
                    id=cid,
                    text=self.pool.texts[t],
                    language=self.pool.languages[t],
                    occupations=codes,
                    years_experience=years[j],
                    education=EducationLevel(education[j]),
                    french=FrenchLevel(french[j]),
                    regions_open=frozenset() if open_all[j] else self._regions[regions[j]],
                    open_to_all_regions=open_all[j],
                    country=COUNTRIES[country[j]],
                    status=CandidateStatus.SELECTED_QUEBEC if selected[j] else CandidateStatus.TEMPORARY_WORKER,
                    available_from=_START + timedelta(days=days[j]),
                )
            )
        return out

    def vacancies(self, count: int) -> list[Vacancy]:
        """``count`` fresh vacancies (ids 1..count) in real municipalities, weighted by population.

        Args:
            count: how many.

        Returns:
            Vacancies whose texts were not in the seed pool.
        """
        rnd = random.Random(self.seed * 7919 + count)
        towns = self.pool.towns
        weights = [t.population for t in towns]
        out = []
        for vid in range(1, count + 1):
            group = rnd.choice(self.pool.groups)
            language = "en" if rnd.random() < 1 / 3 else "fr"
            title, description = vacancy_text(group, rnd, language)
            town = rnd.choices(towns, weights)[0]
            out.append(
                Vacancy(
                    id=vid,
                    title=title,
                    description=description,
                    language=language,
                    municipality_code=town.code,
                    region_code=town.region,
                    occupations=(OccupationCode(group.code),),
                    positions=rnd.randint(1, 5),
                    french_required=FrenchLevel(rnd.randint(0, 5)),
                    experience_required=float(rnd.randint(0, 8)),
                    wage_hourly=round(rnd.uniform(17, 55), 2),
                    start_date=date(2027, 1, 1) + timedelta(days=rnd.randint(0, 200)),
                )
            )
        return out


def _spans(members: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """First row and count of each group's contiguous members in the seed pool."""
    for m in members:
        if m.size == 0 or m[-1] - m[0] + 1 != m.size:
            raise ValueError("seed pool texts must be grouped contiguously and non-empty per unit group")
    return np.asarray([m[0] for m in members]), np.asarray([m.size for m in members])


def _below(rng: np.random.Generator, counts: np.ndarray) -> np.ndarray:
    """A uniform integer in [0, count) for each count."""
    below: np.ndarray = np.minimum((rng.random(counts.shape[0]) * counts).astype(np.int64), counts - 1)
    return below


def _region_sets() -> list[frozenset[str]]:
    """Shared frozensets of 1 to 3 regions, so a million candidates do not hold a million sets."""
    rnd = random.Random(3)
    return [frozenset(rnd.sample(REGIONS, rnd.randint(1, 3))) for _ in range(256)]
