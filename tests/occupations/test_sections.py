"""Finding where a document says its occupation: vacancy titles, résumé headlines, experience job titles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from occupations.sections import (
    CANDIDATE,
    MAX_HIRED_WORDS,
    choose_title,
    experience_titles,
    hired_job,
    resume_headline,
    resume_segments,
    vacancy_segments,
)

SPANISH_RESUME = """José Luis Pérez
Soldador calificado
jl.perez@example.com · +52 81 1234 5678
Experiencia laboral
Ayudante de soldador, Herrería Hernández, 2013 - 2016
Soldador, Metalúrgica del Norte, Monterrey, 2016 - actualidad
Educación
Técnico en Soldadura Industrial, CONALEP"""

FLAT_RESUME = (
    "INFORMATION TECHNOLOGY MANAGER Summary Fifteen years leading IT teams. Skills Budgeting Networks "
    "Experience 04/2013 to Current Information Technology Manager Company Name － City , State Managed the team. "
    "Network Administrator 01/2008 to 03/2013 Company Name City , State Ran the servers."
)


def test_a_vacancy_is_coded_from_its_given_title_first() -> None:
    parts = vacancy_segments("Vous superviserez les préposés aux bénéficiaires.", "Infirmière / infirmier")
    assert next((p.role, p.text) for p in parts) == ("title", "Infirmière / infirmier")
    assert parts[0].weight > 0.5 > parts[1].weight
    assert abs(sum(p.weight for p in parts) - 1.0) < 1e-9


def test_a_vacancy_without_a_title_has_its_short_first_lines_as_title_candidates() -> None:
    parts = vacancy_segments("Soudeur-monteur\nAtelier de Saguenay, soudage MIG et TIG.")
    assert [(p.role, p.text) for p in parts][:2] == [
        (CANDIDATE, "Soudeur-monteur"),
        (CANDIDATE, "Atelier de Saguenay, soudage MIG et TIG."),
    ]
    assert parts[-1].role == "body"
    long_first_line = "Notre atelier de Saguenay soude des pièces d'acier pour les scieries et les mines de la région."
    assert [p.role for p in vacancy_segments(long_first_line + "\nDEP exigé.")] == [CANDIDATE, "body"]
    assert [p.role for p in vacancy_segments(long_first_line + "\n" + long_first_line)] == ["body"]


def test_an_untitled_posting_headed_by_its_employer_offers_the_job_line_too() -> None:
    posting = (
        "CISSS de la Côte-Nord — Sept-Îles (Québec)\nInfirmière clinicienne / infirmier clinicien\n"
        "Poste permanent, jour-soir\nÉvaluer la condition des usagers, administrer les médicaments, etc."
    )
    parts = vacancy_segments(posting)
    candidates = [p.text for p in parts if p.role == CANDIDATE]
    assert candidates == [
        "CISSS de la Côte-Nord — Sept-Îles (Québec)",
        "Infirmière clinicienne / infirmier clinicien",
        "Poste permanent, jour-soir",
    ]
    places_only = vacancy_segments("Saint-Rémi (Québec)\nOuvrier agricole\nRécolte de légumes, 40 h par semaine.")
    assert [p.text for p in places_only if p.role == CANDIDATE] == [
        "Ouvrier agricole",
        "Récolte de légumes, 40 h par semaine.",
    ]


@pytest.mark.parametrize(
    ("sentence", "job"),
    [
        ("Nous sommes à la recherche de chauffeurs classe 1 pour des voyages Québec–Ontario.", "chauffeurs classe 1"),
        (
            "Le CPE cherche une éducatrice ou un éducateur à la petite enfance pour un poste régulier.",
            "éducatrice ou un éducateur à la petite enfance",
        ),
        ("On engage ! Nous recherchons un(e) opérateur(trice) de chariot élévateur.", "opérateur de chariot élévateur"),
        ("Notre cabinet est à la recherche d'un(e) comptable agréé(e) pour son équipe.", "comptable agréé"),
        (
            "Nous recrutons activement des préposé(e)s aux bénéficiaires (PAB) pour notre CHSLD.",
            "préposés aux bénéficiaires",
        ),
        ("Poste d'aide-cuisinier disponible dès maintenant", "aide-cuisinier disponible"),
        ("Se solicita mecánico de equipo pesado (diésel) para taller y servicio.", "mecánico de equipo pesado"),
        ("Empresa busca soldadores con experiencia en Mirabel, Quebec.", "soldadores"),
        ("Se requiere técnico en refrigeración en nuestra planta de Laval.", "técnico en refrigeración"),
        ("Ofrecemos 6 plazas de camarista / recamarera para nuestro hotel.", "camarista, recamarera"),
        (
            "We are currently hiring two (2) Millwrights / Industrial Mechanics for our mill.",
            "Millwrights, Industrial Mechanics",
        ),
        ("Bistro Le Quai in Knowlton is hiring a LINE COOK for the 2026 season.", "LINE COOK"),
        (
            "We're looking for an experienced Heavy Equipment Operator to join our crew.",
            "experienced Heavy Equipment Operator",
        ),
    ],
)
def test_a_hiring_sentence_names_the_job_it_hires_for(sentence: str, job: str) -> None:
    assert hired_job(sentence) == job


@pytest.mark.parametrize(
    ("sentence", "job"),
    [
        ("Le Centre de recherche du CHUM est à la recherche d'une infirmière clinicienne.", "infirmière clinicienne"),
        ("Looking for a job? We're hiring cashiers!", "cashiers"),
        ("¿Estás en busca de empleo? Contratamos ayudantes generales para bodega.", "ayudantes generales"),
        ("Nous embauchons des soudeurs au Québec", "soudeurs"),
        ("Se solicitan cocineros México", "cocineros"),
        ("Nous recherchons des opérateurs(trices) de machinerie lourde", "opérateurs de machinerie lourde"),
        ("SE SOLICITA TÉCNICO EN REFRIGERACIÓN", "TÉCNICO EN REFRIGERACIÓN"),
        ("Poste d’aide-cuisinier disponible", "aide-cuisinier disponible"),
        ("We are hiring: cook", "cook"),
        ("Buscamos con urgencia soldadores", "soldadores"),
        ("Nous recherchons des chauffeurs 🚛 classe 1\u200b", "chauffeurs classe 1"),
    ],
)
def test_a_hiring_sentence_is_read_past_what_a_reviewer_tripped_it_on(sentence: str, job: str) -> None:
    assert hired_job(sentence) == job


@pytest.mark.parametrize(
    "sentence",
    [
        "Métal Laurentien est en pleine croissance et on a besoin de toi à Saint-Georges.",
        "¡VACANTES PARA QUEBEC, CANADÁ!",
        "Nous recrutons pour la saison (mai à octobre) :",
        "Les Jardins Bélanger inc., Sherrington",
        "Hiring process:",
        "Se requiere experiencia de 1 año en cocina",
        "Groupe Roy cherche à offrir des services de qualité",
        "Nous recherchons une personne dynamique",
        "We're hiring for the 2026 season!",
        "",
    ],
)
def test_a_sentence_that_hires_nobody_named_gives_no_job(sentence: str) -> None:
    assert hired_job(sentence) == ""


def test_an_untitled_posting_that_names_its_job_in_a_sentence_offers_it_as_a_candidate() -> None:
    posting = (
        "Transport Gagnon & Fils\nRivière-du-Loup\n\n"
        "Nous sommes à la recherche de chauffeurs classe 1 pour des voyages vers l'Ontario et les Maritimes.\n"
        "Tâches : conduire un semi-remorque, inspecter le véhicule, remplir le carnet de route."
    )
    candidates = [p.text for p in vacancy_segments(posting) if p.role == CANDIDATE]
    assert candidates == ["Transport Gagnon & Fils", "Rivière-du-Loup", "chauffeurs classe 1"]
    titled = vacancy_segments(posting, "Chauffeur de camion")
    assert [p.role for p in titled] == ["title", "body"]  # a given title is never second-guessed


def test_the_most_confident_title_candidate_is_kept_and_the_weights_sum_to_one() -> None:
    parts = vacancy_segments("Groupe Roy inc.\nSoudeur\nSoudage MIG de pièces d'acier, 40 heures par semaine.")
    kept = choose_title(parts, [0.2, 0.9, 0.1, 0.5])
    assert [(i, s.role, s.text) for i, s in kept] == [(1, "title", "Soudeur"), (3, "body", parts[3].text)]
    assert abs(sum(s.weight for _, s in kept) - 1.0) < 1e-9
    assert kept[0][1].weight > 0.5 > kept[1][1].weight
    tie = choose_title(parts, [0.0, 0.0, 0.0, 0.5])
    assert tie[0][1].text == "Groupe Roy inc."  # no evidence anywhere: the first line
    given = vacancy_segments("Soudage MIG.", "Soudeur")
    assert [s for _, s in choose_title(given, [0.9, 0.1])] == given


def test_a_resume_headline_skips_contact_lines_and_keeps_name_and_title() -> None:
    assert resume_headline(SPANISH_RESUME) == "José Luis Pérez — Soldador calificado"
    assert resume_headline(FLAT_RESUME) == "INFORMATION TECHNOLOGY MANAGER"


def test_experience_titles_come_with_their_years_recent_first_in_weight() -> None:
    jobs = experience_titles(SPANISH_RESUME)
    assert [(t.split(",")[0], start, end) for t, start, end in jobs] == [
        ("Ayudante de soldador", 2013, 2016),
        ("Soldador", 2016, 2026),
    ]
    parts = resume_segments(SPANISH_RESUME)
    job_parts = [p for p in parts if p.role == "job"]
    assert job_parts[0].text.startswith("Soldador,")  # the current, longer job first, with more weight
    assert job_parts[0].weight > job_parts[1].weight
    assert [p.role for p in parts] == ["headline", "job", "job", "body"]
    assert abs(sum(p.weight for p in parts) - 1.0) < 1e-9


def test_job_titles_are_found_in_a_resume_flattened_to_one_line() -> None:
    titles = [t for t, _, _ in experience_titles(FLAT_RESUME)]
    assert titles == ["Information Technology Manager", "Network Administrator"]


def test_a_flattened_skills_list_does_not_run_into_the_first_job_title() -> None:
    text = (
        "SALES ASSOCIATE Summary Friendly retail clerk. Skills Cash register and POS Inventory counts Forklift "
        "certified Experience Sales Associate 06/2015 to Current Company Name City , State Greet customers. "
        "Payroll Sales tax filings Work History Bookkeeper 03/2011 to 05/2015 Company Name City , State Kept books."
    )
    assert [t for t, _, _ in experience_titles(text)] == ["Sales Associate", "Bookkeeper"]
    # a lower-case "experience" is a word of the title, not a heading
    lower = "LEAD Skills CRM Experience Customer experience Lead 06/2015 to Current Company Name City , State"
    assert [t for t, _, _ in experience_titles(lower)] == ["Customer experience Lead"]


def test_empty_documents_have_no_segments() -> None:
    assert resume_segments("   ") == []
    assert vacancy_segments("", None) == []


QUEBEC_RESUME = """Gabrielle Ouellet
Rimouski (Québec)  G5L 3A1 · 418 555-0147 · g.ouellet@courriel.ca
Boulangère-pâtissière
EXPÉRIENCE
Boulangère
Boulangerie du Quai inc. — Rimouski
2019 – aujourd’hui, temps plein, nuit
- Pétrissage, façonnage et cuisson des pains
Caissière
Marché Richelieu
2015 – 2019 (temps partiel)
FORMATION
DEP en boulangerie, 2014"""

GUATEMALAN_RESUME = """CURRÍCULUM VITAE
Nombre: Juan Pérez Cux
Edad: 31 años
Fecha de nacimiento: 04/05/1995
Lugar de nacimiento: Cobán, Alta Verapaz, Guatemala
Oficio: Carpintero de obra
EXPERIENCIA
Maderas del Sur S.A. de C.V. 2016 - 2020
Operador de sierra
"""


def test_the_headline_leaves_out_places_personal_fields_and_contact_lines() -> None:
    assert resume_headline(QUEBEC_RESUME) == "Gabrielle Ouellet — Boulangère-pâtissière"
    assert resume_headline(GUATEMALAN_RESUME) == "Carpintero de obra"
    assert resume_headline("Luc Roy — Lévis (Québec)\nSoudeur\nExpérience") == "Luc Roy — Soudeur"
    assert resume_headline("Ana Díaz, 28 años, Honduras\nCocinera") == "Ana Díaz — Cocinera"


def test_a_date_line_with_only_notes_takes_its_title_from_the_lines_above() -> None:
    jobs = experience_titles(QUEBEC_RESUME)
    assert [(t, start, end) for t, start, end in jobs] == [
        ("Boulangère, Boulangerie du Quai inc., Rimouski", 2019, 2026),
        ("Caissière, Marché Richelieu", 2015, 2019),
    ]


def test_a_date_line_naming_only_the_employer_takes_the_title_below() -> None:
    assert [t for t, _, _ in experience_titles(GUATEMALAN_RESUME)] == ["Operador de sierra"]


def test_a_title_on_the_date_line_is_kept_whatever_the_lines_around() -> None:
    text = "Expérience\nSoudage MIG\nSoudeur, Atelier Roy, Lévis (Québec), 2018 - 2024\nSoudage TIG"
    assert [t for t, _, _ in experience_titles(text)] == ["Soudeur, Atelier Roy"]  # "Québec" votes for notaries


def test_a_program_name_on_the_date_line_is_a_title_not_a_note() -> None:
    text = "WORK EXPERIENCE\n2014 - 2024  Seasonal Agricultural Worker Program (SAWP), apple orchard\n- Picking"
    assert [t for t, _, _ in experience_titles(text)] == ["Seasonal Agricultural Worker Program (SAWP), apple orchard"]


def test_the_title_candidate_kept_is_the_one_that_agrees_with_the_body() -> None:
    from occupations.documents import _rows_kept

    parts = vacancy_segments("¡TRABAJO EN CANADÁ!\nSoldador\nSoldadura MIG de estructuras, 40 horas por semana.")
    assert [p.role for p in parts] == [CANDIDATE, CANDIDATE, CANDIDATE, "body"]
    probs = np.array(
        [
            [0.9, 0.05, 0.05],  # the slogan: confident, of another code than the duties
            [0.2, 0.7, 0.1],  # the job line
            [0.3, 0.3, 0.4],  # the line of duties
            [0.1, 0.6, 0.3],  # the whole text
        ]
    )
    kept = _rows_kept([parts], probs, np.array([True, True, True, True]))[0]
    assert [(s.role, s.text, row) for s, row in kept] == [("title", "Soldador", 1), ("body", parts[3].text, 3)]
    without_body = _rows_kept([parts[:3]], probs[:3], np.array([True, True, True]))[0]
    assert [s.text for s, _ in without_body] == ["¡TRABAJO EN CANADÁ!"]  # nothing to agree with: most confident
    no_evidence = _rows_kept([parts], probs, np.array([False, True, True, True]))[0]
    assert kept == no_evidence


@given(st.text(max_size=300))
def test_whatever_a_line_says_the_hired_job_is_short_and_taken_from_it(line: str) -> None:
    job = hired_job(line)
    assert len(job.split()) <= MAX_HIRED_WORDS
    folded = line.replace("’", "'")
    assert all(word.strip(",") in folded for word in job.split())


def test_a_hostile_line_of_hiring_verbs_is_read_in_bounded_time() -> None:
    # Each hiring verb used to read the whole rest of its line: 100,000 of them took hours. Now the first 400
    # characters are read, so this returns at once (no job: nothing but verbs).
    assert hired_job("hiring " * 100_000) == ""
    parts = vacancy_segments(("Nous recherchons " * 20_000 + "\n") * 8)
    assert [p.role for p in parts] == [CANDIDATE, "body"] and len(parts[-1].text) <= 2000
