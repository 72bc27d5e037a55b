"""Guessing the language of a short title: the training vocabulary first, py3langid for the rest."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any


@cache
def _identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(languages))
    return identifier


def _langid(text: str, languages: tuple[str, ...]) -> str:
    return str(_identifier(languages).classify(text)[0])


def guess_language(text: str, normalised: str, vocabulary: Mapping[str, frozenset[str]]) -> str:
    """ "en", "fr" or "es" for a title or a longer text.

    Words known in only one of the English and French title vocabularies decide; when most words are unknown
    to both, py3langid chooses among English, French and Spanish; on a tie, between English and French.

    Args:
        text: the original text.
        normalised: the same text normalised (accent-folded, lower-case).
        vocabulary: words seen in English and in French titles.

    Returns:
        A language code.
    """
    words = normalised.split()
    en, fr = vocabulary.get("en", frozenset()), vocabulary.get("fr", frozenset())
    unknown = sum(1 for w in words if w not in en and w not in fr)
    if not words or unknown * 2 > len(words):
        return _langid(text, ("en", "es", "fr"))
    en_only = sum(1 for w in words if w in en and w not in fr)
    fr_only = sum(1 for w in words if w in fr and w not in en)
    if en_only != fr_only:
        return "en" if en_only > fr_only else "fr"
    return _langid(text, ("en", "fr"))
