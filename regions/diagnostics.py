"""Québec's 2024–2028 medium-term labour-market diagnosis per CNP 2021 unit group (province-wide)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from matching.errors import InvalidInputError, UnknownOccupationError
from regions._data import read_rows

DIAGNOSTICS_FILE = "labour_diagnostics_2024_2028.csv"


class Diagnostic(StrEnum):
    """The five values of the diagnosis, as published (French)."""

    DEFICIT = "Déficit"
    SLIGHT_DEFICIT = "Léger déficit"
    BALANCE = "Équilibre"
    SLIGHT_SURPLUS = "Léger surplus"
    NOT_PUBLISHED = "Non publié"


DIAGNOSTIC_EN: dict[Diagnostic, str] = {
    Diagnostic.DEFICIT: "shortage",
    Diagnostic.SLIGHT_DEFICIT: "slight shortage",
    Diagnostic.BALANCE: "balance",
    Diagnostic.SLIGHT_SURPLUS: "slight surplus",
    Diagnostic.NOT_PUBLISHED: "not published",
}


def parse_diagnostic(value: str) -> Diagnostic:
    """The diagnostic spelled ``value`` (exact French spelling); :class:`InvalidInputError` otherwise."""
    try:
        return Diagnostic(value)
    except ValueError:
        known = ", ".join(repr(d.value) for d in Diagnostic)
        raise InvalidInputError(f"unknown diagnostic {value!r}: expected one of {known}") from None


@dataclass(frozen=True, slots=True)
class OccupationDiagnostic:
    """One row of the diagnosis."""

    code: str
    title_fr: str
    title_en: str
    diagnostic: Diagnostic


class Diagnostics:
    """Look-ups over the diagnosis of the 516 CNP 2021 unit groups. Load it with :func:`load_diagnostics`.

    Args:
        rows: one entry per unit group.
    """

    def __init__(self, rows: Iterable[OccupationDiagnostic]) -> None:
        self._rows: dict[str, OccupationDiagnostic] = {r.code: r for r in rows}

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, code: object) -> bool:
        return code in self._rows

    def get(self, code: str) -> OccupationDiagnostic:
        """The diagnosis row of a 5-digit code; :class:`UnknownOccupationError` when there is none."""
        found = self._rows.get(code.strip())
        if found is None:
            raise UnknownOccupationError(code)
        return found

    def diagnostic(self, code: str) -> Diagnostic:
        """The diagnostic of a 5-digit code (raises :class:`UnknownOccupationError` for an unknown code)."""
        return self.get(code).diagnostic

    def is_urgent(self, code: str, urgent_levels: Iterable[Diagnostic | str]) -> bool:
        """Whether the occupation's diagnostic is one of ``urgent_levels``; False for an unknown code.

        Args:
            code: a CNP 2021 unit group.
            urgent_levels: the diagnostics counted as urgent, e.g. ``{"Déficit"}``.

        Returns:
            True when the code is known and its diagnostic is urgent.
        """
        found = self._rows.get(code.strip())
        levels = {parse_diagnostic(level) for level in urgent_levels}
        return found is not None and found.diagnostic in levels

    def codes_with(self, *levels: Diagnostic | str) -> list[str]:
        """Codes whose diagnostic is one of ``levels``, in code order."""
        wanted = {parse_diagnostic(level) for level in levels}
        return sorted(code for code, row in self._rows.items() if row.diagnostic in wanted)

    def counts(self) -> Mapping[Diagnostic, int]:
        """How many unit groups carry each diagnostic."""
        out = dict.fromkeys(Diagnostic, 0)
        for row in self._rows.values():
            out[row.diagnostic] += 1
        return out


def build_diagnostics(folder: Path | None = None) -> Diagnostics:
    """Read the diagnosis file (prefer the cached :func:`load_diagnostics`).

    Args:
        folder: a folder holding ``labour_diagnostics_2024_2028.csv``; the package data by default.

    Returns:
        The diagnostics.
    """
    rows = read_rows(DIAGNOSTICS_FILE, folder)
    return Diagnostics(
        OccupationDiagnostic(
            code=r["CNP 2021"].strip().zfill(5),
            title_fr=r["Titre de la profession (FR)"],
            title_en=r["Profession title (EN)"],
            diagnostic=parse_diagnostic(r["Diagnostic"].strip()),
        )
        for r in rows
    )


@cache
def load_diagnostics() -> Diagnostics:
    """The diagnosis from the package data, loaded once per process."""
    return build_diagnostics()


def is_urgent(code: str, urgent_levels: Iterable[Diagnostic | str] = (Diagnostic.DEFICIT,)) -> bool:
    """Module-level shortcut: :meth:`Diagnostics.is_urgent` on the package data."""
    return load_diagnostics().is_urgent(code, urgent_levels)
