"""Pure computations behind the indicators and fairness views (no SQL, no HTTP).

Indicators by region, from Québec's 2008 plan (PRODUCT.md):

- ``candidates``: candidate files open to the region (listed in ``regions_open`` or open to all regions).
- ``vacancies_open``: vacancies of the region whose status is ``open``.
- ``offers_received_abroad`` (measure 4.3): distinct candidates holding an accepted invitation for a vacancy
  of the region. Every file on the platform belongs to a candidate abroad (that is who registers), so an
  accepted invitation is a job offer received while abroad.
- ``fast_track_files`` (measure 4.4): distinct candidates holding an accepted invitation, for a vacancy of the
  region, on a match that was fast-track eligible when the invitation was sent (urgent occupation shared by
  the vacancy and the candidate).
- ``vacancies_filled`` (measure 4.1): vacancies of the region located outside the Montréal boundary of the
  rule set in force whose accepted invitations reach their number of positions, or that were closed with at
  least one accepted invitation.

Totals count distinct candidates across the listed regions (a candidate open to two regions counts once), and
sum the vacancy counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VacancyFacts:
    """What the indicators need of a vacancy."""

    id: int
    region_code: str
    status: str
    positions: int
    outside_boundary: bool


@dataclass(frozen=True, slots=True)
class AcceptedOffer:
    """An accepted invitation: a job offer the candidate took up."""

    vacancy_id: int
    candidate_id: int
    fast_track: bool


@dataclass(frozen=True, slots=True)
class RegionIndicators:
    """One row of the indicators table."""

    region_code: str
    region_name: str
    candidates: int
    vacancies_open: int
    offers_received_abroad: int
    fast_track_files: int
    vacancies_filled: int


def is_filled(vacancy: VacancyFacts, accepted: int) -> bool:
    """Whether a vacancy counts as filled in the regions.

    Args:
        vacancy: the vacancy.
        accepted: how many of its invitations were accepted.

    Returns:
        True when it lies outside the boundary and its accepted invitations reach its positions, or it was
        closed with at least one accepted invitation.
    """
    if not vacancy.outside_boundary or accepted <= 0:
        return False
    return accepted >= max(vacancy.positions, 1) or vacancy.status == "closed"


def compute_indicators(
    regions: Sequence[tuple[str, str]],
    candidates_by_region: Mapping[str, int],
    vacancies: Iterable[VacancyFacts],
    accepted: Iterable[AcceptedOffer],
) -> list[RegionIndicators]:
    """The indicator rows of the given regions, in the given order.

    Args:
        regions: (code, name) of each region to report.
        candidates_by_region: candidate files open to each region.
        vacancies: the vacancies (others than the listed regions' are ignored).
        accepted: the accepted invitations.

    Returns:
        One row per region, zeros where nothing happened.
    """
    by_id = {v.id: v for v in vacancies}
    accepted_per_vacancy: Counter[int] = Counter()
    offered: dict[str, set[int]] = defaultdict(set)
    fast: dict[str, set[int]] = defaultdict(set)
    for offer in accepted:
        vacancy = by_id.get(offer.vacancy_id)
        if vacancy is None:
            continue
        accepted_per_vacancy[vacancy.id] += 1
        offered[vacancy.region_code].add(offer.candidate_id)
        if offer.fast_track:
            fast[vacancy.region_code].add(offer.candidate_id)
    open_count: Counter[str] = Counter(v.region_code for v in by_id.values() if v.status == "open")
    filled: Counter[str] = Counter(v.region_code for v in by_id.values() if is_filled(v, accepted_per_vacancy[v.id]))
    return [
        RegionIndicators(
            region_code=code,
            region_name=name,
            candidates=int(candidates_by_region.get(code, 0)),
            vacancies_open=open_count[code],
            offers_received_abroad=len(offered[code]),
            fast_track_files=len(fast[code]),
            vacancies_filled=filled[code],
        )
        for code, name in regions
    ]


def distinct_offer_totals(
    region_codes: Iterable[str], vacancies: Iterable[VacancyFacts], accepted: Iterable[AcceptedOffer]
) -> tuple[int, int]:
    """Distinct candidates with an accepted offer, and with a fast-track one, over several regions.

    Args:
        region_codes: the regions reported.
        vacancies: the vacancies.
        accepted: the accepted invitations.

    Returns:
        (offers_received_abroad, fast_track_files) counted once per candidate.
    """
    codes = set(region_codes)
    in_scope = {v.id for v in vacancies if v.region_code in codes}
    offered = {o.candidate_id for o in accepted if o.vacancy_id in in_scope}
    fast = {o.candidate_id for o in accepted if o.vacancy_id in in_scope and o.fast_track}
    return len(offered), len(fast)


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
