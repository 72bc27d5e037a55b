"""A seeded population of vacancies and candidates drawn from the real reference data, for impact runs
when no demo data is at hand (and for tests). Occupations, titles, municipalities and populations are real;
the people and offers are invented."""

from __future__ import annotations

import random
from dataclasses import dataclass

from matching.models import Candidate, FrenchLevel, OccupationCode, Vacancy
from regions.diagnostics import Diagnostic, Diagnostics
from regions.geography import Geography

METRO_REGIONS = ("06", "13", "16")


@dataclass(frozen=True)
class Population:
    """Invented vacancies and candidates over real codes and places."""

    vacancies: list[Vacancy]
    candidates: list[Candidate]


def _code_pool(diagnostics: Diagnostics, rnd: random.Random, size: int) -> list[str]:
    urgent = diagnostics.codes_with(Diagnostic.DEFICIT)
    other = diagnostics.codes_with(Diagnostic.SLIGHT_DEFICIT, Diagnostic.BALANCE)
    half = size // 2
    return rnd.sample(urgent, min(half, len(urgent))) + rnd.sample(other, size - min(half, len(urgent)))


def _regions_open(rnd: random.Random, region_codes: list[str]) -> tuple[frozenset[str], bool]:
    draw = rnd.random()
    if draw < 0.2:
        return frozenset(), True
    if draw < 0.6:
        return frozenset(rnd.sample(METRO_REGIONS, rnd.randint(1, 2))), False
    return frozenset(rnd.sample(region_codes, rnd.randint(1, 3))), False


def synthetic_population(
    geography: Geography, diagnostics: Diagnostics, *, vacancies: int = 100, candidates: int = 400, seed: int = 7
) -> Population:
    """Draw a population: vacancies in municipalities weighted by population, candidates mostly open to the
    Montréal area (as most newcomers settle there), occupations half from 'Déficit' codes.

    Args:
        geography: where vacancies are.
        diagnostics: where occupation codes and titles come from.
        vacancies: how many vacancies.
        candidates: how many candidates.
        seed: the random seed (same seed, same population).

    Returns:
        The population; ids start at 1 on each side.
    """
    rnd = random.Random(seed)
    pool = _code_pool(diagnostics, rnd, 40)
    places = sorted(geography.municipalities.values(), key=lambda m: m.code)
    weights = [max(m.population, 1) for m in places]
    region_codes = sorted(geography.regions)
    out_v = []
    for i, place in enumerate(rnd.choices(places, weights=weights, k=vacancies), start=1):
        row = diagnostics.get(rnd.choice(pool))
        out_v.append(
            Vacancy(
                id=i,
                title=row.title_fr,
                description=f"{row.title_fr} recherché(e) à {place.name}.",
                municipality_code=place.code,
                region_code=place.region_code,
                occupations=(OccupationCode(row.code),),
                experience_required=float(rnd.randint(0, 3)),
                french_required=FrenchLevel(rnd.randint(0, 4)),
            )
        )
    out_c = []
    for i in range(1, candidates + 1):
        row = diagnostics.get(rnd.choice(pool))
        regions, everywhere = _regions_open(rnd, region_codes)
        english = rnd.random() < 0.4
        out_c.append(
            Candidate(
                id=i,
                text=f"{row.title_en if english else row.title_fr}, {rnd.randint(1, 12)} years.",
                language="en" if english else "fr",
                occupations=(OccupationCode(row.code),),
                years_experience=float(rnd.randint(0, 12)),
                french=FrenchLevel(rnd.randint(0, 6)),
                regions_open=regions,
                open_to_all_regions=everywhere,
            )
        )
    return Population(out_v, out_c)
