"""Geography look-ups on the real municipal directory: names, codes, postal codes, distances."""

from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path

import pytest

from matching.errors import AmbiguousMunicipalityError, InvalidInputError, UnknownMunicipalityError
from regions import Geography, haversine_km
from regions._data import data_dir
from regions._text import normalise_name
from tests.regions.conftest import GASPE, JOLIETTE, LAVAL, MIRABEL, MONTREAL, SAGUENAY, SAINT_JEROME, TERREBONNE


def test_loads_17_regions_and_1281_municipalities(geo: Geography) -> None:
    assert sorted(geo.regions) == [f"{i:02d}" for i in range(1, 18)]
    assert geo.region("2").name == "Saguenay–Lac-Saint-Jean"
    assert len(geo.municipalities) == 1281
    assert sum(m.in_cmm for m in geo.municipalities.values()) == 82


def test_every_municipality_has_a_point_in_quebec(geo: Geography) -> None:
    for m in geo.municipalities.values():
        assert 44.9 < m.latitude < 63.0 and -80.0 < m.longitude < -57.0, m.label


@pytest.mark.parametrize(
    ("typed", "code", "region"),
    [
        ("Saguenay", SAGUENAY, "02"),
        ("LAVAL", LAVAL, "13"),
        ("terrebonne", TERREBONNE, "14"),
        ("Joliette", JOLIETTE, "14"),
        ("Mirabel", MIRABEL, "15"),
        ("St-Jerome", SAINT_JEROME, "15"),
        ("saint jérôme", SAINT_JEROME, "15"),
        ("Gaspe", GASPE, "11"),
        ("montreal", MONTREAL, "06"),
        ("L'Assomption", "60028", "14"),
        ("l assomption", "60028", "14"),
        ("Ste-Julie", "59010", "16"),
    ],
)
def test_by_name_forgives_case_accents_hyphens_and_saint(geo: Geography, typed: str, code: str, region: str) -> None:
    m = geo.by_name(typed)
    assert (m.code, m.region_code) == (code, region)
    assert geo.resolve(typed) == m
    assert geo.resolve(code) == m


def test_the_58_shared_names_are_ambiguous_with_their_candidates(geo: Geography) -> None:
    names = Counter(m.name for m in geo.municipalities.values())
    shared = [name for name, count in names.items() if count > 1]
    assert len(shared) == 58
    for name in shared:
        with pytest.raises(AmbiguousMunicipalityError) as caught:
            geo.by_name(name)
        assert len(caught.value.candidates) == names[name]
    with pytest.raises(AmbiguousMunicipalityError) as caught:
        geo.resolve("bedford")
    assert caught.value.candidates == (
        "Bedford (46035, Ville, région 05 Estrie)",
        "Bedford (46040, Canton, région 05 Estrie)",
    )
    assert "46035" in str(caught.value)


def test_unknown_name_and_code_raise(geo: Geography) -> None:
    with pytest.raises(UnknownMunicipalityError):
        geo.by_name("Springfield")
    with pytest.raises(UnknownMunicipalityError):
        geo.resolve("99999")
    with pytest.raises(InvalidInputError):
        geo.region("18")


def test_search_by_prefix_lists_most_populous_first(geo: Geography) -> None:
    found = geo.search("st-je", limit=3)
    assert [m.name for m in found] == ["Saint-Jean-sur-Richelieu", "Saint-Jérôme", "Saint-Jean-de-Matha"]
    assert geo.search("sague")[0].code == SAGUENAY
    assert geo.search("  ") == []
    assert {m.code for m in geo.search("Bedford")} == {"46035", "46040"}


@pytest.mark.parametrize(
    ("postal", "code", "region"),
    [
        ("G7H 5B8", SAGUENAY, "02"),
        ("g7h", SAGUENAY, "02"),
        ("H2X 1Y4", MONTREAL, "06"),
        ("G4X", GASPE, "11"),
        ("J6E", JOLIETTE, "14"),
        ("J7Z", SAINT_JEROME, "15"),
        ("H7A", LAVAL, "13"),
    ],
)
def test_postal_code_points_to_the_right_municipality(geo: Geography, postal: str, code: str, region: str) -> None:
    found = geo.locate_postal_code(postal)
    assert (found.municipality.code, found.municipality.region_code) == (code, region)
    assert found.fsa == postal.replace(" ", "").upper()[:3]
    assert found.distance_km < 15


@pytest.mark.parametrize("bad", ["", "123", "ZZZ", "K1A 0B1", "H0H 0H0"])
def test_malformed_or_foreign_postal_codes_are_refused(geo: Geography, bad: str) -> None:
    with pytest.raises(InvalidInputError):
        geo.locate_postal_code(bad)


def test_distances_between_real_places(geo: Geography) -> None:
    # Straight-line distances between city centres, within a few km of published figures.
    assert geo.distance_km("Montréal", "Québec") == pytest.approx(233, abs=8)
    assert geo.distance_km(SAGUENAY, "Québec") == pytest.approx(180, abs=10)
    assert geo.distance_km("Gaspé", "Laval") > 700
    assert geo.distance_km("Laval", "Laval") == 0.0
    assert geo.distance_km("Joliette", "Terrebonne") == pytest.approx(geo.distance_km("Terrebonne", "Joliette"))


def test_haversine_known_value() -> None:
    # One degree of latitude is about 111.2 km.
    assert haversine_km(45.0, -73.0, 46.0, -73.0) == pytest.approx(111.2, abs=0.2)


def test_normalise_name() -> None:
    assert normalise_name("Sainte-Anne-des-Plaines") == normalise_name("STE ANNE DES PLAINES")
    assert normalise_name("L’Île-Perrot") == "l ile perrot"


def test_package_data_is_an_exact_copy_of_the_reference(shared_data: Path) -> None:
    for name in (
        "regions.csv",
        "municipalities.csv",
        "fsa_centroids.csv",
        "places.csv",
        "labour_diagnostics_2024_2028.csv",
    ):
        assert filecmp.cmp(data_dir() / name, shared_data / "quebec" / name, shallow=False), name
    assert (data_dir() / "SOURCES.md").is_file()


def test_municipalities_of_a_region(geo: Geography) -> None:
    laval = geo.in_region("13")
    assert [m.code for m in laval] == [LAVAL]
    assert len(geo.in_region("06")) == 16
    assert sum(len(geo.in_region(code)) for code in geo.regions) == 1281


def test_a_town_hall_postal_code_points_to_its_municipality(geo: Geography) -> None:
    found = geo.locate_postal_code("J0E 1B0")
    assert (found.municipality.name, found.method) == ("Abercorn", "townhall_code")


def test_postal_area_alone_finds_the_right_region_for_most_town_halls(geo: Geography) -> None:
    # Only the first three characters: rural areas span several municipalities (and sometimes regions).
    located = [
        (m, geo.locate_postal_code(m.townhall_postal_code[:3]))
        for m in geo.municipalities.values()
        if m.townhall_postal_code
        and m.townhall_postal_code[:3] not in {"J5N", "G3S"}  # two town halls in areas newer than 2011
    ]
    right_region = sum(found.municipality.region_code == m.region_code for m, found in located) / len(located)
    assert len(located) == 1123
    assert right_region >= 0.80  # measured 0.84
