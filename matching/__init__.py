"""Passerelle's matching core: domain objects, ports, scoring, priority-rule stage and the service.

Pure Python and numpy: no web framework, database, vector-index or model library is imported here.
"""

from matching.errors import (
    AmbiguousMunicipalityError,
    EmbeddingDimensionError,
    EmptyTextError,
    IndexNotReadyError,
    InvalidInputError,
    MatchingError,
    RuleSetError,
    UnknownCandidateError,
    UnknownMunicipalityError,
    UnknownOccupationError,
    UnknownRecordError,
    UnknownVacancyError,
)
from matching.explain import explain, match_to_dict
from matching.memory import InMemoryStore
from matching.models import (
    Candidate,
    CandidateStatus,
    CodeSource,
    DimensionScore,
    EducationLevel,
    FrenchLevel,
    Match,
    OccupationCode,
    RuleContribution,
    Shortlist,
    Vacancy,
)
from matching.ports import (
    Embedder,
    Hits,
    OccupationClassifier,
    OccupationSimilarity,
    PairContext,
    PriorityRule,
    RecordStore,
    RuleSet,
    RuleSetProvider,
    VectorIndex,
)
from matching.ranking import top_k
from matching.rules import StaticRuleSet, StaticRuleSetProvider, apply_rules
from matching.scoring import DIMENSIONS, PrefixSimilarity, ScoringWeights, base_score, score_pair
from matching.service import MatchingConfig, MatchingService

__all__ = [
    "DIMENSIONS",
    "AmbiguousMunicipalityError",
    "Candidate",
    "CandidateStatus",
    "CodeSource",
    "DimensionScore",
    "EducationLevel",
    "Embedder",
    "EmbeddingDimensionError",
    "EmptyTextError",
    "FrenchLevel",
    "Hits",
    "InMemoryStore",
    "IndexNotReadyError",
    "InvalidInputError",
    "Match",
    "MatchingConfig",
    "MatchingError",
    "MatchingService",
    "OccupationClassifier",
    "OccupationCode",
    "OccupationSimilarity",
    "PairContext",
    "PrefixSimilarity",
    "PriorityRule",
    "RecordStore",
    "RuleContribution",
    "RuleSet",
    "RuleSetError",
    "RuleSetProvider",
    "ScoringWeights",
    "Shortlist",
    "StaticRuleSet",
    "StaticRuleSetProvider",
    "UnknownCandidateError",
    "UnknownMunicipalityError",
    "UnknownOccupationError",
    "UnknownRecordError",
    "UnknownVacancyError",
    "Vacancy",
    "VectorIndex",
    "apply_rules",
    "base_score",
    "explain",
    "match_to_dict",
    "score_pair",
    "top_k",
]
