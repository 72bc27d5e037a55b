"""Pure computations behind the indicators and fairness views (no SQL, no HTTP).

Indicators by region, from Québec's 2008 plan (PRODUCT.md); an accepted invitation to talk is not a job offer,
and a job offer is not a hire, so these count job offers and hires (the monthly view is in
:mod:`api.routes.outcome_metrics`):

- ``candidates``: candidate files open to the region (listed in ``regions_open`` or open to all regions).
- ``vacancies_open``: vacancies of the region whose status is ``open``.
- ``offers_received_abroad`` (measure 4.3): distinct candidates who received a job offer for a vacancy of
  the region while still abroad (before their recorded arrival in Québec, or with none recorded).
- ``fast_track_files`` (measure 4.4): distinct candidates who accepted a job offer, for a vacancy of the
  region, on a match that was fast-track eligible when the invitation was sent (a priority file).
- ``hires``: job offers of the region that became hires.
- ``vacancies_filled`` (measure 4.1): vacancies of the region located outside the Montréal boundary of the
  rule set in force whose hires reach their number of positions.

Totals count distinct candidates across the listed regions (a candidate open to two regions counts once), and
sum the vacancy counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from api.routes.outcome_metrics import ArrivalFact, OfferFact, abroad_when_offered

PRIORITY_STATUSES = frozenset({"accepted", "hired"})


@dataclass(frozen=True, slots=True)
class VacancyFacts:
    """What the indicators need of a vacancy."""

    id: int
    region_code: str
    status: str
    positions: int
    outside_boundary: bool


@dataclass(frozen=True, slots=True)
class RegionIndicators:
    """One row of the indicators table."""

    region_code: str
    region_name: str
    candidates: int
    vacancies_open: int
    offers_received_abroad: int
    fast_track_files: int
    hires: int
    vacancies_filled: int


def is_filled(vacancy: VacancyFacts, hired: int) -> bool:
    """Whether a vacancy counts as filled in the regions.

    Args:
        vacancy: the vacancy.
        hired: how many of its job offers became hires.

    Returns:
        True when it lies outside the boundary and its hires reach its positions.
    """
    return vacancy.outside_boundary and hired > 0 and hired >= max(vacancy.positions, 1)


def compute_indicators(
    regions: Sequence[tuple[str, str]],
    candidates_by_region: Mapping[str, int],
    vacancies: Iterable[VacancyFacts],
    offers: Iterable[OfferFact],
    arrivals: Iterable[ArrivalFact] = (),
) -> list[RegionIndicators]:
    """The indicator rows of the given regions, in the given order.

    Args:
        regions: (code, name) of each region to report.
        candidates_by_region: candidate files open to each region.
        vacancies: the vacancies (others than the listed regions' are ignored).
        offers: the job offers.
        arrivals: recorded arrivals (an offer after the arrival is not received abroad).

    Returns:
        One row per region, zeros where nothing happened.
    """
    by_id = {v.id: v for v in vacancies}
    arrived = {a.candidate_id: a for a in arrivals}
    hired: Counter[int] = Counter()
    abroad: dict[str, set[int]] = defaultdict(set)
    fast: dict[str, set[int]] = defaultdict(set)
    for offer in offers:
        vacancy = by_id.get(offer.vacancy_id)
        if vacancy is None:
            continue
        if abroad_when_offered(offer, arrived):
            abroad[vacancy.region_code].add(offer.candidate_id)
        if offer.fast_track and offer.status in PRIORITY_STATUSES:
            fast[vacancy.region_code].add(offer.candidate_id)
        hired[vacancy.id] += offer.status == "hired"
    open_count: Counter[str] = Counter(v.region_code for v in by_id.values() if v.status == "open")
    filled: Counter[str] = Counter(v.region_code for v in by_id.values() if is_filled(v, hired[v.id]))
    hires: Counter[str] = Counter()
    for vacancy_id, count in hired.items():
        hires[by_id[vacancy_id].region_code] += count
    return [
        RegionIndicators(
            region_code=code,
            region_name=name,
            candidates=int(candidates_by_region.get(code, 0)),
            vacancies_open=open_count[code],
            offers_received_abroad=len(abroad[code]),
            fast_track_files=len(fast[code]),
            hires=hires[code],
            vacancies_filled=filled[code],
        )
        for code, name in regions
    ]


def distinct_offer_totals(
    region_codes: Iterable[str],
    vacancies: Iterable[VacancyFacts],
    offers: Iterable[OfferFact],
    arrivals: Iterable[ArrivalFact] = (),
) -> tuple[int, int]:
    """Distinct candidates with a job offer received abroad, and with a priority file, over several regions.

    Args:
        region_codes: the regions reported.
        vacancies: the vacancies.
        offers: the job offers.
        arrivals: recorded arrivals.

    Returns:
        (offers_received_abroad, fast_track_files) counted once per candidate.
    """
    codes = set(region_codes)
    arrived = {a.candidate_id: a for a in arrivals}
    in_scope = [o for o in offers if o.vacancy_id in {v.id for v in vacancies if v.region_code in codes}]
    abroad = {o.candidate_id for o in in_scope if abroad_when_offered(o, arrived)}
    fast = {o.candidate_id for o in in_scope if o.fast_track and o.status in PRIORITY_STATUSES}
    return len(abroad), len(fast)


@dataclass(frozen=True, slots=True)
class ShareRow:
    """How present one value (a country, a status) is in the top-k against the whole pool."""

    value: str
    top_k_count: int
    top_k_share: float
    pool_count: int
    pool_share: float


UNKNOWN = "unknown"


def share_table(top_values: Sequence[str], pool_counts: Mapping[str, int]) -> list[ShareRow]:
    """Compare the make-up of a top-k with that of the pool.

    Args:
        top_values: the value (country, status…) of each candidate in the top-k.
        pool_counts: how many candidates of the whole pool carry each value.

    Returns:
        One row per value seen in either, most frequent in the pool first; blank values are ``"unknown"``.
        Shares are in [0, 1] and each column sums to 1 (or is all zeros when empty).
    """
    top = Counter(v.strip() or UNKNOWN for v in top_values)
    pool: Counter[str] = Counter()
    for value, count in pool_counts.items():
        pool[value.strip() or UNKNOWN] += int(count)
    top_total, pool_total = sum(top.values()), sum(pool.values())
    values = sorted(set(top) | set(pool), key=lambda v: (-pool[v], -top[v], v))
    return [
        ShareRow(
            value=value,
            top_k_count=top[value],
            top_k_share=top[value] / top_total if top_total else 0.0,
            pool_count=pool[value],
            pool_share=pool[value] / pool_total if pool_total else 0.0,
        )
        for value in values
    ]
