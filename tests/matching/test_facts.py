"""Facts read from French, English and Spanish résumé sentences."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.facts import (
    Facts,
    education_level,
    extract_facts,
    french_level,
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
    # 2012..2018 (7 years, overlap counted once) + 2021..2025 (5 years, 'presente' = 2026)
    assert years_of_experience(text, current_year=2026) == 12.0
    assert years_of_experience("Emploi actuel : depuis 2020 à aujourd'hui", current_year=2026) == 6.0


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
        ("TCF Québec niveau 5", FrenchLevel.B1),
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
