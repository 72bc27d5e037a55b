"""Shared fixtures of the regions tests: the package geography, diagnostics and rule sets (loaded once)."""

from __future__ import annotations

import pytest

from regions import Diagnostics, Geography, RuleSetRegistry, load_diagnostics, load_geography, load_rule_sets
from regions.rules_registry import RuleContext

# Real municipalities (geo code, region) used across the tests.
SAGUENAY, LAVAL, TERREBONNE, JOLIETTE = "94068", "65005", "64008", "61025"
MIRABEL, SAINT_JEROME, GASPE, MONTREAL = "74005", "75017", "03005", "66023"


@pytest.fixture(scope="session")
def geo() -> Geography:
    return load_geography()


@pytest.fixture(scope="session")
def diagnostics() -> Diagnostics:
    return load_diagnostics()


@pytest.fixture(scope="session")
def registry() -> RuleSetRegistry:
    return load_rule_sets()


@pytest.fixture(scope="session")
def context(geo: Geography, diagnostics: Diagnostics) -> RuleContext:
    """What a rule built outside a rule set sees: the package geography and diagnostics, no lists."""
    return RuleContext("test", geo, diagnostics)
