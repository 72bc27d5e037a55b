"""The occupation search box's index: every unit group by title in FR, EN and ES, accents optional."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from occupations.search import OccupationSearch, TitleEntry, load_search
from occupations.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def search() -> OccupationSearch:
    return load_search()


def test_every_unit_group_is_found_by_its_official_titles(search: OccupationSearch) -> None:
    taxonomy = load_taxonomy()
    codes = [u.code for u in taxonomy]
    assert len(search.codes) == 516
    missed = []
    for code in codes:
        unit = taxonomy.get(code)
        assert unit is not None
        for lang, title in (("fr", unit.title_fr), ("en", unit.title_en)):
            if code not in [hit.code for hit in search.search(title, lang, 10)]:
                missed.append((code, lang, title))
    assert not missed, missed[:10]


@pytest.mark.parametrize(
    ("query", "lang", "code"),
    [
        ("soudeur", "fr", "72106"),
        ("SOUDEUR", "fr", "72106"),
        ("soldador", "es", "72106"),
        ("enfermera", "es", "31301"),
        ("infirmiere", "fr", "31301"),  # no accent typed
        ("jornalero agricola", "es", "85101"),
        ("camionero", "es", "73300"),
        ("registered nurse", "en", "31301"),
        ("nurse reg", "en", "31301"),  # every word a prefix, in any order
        ("prepose benef", "fr", "33102"),
    ],
)
def test_titles_are_found_from_the_start_of_their_words(
    search: OccupationSearch, query: str, lang: str, code: str
) -> None:
    assert code in [hit.code for hit in search.search(query, lang, 5)]


def test_each_unit_group_once_with_the_title_that_matched(search: OccupationSearch) -> None:
    hits = search.search("soud", "fr", 20)
    codes = [hit.code for hit in hits]
    assert len(codes) == len(set(codes)) and codes[0] == "72106"
    assert all("soud" in hit.title.lower() for hit in hits)


def test_the_users_language_ranks_first() -> None:
    entries = [TitleEntry("72106", "es", "Soldador", 0.9), TitleEntry("44200", "fr", "Soldat", 0.9)]
    small = OccupationSearch(entries)
    assert [h.code for h in small.search("sold", "es")] == ["72106", "44200"]
    assert [h.code for h in small.search("sold", "fr")] == ["44200", "72106"]


def test_codes_by_prefix_and_nothing_for_blank_or_one_letter(search: OccupationSearch) -> None:
    assert [h.code for h in search.search("7210", "fr", 50)] == [c for c in search.codes if c.startswith("7210")]
    assert search.search("   ", "fr") == [] and search.search("a", "fr") == []
    assert search.search("zzzzqx", "fr") == []


def test_weak_links_and_unknown_codes_are_left_out() -> None:
    small = OccupationSearch(
        [TitleEntry("99999", "fr", "Inconnu"), TitleEntry("72106", "fr", "Soudeur")], codes={"72106"}
    )
    assert small.codes == ["72106"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30), st.sampled_from(["fr", "en", "es", None]), st.integers(0, 30))
def test_any_query_answers_unique_codes_within_the_limit(query: str, lang: str | None, limit: int) -> None:
    hits = load_search().search(query, lang, limit)
    assert len(hits) <= limit
    assert len({h.code for h in hits}) == len(hits)
