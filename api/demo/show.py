"""Print explained shortlists for a few demo vacancies: the quickest way to see the engine work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from matching import Candidate, MatchingService, Vacancy, explain
from matching.explain import Lang

Echo = Callable[[str], None]


def print_shortlists(
    service: MatchingService,
    vacancies: Sequence[Vacancy],
    candidates: Sequence[Candidate],
    *,
    k: int = 5,
    lang: Lang = "fr",
    on: date | None = None,
    echo: Echo = print,
    place_of: Callable[[Vacancy], str] | None = None,
) -> None:
    """Print the top-k candidates of each vacancy with every dimension and rule contribution.

    Args:
        service: a service whose candidate index holds ``candidates``.
        vacancies: the vacancies to show.
        candidates: the candidate pool (to describe each match).
        k: candidates per vacancy.
        lang: "fr" or "en".
        on: the date whose rule set applies.
        echo: where lines go.
        place_of: how to name a vacancy's place (its municipality code by default).
    """
    by_id = {c.id: c for c in candidates}
    for vacancy in vacancies:
        codes = ", ".join(o.code for o in vacancy.occupations) or "-"
        echo("")
        place = place_of(vacancy) if place_of else vacancy.municipality_code
        region_word, code_word = ("région", "CNP") if lang == "fr" else ("region", "NOC")
        echo(f"== {vacancy.title} | {place} ({region_word} {vacancy.region_code}) | {code_word} {codes}")
        shortlist = service.shortlist(vacancy, k=k, on=on)
        for match in shortlist.matches:
            person = by_id.get(match.candidate_id)
            who = f"{'candidat·e' if lang == 'fr' else 'candidate'} #{match.candidate_id}"
            if person is not None:
                occ = ", ".join(o.code for o in person.occupations) or "-"
                who += f" [{person.language}, {person.country}, {code_word} {occ}]"
            echo(f"  {who}")
            for line in explain(match, lang).splitlines():
                echo(f"    {line}")
