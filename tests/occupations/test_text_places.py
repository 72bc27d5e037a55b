"""The word "Québec" is taken out of the texts the classifier scores, unless nothing else would remain."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from occupations._text import has_words, normalise, without_quebec


def test_the_word_quebec_is_taken_out() -> None:
    assert without_quebec("Journalier de production (Québec)") == "Journalier de production"
    assert without_quebec("Trabajador agrícola en Quebec") == "Trabajador agrícola"
    assert without_quebec("Cuisinier — Ville de Québec") == "Cuisinier"
    assert without_quebec("QUÉBEC: soudeur") == "soudeur"


def test_other_words_and_a_lone_quebec_stay() -> None:
    for text in ("Québec", "(Québec)", "QC inspector", "Quebecor press operator", "Soudeur-monteur"):
        assert without_quebec(text) == text


@given(st.text(max_size=40), st.sampled_from(["", " Québec", " (Quebec)", " québec "]))
def test_a_text_with_words_keeps_words(text: str, place: str) -> None:
    given_text = text + place
    if has_words(normalise(given_text)):
        assert has_words(normalise(without_quebec(given_text)))
