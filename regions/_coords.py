"""One point per municipality, from GeoNames places, town-hall FSA centroids, or MRC/region means.

The method and its limits are described in ``regions/data/SOURCES.md``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from regions._text import normalise_name

EARTH_RADIUS_KM = 6371.0088
PLACE_MAX_KM = 150.0


class Point(NamedTuple):
    """A latitude/longitude in degrees and where it comes from."""

    latitude: float
    longitude: float
    source: str


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees.

    Args:
        lat1: latitude of the first point.
        lon1: longitude of the first point.
        lat2: latitude of the second point.
        lon2: longitude of the second point.

    Returns:
        The distance in km (mean Earth radius).
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def fsa_points(rows: Sequence[Mapping[str, str]]) -> dict[str, tuple[float, float]]:
    """FSA (upper case) → centroid, from the rows of fsa_centroids.csv."""
    return {r["fsa"].upper(): (float(r["latitude"]), float(r["longitude"])) for r in rows}


def _place_point(
    muni: Mapping[str, str],
    places: Mapping[str, list[tuple[float, float]]],
    fsas: Mapping[str, tuple[float, float]],
) -> Point | None:
    found = places.get(normalise_name(muni["name"]), [])
    anchor = fsas.get(muni["townhall_postal_code"][:3].upper())
    if not found or anchor is None:
        return None
    best = min(found, key=lambda p: haversine_km(p[0], p[1], anchor[0], anchor[1]))
    if haversine_km(best[0], best[1], anchor[0], anchor[1]) > PLACE_MAX_KM:
        return None
    return Point(best[0], best[1], "place")


def _mean(points: list[Point], source: str) -> Point | None:
    if not points:
        return None
    return Point(sum(p.latitude for p in points) / len(points), sum(p.longitude for p in points) / len(points), source)


def municipality_points(
    municipalities: Sequence[Mapping[str, str]],
    places: Sequence[Mapping[str, str]],
    fsas: Mapping[str, tuple[float, float]],
) -> dict[str, Point]:
    """A point for every municipality (keyed by geo code), by the first method that works.

    Args:
        municipalities: rows of municipalities.csv.
        places: rows of places.csv.
        fsas: FSA centroids from :func:`fsa_points`.

    Returns:
        geo code → point; every municipality whose region has at least one located municipality gets one.
    """
    by_name: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for p in places:
        by_name[normalise_name(p["name"])].append((float(p["latitude"]), float(p["longitude"])))
    points: dict[str, Point] = {}
    for m in municipalities:
        point = _place_point(m, by_name, fsas)
        if point is None and (fsa := fsas.get(m["townhall_postal_code"][:3].upper())) is not None:
            point = Point(fsa[0], fsa[1], "townhall_fsa")
        if point is not None:
            points[m["geo_code"]] = point
    for key, source in (("mrc_code", "mrc_mean"), ("region_code", "region_mean")):
        groups: dict[str, list[Point]] = defaultdict(list)
        for m in municipalities:
            if m["geo_code"] in points and m[key]:
                groups[m[key]].append(points[m["geo_code"]])
        for m in municipalities:
            if m["geo_code"] not in points and m[key] and (mean := _mean(groups[m[key]], source)):
                points[m["geo_code"]] = mean
    return points
