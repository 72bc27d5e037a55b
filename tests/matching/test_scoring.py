"""Each dimension of the comparison chart on hand-made pairs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching import FrenchLevel, PrefixSimilarity, ScoringWeights, base_score, score_pair
from matching.models import CodeSource, OccupationCode
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


def test_missing_codes_fall_back_on_the_text_and_say_why() -> None:
    dims = _dims({"occupation": None}, {}, text=0.42)
    assert dims["occupation"].score == pytest.approx(0.42)
    assert "no CNP/NOC code" in dims["occupation"].detail_en and "0.42" in dims["occupation"].detail_en


def _coded(v: OccupationCode, c: OccupationCode, text: float) -> float:
    dims = score_pair(
        make_vacancy(occupations=(v,)),
        make_candidate(occupations=(c,)),
        text_similarity=text,
        taxonomy=TAXONOMY,
        weights=ScoringWeights(),
    )
    return dims["occupation"].score


def test_a_wrong_low_confidence_guess_costs_little() -> None:
    wrong_guess = OccupationCode("44200", 0.05, CodeSource.CLASSIFIED)  # welder résumé coded "armed forces"
    confirmed = OccupationCode("72106", 1.0, CodeSource.CONFIRMED)
    value = _coded(confirmed, wrong_guess, text=0.6)
    assert value == pytest.approx(0.95 * 0.6 + 0.05 * 0.0)
    same_but_unsure = OccupationCode("72106", 0.05, CodeSource.CLASSIFIED)
    assert _coded(confirmed, same_but_unsure, text=0.6) == pytest.approx(0.95 * 0.6 + 0.05 * 1.0)


def test_a_confirmed_code_weighs_fully_and_the_explanation_says_so() -> None:
    vacancy = make_vacancy(occupations=(OccupationCode("72106", 1.0, CodeSource.GIVEN),))
    sure = make_candidate(occupations=(OccupationCode("72106", 0.2, CodeSource.CONFIRMED),))
    unsure = make_candidate(occupations=(OccupationCode("72106", 0.2, CodeSource.CLASSIFIED),))
    kw = {"text_similarity": 0.3, "taxonomy": TAXONOMY, "weights": ScoringWeights()}
    confirmed = score_pair(vacancy, sure, **kw)["occupation"]  # type: ignore[arg-type]
    guessed = score_pair(vacancy, unsure, **kw)["occupation"]  # type: ignore[arg-type]
    assert confirmed.score == 1.0 and "counted fully" in confirmed.detail_en
    assert guessed.score == pytest.approx(0.2 + 0.8 * 0.3)
    assert "guessed at 20%" in guessed.detail_en and "counted at 20%" in guessed.detail_en
    assert "deviné à 20" in guessed.detail_fr


def test_guesses_add_up_like_a_distribution() -> None:
    vacancy = OccupationCode("72106", 1.0, CodeSource.CONFIRMED)
    guesses = (
        OccupationCode("72010", 0.2, CodeSource.CLASSIFIED),  # contractors and supervisors: same major group, 0.4
        OccupationCode("72106", 0.15, CodeSource.CLASSIFIED),
        OccupationCode("44200", 0.05, CodeSource.CLASSIFIED),  # unrelated
    )
    dims = score_pair(
        make_vacancy(occupations=(vacancy,)),
        make_candidate(occupations=guesses),
        text_similarity=0.5,
        taxonomy=TAXONOMY,
        weights=ScoringWeights(),
    )
    expected = 0.2 * 0.4 + 0.15 * 1.0 + 0.05 * 0.0 + 0.6 * 0.5
    assert dims["occupation"].score == pytest.approx(expected)
    assert "vacancy 72106 confirmed, candidate 72106 guessed at 15%" in dims["occupation"].detail_en
    assert "counted at 40%" in dims["occupation"].detail_en


@given(
    confidence=st.floats(0, 1),
    text=st.floats(0, 1),
    code=st.from_regex(r"[0-9]{5}", fullmatch=True),
)
def test_occupation_lies_between_text_and_hierarchy(confidence: float, text: float, code: str) -> None:
    v = OccupationCode("72106", 1.0, CodeSource.CONFIRMED)
    c = OccupationCode(code, confidence, CodeSource.CLASSIFIED)
    related = max(TAXONOMY.similarity("72106", code), 0.1 * max(0.0, 1 - TAXONOMY.teer_gap("72106", code) / 2))
    value = _coded(v, c, text)
    assert min(text, related) - 1e-9 <= value <= max(text, related) + 1e-9
    # more confidence moves the value towards the hierarchy's verdict, never away from it
    surer = _coded(v, OccupationCode(code, min(1.0, confidence + 0.1), CodeSource.CLASSIFIED), text)
    assert abs(surer - related) <= abs(value - related) + 1e-9


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
