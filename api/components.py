"""Adapters chosen from ``Settings``: the embedder, vector indexes, occupations, geography and rule sets.

Only ``api/deps.py`` and the routes' helpers call these; each component sees its own config model, never
``Settings``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from api.db.index_slot import PersistentIndex
from api.settings import Settings
from embeddings.factory import build_embedder as _build_embedder
from embeddings.index_factory import build_index
from embeddings.index_factory import load_index as _load_index
from matching.errors import IndexNotReadyError, InvalidInputError, UnknownOccupationError
from matching.models import Candidate, OccupationCode, Vacancy
from matching.ports import Embedder, OccupationClassifier, OccupationSimilarity, RuleSetProvider
from matching.rules import rule_facts
from occupations.config import MODEL_DIR_ENV
from occupations.taxonomy import Taxonomy, load_taxonomy
from regions.diagnostics import Diagnostics, load_diagnostics
from regions.geography import Geography, Municipality, load_geography
from regions.rulesets import load_rule_sets


@dataclass
class OccupationCatalog:
    """What the API needs to know about occupations: titles, validation, diagnostics, a classifier."""

    taxonomy: Taxonomy
    diagnostics: Diagnostics
    classifier: OccupationClassifier | None = None

    @property
    def similarity(self) -> OccupationSimilarity:
        """Hierarchy similarity and TEER gaps for the occupation dimension."""
        return self.taxonomy

    def title(self, code: str) -> tuple[str, str]:
        """French and English titles of a unit group ("" when unknown)."""
        unit = self.taxonomy.get(code)
        return (unit.title_fr, unit.title_en) if unit else ("", "")

    def validate(self, code: str) -> str:
        """The 5-digit CNP/NOC 2021 code for a code typed by a user.

        A NOC 2021 code may have lost its leading zeros; a 4-digit NOC 2016 code is mapped through the official
        concordance when it became exactly one NOC 2021 unit group.

        Args:
            code: the code as sent.

        Returns:
            The NOC 2021 code.

        Raises:
            UnknownOccupationError: not a NOC 2021 (nor a uniquely mapped NOC 2016) unit group.
            InvalidInputError: a NOC 2016 code that was split into several NOC 2021 groups (they are listed).
        """
        clean = code.strip()
        if clean in self.taxonomy or len(clean) >= 5:
            return self.taxonomy.validate(clean)
        if len(clean) == 4 and clean.isdigit():
            try:
                mapped = self.taxonomy.from_noc2016(clean)
            except InvalidInputError:
                raise UnknownOccupationError(code) from None
            if len(mapped) == 1:
                return mapped[0]
            listed = ", ".join(f"{c} ({self.title(c)[0]})" for c in mapped)
            raise InvalidInputError(
                f"NOC 2016 code {code!r} became several NOC 2021 unit groups; give one of: {listed}"
            )
        return self.taxonomy.validate(clean)

    def diagnostic(self, code: str) -> str | None:
        """The 2024–2028 labour-market diagnosis of a unit group, when known."""
        return self.diagnostics.get(code).diagnostic.value if code in self.diagnostics else None

    def describe(self, candidate: Candidate) -> str:
        """Text standing in for a missing résumé: the titles of the candidate's occupations."""
        return "\n".join(" / ".join(t for t in self.title(o.code) if t) for o in candidate.occupations).strip()

    @property
    def classifier_state(self) -> str:
        """ "ready", "warming" (first load or training), "failed", or "off" (no classifier configured)."""
        if self.classifier is None:
            return "off"
        state = getattr(self.classifier, "state", "ready")
        return state if isinstance(state, str) else "ready"

    def classify_document(
        self, kind: str, text: str, title: str | None, language: str | None, k: int
    ) -> list[OccupationCode]:
        """Ranked unit groups of a vacancy (its title first) or a résumé, with calibrated confidences, through
        the classifier's document path (``occupations.documents``); plain text classification for a classifier
        without one. Empty without a classifier or text."""
        if self.classifier is None or not (text.strip() or (title or "").strip()):
            return []
        document = getattr(self.classifier, "classify_document", None)
        if document is None:
            return self.classify(f"{title}\n{text}" if title else text, k, language)
        found = document(kind, text, title=title, lang=language, k=k)
        return list(found.codes)

    def classify(self, text: str, k: int, language: str | None) -> list[OccupationCode]:
        """Ranked unit groups for a text (empty without a classifier)."""
        if self.classifier is None or not text.strip():
            return []
        return self.classifier.classify(text, k=k, language=language)


@dataclass(frozen=True)
class _Codes:
    """A document's codes from a classifier that only classifies plain text."""

    codes: list[OccupationCode]


class BackgroundClassifier:
    """Loads (or trains, the first time) a classifier in a thread, so that the server starts at once.

    ``classify`` waits at most ``wait_seconds`` for the load to finish, then answers 503 through
    ``IndexNotReadyError`` (the client may retry, or send occupation codes); a load failure is raised there.

    Args:
        load: builds the classifier.
        wait_seconds: how long a request may wait for the first load.
    """

    def __init__(self, load: Callable[[], OccupationClassifier], wait_seconds: float = 10.0) -> None:
        self._wait = wait_seconds
        self._classifier: OccupationClassifier | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(load,), name="classifier-load", daemon=True)
        self._thread.start()

    def _run(self, load: Callable[[], OccupationClassifier]) -> None:
        try:
            self._classifier = load()
        except BaseException as exc:  # reported to the caller of classify
            self._error = exc

    @property
    def state(self) -> str:
        """ "warming" while loading or training, "ready", or "failed" (never waits)."""
        if self._thread.is_alive():
            return "warming"
        return "ready" if self._classifier is not None else "failed"

    def classify_document(
        self, kind: str, text: str, *, title: str | None = None, lang: str | None = None, k: int = 5
    ) -> Any:
        """A document's codes through the loaded classifier's document path (waits like :meth:`classify`)."""
        loaded = self._ready()
        document = getattr(loaded, "classify_document", None)
        if document is None:
            return _Codes(loaded.classify(f"{title}\n{text}" if title else text, k=k, language=lang))
        return document(kind, text, title=title, lang=lang, k=k)

    def _ready(self) -> OccupationClassifier:
        self._thread.join(self._wait)
        if self._thread.is_alive():
            raise IndexNotReadyError(
                "the occupation classifier is still being prepared (first start); retry in a few minutes "
                "or send occupation_codes"
            )
        if self._classifier is None:
            raise IndexNotReadyError(
                f"the occupation classifier could not be loaded ({self._error}); send occupation_codes"
            )
        return self._classifier

    def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]:
        """Ranked unit groups for ``text`` (waits for the classifier to be ready)."""
        self._thread.join(self._wait)
        if self._thread.is_alive():
            raise IndexNotReadyError(
                "the occupation classifier is still being prepared (first start); retry in a few minutes "
                "or send occupation_codes"
            )
        if self._classifier is None:
            raise IndexNotReadyError(
                f"the occupation classifier could not be loaded ({self._error}); send occupation_codes"
            )
        return self._classifier.classify(text, k=k, language=language)


def build_embedder(settings: Settings) -> Embedder:
    """The embedder named by the settings."""
    return _build_embedder(settings.embedder)


def build_index_embedder(settings: Settings, embedder: Embedder) -> Embedder:
    """The index worker's embedder: the same model in a child process (``index_encoder_process``), started now so
    that it loads while the replica does; else ``embedder`` itself."""
    if not (settings.index_encoder_process and settings.index_embed):
        return embedder
    from embeddings.encoder_process import ProcessEmbedder

    symmetric = bool(getattr(embedder, "symmetric", False))
    child = ProcessEmbedder(
        settings.embedder, dim=embedder.dim, symmetric=symmetric, priority=settings.index_encoder_priority
    )
    child.start()
    return child


def embedder_fingerprint(settings: Settings, embedder: Embedder) -> str:
    """Identifies the embedder; a saved index made by another one is rebuilt."""
    vectors_depend_on = settings.embedder.model_dump(exclude={"batch_size", "threads"})
    return f"{type(embedder).__name__}:{embedder.dim}:{json.dumps(vectors_depend_on, sort_keys=True)}"


def new_index(settings: Settings, dim: int) -> PersistentIndex:
    """An empty vector index."""
    return cast(PersistentIndex, build_index(dim, settings.index))


def load_index(path: Path | os.PathLike[str]) -> PersistentIndex:
    """A saved vector index."""
    return cast(PersistentIndex, _load_index(path))


def build_occupations(settings: Settings, embedder: Embedder) -> OccupationCatalog:
    """The occupation taxonomy, diagnostics and (when enabled) the title classifier.

    The classifier's artefact lives in ``<data_dir>/models`` unless its ``model_dir`` (or ``PASSERELLE_MODEL_DIR``)
    is set; it is trained there
    on first use (about two minutes). It shares the service's encoder when that is the multilingual one.
    """
    classifier: OccupationClassifier | None = None
    if settings.classify_documents:
        from occupations.classifier import load_classifier

        config = settings.classifier
        if "model_dir" not in config.model_fields_set and MODEL_DIR_ENV not in os.environ:
            config = config.model_copy(update={"model_dir": settings.data_dir / "models"})
        shared = embedder if settings.embedder.backend == "usem" else None
        classifier = BackgroundClassifier(lambda: load_classifier(config, encoder=shared))
    return OccupationCatalog(taxonomy=load_taxonomy(), diagnostics=load_diagnostics(), classifier=classifier)


def build_geography(settings: Settings) -> Geography:
    """Québec regions and municipalities."""
    return load_geography()


def rule_lists_dir(settings: Settings) -> Path:
    """Where administrators' replacements of the rules' lists live (``passerelle rules lists replace``)."""
    return settings.data_dir / "rule_lists"


def build_rules(settings: Settings, geography: Geography, diagnostics: Diagnostics) -> RuleSetProvider:
    """The dated priority rule sets (the package's, or ``settings.rule_sets_dir``), with the lists in force
    (an administrator's replacement in ``<data_dir>/rule_lists`` wins over the package's file)."""
    return load_rule_sets(
        settings.rule_sets_dir, geography=geography, diagnostics=diagnostics, lists_dir=rule_lists_dir(settings)
    )


@dataclass(frozen=True)
class VacancyFacts:
    """What the rule set in force says about a vacancy's place and occupation.

    ``facts`` holds every rule fact (see ``matching.rules.rule_facts``); the three named ones are stored.
    """

    outside_boundary: bool
    diagnostic: str | None
    fast_track: bool
    facts: dict[str, object]


def vacancy_facts(
    rules: RuleSetProvider,
    catalog: OccupationCatalog,
    municipality: Municipality,
    codes: Sequence[OccupationCode],
    on: date,
    *,
    wage_hourly: float | None = None,
    naics: str | None = None,
) -> VacancyFacts:
    """The rule facts of a vacancy, asked of the rule set in force (never of its concrete rules).

    Args:
        rules: the rule sets.
        catalog: occupations and their diagnostics.
        municipality: where the vacancy is.
        codes: its occupation codes, best first (their confidence counts, as in the rules).
        on: the date whose rule set applies.
        wage_hourly: its hourly wage, when known (the low-wage freeze).
        naics: its NAICS sector, when known (the freeze's exempt sectors).

    Returns:
        The facts; ``outside_boundary`` is True when no rule of the set knows a boundary.
    """
    vacancy = Vacancy(
        id=0,
        title="",
        municipality_code=municipality.code,
        region_code=municipality.region_code,
        occupations=tuple(codes),
        wage_hourly=wage_hourly,
        naics=naics or "",
    )
    facts = rule_facts(rules.in_force(on), vacancy, on)
    return VacancyFacts(
        outside_boundary=bool(facts.get("outside_boundary", True)),
        diagnostic=catalog.diagnostic(codes[0].code) if codes else None,
        fast_track=bool(facts.get("fast_track", False)),
        facts=facts,
    )


def warm_up() -> None:
    """Load the language model and the fact patterns now, once, rather than in the first concurrent requests."""
    sample = "Soudeur avec cinq ans d'expérience, français B2."
    detect_language(sample)
    extract_facts(sample)
    from occupations.search import load_search

    threading.Thread(target=load_search, name="occupation-search-load", daemon=True).start()


def detect_language(text: str) -> str:
    """The language of a text ("fr", "en", "es", another ISO 639-1 code, or "und"); "fr" for an empty text."""
    if not text.strip():
        return "fr"
    from embeddings.language import detect_language as _detect

    return _detect(text)


def extract_facts(text: str) -> dict[str, object]:
    """Facts read from a résumé, as stored: years of experience and the names of the education and French levels.

    Args:
        text: the résumé text.

    Returns:
        Only the facts found (``years_experience``, ``education``, ``french``).
    """
    from matching.facts import extract_facts as _extract

    facts = _extract(text)
    found: dict[str, object] = {}
    if facts.years_experience is not None:
        found["years_experience"] = float(facts.years_experience)
    if facts.education is not None:
        found["education"] = facts.education.name
    if facts.french is not None:
        found["french"] = facts.french.name
    return found


def extract_text(data: bytes, filename: str, content_type: str, max_bytes: int) -> str:
    """The text of a PDF, DOCX or plain-text file (``DocumentError`` subclasses say what is wrong)."""
    from embeddings.documents import extract_text as _extract

    return _extract(data, filename, content_type or None, max_bytes=max_bytes)
