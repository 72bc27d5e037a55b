"""Every rule of the shipped rule sets gives a Spanish reason, applied or not (why-not), with no French left in it."""

from __future__ import annotations

import re
from datetime import date
from importlib import import_module

from hypothesis import example, given
from hypothesis import strategies as st

from matching.models import CandidateStatus, OccupationCode, RuleContribution
from matching.ports import PairContext
from matching.rules import evaluate_rules
from regions import load_rule_sets
from regions.rules_registry import _BUILTIN_MODULES
from tests.factories import make_candidate, make_vacancy
from tests.regions.conftest import GASPE, JOLIETTE, LAVAL, MIRABEL, MONTREAL, SAGUENAY, SAINT_JEROME, TERREBONNE

REGISTRY = load_rule_sets()
DAYS = [date(2025, 6, 1), date(2026, 3, 1), date(2026, 6, 1), date(2027, 1, 15), date(2027, 6, 1)]
PLACES = [SAGUENAY, LAVAL, TERREBONNE, JOLIETTE, MIRABEL, SAINT_JEROME, GASPE, MONTREAL, ""]
REGION_OF = {
    SAGUENAY: "02",
    LAVAL: "13",
    TERREBONNE: "14",
    JOLIETTE: "14",
    MIRABEL: "15",
    SAINT_JEROME: "15",
    GASPE: "11",
    MONTREAL: "06",
}
CODES = ["72106", "72100", "31301", "10021", "21231", "13110", "62020", "94141", "65201"]
NAICS = ["", "111", "1151", "23", "311", "44", "62", "5415"]

# Words of the French reasons that Spanish never uses. Quoted official names («Déficit»), URLs of the sources and
# place names are proper nouns and are removed before looking.
FRENCH_WORDS = re.compile(
    r"\b(offre|candidat|pas|aucun|aucune|liste|profession|traitement|accéléré|règle|hors|ouvert|signalé|retiré|"
    r"lieu|inconnu|salaire|seuil|secteur|jusqu|sous|à|des|du|pour|ne|est|sélectionné|travailleur|autre|"
    r"diagnostic|pénurie|mais|n'a|d'EIMT|région)\b",
    re.IGNORECASE,
)
PROPER = re.compile(r"«[^»]*»|https?://\S+|\([^()]*\d{2} [^()]*\)")


def _french_left(reason: str, place_names: list[str]) -> list[str]:
    text = PROPER.sub("", reason)
    for name in place_names:
        text = text.replace(name, "")
    return FRENCH_WORDS.findall(text)


def _contributions(on: date, **pair: object) -> list[RuleContribution]:
    rule_set = REGISTRY.in_force(on)
    candidate = make_candidate(
        occupation=pair["candidate_code"],  # type: ignore[arg-type]
        regions=pair["regions"],  # type: ignore[arg-type]
        open_to_all=pair["open_to_all"],
        status=pair["status"],
        occupations=(OccupationCode(str(pair["candidate_code"]), float(pair["confidence"])),),  # type: ignore[arg-type]
    )
    municipality = str(pair["municipality"])
    vacancy = make_vacancy(
        municipality=municipality,
        region=REGION_OF.get(municipality, str(pair["region"])),
        occupation=str(pair["code"]),
        wage_hourly=pair["wage"],
        naics=pair["naics"],
    )
    applied, why_not = evaluate_rules(
        PairContext(vacancy, candidate, 0.5, on),
        rule_set.rules,  # type: ignore[arg-type]
        rule_set.max_total_boost,
    )
    return [*applied, *why_not]


PLACE_NAMES = ["Saguenay", "Laval", "Terrebonne", "Joliette", "Mirabel", "Saint-Jérôme", "Gaspé", "Montréal"]
seen: set[tuple[str, bool]] = set()


@given(
    on=st.sampled_from(DAYS),
    municipality=st.sampled_from(PLACES),
    region=st.sampled_from(["", "02", "06", "13", "14"]),
    code=st.sampled_from(CODES),
    candidate_code=st.sampled_from(CODES),
    confidence=st.sampled_from([0.2, 0.6, 1.0]),
    regions=st.sampled_from([(), ("02",), ("13", "06"), ("14", "15")]),
    open_to_all=st.booleans(),
    status=st.sampled_from(list(CandidateStatus)),
    wage=st.sampled_from([None, 18.0, 30.0, 40.0]),
    naics=st.sampled_from(NAICS),
)
@example(  # frozen at Laval, simplified LMIA for a welder: both applied
    on=date(2026, 6, 1),
    municipality=LAVAL,
    region="13",
    code="72106",
    candidate_code="72106",
    confidence=1.0,
    regions=("13",),
    open_to_all=False,
    status=CandidateStatus.TEMPORARY_WORKER,
    wage=18.0,
    naics="",
)
@example(  # regional priority and fast track applied in Saguenay
    on=date(2026, 6, 1),
    municipality=SAGUENAY,
    region="02",
    code="72106",
    candidate_code="72106",
    confidence=1.0,
    regions=("02",),
    open_to_all=False,
    status=CandidateStatus.TEMPORARY_WORKER,
    wage=30.0,
    naics="",
)
def test_every_rule_says_why_in_spanish(on: date, **pair: object) -> None:
    for c in _contributions(on, **pair):
        seen.add((c.rule, c.applied))
        assert c.reason_es.strip(), c
        assert c.reason_es != c.reason_fr and c.reason_es != c.reason_en, c.reason_es
        assert not _french_left(c.reason_es, PLACE_NAMES), (c.rule, c.reason_es)


def test_the_property_saw_every_rule_of_regions_applied_and_not_applied() -> None:
    """Guards the property above: it met each built-in rule (one module of regions/ each) in both states."""
    if not seen:
        test_every_rule_says_why_in_spanish()
    builtin = {import_module(module).NAME for module in _BUILTIN_MODULES}
    shipped = {name for rule_set in REGISTRY.list() for name in rule_set.rule_names}
    assert builtin == shipped and len(builtin) == len(_BUILTIN_MODULES)
    for rule in builtin:
        assert (rule, False) in seen, rule
        assert (rule, True) in seen, rule


def test_a_selected_candidate_is_told_in_spanish_why_simplified_lmia_does_not_apply() -> None:
    (c,) = [
        c
        for c in _contributions(
            date(2026, 6, 1),
            municipality=SAGUENAY,
            region="02",
            code="72106",
            candidate_code="72106",
            confidence=1.0,
            regions=("02",),
            open_to_all=False,
            status=CandidateStatus.SELECTED_QUEBEC,
            wage=None,
            naics="",
        )
        if c.rule == "simplified_lmia"
    ]
    assert "«seleccionado por Quebec»" in c.reason_es and "sélectionné" not in c.reason_es
    assert "'selected by Québec'" in c.reason_en
