"""Québec geography, the 2024–2028 labour diagnostics and the Passerelle priority rules as dated rule sets.

Public API::

    from regions import load_geography, load_diagnostics, load_rule_sets
    geo = load_geography()                       # 17 regions, 1,281 municipalities, postal areas
    geo.resolve("Saint-Jérôme"); geo.locate_postal_code("G7H 5B8"); geo.distance_km("Gaspé", "Laval")
    is_outside("64008", "cmm")                   # Terrebonne -> False
    load_diagnostics().is_urgent("72106", {"Déficit"})
    registry = load_rule_sets()                  # RuleSetRegistry, a matching.ports.RuleSetProvider
    registry.in_force(date(2026, 5, 1)).id       # "passerelle-2026"
    @register_rule("my_rule") class MyRule: ...  # a new rule plugs in by name (see regions.rules_registry)
"""

from regions._coords import haversine_km
from regions.boundaries import Boundary, is_inside, is_outside, parse_boundary, region_is_outside
from regions.diagnostics import (
    Diagnostic,
    Diagnostics,
    OccupationDiagnostic,
    build_diagnostics,
    is_urgent,
    load_diagnostics,
)
from regions.geography import (
    Geography,
    Municipality,
    PostalLocation,
    Region,
    build_geography,
    load_geography,
)
from regions.rules import (
    FLAG_FAST_TRACK,
    FLAG_FREEZE,
    FLAG_NOT_OPEN,
    FLAG_REGIONAL,
    FLAG_REVIEW,
    FLAG_SIMPLIFIED,
    FastTrack,
    FastTrackConfig,
    LmiaFreeze,
    LmiaFreezeConfig,
    RegionalPriority,
    RegionalPriorityConfig,
    SimplifiedLmia,
    SimplifiedLmiaConfig,
)
from regions.rules_registry import RuleConfig, RuleContext, register_rule, registered_rules
from regions.rulesets import (
    PasserelleRuleSet,
    RuleSetFile,
    RuleSetRegistry,
    build_rule_set,
    default_rule_set_dir,
    load_rule_sets,
    parse_rule_set_file,
)

__all__ = [
    "FLAG_FAST_TRACK",
    "FLAG_FREEZE",
    "FLAG_NOT_OPEN",
    "FLAG_REGIONAL",
    "FLAG_REVIEW",
    "FLAG_SIMPLIFIED",
    "Boundary",
    "Diagnostic",
    "Diagnostics",
    "FastTrack",
    "FastTrackConfig",
    "Geography",
    "LmiaFreeze",
    "LmiaFreezeConfig",
    "Municipality",
    "OccupationDiagnostic",
    "PasserelleRuleSet",
    "PostalLocation",
    "Region",
    "RegionalPriority",
    "RegionalPriorityConfig",
    "RuleConfig",
    "RuleContext",
    "RuleSetFile",
    "RuleSetRegistry",
    "SimplifiedLmia",
    "SimplifiedLmiaConfig",
    "build_diagnostics",
    "build_geography",
    "build_rule_set",
    "default_rule_set_dir",
    "haversine_km",
    "is_inside",
    "is_outside",
    "is_urgent",
    "load_diagnostics",
    "load_geography",
    "load_rule_sets",
    "parse_boundary",
    "parse_rule_set_file",
    "region_is_outside",
    "register_rule",
    "registered_rules",
]
