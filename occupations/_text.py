"""Text normalisation shared by the classifier, its training and its evaluation."""

from __future__ import annotations

import re

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LETTERS = re.compile(r"[a-z]{2,}")


def normalise(text: str) -> str:
    """Lower-case, accent-folded, punctuation-free text with single spaces.

    Args:
        text: any text (a title, a vacancy, a résumé).

    Returns:
        The normalised text, e.g. ``"Opérateur/opératrice - Pâtes"`` -> ``"operateur operatrice pates"``.
    """
    return " ".join(_NON_ALNUM.sub(" ", unidecode(text).lower()).split())


def has_words(normalised: str) -> bool:
    """Whether a normalised text holds at least one run of two or more letters."""
    return _LETTERS.search(normalised) is not None
