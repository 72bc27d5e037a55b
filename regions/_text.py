"""Forgiving normalisation of Québec place names for look-ups."""

from __future__ import annotations

import re

from unidecode import unidecode

_SEPARATORS = re.compile(r"[\s\-‐–—'’`´.,]+")
_ABBREVIATIONS = ((re.compile(r"\bste\b"), "sainte"), (re.compile(r"\bst\b"), "saint"))


def normalise_name(text: str) -> str:
    """Fold a place name so that case, accents, hyphens, apostrophes and "St"/"Ste" do not matter.

    Args:
        text: a municipality or place name as typed, e.g. "ST-JEROME" or "Saint-Jérôme".

    Returns:
        The folded form, e.g. "saint jerome".
    """
    folded = unidecode(text).lower()
    folded = _SEPARATORS.sub(" ", folded).strip()
    for pattern, full in _ABBREVIATIONS:
        folded = pattern.sub(full, folded)
    return folded
