"""The two priority rules on real places and real occupation codes."""

from __future__ import annotations

from datetime import date

import pytest

from matching.models import OccupationCode
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
)
from tests.factories import make_candidate, make_vacancy
from tests.regions.conftest import JOLIETTE, MIRABEL, SAGUENAY, TERREBONNE

ON = date(2026, 6, 1)
BALANCE_CODE = "10021"  # Directeurs de banque: 'Équilibre'


def pair(vacancy_kw: dict[str, object], candidate_kw: dict[str, object]) -> PairContext:
    return PairContext(make_vacancy(**vacancy_kw), make_candidate(**candidate_kw), 0.5, ON)  # type: ignore[arg-type]


@pytest.fixture
def regional(geo: Geography) -> RegionalPriority:
    return RegionalPriority(RegionalPriorityConfig(boundary="cmm"), geo)


@pytest.fixture
def fast(diagnostics: Diagnostics) -> FastTrack:
    return FastTrack(FastTrackConfig(), diagnostics)


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
    geo: Geography, regional: RegionalPriority, municipality: str, region: str
) -> None:
    p = pair({"municipality": municipality, "region": region}, {"regions": (region,)})
    assert regional.contribute(p) is None
    wider = RegionalPriority(RegionalPriorityConfig(boundary="montreal_laval"), geo)
    c = wider.contribute(p)
    assert c is not None and c.delta > 0 and "Montréal and Laval" in c.reason_en


def test_joliette_is_outside_the_cmm(regional: RegionalPriority) -> None:
    c = regional.contribute(pair({"municipality": JOLIETTE, "region": "14"}, {"regions": ("14",)}))
    assert c is not None and "Joliette" in c.reason_fr


def test_region_only_vacancy(regional: RegionalPriority) -> None:
    gaspesie = regional.contribute(pair({"municipality": "", "region": "11"}, {"regions": ("11",)}))
    assert gaspesie is not None and gaspesie.delta > 0
    # Lanaudière is cut by the CMM: without a municipality the rule cannot tell, so it abstains.
    assert regional.contribute(pair({"municipality": "", "region": "14"}, {"regions": ("14",)})) is None
    assert regional.contribute(pair({"municipality": "", "region": ""}, {"regions": ("14",)})) is None


def test_fast_track_on_a_deficit_code(fast: FastTrack) -> None:
    c = fast.contribute(pair({"occupation": "72106"}, {"occupation": "72106"}))
    assert c is not None and c.flags == {FLAG_FAST_TRACK} and c.delta == pytest.approx(0.05)
    assert "72106" in c.reason_fr and "Déficit" in c.reason_fr
    assert "72106" in c.reason_en and "shortage" in c.reason_en


def test_no_fast_track_on_a_balance_code_or_another_occupation(fast: FastTrack, diagnostics: Diagnostics) -> None:
    assert diagnostics.diagnostic(BALANCE_CODE) is Diagnostic.BALANCE
    assert fast.contribute(pair({"occupation": BALANCE_CODE}, {"occupation": BALANCE_CODE})) is None
    assert fast.contribute(pair({"occupation": "72106"}, {"occupation": "72100"})) is None
    assert fast.contribute(pair({"occupation": "72106"}, {"occupation": None})) is None


def test_minor_group_matching_is_opt_in(diagnostics: Diagnostics) -> None:
    weak = FastTrack(FastTrackConfig(match_level="minor_group"), diagnostics)
    c = weak.contribute(pair({"occupation": "72106"}, {"occupation": "72100"}))
    assert c is not None and "72100" in c.reason_en and "minor group" in c.reason_en


def test_low_confidence_codes_do_not_count(diagnostics: Diagnostics) -> None:
    strict = FastTrack(FastTrackConfig(min_confidence=0.5), diagnostics)
    unsure = {"occupations": (OccupationCode("72106", 0.3),), "occupation": None}
    assert strict.contribute(pair({"occupation": "72106"}, unsure)) is None


def test_a_vacancy_low_confidence_alternative_code_does_not_fast_track(diagnostics: Diagnostics) -> None:
    strict = FastTrack(FastTrackConfig(min_confidence=0.5), diagnostics)
    classified = (OccupationCode(BALANCE_CODE, 0.7), OccupationCode("72106", 0.2))
    welder = {"occupation": "72106"}
    assert strict.contribute(pair({"occupations": classified, "occupation": None}, welder)) is None
    sure = (OccupationCode(BALANCE_CODE, 0.3), OccupationCode("72106", 0.6))
    c = strict.contribute(pair({"occupations": sure, "occupation": None}, welder))
    assert c is not None and c.flags == {FLAG_FAST_TRACK} and "72106" in c.reason_en


def test_slight_deficit_counts_when_configured(diagnostics: Diagnostics) -> None:
    slight = diagnostics.codes_with("Léger déficit")[0]
    p = pair({"occupation": slight}, {"occupation": slight})
    assert FastTrack(FastTrackConfig(), diagnostics).contribute(p) is None
    wide = FastTrackConfig(urgent_diagnostics=frozenset({Diagnostic.DEFICIT, Diagnostic.SLIGHT_DEFICIT}))
    c = FastTrack(wide, diagnostics).contribute(p)
    assert c is not None and "Léger déficit" in c.reason_fr


def test_disabled_rules_abstain(geo: Geography, diagnostics: Diagnostics) -> None:
    p = pair({"municipality": SAGUENAY, "occupation": "72106"}, {"regions": ("02",), "occupation": "72106"})
    assert RegionalPriority(RegionalPriorityConfig(enabled=False), geo).contribute(p) is None
    assert FastTrack(FastTrackConfig(enabled=False), diagnostics).contribute(p) is None
