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

    Words known in only one of the title vocabularies (English, French, and Spanish when the model has one)
    decide; when most words are unknown to all, py3langid chooses among English, French and Spanish; on a tie,
    among the tied languages.

    Args:
        text: the original text.
        normalised: the same text normalised (accent-folded, lower-case).
        vocabulary: words seen in the titles of each language.

    Returns:
        A language code.
    """
    words = normalised.split()
    langs = [lang for lang in ("en", "fr", "es") if vocabulary.get(lang)] or ["en", "fr"]
    vocab = {lang: vocabulary.get(lang, frozenset()) for lang in langs}
    unknown = sum(1 for w in words if not any(w in v for v in vocab.values()))
    if not words or unknown * 2 > len(words):
        return _langid(text, ("en", "es", "fr"))
    only = {
        lang: sum(1 for w in words if w in v and not any(w in o for k, o in vocab.items() if k != lang))
        for lang, v in vocab.items()
    }
    top = max(only.values())
    tied = tuple(sorted(lang for lang, n in only.items() if n == top))
    return tied[0] if len(tied) == 1 else _langid(text, tied)
