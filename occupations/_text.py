"""Text normalisation shared by the classifier, its training and its evaluation."""

from __future__ import annotations

import re

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LETTERS = re.compile(r"[a-z]{2,}")


class _Folding(dict[int, str]):
    """Code point -> its unidecode transliteration, filled on first use (``str.translate`` reads it).

    unidecode maps each character on its own, so translating character by character gives the same text as
    ``unidecode(text)``; but a long text with one "é" or "•" no longer goes through unidecode's slow path
    (about 4 ms for a 4,000-character résumé).
    """

    def __missing__(self, code: int) -> str:
        folded = unidecode(chr(code))
        self[code] = folded
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    """``unidecode(text)``, faster on long texts (see :class:`_Folding`)."""
    return text if text.isascii() else text.translate(_FOLDING)


def normalise(text: str) -> str:
    """Lower-case, accent-folded, punctuation-free text with single spaces.

    Args:
        text: any text (a title, a vacancy, a résumé).

    Returns:
        The normalised text, e.g. ``"Opérateur/opératrice - Pâtes"`` -> ``"operateur operatrice pates"``.
    """
    return " ".join(_NON_ALNUM.sub(" ", fold(text).lower()).split())


def has_words(normalised: str) -> bool:
    """Whether a normalised text holds at least one run of two or more letters."""
    return _LETTERS.search(normalised) is not None


_QUEBEC_WORD = re.compile(
    r"(?:(?<!\w)(?:ville de|city of|à|au|en|in|de|du)\s+)?\(?\s*(?<!\w)qu[ée]bec(?!\w)\s*\)?", re.IGNORECASE
)


def without_quebec(text: str) -> str:
    """The text without the word "Québec" when other words remain: Québec is where the jobs are, so it says nothing
    of the occupation, but it is a word of the titles of one group (41101, Québec notaries), and "Journalier de
    production (Québec)" went there at 0.91."""
    if _QUEBEC_WORD.search(text) is None:
        return text
    bare = " ".join(_QUEBEC_WORD.sub(" ", text).split()).strip(" ,;:/|-–—")
    return bare if has_words(normalise(bare)) else text
