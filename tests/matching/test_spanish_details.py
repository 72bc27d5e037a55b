"""Every dimension of a match is explained in Spanish too (``detail_es``), for any pair (Hypothesis)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from matching.explain import explain, match_to_dict
from matching.models import (
    Candidate,
    CodeSource,
    EducationLevel,
    FrenchLevel,
    Match,
    OccupationCode,
    Vacancy,
)
from matching.scoring import DIMENSIONS, PrefixSimilarity, ScoringWeights, score_pair

# Words that French details use and Spanish never does (so their presence means French leaked into Spanish).
FRENCH_WORDS = re.compile(
    r"\b(des|le|à|pour|pas|aucun|même|offre|candidat|ouvert|demandé|jour|après|début|expérience|similarité|"
    r"textes|comptés|devinés|deviné|donné|confirmé|écart|français|région|inconnue|toutes|sans|lien|selon|leur|"
    r"reste|tient|lieu|date|an)\b",
    re.IGNORECASE,
)
CODES = ["72106", "72100", "72010", "73200", "31301", "10021", "21231", "62020"]

code = st.builds(
    OccupationCode,
    st.sampled_from(CODES),
    st.floats(0.05, 1.0, allow_nan=False),
    st.sampled_from(list(CodeSource)),
)
codes = st.lists(code, max_size=3).map(tuple)
levels = st.sampled_from(list(FrenchLevel))
days = st.none() | st.integers(-200, 400).map(lambda n: date(2027, 2, 1) + timedelta(days=n))
regions = st.sampled_from(["", "01", "02", "06", "13", "17"])

vacancies = st.builds(
    Vacancy,
    id=st.just(1),
    title=st.just("Soudeur"),
    region_code=regions,
    occupations=codes,
    french_required=levels,
    experience_required=st.floats(0, 20, allow_nan=False),
    education_required=st.sampled_from(list(EducationLevel)),
    start_date=days,
)
candidates = st.builds(
    Candidate,
    id=st.just(2),
    text=st.just("Soldador"),
    language=st.just("es"),
    occupations=codes,
    years_experience=st.floats(0, 30, allow_nan=False),
    french=levels,
    regions_open=st.frozensets(st.sampled_from(["01", "02", "06", "13"]), max_size=3),
    open_to_all_regions=st.booleans(),
    available_from=days,
)


@given(vacancies, candidates, st.floats(-0.2, 1.0, allow_nan=False))
def test_every_dimension_has_a_spanish_sentence_with_no_french_words(
    vacancy: Vacancy, candidate: Candidate, similarity: float
) -> None:
    dims = score_pair(
        vacancy, candidate, text_similarity=similarity, taxonomy=PrefixSimilarity(), weights=ScoringWeights()
    )
    assert list(dims) == list(DIMENSIONS)
    for name, dim in dims.items():
        assert dim.detail_es.strip(), name
        assert not FRENCH_WORDS.search(dim.detail_es), (name, dim.detail_es)
        if FRENCH_WORDS.search(dim.detail_fr):
            assert dim.detail_es != dim.detail_fr, (name, dim.detail_fr)
        assert dim.detail("es") == dim.detail_es and dim.detail("fr") == dim.detail_fr


def _match(vacancy: Vacancy, candidate: Candidate) -> Match:
    dims = score_pair(vacancy, candidate, text_similarity=0.4, taxonomy=PrefixSimilarity(), weights=ScoringWeights())
    return Match(vacancy.id, candidate.id, 1, 0.5, 0.5, dims)


def test_explain_in_spanish_uses_spanish_labels_and_sentences() -> None:
    vacancy = Vacancy(id=1, title="Soudeur", region_code="02", occupations=(OccupationCode("72106"),))
    candidate = Candidate(id=2, text="Soldador", occupations=(OccupationCode("72106", 0.4, CodeSource.CLASSIFIED),))
    text = explain(_match(vacancy, candidate), "es")
    assert "Similitud del texto" in text and "Disponibilidad" in text and "conjunto de reglas" in text
    assert "similitud semántica de los textos 0.40" in text
    assert "no indicó la región 02" in text
    assert "72106 estimado al 40%" in text
    assert "Similarité" not in text and "jeu de règles" not in text
    assert match_to_dict(_match(vacancy, candidate))["dimensions"]["region"]["detail_es"] == "no indicó la región 02"
