"""Countries of origin as ISO 3166-1 alpha-2 codes, with their names in French, English and Spanish (Babel/CLDR).

A profile stores "GT", never "GUATEMALA" or "gt", so that the fairness view counts one country once.
:func:`normalize_country` accepts a code (alpha-2 or alpha-3, any case) or a name in one of the three languages
(accents and case forgiven) and raises :class:`UnknownCountryError`, with close names, otherwise.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Final

from babel import Locale
from babel.core import get_global

from matching.errors import InvalidInputError
from regions._text import normalise_name

NAME_LANGUAGES: Final = ("fr", "en", "es")
# CLDR territories that are not ISO 3166-1 countries: groupings, pseudo-locales, reserved and user-assigned codes.
_NOT_ISO: Final = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})
# Usual short names that CLDR does not list as such (folded).
_USUAL: Final = {"usa": "US", "eeuu": "US", "ee uu": "US", "uk": "GB", "rdc": "CD", "rd congo": "CD"}


class UnknownCountryError(InvalidInputError):
    """Not an ISO 3166 country code nor a country name we know; ``suggestions`` lists close names (codes)."""

    def __init__(self, text: str, suggestions: tuple[str, ...] = ()) -> None:
        hint = f"; did you mean: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown country {text!r}: give an ISO 3166 code such as 'GT' or a name{hint}")
        self.text = text
        self.suggestions = suggestions


@cache
def country_codes() -> frozenset[str]:
    """The 249 ISO 3166-1 alpha-2 codes."""
    territories = [str(c) for c in Locale("en").territories]
    return frozenset(c for c in territories if len(c) == 2 and c.isalpha() and c not in _NOT_ISO)


def country_name(code: str, lang: str) -> str:
    """The country's name in ``lang`` (fr, en or es; French otherwise), or the code itself when unknown."""
    locale = Locale(lang if lang in NAME_LANGUAGES else "fr")
    return str(locale.territories.get(code, code))


@cache
def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """Every country as (code, name in ``lang``), in alphabetical order of the folded name."""
    named = [(code, country_name(code, lang)) for code in country_codes()]
    return tuple(sorted(named, key=lambda pair: (normalise_name(pair[1]), pair[0])))


@cache
def _index() -> dict[str, str]:
    """Folded names (three languages), alpha-3 codes and usual short names → alpha-2 code."""
    codes = country_codes()
    index: dict[str, str] = {}
    aliases = get_global("territory_aliases")
    for alias, targets in aliases.items():
        if len(alias) == 3 and alias.isalpha() and len(targets) == 1 and targets[0] in codes:
            index[alias.lower()] = targets[0]
    for lang in NAME_LANGUAGES:
        for code in codes:
            index.setdefault(normalise_name(country_name(code, lang)), code)
    index.update(_USUAL)
    return index


def normalize_country(text: str) -> str:
    """The alpha-2 code of a country given by code or name: "gt", "GTM", "GUATEMALA", "Mexique" → "GT", "GT"...

    Raises:
        UnknownCountryError: anything else (the error lists up to 3 close names with their codes).
    """
    stripped = text.strip()
    if len(stripped) == 2 and stripped.upper() in country_codes():
        return stripped.upper()
    key = normalise_name(stripped)
    found = _index().get(key) if key else None
    if found is not None:
        return found
    close = difflib.get_close_matches(key, list(_index()), n=3, cutoff=0.75)
    suggestions = tuple(dict.fromkeys(f"{country_name(_index()[k], 'fr')} ({_index()[k]})" for k in close))
    raise UnknownCountryError(stripped, suggestions)
