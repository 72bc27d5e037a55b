"""Countries of origin: ISO 3166 alpha-2 codes with localized names, and the normalisation of what people type."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regions._text import normalise_name
from regions.countries import UnknownCountryError, countries, country_codes, country_name, normalize_country


def test_the_249_iso_codes_without_cldr_groupings() -> None:
    codes = country_codes()
    assert len(codes) == 249
    assert {"GT", "MX", "CO", "SN", "PH", "FR", "CA"} <= codes
    assert not {"EU", "UN", "ZZ", "XK", "419"} & codes


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("GUATEMALA", "GT"),
        ("gt", "GT"),
        (" Gt ", "GT"),
        ("GTM", "GT"),
        ("Mexique", "MX"),
        ("méxico", "MX"),
        ("Estados Unidos", "US"),
        ("Côte d'Ivoire", "CI"),
        ("Filipinas", "PH"),
        ("Sénégal", "SN"),
        ("Marruecos", "MA"),
        ("Corée du Sud", "KR"),
    ],
)
def test_codes_and_names_in_three_languages_become_the_alpha_2_code(typed: str, code: str) -> None:
    assert normalize_country(typed) == code


def test_unknown_countries_are_refused_with_close_names() -> None:
    with pytest.raises(UnknownCountryError) as caught:
        normalize_country("Guatamala")
    assert caught.value.suggestions == ("Guatemala (GT)",)
    with pytest.raises(UnknownCountryError) as caught:
        normalize_country("Atlantis")
    assert caught.value.suggestions == ()
    for bad in ("", "EU", "ZZ", "Europe"):
        with pytest.raises(UnknownCountryError):
            normalize_country(bad)


def test_names_are_localized_and_lists_sorted_alphabetically() -> None:
    assert (country_name("MX", "fr"), country_name("MX", "en"), country_name("MX", "es")) == (
        "Mexique",
        "Mexico",
        "México",
    )
    assert country_name("DE", "es") == "Alemania"
    for lang in ("fr", "en", "es"):
        listed = countries(lang)
        assert len(listed) == 249
        folded = [normalise_name(name) for _, name in listed]
        assert folded == sorted(folded)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(country_codes())), st.sampled_from(["fr", "en", "es"]), st.booleans())
def test_every_country_name_and_code_round_trips(code: str, lang: str, upper: bool) -> None:
    name = country_name(code, lang)
    assert normalize_country(name.upper() if upper else name) == code
    assert normalize_country(code.lower()) == code
