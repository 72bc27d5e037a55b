"""A rule written outside the package plugs in by name: registered here, named in a TOML file written here,
ranked by the real service and asked for facts by the API's helper, without touching any core file."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest
from pydantic import Field

from api.components import OccupationCatalog, vacancy_facts
from embeddings.exact_index import ExactIndex
from embeddings.hashing import HashingEmbedder
from matching import InMemoryStore, MatchingService
from matching.errors import RuleSetError
from matching.models import RuleContribution, Vacancy
from matching.ports import PairContext
from occupations.taxonomy import load_taxonomy
from regions import Geography, load_rule_sets, register_rule, registered_rules
from regions.rules_registry import Reason, RuleConfig, RuleContext, status_revealing_rules, unregister_rule
from tests.factories import make_candidate, make_vacancy
from tests.regions.conftest import GASPE, SAGUENAY

ON = date(2026, 6, 1)
REASONS = {
    "yes": Reason(
        "offre en région côtière ({delta:+.3f})", "coastal-region vacancy ({delta:+.3f})", "costa ({delta:+.3f})"
    ),
    "no": Reason("offre hors des régions côtières", "vacancy outside the coastal regions", "fuera de la costa"),
}


class CoastalBonusConfig(RuleConfig):
    weight_fields = ("boost",)

    regions: tuple[str, ...] = Field(("11",), description="Coastal regions.")
    boost: float = Field(0.02, ge=0, le=0.5)


class CoastalBonus:
    """A toy policy: favour vacancies in the coastal regions (Gaspésie by default)."""

    Config = CoastalBonusConfig
    name = "coastal_bonus"

    def __init__(self, config: CoastalBonusConfig, context: RuleContext) -> None:
        self.config = config

    def vacancy_facts(self, vacancy: Vacancy, on: date) -> Mapping[str, object]:
        return {"coastal": vacancy.region_code in self.config.regions}

    def contribute(self, pair: PairContext) -> RuleContribution:
        if pair.vacancy.region_code in self.config.regions:
            return REASONS["yes"].make(self.name, applied=True, delta=self.config.boost, flags=frozenset({"coastal"}))
        return REASONS["no"].make(self.name, applied=False)


TOML = """
id = "coastal-2026"
family = "coastal"
version = "1"
effective_from = 2026-01-01
description = "a plugged-in rule next to a built-in one"
max_total_boost = 0.1

[rules.coastal_bonus]
regions = ["11", "09"]
boost = 0.03

[rules.regional_priority]
boundary = "montreal_laval"
"""


@pytest.fixture
def plugged(tmp_path: Path) -> Iterator[Path]:
    register_rule("coastal_bonus")(CoastalBonus)
    (tmp_path / "coastal-2026.toml").write_text(TOML, encoding="utf-8")
    yield tmp_path
    unregister_rule("coastal_bonus")


def test_a_rule_registered_outside_plugs_in_by_name(plugged: Path, geo: Geography) -> None:
    assert "coastal_bonus" in registered_rules()
    registry = load_rule_sets(plugged, family="coastal")
    rule_set = registry.in_force(ON)
    assert rule_set.rule_names == ["coastal_bonus", "regional_priority"]
    candidates = [make_candidate(id=1, regions=("11", "02")), make_candidate(id=2, regions=("11", "02"))]
    embedder = HashingEmbedder(dim=64)
    service = MatchingService(
        embedder=embedder,
        candidate_index=ExactIndex(embedder.dim),
        vacancy_index=ExactIndex(embedder.dim),
        candidates=InMemoryStore(candidates),
        vacancies=InMemoryStore([]),
        rules=registry,
    )
    service.index_candidates(candidates)
    gaspe = service.shortlist(make_vacancy(id=5, municipality=GASPE, region="11"), k=5, on=ON)
    assert all("coastal" in m.flags for m in gaspe.matches)
    coastal = next(c for c in gaspe.matches[0].contributions if c.rule == "coastal_bonus")
    assert coastal.delta == pytest.approx(0.03) and coastal.reason_en == "coastal-region vacancy (+0.030)"
    saguenay = service.shortlist(make_vacancy(id=6, municipality=SAGUENAY, region="02"), k=5, on=ON)
    why = next(c for c in saguenay.matches[0].why_not if c.rule == "coastal_bonus")
    assert why.reason_fr == "offre hors des régions côtières" and not why.applied
    # The API's helper asks the set for facts: the plug-in's own fact comes through, unknown to api/.
    catalog = OccupationCatalog(taxonomy=load_taxonomy(), diagnostics=rule_set.diagnostics)  # type: ignore[arg-type]
    facts = vacancy_facts(registry, catalog, geo.by_code(GASPE), (), ON)
    assert facts.facts["coastal"] is True and facts.outside_boundary is True and facts.fast_track is False
    # Its zero-weight twin zeroes the plug-in's declared weights too.
    zero = rule_set.with_zero_weights()
    assert zero.rules[0].config.boost == 0.0  # type: ignore[attr-defined]


def test_an_unknown_rule_name_lists_the_registered_ones(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(TOML.replace("coastal_bonus", "tidal_bonus"), encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_rule_sets(tmp_path, family="coastal")
    message = str(caught.value)
    assert message.startswith("x.toml: unknown rule 'tidal_bonus'")
    assert "fast_track" in message and "lmia_freeze" in message and "simplified_lmia" in message


def test_a_plugin_parameter_is_validated_by_its_own_config(plugged: Path) -> None:
    path = plugged / "coastal-2026.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("boost = 0.03", "boost = 3"), encoding="utf-8")
    with pytest.raises(
        RuleSetError, match=r"coastal-2026\.toml: invalid rule set: field 'rules\.coastal_bonus\.boost'"
    ):
        load_rule_sets(plugged, family="coastal")


def test_a_name_cannot_be_taken_twice() -> None:
    with pytest.raises(RuleSetError, match="already registered"):
        register_rule("fast_track")(CoastalBonus)


def test_rules_that_read_the_status_say_so_at_registration() -> None:
    assert status_revealing_rules() == {"simplified_lmia", "lmia_freeze"}
    register_rule("status_probe", reveals_status=True)(CoastalBonus)
    try:
        assert "status_probe" in status_revealing_rules()  # a plugin's records are held back from employers too
    finally:
        unregister_rule("status_probe")
    assert "status_probe" not in status_revealing_rules()
