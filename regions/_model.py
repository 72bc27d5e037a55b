"""The place records of Québec's geography: regions, municipalities, postal locations (built by
``regions.geography``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    """An administrative region of Québec ("01".."17")."""

    code: str
    name: str
    population: int


@dataclass(frozen=True, slots=True)
class Municipality:
    """A municipal entity of the MAMH directory, with the point used for distances.

    ``coord_source`` says how the point was obtained: "place", "townhall_fsa", "mrc_mean" or "region_mean".
    """

    code: str
    name: str
    designation: str
    region_code: str
    region_name: str
    mrc_code: str
    mrc_name: str
    cm_code: str
    cm_name: str
    in_cmm: bool
    population: int
    area_km2: float
    townhall_postal_code: str
    latitude: float
    longitude: float
    coord_source: str

    @property
    def label(self) -> str:
        """Name, code and region, enough to tell homonyms apart."""
        return f"{self.name} ({self.code}, {self.designation}, région {self.region_code} {self.region_name})"


@dataclass(frozen=True, slots=True)
class PostalLocation:
    """Where a postal code points to: its FSA centroid and the municipality chosen for it.

    ``method`` says how it was chosen, from the most to the least reliable:

    - "townhall_code": the full postal code is a town hall's (rural codes often serve a whole municipality);
    - "fsa_name": a municipality whose town hall is in the FSA and whose name is the FSA's name;
    - "townhall": the municipality with its town hall in the FSA nearest to the centroid;
    - "district": no town hall in the FSA; the nearest municipality whose town hall is in the same postal
      district (first two characters, e.g. "H7" for Laval), if within 25 km;
    - "nearest": the nearest municipality anywhere.

    "Nearest" measures to the edge of a disc of the municipality's area (radius capped at 12 km).
    """

    fsa: str
    fsa_name: str
    latitude: float
    longitude: float
    municipality: Municipality
    distance_km: float
    method: str
