"""The real seed of every benchmark pool: a few thousand texts written from NOC 2021 and really encoded.

For each of the 516 unit groups we write ``per_group`` résumé-like texts (English: an example title and a few
main duties; French: example titles and the unit group's French title) and one or two vacancy texts. The
résumé texts are encoded once with the real encoder and cached in ``benchmarks/.cache`` (keyed by a hash of
the texts and the encoder), so later runs skip the encoding; a fresh clone rebuilds the cache by itself.
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matching.ports import Embedder, FloatMatrix

REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(__file__).resolve().parent / ".cache"


def shared_data_dir() -> Path:
    """``../shared/data`` beside the repository, or ``$PASSERELLE_SHARED_DATA``."""
    override = os.environ.get("PASSERELLE_SHARED_DATA")
    folder = Path(override) if override else REPO.parent / "shared" / "data"
    if not (folder / "noc2021" / "unit_groups.csv").is_file():
        raise FileNotFoundError(f"benchmark reference data not found in {folder} (set PASSERELLE_SHARED_DATA)")
    return folder


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Group:
    """One NOC 2021 unit group as the generator needs it."""

    code: str
    title_en: str
    title_fr: str
    duties: tuple[str, ...]
    titles_en: tuple[str, ...]
    titles_fr: tuple[str, ...]


@dataclass(frozen=True)
class Town:
    """A Québec municipality: code, name, region, population (sampling weight)."""

    code: str
    name: str
    region: str
    population: int


def load_groups(data: Path) -> list[Group]:
    """The 516 unit groups with duties and example titles."""
    duties = {r["noc_code"]: r["main_duties"] for r in _rows(data / "noc2021" / "profiles_en.csv")}
    titles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in _rows(data / "noc2021" / "example_titles.csv"):
        titles[(row["code"], row["lang"])].append(row["title"])
    groups = []
    for row in _rows(data / "noc2021" / "unit_groups.csv"):
        code = row["code"]
        items = tuple(d.strip().rstrip(".") for d in duties.get(code, "").split(" | ") if d.strip())
        groups.append(
            Group(
                code,
                row["title_en"],
                row["title_fr"],
                items or (row["title_en"],),
                tuple(titles[(code, "en")]) or (row["title_en"],),
                tuple(titles[(code, "fr")]) or (row["title_fr"],),
            )
        )
    return groups


def load_towns(data: Path) -> list[Town]:
    """Québec's municipalities with a positive population."""
    towns = [
        Town(r["geo_code"], r["name"], r["region_code"], int(float(r["population"] or 0)))
        for r in _rows(data / "quebec" / "municipalities.csv")
    ]
    return [t for t in towns if t.population > 0]


def resume_text(group: Group, rnd: random.Random, language: str) -> str:
    """A short résumé-like text for ``group`` in English or French."""
    if language == "en":
        title = rnd.choice(group.titles_en)
        duties = rnd.sample(group.duties, min(3, len(group.duties)))
        years = rnd.randint(1, 20)
        return f"{title}, {years} years of experience. " + ". ".join(duties) + "."
    picks = rnd.sample(group.titles_fr, min(2, len(group.titles_fr)))
    years = rnd.randint(1, 20)
    return f"{picks[0]} ({years} ans d'expérience). Expérience : {', '.join(picks)}. Profession : {group.title_fr}."


def vacancy_text(group: Group, rnd: random.Random, language: str) -> tuple[str, str]:
    """A vacancy (title, description) for ``group``; French vacancies keep English duties as description."""
    duties = rnd.sample(group.duties, min(2, len(group.duties)))
    if language == "en":
        return rnd.choice(group.titles_en), " ".join(f"{d}." for d in duties)
    return rnd.choice(group.titles_fr), f"{group.title_fr}. " + " ".join(f"{d}." for d in duties)


@dataclass(frozen=True)
class SeedPool:
    """Really encoded résumé texts, grouped by unit group, plus the reference data used to derive records."""

    groups: list[Group]
    towns: list[Town]
    texts: list[str]
    languages: list[str]
    group_of: np.ndarray  # index into ``groups`` of each text
    vectors: FloatMatrix  # one real embedding per text
    encoder: str


def _cache_path(texts: list[str], encoder: str) -> Path:
    digest = hashlib.sha256("\n".join([encoder, *texts]).encode()).hexdigest()[:16]
    return CACHE_DIR / f"pool-{encoder}-{digest}.npy"


def build_seed_pool(
    embedder: Embedder,
    encoder_name: str,
    *,
    per_group: int = 6,
    seed: int = 7,
    data: Path | None = None,
    progress: Callable[[int], object] | None = None,
) -> SeedPool:
    """Write and encode (or load from cache) ``per_group`` résumé texts per unit group.

    Args:
        embedder: the real encoder (its ``encode_documents`` is used).
        encoder_name: short name used in the cache key.
        per_group: texts per unit group (half English, half French).
        seed: text-writing seed.
        data: reference data folder (``shared_data_dir()`` by default).
        progress: called with the number of texts encoded after each batch.

    Returns:
        The seed pool.
    """
    data = data or shared_data_dir()
    groups, towns = load_groups(data), load_towns(data)
    rnd = random.Random(seed)
    texts, languages, group_of = [], [], []
    for g_index, group in enumerate(groups):
        for j in range(per_group):
            language = "en" if j % 2 == 0 else "fr"
            texts.append(resume_text(group, rnd, language))
            languages.append(language)
            group_of.append(g_index)
    path = _cache_path(texts, encoder_name)
    if path.is_file():
        vectors = np.load(path)
    else:
        vectors = _encode(embedder, texts, progress)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)
    return SeedPool(groups, towns, texts, languages, np.asarray(group_of), vectors, encoder_name)


def _encode(embedder: Embedder, texts: list[str], progress: Callable[[int], object] | None) -> FloatMatrix:
    parts = []
    for start in range(0, len(texts), 256):
        parts.append(embedder.encode_documents(texts[start : start + 256]))
        if progress:
            progress(len(parts[-1]))
    out: FloatMatrix = np.concatenate(parts).astype(np.float32)
    return out
