"""Québec geography: 17 administrative regions, 1,281 municipalities, postal-code areas and distances."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from matching.errors import AmbiguousMunicipalityError, InvalidInputError, UnknownMunicipalityError
from regions._coords import Point, fsa_points, haversine_km, municipality_points
from regions._data import data_dir, read_rows
from regions._model import Municipality as Municipality
from regions._model import PostalLocation as PostalLocation
from regions._model import Region as Region
from regions._text import normalise_name
from regions.place_search import FormerName, PlaceFinder, PlaceMatch, read_former_names

_GEO_CODE = re.compile(r"^\d{5}$")
_FSA = re.compile(r"^[A-Z]\d[A-Z]$")
_PRECISE = frozenset({"place", "townhall_fsa"})
MAX_RADIUS_KM = 12.0
DISTRICT_MAX_KM = 25.0


def _int(text: str) -> int:
    return int(float(text)) if text.strip() else 0


def _municipality(row: dict[str, str], regions: dict[str, Region], point: Point) -> Municipality:
    return Municipality(
        code=row["geo_code"],
        name=row["name"],
        designation=row["designation"],
        region_code=row["region_code"],
        region_name=regions[row["region_code"]].name,
        mrc_code=row["mrc_code"],
        mrc_name=row["mrc_name"],
        cm_code=row["cm_code"],
        cm_name=row["cm_name"],
        in_cmm=row["in_cmm"].strip().lower() == "true",
        population=_int(row["population"]),
        area_km2=float(row["area_km2"] or 0.0),
        townhall_postal_code=row["townhall_postal_code"].replace(" ", "").upper(),
        latitude=point.latitude,
        longitude=point.longitude,
        coord_source=point.source,
    )


_DIRECTIONS = re.compile(r"\s+(north|south|east|west|central|northeast|northwest|southeast|southwest)+$")


def _area_towns(fsa_name: str) -> set[str]:
    """Towns an FSA is named after, folded: "Saint-Jérôme Southeast" → {"saint jerome"};
    "Nunavik (Kuujjuaq)" → {"nunavik", "kuujjuaq"}."""
    inside = re.findall(r"\(([^)]*)\)", fsa_name)
    outside = re.sub(r"\s*\([^)]*\)", "", fsa_name)
    return {normalise_name(_DIRECTIONS.sub("", part)) for part in [outside, *inside]}


def _edge_km(lat: float, lon: float, m: Municipality) -> float:
    """Distance from a point to a municipality's edge, approximating it by a disc of its area (capped)."""
    radius = min(MAX_RADIUS_KM, math.sqrt(max(m.area_km2, 0.0) / math.pi))
    return max(0.0, haversine_km(lat, lon, m.latitude, m.longitude) - radius)


class Geography:
    """Look-ups over Québec's regions and municipalities. Build it once with :func:`load_geography`.

    Args:
        regions: the 17 regions.
        municipalities: every municipality.
        fsas: FSA → (name, latitude, longitude) of its centroid.
        former_names: former names, sectors and usual names of municipalities (see ``regions.place_search``).
    """

    def __init__(
        self,
        regions: Sequence[Region],
        municipalities: Sequence[Municipality],
        fsas: dict[str, tuple[str, float, float]],
        former_names: Sequence[FormerName] = (),
    ) -> None:
        self.regions: dict[str, Region] = {r.code: r for r in sorted(regions, key=lambda r: r.code)}
        self.municipalities: dict[str, Municipality] = {m.code: m for m in municipalities}
        self._fsas = fsas
        self._by_name: dict[str, list[Municipality]] = defaultdict(list)
        self._by_fsa: dict[str, list[Municipality]] = defaultdict(list)
        self._by_postal: dict[str, list[Municipality]] = defaultdict(list)
        for m in municipalities:
            self._by_name[normalise_name(m.name)].append(m)
            if m.townhall_postal_code:
                self._by_fsa[m.townhall_postal_code[:3]].append(m)
                self._by_postal[m.townhall_postal_code].append(m)
        self._sorted_names = sorted(self._by_name)
        self.places = PlaceFinder(self.municipalities, former_names, self.locate_postal_code)

    def region(self, code: str) -> Region:
        """The region with this code ("02" or "2"); :class:`InvalidInputError` when there is none."""
        found = self.regions.get(code.strip().zfill(2))
        if found is None:
            raise InvalidInputError(f"unknown Québec administrative region {code!r}: expected 01 to 17")
        return found

    def by_code(self, code: str) -> Municipality:
        """The municipality with this 5-digit geographic code; :class:`UnknownMunicipalityError` otherwise."""
        found = self.municipalities.get(code.strip())
        if found is None:
            raise UnknownMunicipalityError(code)
        return found

    def by_name(self, name: str) -> Municipality:
        """The municipality with this name, forgiving case, accents, hyphens, apostrophes and "St"/"Ste".

        Args:
            name: the name as typed.

        Returns:
            The only municipality bearing that name.

        Raises:
            UnknownMunicipalityError: no municipality has that name.
            AmbiguousMunicipalityError: several entities share it; the error lists them with their codes
                and regions so the caller can pass a code instead.
        """
        found = self._by_name.get(normalise_name(name), [])
        if not found:
            raise UnknownMunicipalityError(name)
        if len(found) > 1:
            raise AmbiguousMunicipalityError(name, [m.label for m in found])
        return found[0]

    def resolve(self, text: str) -> Municipality:
        """A municipality from a 5-digit geo code, a name (see :meth:`by_name`), a former name or sector
        ("Chicoutimi" → Saguenay) or a postal code; unknown names raise with close suggestions."""
        return self.places.find(text).municipality

    def find(self, text: str) -> PlaceMatch:
        """Like :meth:`resolve`, saying how the municipality was found (see ``regions.place_search``)."""
        return self.places.find(text)

    def search(self, prefix: str, limit: int = 10) -> list[Municipality]:
        """Municipalities whose folded name starts with the folded ``prefix``, most populous first.

        Args:
            prefix: what the user typed so far (at least one letter).
            limit: most results returned.

        Returns:
            Up to ``limit`` municipalities; homonyms are all listed.
        """
        key = normalise_name(prefix)
        if not key:
            return []
        found = [m for name in self._sorted_names if name.startswith(key) for m in self._by_name[name]]
        found.sort(key=lambda m: (-m.population, m.name, m.code))
        return found[:limit]

    def distance_km(self, a: str | Municipality, b: str | Municipality) -> float:
        """Great-circle distance in km between two municipalities (objects, codes or unambiguous names)."""
        ma = a if isinstance(a, Municipality) else self.resolve(a)
        mb = b if isinstance(b, Municipality) else self.resolve(b)
        return haversine_km(ma.latitude, ma.longitude, mb.latitude, mb.longitude)

    def locate_postal_code(self, postal_code: str) -> PostalLocation:
        """Map a Québec postal code to its area centroid and a municipality (method and limits in SOURCES.md).

        Args:
            postal_code: a full postal code ("G7H 5B8") or its first three characters ("G7H").

        Returns:
            The FSA centroid and the municipality chosen for it.

        Raises:
            InvalidInputError: malformed code, or an FSA that is not a Québec one.
        """
        full = postal_code.replace(" ", "").upper()
        fsa = full[:3]
        if not _FSA.match(fsa):
            raise InvalidInputError(f"malformed postal code {postal_code!r}: expected e.g. 'G7H 5B8' or 'G7H'")
        if fsa not in self._fsas:
            raise InvalidInputError(f"postal code area {fsa!r} is not a known Québec area")
        name, lat, lon = self._fsas[fsa]
        if name.lower().startswith("reserved"):
            raise InvalidInputError(f"postal code area {fsa!r} is reserved and covers no place")
        exact = self._by_postal.get(full, []) if len(full) == 6 else []
        if exact:
            best, method = max(exact, key=lambda m: (m.population, m.code)), "townhall_code"
        else:
            best, method = self._choose(fsa, name, lat, lon)
        distance = haversine_km(lat, lon, best.latitude, best.longitude)
        return PostalLocation(fsa, name, lat, lon, best, distance, method)

    def _choose(self, fsa: str, fsa_name: str, lat: float, lon: float) -> tuple[Municipality, str]:
        local = self._by_fsa.get(fsa, [])
        towns = _area_towns(fsa_name)
        named = [m for m in local if normalise_name(m.name) in towns]
        if named:
            return max(named, key=lambda m: (m.population, m.code)), "fsa_name"
        located = [m for m in local if m.coord_source == "place"] or local
        if located:
            return min(located, key=lambda m: (_edge_km(lat, lon, m), m.code)), "townhall"
        precise = [m for m in self.municipalities.values() if m.coord_source in _PRECISE]
        district = [m for m in precise if m.townhall_postal_code[:2] == fsa[:2]]
        if district:
            best = min(district, key=lambda m: (_edge_km(lat, lon, m), m.code))
            if _edge_km(lat, lon, best) <= DISTRICT_MAX_KM:
                return best, "district"
        return min(precise, key=lambda m: (_edge_km(lat, lon, m), m.code)), "nearest"

    def in_region(self, region_code: str) -> list[Municipality]:
        """Municipalities of one region, by name."""
        code = self.region(region_code).code
        return sorted((m for m in self.municipalities.values() if m.region_code == code), key=lambda m: m.name)


def build_geography(folder: Path | None = None) -> Geography:
    """Read the reference files and build a :class:`Geography` (prefer the cached :func:`load_geography`).

    Args:
        folder: a folder with the same files as the package's ``data/`` (tests); the package data by default.

    Returns:
        The geography.
    """
    regions = [
        Region(r["region_code"], r["region_name"], _int(r["population"])) for r in read_rows("regions.csv", folder)
    ]
    by_code = {r.code: r for r in regions}
    rows = read_rows("municipalities.csv", folder)
    fsa_rows = read_rows("fsa_centroids.csv", folder)
    points = municipality_points(rows, read_rows("places.csv", folder), fsa_points(fsa_rows))
    municipalities = [_municipality(r, by_code, points[r["geo_code"]]) for r in rows]
    fsas = {r["fsa"].upper(): (r["city"], float(r["latitude"]), float(r["longitude"])) for r in fsa_rows}
    former = read_former_names(folder) if ((folder or data_dir()) / "former_names.csv").is_file() else []
    return Geography(regions, municipalities, fsas, former)


@cache
def load_geography() -> Geography:
    """The geography built from the package data, loaded once per process."""
    return build_geography()
