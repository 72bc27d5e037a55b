"""Forgiving municipality search: current names, former names and sectors, postal codes, close matches.

A person from Saguenay writes "Chicoutimi", someone from the Magdalen Islands "Îles-de-la-Madeleine" and a
mover a postal code. :class:`PlaceFinder` answers all three with the municipality and says how it was found
(``PlaceMatch.via``); when nothing matches it suggests close names instead of a bare "unknown". Former names
and sectors come from ``regions/data/former_names.csv`` (our list, each row with its source; see SOURCES.md).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from matching.errors import AmbiguousMunicipalityError, InvalidInputError, UnknownMunicipalityError
from regions._data import read_rows
from regions._model import Municipality, PostalLocation
from regions._text import normalise_name

_GEO_CODE = re.compile(r"^\d{5}$")
_POSTAL = re.compile(r"^[A-Za-z]\d[A-Za-z](?:[\s-]*\d[A-Za-z]\d)?$")
_ARTICLES = ("les ", "la ", "le ", "l ")
KINDS = ("former", "sector", "usual")


@dataclass(frozen=True, slots=True)
class FormerName:
    """Another name of a municipality: a former municipality merged into it, a sector or borough, a usual name."""

    name: str
    municipality_code: str
    kind: str
    since: str
    source: str


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A municipality and how the text led to it.

    ``via`` is "code", "name", "former" (a merged former municipality), "sector" (a borough or sector),
    "usual" (a usual short name) or "postal_code"; ``matched`` is the name or the postal area that matched,
    ``method`` the postal look-up's method (see :class:`regions.geography.PostalLocation`).
    """

    municipality: Municipality
    via: str
    matched: str
    method: str = ""


def read_former_names(folder: Path | None = None) -> list[FormerName]:
    """The rows of ``former_names.csv``."""
    return [
        FormerName(r["name"], r["municipality_code"], r["kind"], r["since"], r["source"])
        for r in read_rows("former_names.csv", folder)
    ]


def _variants(key: str) -> list[str]:
    """The folded name, without its leading article, and with each article: "iles de la madeleine" also tries
    "les iles de la madeleine"."""
    out = [key]
    for article in _ARTICLES:
        if key.startswith(article):
            out.append(key[len(article) :])
        else:
            out.append(article + key)
    return out


class PlaceFinder:
    """Look-ups by name, former name, sector, code and postal code over one set of municipalities.

    Args:
        municipalities: every municipality by code.
        former: other names of municipalities (rows whose code is unknown are an error).
        locate_postal: maps a postal code to a :class:`PostalLocation`.
    """

    def __init__(
        self,
        municipalities: dict[str, Municipality],
        former: Sequence[FormerName],
        locate_postal: Callable[[str], PostalLocation],
    ) -> None:
        self._municipalities = municipalities
        self._locate = locate_postal
        self._by_name: dict[str, list[Municipality]] = defaultdict(list)
        for m in municipalities.values():
            self._by_name[normalise_name(m.name)].append(m)
        self._former: dict[str, list[FormerName]] = defaultdict(list)
        for row in former:
            if row.municipality_code not in municipalities or row.kind not in KINDS:
                raise ValueError(f"former name {row.name!r}: unknown municipality {row.municipality_code} or kind")
            self._former[normalise_name(row.name)].append(row)
        self._all_keys = sorted(set(self._by_name) | set(self._former))

    def find(self, text: str) -> PlaceMatch:
        """The one municipality ``text`` designates: a 5-digit code, a postal code, a name, a former name.

        Raises:
            InvalidInputError: empty text, or a malformed or non-Québec postal code.
            UnknownMunicipalityError: nothing matches; ``suggestions`` lists close names.
            AmbiguousMunicipalityError: several municipalities bear the name; give the code.
        """
        stripped = text.strip()
        if not stripped:
            raise InvalidInputError("the municipality is empty")
        if _GEO_CODE.match(stripped):
            found = self._municipalities.get(stripped)
            if found is None:
                raise UnknownMunicipalityError(stripped)
            return PlaceMatch(found, "code", found.code)
        if _POSTAL.match(stripped):
            located = self._locate(stripped)
            return PlaceMatch(located.municipality, "postal_code", located.fsa, located.method)
        for key in _variants(normalise_name(stripped)):
            if key in self._by_name:
                return self._one_by_name(stripped, self._by_name[key])
        for key in _variants(normalise_name(stripped)):
            if key in self._former:
                return self._one_former(stripped, self._former[key])
        raise UnknownMunicipalityError(stripped, [m.label for m in self.suggest(stripped)])

    def _one_by_name(self, text: str, found: list[Municipality]) -> PlaceMatch:
        if len(found) > 1:
            raise AmbiguousMunicipalityError(text, [m.label for m in found])
        return PlaceMatch(found[0], "name", found[0].name)

    def _one_former(self, text: str, rows: list[FormerName]) -> PlaceMatch:
        targets = {r.municipality_code: r for r in rows}
        if len(targets) > 1:
            raise AmbiguousMunicipalityError(text, [self._municipalities[c].label for c in sorted(targets)])
        row = next(iter(targets.values()))
        return PlaceMatch(self._municipalities[row.municipality_code], row.kind, row.name)

    def _targets(self, key: str) -> list[PlaceMatch]:
        current = [PlaceMatch(m, "name", m.name) for m in self._by_name.get(key, [])]
        former = [PlaceMatch(self._municipalities[r.municipality_code], r.kind, r.name) for r in self._former[key]]
        return current + former if key in self._former else current

    def suggest(self, text: str, limit: int = 5) -> list[Municipality]:
        """Municipalities whose name (or former name) is close to ``text``: spelling slips, a missing word."""
        return _unique_municipalities(self.close_matches(text, limit * 2), limit)

    def close_matches(self, text: str, limit: int = 10) -> list[PlaceMatch]:
        """Places whose folded name contains the folded ``text`` as a word start, then those spelled alike."""
        key = normalise_name(text)
        if not key:
            return []
        inside = [k for k in self._all_keys if k != key and (" " + key) in (" " + k)]
        alike = difflib.get_close_matches(key, self._all_keys, n=limit, cutoff=0.75)
        contained = sorted((p for k in inside for p in self._targets(k)), key=lambda p: -p.municipality.population)
        return _dedupe([p for k in alike for p in self._targets(k)] + contained)[:limit]

    def complete(self, text: str, limit: int = 10) -> list[PlaceMatch]:
        """Autocomplete: names and former names starting with ``text`` (most populous first), a postal code's
        municipality, else close matches; homonyms are all listed (a postal code outside Québec gives none).
        """
        stripped = text.strip()
        if _GEO_CODE.match(stripped):
            by_code = self._municipalities.get(stripped)
            return [PlaceMatch(by_code, "code", by_code.code)] if by_code else []
        if _POSTAL.match(stripped):
            try:
                return [self.find(stripped)]
            except InvalidInputError:
                return []
        key = normalise_name(stripped)
        if not key:
            return []
        starts = [p for k in self._all_keys if any(k.startswith(v) for v in _variants(key)) for p in self._targets(k)]
        starts.sort(key=lambda p: (-p.municipality.population, p.via != "name", p.matched))
        found = _dedupe(starts)
        if len(found) < limit:
            found = _dedupe(found + self.close_matches(stripped, limit))
        return found[:limit]


def _dedupe(matches: list[PlaceMatch]) -> list[PlaceMatch]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in matches:
        if (p.municipality.code, p.matched) not in seen:
            seen.add((p.municipality.code, p.matched))
            out.append(p)
    return out


def _unique_municipalities(matches: list[PlaceMatch], limit: int) -> list[Municipality]:
    out: dict[str, Municipality] = {}
    for p in matches:
        out.setdefault(p.municipality.code, p.municipality)
    return list(out.values())[:limit]
