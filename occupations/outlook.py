"""National labour-market outlook per NOC 2021 unit group: ESDC's COPS 2024–2033 projections (for display)."""

from __future__ import annotations

from dataclasses import dataclass

from occupations._data import read_rows

OUTLOOK_FILE = "cops_outlook_2024_2033.csv"


@dataclass(frozen=True, slots=True)
class Outlook:
    """Canada-wide figures for one unit group. Conditions are "" (EN) or "N/D" (FR) when not assessed."""

    code: str
    employment_2023: int
    job_openings: int
    job_seekers: int
    recent_condition_en: str
    recent_condition_fr: str
    future_condition_en: str
    future_condition_fr: str

    def future_condition(self, language: str = "fr") -> str:
        """The projected 2024–2033 condition in French for ``"fr"``, in English otherwise."""
        return self.future_condition_fr if language == "fr" else self.future_condition_en


def _number(value: str) -> int:
    digits = value.replace(",", "").replace(" ", "")
    return int(digits) if digits.lstrip("-").isdigit() else 0


def load_outlooks() -> dict[str, Outlook]:
    """The COPS outlook of every 5-digit code in the packaged file (aggregate rows are skipped).

    Returns:
        Outlooks keyed by unit-group code.
    """
    table = {}
    for row in read_rows(OUTLOOK_FILE):
        code = row["Code"]
        if len(code) != 5 or not code.isdigit() or code == "00000":
            continue
        table[code] = Outlook(
            code=code,
            employment_2023=_number(row["Employment_emploi_2023"]),
            job_openings=_number(row["Total_Job_Openings_Perspective_d'emploi"]),
            job_seekers=_number(row["Job_Seekers_Chercheurs_emploi"]),
            recent_condition_en=row["Recent_Labour_Market_Conditions"],
            recent_condition_fr=row["Conditions_récentes_sur_le_marché_du_travail"],
            future_condition_en=row["Future_Labour_Market_Conditions"],
            future_condition_fr=row["Conditions_futures_sur_le_marché_du_travail"],
        )
    return table
