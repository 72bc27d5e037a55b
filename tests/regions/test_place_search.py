"""Municipality search on real places: former names and sectors, postal codes, close-match suggestions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.errors import AmbiguousMunicipalityError, InvalidInputError, UnknownMunicipalityError
from regions import Geography, haversine_km
from regions._data import read_rows
from regions._text import normalise_name
from regions.place_search import FormerName, read_former_names
from tests.regions.conftest import LAVAL, MONTREAL, SAGUENAY

ILES_MADELEINE, QUEBEC, GATINEAU, TROIS_RIVIERES = "01023", "23027", "81017", "37067"


@pytest.mark.parametrize(
    ("typed", "code", "via"),
    [
        ("Chicoutimi", SAGUENAY, "former"),
        ("JONQUIERE", SAGUENAY, "former"),
        ("la baie", SAGUENAY, "former"),
        ("Îles-de-la-Madeleine", ILES_MADELEINE, "name"),  # the official name starts with "Les"
        ("iles de la madeleine", ILES_MADELEINE, "name"),
        ("Cap-aux-Meules", ILES_MADELEINE, "former"),
        ("Sainte Foy", QUEBEC, "former"),
        ("Hull", GATINEAU, "former"),
        ("Cap-de-la-Madeleine", TROIS_RIVIERES, "former"),
        ("Montréal-Nord", MONTREAL, "sector"),
        ("Chomedey", LAVAL, "former"),
        ("Valleyfield", "70052", "usual"),
        ("Saguenay", SAGUENAY, "name"),
        ("94068", SAGUENAY, "code"),
    ],
)
def test_former_names_sectors_and_usual_names_lead_to_the_municipality(
    geo: Geography, typed: str, code: str, via: str
) -> None:
    found = geo.find(typed)
    assert (found.municipality.code, found.via) == (code, via)
    assert geo.resolve(typed).code == code


@pytest.mark.parametrize(("postal", "code"), [("G7H 5B8", SAGUENAY), ("g7h5b8", SAGUENAY), ("H7N", LAVAL)])
def test_a_postal_code_in_the_municipality_field_finds_its_municipality(geo: Geography, postal: str, code: str) -> None:
    found = geo.find(postal)
    assert found.via == "postal_code" and found.municipality.code == code and found.matched == postal[:3].upper()


def test_an_unknown_name_suggests_close_matches_instead_of_a_bare_unknown(geo: Geography) -> None:
    with pytest.raises(UnknownMunicipalityError) as caught:
        geo.resolve("Chicotimi")  # one letter missing: the former name of Saguenay is suggested
    assert caught.value.suggestions[0].startswith("Saguenay (94068")
    assert "did you mean" in str(caught.value)
    with pytest.raises(UnknownMunicipalityError) as caught:
        geo.resolve("Rimuski")  # a slip of the finger
    assert any(s.startswith("Rimouski (10043") for s in caught.value.suggestions)
    with pytest.raises(UnknownMunicipalityError) as caught:
        geo.resolve("Springfield")
    assert caught.value.suggestions == ()


def test_homonyms_stay_ambiguous_and_foreign_postal_codes_are_refused(geo: Geography) -> None:
    with pytest.raises(AmbiguousMunicipalityError):
        geo.resolve("Bedford")
    with pytest.raises(InvalidInputError):
        geo.resolve("K1A 0B1")  # Ottawa
    with pytest.raises(InvalidInputError):
        geo.resolve("   ")


def test_autocomplete_lists_former_names_and_postal_codes(geo: Geography) -> None:
    found = geo.places.complete("chicou")
    assert [(p.municipality.code, p.matched) for p in found] == [(SAGUENAY, "Chicoutimi")]
    madeleine = {p.municipality.code for p in geo.places.complete("iles de la mad")}
    assert ILES_MADELEINE in madeleine
    assert [p.municipality.code for p in geo.places.complete("G7H")] == [SAGUENAY]
    assert geo.places.complete("K1A") == []
    sag = geo.places.complete("sag")
    assert sag[0].municipality.code == SAGUENAY  # most populous first
    assert len(geo.places.complete("saint", limit=7)) == 7


def test_every_former_name_points_to_a_real_municipality_and_shadows_no_current_name(geo: Geography) -> None:
    current = {normalise_name(m.name) for m in geo.municipalities.values()}
    rows = read_former_names()
    assert len(rows) > 100
    for row in rows:
        assert row.municipality_code in geo.municipalities, row
        assert normalise_name(row.name) not in current, f"{row.name} is also a current municipality"
        assert row.source.strip(), row


def test_former_names_known_to_geonames_lie_near_their_municipality(geo: Geography) -> None:
    places = {normalise_name(r["name"]): r for r in read_rows("places.csv")}
    checked, far = 0, []
    for row in read_former_names():
        place = places.get(normalise_name(row.name))
        if place is None:
            continue
        target = geo.municipalities[row.municipality_code]
        km = haversine_km(float(place["latitude"]), float(place["longitude"]), target.latitude, target.longitude)
        checked += 1
        if km >= 40:
            far.append(row.name)
    assert checked >= 30  # Chicoutimi, Jonquière, Hull, Sainte-Foy, Chomedey...
    # GeoNames puts its "Pointe-du-Lac" (pop. 7,104, the Trois-Rivières sector's population) by Lac Saint-Jean.
    assert far == ["Pointe-du-Lac"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(read_former_names(), key=lambda r: r.name)), st.sampled_from(["upper", "lower", "fold"]))
def test_any_former_name_is_found_whatever_its_case_and_accents(geo: Geography, row: FormerName, how: str) -> None:
    typed = {"upper": row.name.upper(), "lower": row.name.lower(), "fold": normalise_name(row.name)}[how]
    assert geo.find(typed).municipality.code == row.municipality_code
