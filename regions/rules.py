"""The built-in priority rules, one module each, re-exported here for short imports.

Each rule lives in its own module (config model + rule + its reasons in fr/en/es) and registers itself by name
in ``regions.rules_registry``: ``regional_priority`` (``regions.rules_regional``), ``fast_track``
(``regions.rules_fast_track``), ``simplified_lmia`` (``regions.rules_simplified_lmia``) and ``lmia_freeze``
(``regions.rules_lmia_freeze``). Code outside ``regions/`` should ask a rule set for facts and flags
(``matching.rules.rule_facts`` / ``pair_flags``) rather than use these classes.
"""

from regions.rules_fast_track import FLAG_FAST_TRACK, FastTrack, FastTrackConfig
from regions.rules_lmia_freeze import FLAG_FREEZE, LmiaFreeze, LmiaFreezeConfig
from regions.rules_regional import FLAG_NOT_OPEN, FLAG_REGIONAL, RegionalPriority, RegionalPriorityConfig
from regions.rules_registry import MAX_RULE_BOOST
from regions.rules_simplified_lmia import FLAG_REVIEW, FLAG_SIMPLIFIED, SimplifiedLmia, SimplifiedLmiaConfig

__all__ = [
    "FLAG_FAST_TRACK",
    "FLAG_FREEZE",
    "FLAG_NOT_OPEN",
    "FLAG_REGIONAL",
    "FLAG_REVIEW",
    "FLAG_SIMPLIFIED",
    "MAX_RULE_BOOST",
    "FastTrack",
    "FastTrackConfig",
    "LmiaFreeze",
    "LmiaFreezeConfig",
    "RegionalPriority",
    "RegionalPriorityConfig",
    "SimplifiedLmia",
    "SimplifiedLmiaConfig",
]
