"""Finding where a document says its occupation: vacancy titles, résumé headlines, experience job titles."""

from __future__ import annotations

from occupations.sections import experience_titles, resume_headline, resume_segments, vacancy_segments

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


def test_a_vacancy_without_a_title_uses_its_short_first_line() -> None:
    parts = vacancy_segments("Soudeur-monteur\nAtelier de Saguenay, soudage MIG et TIG.")
    assert parts[0].role == "title" and parts[0].text == "Soudeur-monteur"
    long_first_line = "Nous cherchons une personne pour souder des pièces d'acier dans notre atelier de Saguenay."
    assert [p.role for p in vacancy_segments(long_first_line + "\nDEP exigé.")] == ["body"]


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


def test_empty_documents_have_no_segments() -> None:
    assert resume_segments("   ") == []
    assert vacancy_segments("", None) == []
