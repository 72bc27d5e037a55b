"""Place names, so that a résumé's "Émilie Bouchard — Québec" is not read as an occupation.

The names are those of the Québec municipalities, regions and cities in ``regions/data`` (Statistique Québec and
GeoNames, see ``regions/data/SOURCES.md``) and the countries in French, English and Spanish (``regions.countries``),
compared after :func:`occupations._text.normalise` (accents, case and punctuation folded).
"""

from __future__ import annotations

import csv
from functools import cache

from occupations._text import normalise

_ALWAYS = ("québec", "quebec", "canada", "qc", "montréal", "montreal")


@cache
def place_names() -> frozenset[str]:
    """Every known place name, normalised."""
    from regions._data import data_dir
    from regions.countries import countries

    names: set[str] = set(_ALWAYS)
    for file, column in (("municipalities.csv", "name"), ("regions.csv", "region_name"), ("places.csv", "name")):
        with (data_dir() / file).open(encoding="utf-8", newline="") as handle:
            names.update(row[column] for row in csv.DictReader(handle))
    for lang in ("fr", "en", "es"):
        names.update(name for _, name in countries(lang))
    return frozenset(n for n in (normalise(name) for name in names) if n)


def is_place(text: str) -> bool:
    """Whether ``text`` is only a place name (or a place followed by its region in parentheses)."""
    folded = normalise(text.split("(")[0])
    return bool(folded) and folded in place_names()
