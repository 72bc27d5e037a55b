"""Generate the demo vacancies and candidates from the real NOC 2021 and Québec reference data.

Run ``passerelle demo generate`` (reads ``../shared/data`` by default) to rebuild ``api/demo/data/*.jsonl``.
The draw is seeded, so the same reference data gives the same files.
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from unidecode import unidecode

from api.demo.catalogue import CATALOGUE, DemoOccupation

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"

FRENCH = ["NONE", "A1", "A2", "B1", "B2", "C1", "C2"]
EDUCATION_WORDS = {
    "SECONDARY": ("diplôme d'études secondaires", "high school diploma", "bachillerato"),
    "VOCATIONAL": ("diplôme d'études professionnelles (DEP)", "trade diploma", "carrera técnica"),
    "COLLEGE": ("diplôme d'études collégiales (DEC)", "college diploma", "técnico superior universitario"),
    "BACHELOR": ("baccalauréat", "bachelor's degree", "licenciatura"),
}
COUNTRIES = {
    "es": [("MX", "Mexique"), ("GT", "Guatemala"), ("CO", "Colombie"), ("HN", "Honduras")],
    "fr": [
        ("FR", "France"),
        ("BE", "Belgique"),
        ("TN", "Tunisie"),
        ("MA", "Maroc"),
        ("CM", "Cameroun"),
        ("SN", "Sénégal"),
    ],
    "en": [("PH", "Philippines"), ("IN", "India"), ("NG", "Nigeria"), ("GB", "United Kingdom")],
}
FIRST = [
    "Ana",
    "Luis",
    "María",
    "José",
    "Camille",
    "Karim",
    "Fatou",
    "Julien",
    "Priya",
    "Grace",
    "Tunde",
    "Lucía",
    "Carlos",
    "Amira",
    "Yann",
    "Rosa",
    "Diego",
    "Aïcha",
    "Noah",
    "Mei",
]
LAST = [
    "García",
    "López",
    "Martin",
    "Diallo",
    "Ndiaye",
    "Santos",
    "Reyes",
    "Benali",
    "Okafor",
    "Sharma",
    "Dubois",
    "Hernández",
    "Mensah",
    "Cruz",
    "Lefebvre",
    "Ramírez",
    "Traoré",
    "Silva",
    "Moreau",
    "Pérez",
]


@dataclass(frozen=True)
class Reference:
    """What the generator reads from the reference folder."""

    titles: dict[tuple[str, str], list[str]]  # (code, lang) -> example titles
    duties: dict[str, list[str]]  # code -> English main duties
    official: dict[str, tuple[str, str]]  # code -> (title_en, title_fr)
    municipalities: list[dict[str, str]]


def load_reference(shared: Path) -> Reference:
    """Read the NOC example titles, duties and titles, and the municipalities.

    Args:
        shared: the ``shared/data`` folder.

    Returns:
        The parts of the reference data the demo uses.
    """
    wanted = {o.code for o in CATALOGUE}
    titles: dict[tuple[str, str], list[str]] = defaultdict(list)
    with (shared / "noc2021" / "example_titles.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["code"] in wanted:
                titles[(row["code"], row["lang"])].append(row["title"])
    duties: dict[str, list[str]] = {}
    with (shared / "noc2021" / "profiles_en.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["noc_code"] in wanted:
                duties[row["noc_code"]] = [d.strip().rstrip(".") for d in row["main_duties"].split("|") if d.strip()]
    official: dict[str, tuple[str, str]] = {}
    with (shared / "noc2021" / "unit_groups.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            official[row["code"]] = (row["title_en"], row["title_fr"])
    with (shared / "quebec" / "municipalities.csv").open(encoding="utf-8") as f:
        municipalities = [r for r in csv.DictReader(f) if int(r["population"] or 0) >= 300]
    missing = wanted - set(official)
    if missing:
        raise ValueError(f"demo catalogue codes not in NOC 2021: {sorted(missing)}")
    return Reference(dict(titles), duties, official, municipalities)


def _title(ref: Reference, occ: DemoOccupation, lang: str, rnd: random.Random) -> str:
    if lang == "es":
        return occ.title_es
    pool = ref.titles.get((occ.code, lang)) or [ref.official[occ.code][0 if lang == "en" else 1]]
    return rnd.choice(pool)


def _vacancy(i: int, ref: Reference, rnd: random.Random, today: date) -> dict[str, Any]:
    occ = rnd.choice(CATALOGUE)
    weights = [int(m["population"]) ** 0.5 for m in ref.municipalities]
    town = rnd.choices(ref.municipalities, weights=weights)[0]
    lang = "fr" if rnd.random() < 0.85 else "en"
    title = _title(ref, occ, lang, rnd)
    years = rnd.choice([0, 1, 2, 3, 5])
    french = rnd.choice(["A2", "B1", "B1", "B2", "C1"])
    wage = round(rnd.uniform(17.5, 42.0), 2)
    positions = rnd.choice([1, 1, 1, 2, 3, 5])
    skills = ", ".join(rnd.sample(occ.skills_fr if lang == "fr" else occ.skills_en, 2))
    employer = f"{occ.sector} {town['name']} inc."
    if lang == "fr":
        description = (
            f"{employer} recrute : {title.lower()} à {town['name']} ({town['region_name']}). "
            f"Tâches principales : {skills}. Exigences : {years} an(s) d'expérience, français {french}. "
            f"Salaire {wage:.2f} $/h, {positions} poste(s), temps plein."
        )
    else:
        duties = "; ".join(d.lower() for d in rnd.sample(ref.duties.get(occ.code, [skills]), 2))
        description = (
            f"{employer} is hiring: {title.lower()} in {town['name']} ({town['region_name']}). "
            f"Duties: {skills}; {duties}. Requirements: {years} year(s) of experience, French {french}. "
            f"Wage ${wage:.2f}/h, {positions} position(s), full time."
        )
    return {
        "ref": f"V{i:04d}",
        "employer": employer,
        "title": title,
        "description": description,
        "language": lang,
        "municipality_code": town["geo_code"],
        "occupation_codes": [occ.code],
        "positions": positions,
        "wage_hourly": wage,
        "french_required": french,
        "experience_required": years,
        "education_required": rnd.choice(["NONE", "SECONDARY", "VOCATIONAL"]),
        "start_date": (today + timedelta(days=rnd.randint(30, 240))).isoformat(),
    }


def _resume(ref: Reference, occ: DemoOccupation, lang: str, facts: dict[str, Any], rnd: random.Random) -> str:
    title = _title(ref, occ, lang, rnd)
    years, french, edu = facts["years_experience"], facts["french"], facts["education"]
    fr_edu, en_edu, es_edu = EDUCATION_WORDS.get(edu, EDUCATION_WORDS["SECONDARY"])
    if lang == "fr":
        return (
            f"{title}. {years} an(s) d'expérience. Compétences : {', '.join(occ.skills_fr)}. "
            f"Formation : {fr_edu}. Langues : français {french}. Prêt(e) à m'installer en région au Québec."
        )
    if lang == "es":
        return (
            f"{title}. {years} años de experiencia. Funciones: {', '.join(occ.skills_es)}. "
            f"Estudios: {es_edu}. Idiomas: español nativo, francés {french}. "
            "Disponible para trabajar en Quebec con permiso de trabajo temporal."
        )
    duties = "; ".join(d.lower() for d in rnd.sample(ref.duties.get(occ.code, list(occ.skills_en)), 3))
    return (
        f"{title}. {years} years of experience. Duties: {duties}. Skills: {', '.join(occ.skills_en)}. "
        f"Education: {en_edu}. Languages: English, French {french}."
    )


def _candidate(i: int, ref: Reference, rnd: random.Random, today: date) -> dict[str, Any]:
    occ = rnd.choice(CATALOGUE)
    lang = rnd.choices(["fr", "en", "es"], weights=[35, 30, 35])[0]
    country, _ = rnd.choice(COUNTRIES[lang])
    name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
    french_floor = 3 if lang == "fr" else 1
    facts = {
        "years_experience": rnd.choice([1, 2, 3, 4, 6, 8, 12]),
        "french": FRENCH[rnd.randint(french_floor, 6 if lang == "fr" else 4)],
        "education": rnd.choice(list(EDUCATION_WORDS)),
    }
    regions = sorted(rnd.sample([f"{r:02d}" for r in range(1, 18)], rnd.randint(1, 4)))
    open_all = rnd.random() < 0.25
    status = "temporary_worker" if lang == "es" or rnd.random() < 0.3 else "selected_quebec"
    return {
        "ref": f"C{i:04d}",
        "name": name,
        "email": f"{unidecode(name).lower().replace(' ', '.')}.{i}@example.org",
        "text": _resume(ref, occ, lang, facts, rnd),
        "language": lang,
        "occupation_codes": [occ.code],
        **facts,
        "regions_open": [] if open_all else regions,
        "open_to_all_regions": open_all,
        "country": country,
        "status": status,
        "available_from": (today + timedelta(days=rnd.randint(0, 200))).isoformat(),
    }


def generate(
    shared: Path = DEFAULT_SHARED, *, vacancies: int = 300, candidates: int = 400, seed: int = 2026
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Draw the demo records.

    Args:
        shared: the reference ``shared/data`` folder.
        vacancies: how many vacancies.
        candidates: how many candidates.
        seed: random seed.

    Returns:
        The vacancy and candidate records, ready to write as JSON lines.
    """
    ref = load_reference(shared)
    rnd = random.Random(seed)
    today = date(2026, 11, 22)
    return (
        [_vacancy(i, ref, rnd, today) for i in range(1, vacancies + 1)],
        [_candidate(i, ref, rnd, today) for i in range(1, candidates + 1)],
    )


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_demo(shared: Path = DEFAULT_SHARED, out: Path = DATA_DIR) -> tuple[int, int]:
    """Generate and write ``vacancies.jsonl``, ``candidates.jsonl`` and ``outcomes.jsonl``; return the first sizes."""
    from api.demo.outcomes import generate_outcomes

    vacancies, candidates = generate(shared)
    write_jsonl(out / "vacancies.jsonl", vacancies)
    write_jsonl(out / "candidates.jsonl", candidates)
    write_jsonl(out / "outcomes.jsonl", generate_outcomes(vacancies, candidates))
    return len(vacancies), len(candidates)
