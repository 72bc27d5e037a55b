"""The packaged NOC 2021 taxonomy: loading, hierarchy, validation, concordance, similarity, outlook."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.errors import InvalidInputError, UnknownOccupationError
from matching.ports import OccupationSimilarity
from matching.scoring import PrefixSimilarity, shared_prefix
from occupations import Taxonomy, load_taxonomy

CODES = sorted(u.code for u in load_taxonomy())
codes = st.sampled_from(CODES)


def test_taxonomy_has_the_516_unit_groups_with_both_titles(taxonomy: Taxonomy) -> None:
    assert len(taxonomy) == 516
    assert len(set(taxonomy.codes)) == 516
    for unit in taxonomy:
        assert len(unit.code) == 5 and unit.code.isdigit()
        assert unit.title_en and unit.title_fr
        assert unit.lead_statement and unit.main_duties


def test_hierarchy_is_consistent_with_the_codes(taxonomy: Taxonomy) -> None:
    for unit in taxonomy:
        assert unit.broad_category == unit.code[0]
        assert unit.major_group == unit.code[:2]
        assert unit.sub_major_group == unit.code[:3]
        assert unit.minor_group == unit.code[:4]
        assert unit.teer == int(unit.code[1])
        levels = [g.level for g in taxonomy.ancestors(unit.code)]
        assert levels == ["broad_category", "major_group", "sub_major_group", "minor_group"]


def test_welders_sit_in_the_metal_trades(taxonomy: Taxonomy) -> None:
    welders = taxonomy["72106"]
    assert welders.title_en == "Welders and related machine operators"
    assert welders.title_fr.startswith("Soudeurs/soudeuses")
    assert taxonomy.ancestors("72106")[-1].title_en == "Machining, metal forming, shaping and erecting trades"
    assert "72106" in [u.code for u in taxonomy.children("7210")]


def test_validate_normalises_spaces_and_lost_leading_zeros(taxonomy: Taxonomy) -> None:
    assert taxonomy.validate(" 72106 ") == "72106"
    assert taxonomy.validate("10") == "00010"
    assert "10" in taxonomy
    assert taxonomy.get("99999") is None


@pytest.mark.parametrize("bad", ["99999", "7210", "abcde", "", "721060"])
def test_validate_rejects_unknown_codes_with_a_clear_error(taxonomy: Taxonomy, bad: str) -> None:
    with pytest.raises(UnknownOccupationError, match="unknown CNP/NOC 2021 code"):
        taxonomy.validate(bad)


def test_noc2016_codes_map_to_their_2021_groups(taxonomy: Taxonomy) -> None:
    assert taxonomy.from_noc2016("7237") == ["72106"]  # welders
    assert taxonomy.from_noc2016("0011") == ["00010"]  # legislators
    assert taxonomy.from_noc2016("11") == ["00010"]  # leading zeros lost
    assert taxonomy.from_noc2016("0112") == ["10011", "11200", "13110", "22232"]  # split
    for targets in (taxonomy.from_noc2016(c) for c in ("3012", "7511", "6322")):
        assert targets and all(t in taxonomy for t in targets)


def test_unknown_noc2016_code_is_an_input_error(taxonomy: Taxonomy) -> None:
    with pytest.raises(InvalidInputError, match="NOC 2016"):
        taxonomy.from_noc2016("9999")


def test_taxonomy_is_an_occupation_similarity(taxonomy: Taxonomy) -> None:
    assert isinstance(taxonomy, OccupationSimilarity)
    assert taxonomy.similarity("72106", "72106") == 1.0
    # construction millwrights: same minor > same sub-major > same major > same broad category > nothing
    chain = ["72400", "72401", "72410", "72106", "73300", "31301"]
    values = [taxonomy.similarity("72400", other) for other in chain]
    assert values == sorted(values, reverse=True) and len(set(values)) == len(values)
    assert values[-1] == 0.0
    assert taxonomy.shared_level("72106", "72105") == "minor_group"
    assert taxonomy.shared_level("72400", "72410") == "sub_major_group"
    assert taxonomy.teer_gap("72106", "31301") == 1
    assert taxonomy.teer_gap("00010", "95109") == 5


@given(codes, codes)
def test_similarity_is_symmetric_and_in_unit_range(a: str, b: str) -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.similarity(a, b) == taxonomy.similarity(b, a)
    assert 0.0 <= taxonomy.similarity(a, b) <= 1.0
    assert taxonomy.teer_gap(a, b) == taxonomy.teer_gap(b, a)


@given(codes)
def test_similarity_is_one_only_for_the_same_code(a: str) -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.similarity(a, a) == 1.0
    assert taxonomy.teer_gap(a, a) == 0
    assert all(taxonomy.similarity(a, b) < 1.0 for b in CODES if b != a)


@given(codes, codes, codes)
def test_similarity_is_ordered_by_depth_of_the_shared_ancestor(a: str, b: str, c: str) -> None:
    taxonomy = load_taxonomy()
    deeper, shallower = shared_prefix(a, b), shared_prefix(a, c)
    if deeper > shallower:
        assert taxonomy.similarity(a, b) > taxonomy.similarity(a, c)
    elif deeper == shallower:
        assert taxonomy.similarity(a, b) == taxonomy.similarity(a, c)
    assert taxonomy.similarity(a, b) == PrefixSimilarity().similarity(a, b)


def test_national_outlook_is_available_for_display(taxonomy: Taxonomy) -> None:
    welders = taxonomy.outlook("72106")
    assert welders is not None and welders.employment_2023 > 10_000
    assert welders.future_condition("en") and welders.future_condition("fr")
    assert sum(taxonomy.outlook(code) is not None for code in taxonomy.codes) == 516


def test_public_import_paths() -> None:
    import occupations

    for name in occupations.__all__:
        assert getattr(occupations, name) is not None


def test_an_unreadable_classifier_artefact_is_ignored_not_fatal(tmp_path: Path) -> None:
    from occupations.classifier import load_model

    broken = tmp_path / "model.joblib"
    broken.write_bytes(b"not a joblib file")
    assert load_model(broken) is None
    assert load_model(tmp_path / "absent.joblib") is None
