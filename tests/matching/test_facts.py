"""Facts read from French, English and Spanish résumé sentences."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from matching.facts import (
    _SUBSUMED_BY,
    FACTS_MAX_CHARS,
    SKILLS,
    Facts,
    _fold,
    education_level,
    extract_facts,
    french_level,
    literal_heads,
    skills,
    years_of_experience,
)
from matching.models import EducationLevel, FrenchLevel


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Soudeur-monteur, 5 ans d'expérience en atelier de fabrication.", 5.0),
        ("Plus de 12 années d’expérience comme infirmière en CHSLD.", 12.0),
        ("Cuisinier avec une expérience de 3 ans en restauration rapide.", 3.0),
        ("Cinq ans d'expérience en entretien ménager dans un hôtel.", 5.0),
        ("Welder with 7+ years of experience in structural steel.", 7.0),
        ("Over ten years' experience driving long-haul trucks.", 10.0),
        ("Work experience: 4 years in greenhouse production.", 4.0),
        ("Soldador con 8 años de experiencia en estructuras metálicas.", 8.0),
        ("Más de quince años de experiencia como mecánico automotriz.", 15.0),
        ("Experiencia de 2,5 años en atención al cliente.", 2.5),
        ("18 mois d'expérience comme préposé aux bénéficiaires.", 1.5),
        ("Six months of experience as a kitchen helper.", 0.5),
        ("Seventeen years experience in the information technology field.", 17.0),
        ("Dix-huit ans d'expérience en mécanique de véhicules lourds.", 18.0),
    ],
)
def test_years_of_experience_from_explicit_statements(text: str, years: float) -> None:
    assert years_of_experience(text) == pytest.approx(years)


def test_largest_explicit_statement_wins() -> None:
    text = "10 years of experience in construction, including 3 years of experience as a foreman."
    assert years_of_experience(text) == 10.0


def test_years_from_dated_ranges_when_nothing_explicit() -> None:
    text = "Aceros del Norte, Monterrey — 2012 - 2016\nTalleres Ruiz — 2015 a 2019\nSoldamex 2021 – presente"
    # a year alone stands for its middle: mid-2012..mid-2019 (7 years, the overlap once) + mid-2021..Dec 2026
    assert years_of_experience(text, current_year=2026) == 12.5
    assert years_of_experience("Emploi actuel : depuis 2020 à aujourd'hui", current_year=2026) == 6.5


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Soudeur, Métal Plus : mars 2018 - présent", 8.8),  # March 2018 .. December 2026, both months counted
        ("Soldador, Aceros MX: ene. 2019 – actual", 8.0),
        ("Cocinero, enero de 2015 a marzo de 2016", 1.2),
        ("Préposée, janvier 2019 – décembre 2019", 1.0),
        ("IT Specialist 07/2004 to Current", 22.5),
        ("Network administrator, April 2007 to December 2009\nIT manager, January 2009 to June 2010", 3.2),
        ("Chauffeur 2015–2020", 5.0),
        ("Ouvrier agricole 2010-2012, 2011 - 2014, 2013 à 2016", 6.0),
    ],
)
def test_years_from_month_ranges_merging_overlaps(text: str, years: float) -> None:
    assert years_of_experience(text, current_year=2026) == pytest.approx(years)


def test_a_range_in_the_future_or_backwards_is_not_experience() -> None:
    assert years_of_experience("Contrat 2030 - 2032", current_year=2026) is None
    assert years_of_experience("2019 - 2015", current_year=2026) is None


_month = st.integers(1, 12)
_span = st.tuples(st.integers(1990, 2024), _month, st.integers(0, 60))  # start year, start month, length in months


def _text_of(spans: list[tuple[int, int, int]]) -> tuple[str, list[tuple[int, int]]]:
    lines, intervals = [], []
    for year, month, length in spans:
        start = year * 12 + month - 1
        end = min(start + length, 2026 * 12 + 11)
        if end <= start:
            continue
        last = end - 1
        lines.append(f"Emploi {len(lines)} : {month:02d}/{year} - {last % 12 + 1:02d}/{last // 12}")
        intervals.append((start, end))
    return "\n".join(lines), intervals


@given(st.lists(_span, min_size=1, max_size=6))
def test_dated_ranges_count_each_month_once(spans: list[tuple[int, int, int]]) -> None:
    text, intervals = _text_of(spans)
    months = {m for start, end in intervals for m in range(start, end)}
    found = years_of_experience(text, current_year=2026)
    if not months:
        assert found is None
        return
    assert found == pytest.approx(round(len(months) / 12, 1))
    longest = max(end - start for start, end in intervals)
    assert longest / 12 - 0.05 <= found <= sum(end - start for start, end in intervals) / 12 + 0.05


@given(st.lists(_span, min_size=2, max_size=5))
def test_the_order_of_jobs_does_not_change_the_years(spans: list[tuple[int, int, int]]) -> None:
    text, _ = _text_of(spans)
    lines = text.splitlines()
    shuffled = list(reversed(lines))
    assert years_of_experience("\n".join(shuffled), current_year=2026) == years_of_experience(text, current_year=2026)


def test_no_experience_stated_is_none() -> None:
    assert years_of_experience("Je suis motivé et ponctuel. Né en 1990.") is None
    assert years_of_experience("Expérience variée en cuisine.") is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("DEP en soudage-montage, Centre de formation de Jonquière (2015)", EducationLevel.VOCATIONAL),
        ("Diplôme d'études collégiales (DEC) en soins infirmiers", EducationLevel.COLLEGE),
        ("AEC en comptabilité informatisée", EducationLevel.COLLEGE),
        ("Baccalauréat en génie civil, Université Laval", EducationLevel.BACHELOR),
        ("Baccalauréat général série S, lycée Victor Hugo", EducationLevel.SECONDARY),
        ("Maîtrise en administration des affaires (MBA)", EducationLevel.MASTER),
        ("Bachelor of Science in Nursing, University of Manila", EducationLevel.BACHELOR),
        ("High school diploma, 2010", EducationLevel.SECONDARY),
        ("BS degree: Electrical Engineering, University of Rochester", EducationLevel.BACHELOR),
        ("PhD in Chemistry and a Master's degree in Biology", EducationLevel.DOCTORATE),
        ("Licenciatura en Contaduría Pública, UNAM", EducationLevel.BACHELOR),
        ("Bachillerato terminado en 2014", EducationLevel.SECONDARY),
        ("Carrera técnica en electricidad, CONALEP Puebla", EducationLevel.VOCATIONAL),
        ("Maestría en ingeniería industrial", EducationLevel.MASTER),
        ("Técnico Superior Universitario en mantenimiento", EducationLevel.COLLEGE),
        ("Técnico en Soldadura Industrial", EducationLevel.VOCATIONAL),
        ("Técnica laboral en auxiliar de enfermería (SENA)", EducationLevel.VOCATIONAL),
        ("Ingeniero en sistemas computacionales", EducationLevel.BACHELOR),
        ("Licence en comptabilité, Université Cheikh Anta Diop", EducationLevel.BACHELOR),
        ("Brevet de technicien en électricité", EducationLevel.VOCATIONAL),
        ("Brevet de technicien supérieur en électrotechnique", EducationLevel.COLLEGE),
        ("Attestation d'études collégiales en éducation à l'enfance", EducationLevel.COLLEGE),
        ("Diplôme d'études professionnelles en boucherie de détail", EducationLevel.VOCATIONAL),
        ("Bachiller técnico en contabilidad", EducationLevel.VOCATIONAL),
        ("Secundaria terminada", EducationLevel.SECONDARY),
    ],
)
def test_education_level(text: str, level: EducationLevel) -> None:
    assert education_level(text) == level


def test_highest_education_wins_and_lowercase_des_is_not_a_diploma() -> None:
    assert education_level("DES (2008), puis DEP en mécanique (2011)") == EducationLevel.VOCATIONAL
    assert education_level("Gestion des stocks et des commandes.") is None
    assert education_level("GESTION DES STOCKS ET DES COMMANDES") is None
    assert education_level("Driver's licence class 1") is None


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Langues : espagnol (langue maternelle), français B2, anglais C1", FrenchLevel.B2),
        ("Languages: Spanish (native), French (B1), English (C1)", FrenchLevel.B1),
        ("Idiomas: español nativo, francés intermedio, inglés básico", FrenchLevel.B1),
        ("TEF Canada : NCLC 7 en compréhension orale", FrenchLevel.B2),
        ("TCF Québec niveau 5", FrenchLevel.C1),  # TEF/TCF levels 1-6 are A1-C2
        ("Français : niveau 7 (échelle québécoise)", FrenchLevel.B2),  # the Québec scale is 1-12
        ("Francés: nivel B1", FrenchLevel.B1),
        ("français intermédiaire", FrenchLevel.B1),
        ("NCLC 7", FrenchLevel.B2),
        ("Anglais CLB 9, français NCLC 5", FrenchLevel.B1),
        ("TCF tout public : 450 points", FrenchLevel.B2),
        ("TEF Canada: 360", FrenchLevel.B1),
        ("TCF Canada : CO 510, CE 480, EO 12, EE 11", FrenchLevel.B2),  # NCLC 8, 7, 8, 7: the weakest, 7
        (
            "TEF Canada : compréhension orale 560, compréhension écrite 550, expression orale 560, "
            "expression écrite 560",
            FrenchLevel.C1,
        ),  # NCLC 10 in all four
        ("TCF Canada: listening 400, reading 300, speaking 7, writing 6", FrenchLevel.A1),  # reading < NCLC 4
        ("DELF B1 obtenu en 2023", FrenchLevel.B1),
        ("Fluent in French and Spanish", FrenchLevel.C1),
        ("Français : langue maternelle", FrenchLevel.C2),
        ("Anglais C1 et français A2", FrenchLevel.A2),
        ("Niveau B2 en français", FrenchLevel.B2),
        ("Francés A1 (principiante)", FrenchLevel.A1),
    ],
)
def test_french_level(text: str, level: FrenchLevel) -> None:
    assert french_level(text) == level


def test_the_level_attached_to_french_not_to_another_language() -> None:
    assert french_level("Español: lengua materna. Francés: nivel B1") == FrenchLevel.B1  # never C2
    assert french_level("Francés: nivel B1. Español: lengua materna") == FrenchLevel.B1
    assert french_level("Idiomas: Español (nativo), Francés (básico), Inglés (avanzado)") == FrenchLevel.A2
    assert french_level("English CLB 8, IELTS 7") is None  # CLB is the English benchmark


_LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
_OTHER = ["Inglés", "Español", "English", "Spanish", "anglais", "espagnol"]
_FRENCH_NAMES = ["Francés", "French", "français"]
_OTHER_LEVELS = [*_LEVELS, "lengua materna", "native", "langue maternelle", "avanzado", "fluent"]


@given(
    st.sampled_from(_FRENCH_NAMES),
    st.sampled_from(_LEVELS),
    st.lists(st.tuples(st.sampled_from(_OTHER), st.sampled_from(_OTHER_LEVELS)), max_size=3),
    st.booleans(),
)
def test_other_languages_never_change_the_french_level(
    name: str, level: str, others: list[tuple[str, str]], french_first: bool
) -> None:
    parts = [f"{lang}: {lvl}" for lang, lvl in others]
    french = f"{name}: nivel {level}"
    parts = [french, *parts] if french_first else [*parts, french]
    for separator in (". ", "\n", "; "):
        assert french_level(separator.join(parts)) == FrenchLevel[level]


def test_levels_of_other_languages_do_not_count_for_french() -> None:
    assert french_level("English C2, Spanish native") is None
    assert french_level("Inglés avanzado. Francés: lo estoy aprendiendo.") is None
    assert french_level("Je parle anglais couramment (C1).") is None


def test_skills_are_canonical_and_in_order() -> None:
    text = (
        "Soudage MIG et TIG, lecture de plans, conduite de chariot élévateur. "
        "Cours de premiers soins et SIMDUT. Permis de conduire classe 1."
    )
    assert skills(text) == (
        "welding-mig",
        "welding-tig",
        "blueprint-reading",
        "forklift",
        "first-aid",
        "whmis",
        "heavy-truck-licence",
    )
    assert skills("Atención al cliente y manejo de montacargas") == ("customer-service", "forklift")
    assert skills("Motivated team player") == ()


def test_extract_facts_on_a_spanish_resume() -> None:
    text = (
        "Juan Pérez — Soldador\n"
        "Soldador con 9 años de experiencia en soldadura MIG y TIG para estructuras metálicas.\n"
        "Educación: Carrera técnica en soldadura industrial, CONALEP Monterrey.\n"
        "Idiomas: español nativo; francés B1 (TCF Canada); inglés básico.\n"
    )
    assert extract_facts(text) == Facts(
        years_experience=9.0,
        education=EducationLevel.VOCATIONAL,
        french=FrenchLevel.B1,
        skills=("welding-mig", "welding-tig"),
    )


def test_extract_facts_on_a_french_resume() -> None:
    text = (
        "Infirmière auxiliaire\n"
        "Expérience de 6 ans en soins de longue durée. Administration des médicaments, soins aux patients.\n"
        "Formation : DEP Santé, assistance et soins infirmiers (2017)\n"
        "Français : langue maternelle — Anglais : intermédiaire\n"
    )
    facts = extract_facts(text)
    assert facts.years_experience == 6.0
    assert facts.education == EducationLevel.VOCATIONAL
    assert facts.french == FrenchLevel.C2
    assert facts.skills == ("medication-administration", "patient-care")


def test_facts_are_read_in_the_start_of_a_long_upload_only() -> None:
    head = "Soldador con 9 años de experiencia en soldadura MIG.\n"
    filler = "Referencias disponibles a petición.\n" * (FACTS_MAX_CHARS // 30)
    tail = "Francés: nivel B2. Maestría en ingeniería.\n"
    facts = extract_facts(head + filler + tail)
    assert facts.years_experience == 9.0
    assert facts.skills == ("welding-mig",)
    assert facts.french is None and facts.education is None  # past the first FACTS_MAX_CHARS characters
    assert extract_facts(head + tail).french == FrenchLevel.B2


def test_empty_text_has_no_facts() -> None:
    assert extract_facts("") == Facts()


@given(st.text(max_size=300))
def test_extract_facts_never_fails_and_stays_in_range(text: str) -> None:
    facts = extract_facts(text, current_year=2026)
    assert facts.years_experience is None or 0 < facts.years_experience <= 50
    assert len(set(facts.skills)) == len(facts.skills)


def test_real_english_resumes_yield_experience_and_no_french_level(shared_data: Path) -> None:
    with (shared_data / "samples" / "resumes_it_en.csv").open(encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    facts = [extract_facts(text, current_year=2026) for text in texts]
    with_years = [f.years_experience for f in facts if f.years_experience is not None]
    assert len(with_years) >= 0.6 * len(texts)
    assert all(0 < y <= 50 for y in with_years)
    assert sum(f.education is not None for f in facts) >= 0.5 * len(texts)
    assert all(f.french is None for f in facts)  # none of these IT résumés states a French level


def _every_skill(text: str) -> tuple[str, ...]:
    """The skills found by searching every pattern, without the literal pre-check (the reference)."""
    folded = _fold(text)
    hits = sorted((m.start(), name) for name, rx in SKILLS.items() if (m := re.search(rx, folded)))
    names = {name for _, name in hits}
    return tuple(name for _, name in hits if _SUBSUMED_BY.get(name) not in names)


def test_literal_heads_of_patterns() -> None:
    assert literal_heads(r"\bmig\b|gmaw") == ("mig", "gmaw")
    assert literal_heads(r"permis (?:de conduire )?classe 1|class 1 licen") == ("permis ", "class 1 licen")
    assert literal_heads(r"driver'?s licen[cs]e") == ("driver",)  # the apostrophe is optional
    assert literal_heads(r"(?:a|b)c") is None and literal_heads(r"x|[ab]c") is None  # no literal start
    assert literal_heads(r"ab(?:c|d)|ef") == ("ab", "ef")  # a | inside a group does not split
    assert all(literal_heads(rx) for rx in SKILLS.values()), "every skill pattern can be pre-checked"


_PIECES = sorted(
    {piece for rx in SKILLS.values() for piece in re.split(r"[\\()?:|\[\]]+", rx) if piece}
    | {
        "MIG",
        "Soudage à l'arc",
        "driver's license",
        "Drivers licence",
        "permis classe 1",
        "Licencia tipo A",
        "Sage 50",
        "SAP",
        "Excel,",
        "(cnc)",
        "rcr/cpr",
        "ÉLECTRIQUE",
        "hydraulique",
        "mig-tig",
        "sapin",
        "excellent",
        "javanais",
    }
)


@settings(max_examples=300)
@example(["Drivers licence"], " ")  # an optional character right after a literal start
@example(["permis classe 1", "permis de conduire"], "\n")
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=25), st.sampled_from(" \n,-/"))
def test_pre_checked_skills_are_those_of_a_full_search(pieces: list[str], glue: str) -> None:
    """Skipping patterns whose literal starts are absent never loses nor adds a skill."""
    text = glue.join(pieces)
    assert skills(text) == _every_skill(text)
