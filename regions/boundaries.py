"""Named boundaries of "the Montréal area", used to decide whether a vacancy is "in the regions".

The test is made per municipality: the CMM covers all of Montréal (06) and Laval (13) but only parts of
Lanaudière (14), Laurentides (15) and Montérégie (16).
"""

from __future__ import annotations

from enum import StrEnum

from matching.errors import InvalidInputError
from regions.geography import Geography, Municipality, load_geography

MONTREAL_LAVAL_REGIONS = frozenset({"06", "13"})
CMM_PARTIAL_REGIONS = frozenset({"14", "15", "16"})


class Boundary(StrEnum):
    """Which municipalities count as the Montréal area (inside) rather than the regions (outside)."""

    CMM = "cmm"
    """The 82 municipalities of the Communauté métropolitaine de Montréal (PSTQ 2025 "hors CMM")."""
    MONTREAL_LAVAL = "montreal_laval"
    """Administrative regions 06 Montréal and 13 Laval (PSTQ 2026 "hors Montréal et Laval")."""


BOUNDARY_LABELS: dict[Boundary, tuple[str, str]] = {
    Boundary.CMM: ("la Communauté métropolitaine de Montréal (CMM)", "the Montréal Metropolitan Community (CMM)"),
    Boundary.MONTREAL_LAVAL: ("Montréal et Laval", "Montréal and Laval"),
}


def parse_boundary(value: str | Boundary) -> Boundary:
    """The boundary named ``value``; :class:`InvalidInputError` listing the known names otherwise."""
    try:
        return Boundary(value)
    except ValueError:
        known = ", ".join(b.value for b in Boundary)
        raise InvalidInputError(f"unknown boundary {value!r}: expected one of {known}") from None


def is_inside(municipality: Municipality, boundary: Boundary | str) -> bool:
    """Whether a municipality lies inside the boundary (the Montréal area)."""
    if parse_boundary(boundary) is Boundary.CMM:
        return municipality.in_cmm
    return municipality.region_code in MONTREAL_LAVAL_REGIONS


def is_outside(municipality_code: str, boundary: Boundary | str, geography: Geography | None = None) -> bool:
    """Whether the municipality with this geo code lies outside the boundary, i.e. "in the regions".

    Args:
        municipality_code: 5-digit geographic code.
        boundary: "cmm" or "montreal_laval".
        geography: the geography to use (the package's by default).

    Returns:
        True outside the boundary.

    Raises:
        UnknownMunicipalityError: no municipality has that code.
    """
    municipality = (geography or load_geography()).by_code(municipality_code)
    return not is_inside(municipality, boundary)


def region_is_outside(region_code: str, boundary: Boundary | str) -> bool | None:
    """The answer from the region alone, or None when the boundary cuts through the region.

    Args:
        region_code: "01".."17".
        boundary: the boundary.

    Returns:
        True / False when every municipality of the region is outside / inside; None when it depends on
        the municipality (regions 14, 15, 16 with the CMM boundary).
    """
    if region_code in MONTREAL_LAVAL_REGIONS:
        return False
    if parse_boundary(boundary) is Boundary.CMM and region_code in CMM_PARTIAL_REGIONS:
        return None
    return True
