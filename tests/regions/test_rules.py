"""The regional-priority and fast-track rules on real places and real occupation codes, why-nots included."""

from __future__ import annotations

from datetime import date

import pytest

from matching.models import CodeSource, OccupationCode, RuleContribution
from matching.ports import PairContext, PriorityRule
from regions import (
    FLAG_FAST_TRACK,
    FLAG_NOT_OPEN,
    FLAG_REGIONAL,
    Diagnostic,
    Diagnostics,
    FastTrack,
    FastTrackConfig,
    Geography,
    RegionalPriority,
    RegionalPriorityConfig,
    RuleSetFile,
    build_rule_set,
)
from regions.rules_registry import RuleContext
from tests.factories import make_candidate, make_vacancy
from tests.regions.conftest import JOLIETTE, MIRABEL, SAGUENAY, TERREBONNE

ON = date(2026, 6, 1)
BALANCE_CODE = "10021"  # Directeurs de banque: 'Équilibre'


def pair(vacancy_kw: dict[str, object], candidate_kw: dict[str, object]) -> PairContext:
    return PairContext(make_vacancy(**vacancy_kw), make_candidate(**candidate_kw), 0.5, ON)  # type: ignore[arg-type]


@pytest.fixture
def regional(context: RuleContext) -> RegionalPriority:
    return RegionalPriority(RegionalPriorityConfig(boundary="cmm"), context)


@pytest.fixture
def fast(context: RuleContext) -> FastTrack:
    return FastTrack(FastTrackConfig(), context)


def test_rules_satisfy_the_port(regional: RegionalPriority, fast: FastTrack) -> None:
    assert isinstance(regional, PriorityRule) and isinstance(fast, PriorityRule)


def test_saguenay_vacancy_boosts_a_candidate_open_to_region_02(regional: RegionalPriority) -> None:
    c = regional.contribute(pair({"municipality": SAGUENAY, "region": "02"}, {"regions": ("02",)}))
    assert c is not None and c.delta == pytest.approx(0.05)
    assert c.flags == {FLAG_REGIONAL}
    assert "Saguenay" in c.reason_fr and "CMM" in c.reason_fr
    assert "Saguenay" in c.reason_en and "outside the Montréal Metropolitan Community" in c.reason_en


def test_open_to_all_regions_gets_its_own_boost(regional: RegionalPriority) -> None:
    c = regional.contribute(pair({"municipality": SAGUENAY, "region": "02"}, {"open_to_all": True}))
    assert c is not None and c.delta == pytest.approx(0.04) and "all regions" in c.reason_en


def test_listed_region_wins_over_open_to_all(regional: RegionalPriority) -> None:
    vacancy = {"municipality": SAGUENAY, "region": "02"}
    listed = regional.contribute(pair(vacancy, {"open_to_all": True, "regions": ("02",)}))
    elsewhere = regional.contribute(pair(vacancy, {"open_to_all": True, "regions": ("11",)}))
    assert listed is not None and listed.delta == pytest.approx(0.05)
    assert elsewhere is not None and elsewhere.delta == pytest.approx(0.04) and "all regions" in elsewhere.reason_en


def test_candidate_not_open_is_flagged_not_removed(regional: RegionalPriority) -> None:
    c = regional.contribute(pair({"municipality": SAGUENAY, "region": "02"}, {"regions": ("06", "13")}))
    assert c is not None and c.delta == 0.0 and c.flags == {FLAG_NOT_OPEN}
    assert "Saguenay" in c.reason_fr and "non retiré" in c.reason_fr and "not removed" in c.reason_en


@pytest.mark.parametrize(("municipality", "region"), [(TERREBONNE, "14"), (MIRABEL, "15")])
def test_cmm_suburbs_get_no_boost_but_do_outside_montreal_laval(
    context: RuleContext, regional: RegionalPriority, municipality: str, region: str
) -> None:
    p = pair({"municipality": municipality, "region": region}, {"regions": (region,)})
    inside = not_applied(regional.contribute(p))
    assert "inside the boundary 'the Montréal Metropolitan Community (CMM)'" in inside.reason_en
    wider = RegionalPriority(RegionalPriorityConfig(boundary="montreal_laval"), context)
    c = wider.contribute(p)
    assert c is not None and c.delta > 0 and "Montréal and Laval" in c.reason_en


def test_joliette_is_outside_the_cmm(regional: RegionalPriority) -> None:
    c = regional.contribute(pair({"municipality": JOLIETTE, "region": "14"}, {"regions": ("14",)}))
    assert c is not None and "Joliette" in c.reason_fr


def test_region_only_vacancy(regional: RegionalPriority) -> None:
    gaspesie = regional.contribute(pair({"municipality": "", "region": "11"}, {"regions": ("11",)}))
    assert gaspesie is not None and gaspesie.delta > 0
    # Lanaudière is cut by the CMM: without a municipality the rule cannot tell, so it does not apply, and says so.
    cut = regional.contribute(pair({"municipality": "", "region": "14"}, {"regions": ("14",)}))
    assert cut is not None and not cut.applied and cut.delta == 0 and "cuts" in cut.reason_en
    unknown = regional.contribute(pair({"municipality": "", "region": ""}, {"regions": ("14",)}))
    assert unknown is not None and not unknown.applied and "unknown" in unknown.reason_en


def test_fast_track_on_a_deficit_code(fast: FastTrack) -> None:
    c = fast.contribute(pair({"occupation": "72106"}, {"occupation": "72106"}))
    assert c is not None and c.flags == {FLAG_FAST_TRACK} and c.delta == pytest.approx(0.05)
    assert "72106" in c.reason_fr and "Déficit" in c.reason_fr
    assert "72106" in c.reason_en and "shortage" in c.reason_en


def not_applied(c: object) -> RuleContribution:
    assert isinstance(c, RuleContribution) and not c.applied and c.delta == 0 and not c.flags
    assert c.reason_fr and c.reason_en and c.reason_es
    return c


def test_no_fast_track_on_a_balance_code_or_another_occupation(fast: FastTrack, diagnostics: Diagnostics) -> None:
    assert diagnostics.diagnostic(BALANCE_CODE) is Diagnostic.BALANCE
    balance = not_applied(fast.contribute(pair({"occupation": BALANCE_CODE}, {"occupation": BALANCE_CODE})))
    assert "10021" in balance.reason_en and "'Équilibre' (balance)" in balance.reason_en
    other = not_applied(fast.contribute(pair({"occupation": "72106"}, {"occupation": "72100"})))
    assert "72106" in other.reason_en and "72100" in other.reason_en and "urgent" in other.reason_en
    none = not_applied(fast.contribute(pair({"occupation": "72106"}, {"occupation": None})))
    assert "candidate: —" in none.reason_en
    no_code = not_applied(fast.contribute(pair({"occupation": None}, {"occupation": "72106"})))
    assert "no occupation code" in no_code.reason_en


def test_minor_group_matching_is_opt_in(context: RuleContext) -> None:
    weak = FastTrack(FastTrackConfig(match_level="minor_group"), context)
    c = weak.contribute(pair({"occupation": "72106"}, {"occupation": "72100"}))
    assert c is not None and "72100" in c.reason_en and "minor group" in c.reason_en


def test_low_confidence_codes_do_not_count(context: RuleContext) -> None:
    strict = FastTrack(FastTrackConfig(min_confidence=0.5), context)
    unsure = {"occupations": (OccupationCode("72106", 0.3),), "occupation": None}
    not_applied(strict.contribute(pair({"occupation": "72106"}, unsure)))


def test_a_vacancy_low_confidence_alternative_code_does_not_fast_track(context: RuleContext) -> None:
    strict = FastTrack(FastTrackConfig(min_confidence=0.5), context)
    classified = (OccupationCode(BALANCE_CODE, 0.7), OccupationCode("72106", 0.2))
    welder = {"occupation": "72106"}
    why = not_applied(strict.contribute(pair({"occupations": classified, "occupation": None}, welder)))
    assert BALANCE_CODE in why.reason_en
    sure = (OccupationCode(BALANCE_CODE, 0.3), OccupationCode("72106", 0.6))
    c = strict.contribute(pair({"occupations": sure, "occupation": None}, welder))
    assert c is not None and c.flags == {FLAG_FAST_TRACK} and "72106" in c.reason_en


def test_slight_deficit_counts_when_configured(context: RuleContext, diagnostics: Diagnostics) -> None:
    slight = diagnostics.codes_with("Léger déficit")[0]
    p = pair({"occupation": slight}, {"occupation": slight})
    not_applied(FastTrack(FastTrackConfig(), context).contribute(p))
    wide = FastTrackConfig(urgent_diagnostics=frozenset({Diagnostic.DEFICIT, Diagnostic.SLIGHT_DEFICIT}))
    c = FastTrack(wide, context).contribute(p)
    assert c is not None and "Léger déficit" in c.reason_fr


def test_disabled_rules_are_left_out_of_the_set(geo: Geography, diagnostics: Diagnostics) -> None:
    spec = RuleSetFile(
        id="off",
        version="1",
        effective_from=ON,
        description="disabled rules",
        max_total_boost=0.08,
        rules={"regional_priority": {"enabled": False}, "fast_track": {}},
    )
    built = build_rule_set(spec, geography=geo, diagnostics=diagnostics)
    assert built.rule_names == ["fast_track"]


def test_inside_the_boundary_says_why_not(context: RuleContext) -> None:
    wider = RegionalPriority(RegionalPriorityConfig(boundary="montreal_laval"), context)
    c = not_applied(wider.contribute(pair({"municipality": "65005", "region": "13"}, {"regions": ("13",)})))
    assert c.reason_en == "vacancy in Laval (13 Laval), inside the boundary 'Montréal and Laval': no regional priority"
    assert c.reason_fr.startswith("offre à Laval (13 Laval), à l'intérieur de la limite « Montréal et Laval »")


def test_fast_track_weighs_a_guess_by_its_confidence_and_a_confirmed_code_fully(context: RuleContext) -> None:
    strict = FastTrack(FastTrackConfig(min_confidence=0.5, boost=0.05), context)
    guessed = {"occupations": (OccupationCode("72106", 0.6, CodeSource.CLASSIFIED),), "occupation": None}
    c = strict.contribute(pair({"occupation": "72106"}, guessed))
    assert c.flags == {FLAG_FAST_TRACK} and c.delta == pytest.approx(0.05 * 0.6)
    assert "counted at 60%" in c.reason_en
    confirmed = {"occupations": (OccupationCode("72106", 0.2, CodeSource.CONFIRMED),), "occupation": None}
    c = strict.contribute(pair({"occupation": "72106"}, confirmed))
    assert c.flags == {FLAG_FAST_TRACK} and c.delta == pytest.approx(0.05) and "counted at" not in c.reason_en
