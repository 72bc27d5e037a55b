"""The hand-written title lists: valid codes, and test lists that share no title with what is trained on."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from occupations import load_taxonomy
from occupations._text import normalise
from occupations.corpus import (
    latam_test_titles,
    latam_titles,
    quebec_test_titles,
    quebec_titles,
    usage_test_titles_en,
    usage_titles_en,
)
from occupations.training import LabelledTitles


@pytest.mark.parametrize(
    ("training", "test"),
    [(latam_titles, latam_test_titles), (quebec_titles, quebec_test_titles), (usage_titles_en, usage_test_titles_en)],
)
def test_a_test_list_shares_no_normalised_title_with_its_training_list(
    training: Callable[[], LabelledTitles], test: Callable[[], LabelledTitles]
) -> None:
    trained, tested = training(), test()
    assert len(tested.texts) > 150
    assert not {normalise(t) for t in trained.texts} & {normalise(t) for t in tested.texts}


@pytest.mark.parametrize(
    "titles",
    [latam_titles, latam_test_titles, quebec_titles, quebec_test_titles, usage_titles_en, usage_test_titles_en],
)
def test_every_listed_code_is_a_unit_group(titles: Callable[[], LabelledTitles]) -> None:
    assert set(titles().codes) <= set(load_taxonomy().codes)


def test_the_quebec_list_knows_a_labourer_from_a_journalist() -> None:
    listed = dict(zip((normalise(t) for t in quebec_titles().texts), quebec_titles().codes, strict=True))
    assert listed["journalier"] != listed["journaliste"] == "51113"
    assert listed["journalier"].startswith("9")
