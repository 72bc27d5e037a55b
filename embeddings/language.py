"""Language of a résumé or vacancy: "fr", "en", "es", another ISO 639-1 code, or "und" (undetermined).

Uses py3langid (a naive Bayes classifier over byte n-grams, model shipped in the wheel) restricted to the
languages Passerelle's documents are likely to be in: restricting the label set removes the confusions that
hurt most on short texts (French read as Occitan or Catalan, Spanish as Galician or Portuguese).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

UNDETERMINED = "und"


class LanguageDetectorConfig(BaseModel):
    """Which languages to choose from and how sure the detector must be."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    languages: tuple[str, ...] = Field(
        default=("fr", "en", "es", "pt", "it", "de", "ar"),
        min_length=2,
        description="ISO 639-1 codes the detector may answer; French, English and Spanish are the ones "
        "Passerelle matches on, the others keep a résumé in another language from being forced into them.",
    )
    min_confidence: float = Field(
        default=0.5, ge=0.0, le=1.0, description="Below this probability the answer is 'und'."
    )
    min_letters: int = Field(
        default=3, ge=1, description="Texts with fewer letters than this are 'und' without asking the model."
    )


class LanguageDetector:
    """py3langid restricted to a few languages.

    Args:
        config: languages and thresholds; defaults to :class:`LanguageDetectorConfig` defaults.

    Raises:
        ValueError: a configured code is not known to py3langid.
    """

    def __init__(self, config: LanguageDetectorConfig | None = None) -> None:
        self._config = config or LanguageDetectorConfig()
        self._identifier = _identifier(self._config.languages)

    def detect(self, text: str) -> str:
        """The language of ``text``.

        Args:
            text: any text.

        Returns:
            An ISO 639-1 code from the configured languages, or "und" when the text is too short or the
            detector is not confident enough.
        """
        if sum(ch.isalpha() for ch in text) < self._config.min_letters:
            return UNDETERMINED
        lang, confidence = self._identifier.classify(text)
        return str(lang) if confidence >= self._config.min_confidence else UNDETERMINED

    def probabilities(self, text: str) -> dict[str, float]:
        """Probability of each configured language, best first.

        Args:
            text: any text.

        Returns:
            ``{code: probability}``, summing to 1.
        """
        return {str(lang): float(p) for lang, p in self._identifier.rank(text)}


@lru_cache(maxsize=1)
def _model() -> tuple[Any, ...]:
    """The py3langid model arrays, decompressed once per process (a few seconds)."""
    try:
        from py3langid.langid import MODEL_DIR, MODEL_FILE
        from py3langid.modelio import load_model
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("language detection needs the 'py3langid' package (pip install py3langid)") from e
    return tuple(load_model(MODEL_DIR / MODEL_FILE))


@lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...]) -> Any:
    from py3langid.langid import LanguageIdentifier

    ptc, pc, classes, nextmove, row, output = _model()
    identifier = LanguageIdentifier(
        np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
    )
    identifier.set_languages(list(languages))
    return identifier


@lru_cache(maxsize=1)
def _default_detector() -> LanguageDetector:
    return LanguageDetector()


def detect_language(text: str) -> str:
    """Detect the language of ``text`` with the default settings (fr, en, es, pt, it, de, ar).

    Args:
        text: any text.

    Returns:
        "fr", "en", "es", another configured code, or "und".
    """
    return _default_detector().detect(text)
