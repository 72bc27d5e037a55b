"""Each dimension of the comparison chart on hand-made pairs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import FrenchLevel, PrefixSimilarity, ScoringWeights, base_score, score_pair
from matching.scoring import shared_prefix
from tests.factories import make_candidate, make_vacancy

TAXONOMY = PrefixSimilarity()


def _dims(vacancy_kw: dict[str, object], candidate_kw: dict[str, object], text: float = 0.5):  # type: ignore[no-untyped-def]
    return score_pair(
        make_vacancy(**vacancy_kw),  # type: ignore[arg-type]
        make_candidate(**candidate_kw),  # type: ignore[arg-type]
        text_similarity=text,
        taxonomy=TAXONOMY,
        weights=ScoringWeights(),
    )


@pytest.mark.parametrize(
    ("vacancy_code", "candidate_code", "expected"),
    [
        ("72106", "72106", 1.0),
        ("72106", "72100", 0.8),
        ("72106", "72200", 0.4),
        ("72106", "21232", 0.05),
        ("72106", "00010", 0.0),
    ],
)
def test_occupation_follows_the_hierarchy(vacancy_code: str, candidate_code: str, expected: float) -> None:
    dims = _dims({"occupation": vacancy_code}, {"occupation": candidate_code})
    assert dims["occupation"].score == pytest.approx(expected)


def test_missing_codes_score_zero_and_say_why() -> None:
    dims = _dims({"occupation": None}, {})
    assert dims["occupation"].score == 0.0
    assert "no CNP/NOC code" in dims["occupation"].detail_en


def test_experience_french_region_availability() -> None:
    dims = _dims(
        {"years": 4, "french": FrenchLevel.B2, "region": "02", "start_date": date(2027, 1, 1)},
        {"years": 2, "french": FrenchLevel.A2, "regions": ("01",), "available_from": date(2027, 3, 2)},
    )
    assert dims["experience"].score == pytest.approx(0.5)
    assert dims["french"].score == pytest.approx(1 - 2 / 3)
    assert dims["region"].score == 0.0 and "region 02" in dims["region"].detail_en
    assert dims["availability"].score == pytest.approx(1 - 60 / 180)


@given(text=st.floats(-1.0, 1.0), years=st.floats(0, 40), need=st.floats(0, 10))
def test_base_score_is_a_weighted_mean_in_unit_interval(text: float, years: float, need: float) -> None:
    dims = _dims({"years": need}, {"years": years}, text=text)
    score = base_score(dims)
    assert 0.0 <= score <= 1.0
    assert score == pytest.approx(sum(d.score * d.weight for d in dims.values()) / sum(d.weight for d in dims.values()))


@given(a=st.from_regex(r"[0-9]{5}", fullmatch=True), b=st.from_regex(r"[0-9]{5}", fullmatch=True))
def test_prefix_similarity_is_symmetric_and_ordered_by_depth(a: str, b: str) -> None:
    assert TAXONOMY.similarity(a, b) == TAXONOMY.similarity(b, a)
    assert TAXONOMY.similarity(a, a) == 1.0
    c = a[:4] + str((int(a[4]) + 1) % 10)
    assert TAXONOMY.similarity(a, c) >= TAXONOMY.similarity(a, b) or shared_prefix(a, b) == 5


def test_weighted_parts_add_up_to_the_base_score_with_any_weights() -> None:
    weights = ScoringWeights(occupation=2, text=2, experience=1, french=1, region=1, availability=1)
    dims = score_pair(make_vacancy(), make_candidate(), text_similarity=0.4, taxonomy=TAXONOMY, weights=weights)
    assert sum(d.weighted for d in dims.values()) == pytest.approx(base_score(dims))
    assert sum(d.weight for d in dims.values()) == pytest.approx(1.0)


def test_all_zero_weights_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        ScoringWeights(occupation=0, text=0, experience=0, french=0, region=0, availability=0)
