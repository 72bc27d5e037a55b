"""The 2025/2026 temporary-worker rules on real places and codes: the Montréal/Laval low-wage freeze, Québec's
simplified-LMIA list with its transition window, and a list replaced by an administrator."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from embeddings.exact_index import ExactIndex
from embeddings.hashing import HashingEmbedder
from matching import InMemoryStore, MatchingService
from matching.models import CandidateStatus, Match, RuleContribution
from matching.ports import PairContext
from matching.rules import evaluate_rules, rule_facts
from regions import FLAG_FREEZE, FLAG_REVIEW, FLAG_SIMPLIFIED, RuleSetRegistry, load_rule_sets
from regions.rules_lists import audit_trail, replace_list
from regions.rulesets import PasserelleRuleSet
from tests.factories import make_candidate, make_vacancy
from tests.regions.conftest import LAVAL, MONTREAL, SAGUENAY

ON = date(2026, 6, 1)
WELDER = "72106"  # on the 2026 list (named without a code by immiperts.com, matched by title)
DELISTED = "94141"  # industrial butchers: not on the shipped lists; added to a replaced 2025 list below


def outcome(rule_set: PasserelleRuleSet, rule: str, on: date, **vacancy: object) -> RuleContribution:
    """What ``rule`` says of a temporary-worker welder and the vacancy described."""
    candidate = vacancy.pop("candidate", None) or make_candidate(occupation=vacancy.get("occupation", WELDER))
    v = make_vacancy(**vacancy)  # type: ignore[arg-type]
    applied, why_not = evaluate_rules(PairContext(v, candidate, 0.5, on), rule_set.rules, rule_set.max_total_boost)  # type: ignore[arg-type]
    return next(c for c in (*applied, *why_not) if c.rule == rule)


def shortlist_match(registry: RuleSetRegistry, on: date, **vacancy: object) -> Match:
    candidate = make_candidate(id=1, regions=("13",))
    v = make_vacancy(id=9, **vacancy)  # type: ignore[arg-type]
    embedder = HashingEmbedder(dim=64)
    service = MatchingService(
        embedder=embedder,
        candidate_index=ExactIndex(embedder.dim),
        vacancy_index=ExactIndex(embedder.dim),
        candidates=InMemoryStore([candidate]),
        vacancies=InMemoryStore([v]),
        rules=registry,
    )
    service.index_candidates([candidate])
    (match,) = service.shortlist(v, k=5, on=on).matches
    return match


def test_laval_at_20_dollars_is_not_eligible_and_stays_in_the_shortlist(registry: RuleSetRegistry) -> None:
    match = shortlist_match(registry, ON, municipality=LAVAL, region="13", wage_hourly=20.0)
    assert FLAG_FREEZE in match.flags  # marked, not dropped
    freeze = next(c for c in match.contributions if c.rule == "lmia_freeze")
    assert freeze.applied and freeze.delta == 0
    assert freeze.reason_en.startswith("Not eligible for a low-wage LMIA until 2026-12-31: vacancy in Laval (13 Laval)")
    assert "$20.00/h below the high-wage threshold $34.62/h" in freeze.reason_en
    assert freeze.reason_fr.startswith("Non admissible à une EIMT à bas salaire jusqu'au 2026-12-31")
    assert freeze.reason_es.startswith("No elegible a una EIMT de salario bajo hasta el 2026-12-31")
    assert any(s.startswith("https://www.visahq.com/") and s.endswith("(2025-11-07)") for s in freeze.sources)
    assert "visahq.com" in freeze.reason_en  # the explanation cites its sources


def test_laval_at_40_dollars_is_eligible(registry: RuleSetRegistry) -> None:
    match = shortlist_match(registry, ON, municipality=LAVAL, region="13", wage_hourly=40.0)
    assert FLAG_FREEZE not in match.flags
    why = next(c for c in match.why_not if c.rule == "lmia_freeze")
    assert "wage $40.00/h at or above the high-wage threshold $34.62/h" in why.reason_en


def test_freeze_conditions_each_have_their_why_not(registry: RuleSetRegistry) -> None:
    rs = registry.get("passerelle-2026")
    laval = {"municipality": LAVAL, "region": "13", "wage_hourly": 20.0}
    exempt = outcome(rs, "lmia_freeze", ON, **laval, naics="238210")  # electrical contractors: construction (23)
    assert not exempt.applied and "NAICS 238210 (Construction) is exempt" in exempt.reason_en
    food = outcome(rs, "lmia_freeze", ON, **laval, naics="3116")  # meat product manufacturing
    assert not food.applied and "Food manufacturing" in food.reason_en
    janitorial = outcome(rs, "lmia_freeze", ON, **laval, naics="5617")
    assert janitorial.applied and "NAICS 5617" in janitorial.reason_en
    after = outcome(rs, "lmia_freeze", date(2027, 1, 4), **laval)
    assert not after.applied and "2025-03-03 to 2026-12-31" in after.reason_en
    saguenay = outcome(rs, "lmia_freeze", ON, municipality=SAGUENAY, region="02", wage_hourly=20.0)
    assert not saguenay.applied and "outside the low-wage LMIA freeze territory" in saguenay.reason_en
    no_wage = outcome(rs, "lmia_freeze", ON, municipality=MONTREAL, region="06")
    assert not no_wage.applied and "wage not given" in no_wage.reason_en
    selected = make_candidate(status=CandidateStatus.SELECTED_QUEBEC)
    other = outcome(rs, "lmia_freeze", ON, **laval, candidate=selected)
    assert not other.applied and "not a temporary worker" in other.reason_en


def test_each_territory_has_its_own_start_and_threshold(registry: RuleSetRegistry) -> None:
    rs = registry.get("passerelle-2025")
    montreal = outcome(rs, "lmia_freeze", date(2025, 2, 1), municipality=MONTREAL, region="06", wage_hourly=30.0)
    assert montreal.applied and "$32.96/h" in montreal.reason_en  # the threshold in force in early 2025
    laval = outcome(rs, "lmia_freeze", date(2025, 2, 1), municipality=LAVAL, region="13", wage_hourly=30.0)
    assert not laval.applied and "2025-03-03" in laval.reason_en  # Laval joined on 2025-03-03
    later = outcome(rs, "lmia_freeze", date(2025, 3, 3), municipality=LAVAL, region="13", wage_hourly=30.0)
    assert later.applied


def test_facts_of_a_laval_vacancy(registry: RuleSetRegistry) -> None:
    rs = registry.get("passerelle-2026")
    low = rule_facts(rs, make_vacancy(municipality=LAVAL, region="13", wage_hourly=20.0), ON)
    assert low["lmia_freeze"] is True and low["lmia_freeze_until"] == "2026-12-31"
    assert low["outside_boundary"] is False and low["boundary"] == "montreal_laval"
    high = rule_facts(rs, make_vacancy(municipality=LAVAL, region="13", wage_hourly=40.0), ON)
    assert high["lmia_freeze"] is False and high["lmia_freeze_until"] is None


def test_saguenay_welder_gets_the_simplified_flag(registry: RuleSetRegistry) -> None:
    match = shortlist_match(registry, ON, municipality=SAGUENAY, region="02", occupation=WELDER, wage_hourly=27.5)
    assert FLAG_SIMPLIFIED in match.flags
    simplified = next(c for c in match.contributions if c.rule == "simplified_lmia")
    assert (
        "72106 (Welders and related machine operators) is on Québec's list simplified_lmia_2026" in simplified.reason_en
    )
    assert "2026-02-24 → 2027-02-23" in simplified.reason_en
    assert "partial list: 34 codes of about 60" in simplified.reason_en  # the shipped list is partial, and says so
    assert "code assigned from the occupation's name in the source" in simplified.reason_en
    assert any("immiperts.com" in s for s in simplified.sources)


def test_simplified_why_nots_and_review(registry: RuleSetRegistry) -> None:
    rs = registry.get("passerelle-2026")
    selected = make_candidate(status=CandidateStatus.SELECTED_QUEBEC)
    status = outcome(rs, "simplified_lmia", ON, candidate=selected)
    assert not status.applied and "not a temporary worker" in status.reason_en
    bank = outcome(rs, "simplified_lmia", ON, occupation="10021")
    assert not bank.applied and "(10021) is on no simplified-processing list in force on 2026-06-01" in bank.reason_en
    assert "partial list" in bank.reason_en
    mismatch = outcome(rs, "simplified_lmia", ON, occupation=WELDER, candidate=make_candidate(occupation="72100"))
    assert not mismatch.applied and "candidate: 72100" in mismatch.reason_en
    supervisors = outcome(rs, "simplified_lmia", ON, occupation="62020")  # only_some_titles = true
    assert supervisors.applied and supervisors.flags == {FLAG_REVIEW} and "to review" in supervisors.reason_en
    facts = rule_facts(rs, make_vacancy(occupation="62020"), ON)
    assert facts["simplified_lmia_review"] is True and facts["simplified_lmia"] is False


def test_new_2026_codes_do_not_count_in_2025(registry: RuleSetRegistry) -> None:
    # 72404 (aircraft mechanics) is reported new on the 2026 list.
    rs25, rs26 = registry.get("passerelle-2025"), registry.get("passerelle-2026")
    assert not outcome(rs25, "simplified_lmia", date(2025, 6, 1), occupation="72404").applied
    assert outcome(rs26, "simplified_lmia", ON, occupation="72404").applied
    assert not outcome(rs26, "simplified_lmia", date(2026, 2, 23), occupation="72404").applied  # before 02-24


def write_2025_list_with(path: Path, code: str, title: str) -> Path:
    from regions._data import data_dir

    rows = list(csv.DictReader((data_dir() / "simplified_lmia_2025.csv").open(encoding="utf-8")))
    rows.append(
        {
            **rows[0],
            "noc_2021": code,
            "title_en": title,
            "title_fr": title,
            "code_source": "page",
            "only_some_titles": "false",
        }
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_delisted_code_counts_until_the_end_of_its_transition(tmp_path: Path, registry: RuleSetRegistry) -> None:
    lists_dir = tmp_path / "rule_lists"
    new_file = write_2025_list_with(tmp_path / "official_2025.csv", DELISTED, "Industrial butchers")
    spec = registry.get("passerelle-2026").spec.lists["simplified_lmia_2025"]
    record = replace_list("simplified_lmia_2025", spec, new_file, lists_dir, actor="admin@test", note="official list")
    assert record["version"] == "v0001" and record["previous_version"] == "package" and record["rows"] == 32
    replaced = load_rule_sets(lists_dir=lists_dir)
    rs26 = replaced.get("passerelle-2026")
    assert rs26.lists["simplified_lmia_2025"].version == "v0001"
    inside = outcome(rs26, "simplified_lmia", date(2026, 3, 10), occupation=DELISTED)
    assert inside.applied and FLAG_SIMPLIFIED in inside.flags
    assert "removed from the list but counted until the end of its transition on 2026-03-26" in inside.reason_en
    assert outcome(rs26, "simplified_lmia", date(2026, 3, 26), occupation=DELISTED).applied
    assert not outcome(rs26, "simplified_lmia", date(2026, 3, 27), occupation=DELISTED).applied
    in_2025 = outcome(replaced.get("passerelle-2025"), "simplified_lmia", date(2025, 6, 1), occupation=DELISTED)
    assert in_2025.applied and "transition" not in in_2025.reason_en
    # The package list (without the code) is untouched: without the lists folder the code never counts.
    assert not outcome(
        registry.get("passerelle-2026"), "simplified_lmia", date(2026, 3, 10), occupation=DELISTED
    ).applied
    assert [r["version"] for r in audit_trail(lists_dir, "simplified_lmia_2025")] == ["v0001"]


def test_a_row_level_valid_until_is_a_transition_too(tmp_path: Path, registry: RuleSetRegistry) -> None:
    from regions._data import data_dir

    source = (data_dir() / "simplified_lmia_2026.csv").read_text(encoding="utf-8").splitlines()
    header = source[0] + ",valid_until"
    rows = [line + "," for line in source[1:]]
    rows.append(f"{DELISTED},Industrial butchers,Bouchers industriels,false,page,2026-02-24,2026-02-24,,2026-03-26")
    (tmp_path / "new.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    spec = registry.get("passerelle-2026").spec.lists["simplified_lmia_2026"]
    replace_list("simplified_lmia_2026", spec, tmp_path / "new.csv", tmp_path / "lists", actor="admin")
    rs = load_rule_sets(lists_dir=tmp_path / "lists").get("passerelle-2026")
    assert outcome(rs, "simplified_lmia", date(2026, 3, 1), occupation=DELISTED).applied
    assert not outcome(rs, "simplified_lmia", date(2026, 3, 27), occupation=DELISTED).applied


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("title_en\nWelders\n", "missing column(s) ['noc_2021']"),
        ("noc_2021,title_en\n7210,Welders\n", "line 2: field 'noc_2021'"),
        ("noc_2021,effective_from\n72106,tomorrow\n", "line 2: field 'effective_from'"),
        ("noc_2021\n", "no rows"),
    ],
)
def test_an_invalid_replacement_is_refused_and_changes_nothing(
    tmp_path: Path, registry: RuleSetRegistry, content: str, message: str
) -> None:
    from matching.errors import RuleSetError

    (tmp_path / "bad.csv").write_text(content, encoding="utf-8")
    spec = registry.get("passerelle-2026").spec.lists["simplified_lmia_2026"]
    with pytest.raises(RuleSetError) as caught:
        replace_list("simplified_lmia_2026", spec, tmp_path / "bad.csv", tmp_path / "lists", actor="admin")
    assert message in str(caught.value)
    assert not (tmp_path / "lists").exists()
