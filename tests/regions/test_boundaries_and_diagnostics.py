"""Boundaries of the Montréal area, and the 2024–2028 diagnosis on real codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from matching.errors import InvalidInputError, UnknownMunicipalityError, UnknownOccupationError
from regions import Boundary, Diagnostic, Diagnostics, Geography, is_outside, is_urgent, region_is_outside
from tests.regions.conftest import GASPE, JOLIETTE, LAVAL, MIRABEL, MONTREAL, SAGUENAY, SAINT_JEROME, TERREBONNE


@pytest.mark.parametrize(
    ("code", "outside_cmm", "outside_montreal_laval"),
    [
        (MONTREAL, False, False),
        (LAVAL, False, False),
        (TERREBONNE, False, True),
        (MIRABEL, False, True),
        (JOLIETTE, True, True),
        (SAINT_JEROME, True, True),
        (SAGUENAY, True, True),
        (GASPE, True, True),
    ],
)
def test_is_outside_is_a_municipality_level_test(code: str, outside_cmm: bool, outside_montreal_laval: bool) -> None:
    assert is_outside(code, "cmm") is outside_cmm
    assert is_outside(code, Boundary.MONTREAL_LAVAL) is outside_montreal_laval


def test_boundary_sizes(geo: Geography) -> None:
    inside_cmm = [m for m in geo.municipalities.values() if not is_outside(m.code, "cmm", geo)]
    assert len(inside_cmm) == 82
    assert {m.region_code for m in inside_cmm} == {"06", "13", "14", "15", "16"}
    assert all(m.in_cmm for m in geo.municipalities.values() if m.region_code in {"06", "13"})
    inside_ml = [m for m in geo.municipalities.values() if not is_outside(m.code, "montreal_laval", geo)]
    assert len(inside_ml) == 17  # 16 entities in Montréal, 1 in Laval


def test_region_alone_answers_only_where_the_boundary_does_not_cut() -> None:
    assert region_is_outside("02", "cmm") is True
    assert region_is_outside("13", "cmm") is False
    assert region_is_outside("14", "cmm") is None
    assert region_is_outside("14", "montreal_laval") is True


def test_unknown_boundary_or_municipality() -> None:
    with pytest.raises(InvalidInputError, match="cmm, montreal_laval"):
        is_outside(SAGUENAY, "rmm")
    with pytest.raises(UnknownMunicipalityError):
        is_outside("00000", "cmm")


def _first_code_with(shared_data: Path, diagnostic: str) -> str:
    with (shared_data / "quebec" / "labour_diagnostics_2024_2028.csv").open(encoding="utf-8") as f:
        return next(row["CNP 2021"] for row in csv.DictReader(f) if row["Diagnostic"] == diagnostic)


def test_counts_match_the_publication(diagnostics: Diagnostics) -> None:
    assert len(diagnostics) == 516
    assert diagnostics.counts() == {
        Diagnostic.DEFICIT: 56,
        Diagnostic.SLIGHT_DEFICIT: 207,
        Diagnostic.BALANCE: 170,
        Diagnostic.SLIGHT_SURPLUS: 6,
        Diagnostic.NOT_PUBLISHED: 77,
    }


def test_real_deficit_and_balance_codes(shared_data: Path, diagnostics: Diagnostics) -> None:
    deficit = _first_code_with(shared_data, "Déficit")
    balance = _first_code_with(shared_data, "Équilibre")
    assert diagnostics.diagnostic(deficit) is Diagnostic.DEFICIT
    assert diagnostics.diagnostic(balance) is Diagnostic.BALANCE
    assert is_urgent(deficit)
    assert not is_urgent(balance)
    assert not diagnostics.is_urgent(balance, ["Déficit", "Léger déficit"])
    assert diagnostics.get("72106").title_fr.startswith("Soudeurs")
    assert diagnostics.is_urgent("72106", {"Déficit"})


def test_slight_deficit_is_urgent_only_when_asked(diagnostics: Diagnostics) -> None:
    slight = diagnostics.codes_with("Léger déficit")[0]
    assert not diagnostics.is_urgent(slight, ["Déficit"])
    assert diagnostics.is_urgent(slight, ["Déficit", "Léger déficit"])


def test_unknown_code_and_diagnostic(diagnostics: Diagnostics) -> None:
    assert not diagnostics.is_urgent("99999", ["Déficit"])
    with pytest.raises(UnknownOccupationError):
        diagnostics.get("99999")
    with pytest.raises(InvalidInputError, match="Déficit"):
        diagnostics.is_urgent("72106", ["Deficit"])
