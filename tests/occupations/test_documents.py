"""Whole vacancies and résumés through the small real classifier: title first, résumé sections, Spanish."""

from __future__ import annotations

import pytest

from occupations import TitleClassifier
from occupations.documents import DocumentInput, classify_document, classify_documents

pytestmark = pytest.mark.slow

NURSE_VACANCY = (
    "Le CISSS recherche une infirmière ou un infirmier pour son unité de médecine. Vous superviserez les préposés "
    "aux bénéficiaires et les infirmières auxiliaires, aiderez les patients à se lever et à se laver au besoin, et "
    "administrerez les médicaments. Permis de l'OIIQ exigé."
)


def test_a_nurse_vacancy_is_coded_by_its_title_even_when_the_description_talks_of_aides(
    small_classifier: TitleClassifier,
) -> None:
    result = classify_document(small_classifier, "vacancy", NURSE_VACANCY, title="Infirmière / infirmier", lang="fr")
    assert result.codes[0].code == "31301"
    aides = classify_document(small_classifier, "vacancy", NURSE_VACANCY, title="Préposé aux bénéficiaires")
    assert aides.codes[0].code == "33102"  # same description, another title: the title decides


def test_an_untitled_posting_headed_by_its_employer_is_coded_from_its_job_line(
    small_classifier: TitleClassifier,
) -> None:
    posting = (
        "Transports Bouchard inc. — Rivière-du-Loup\nChauffeur de camion classe 1\nPoste permanent\n"
        "Vous livrerez des marchandises entre nos entrepôts du Québec et de l'Ontario. Permis classe 1 exigé."
    )
    result = classify_document(small_classifier, "vacancy", posting, lang="fr")
    assert result.codes[0].code == "73300"
    titles = [s.text for s in result.segments if s.role == "title"]
    assert titles == ["Chauffeur de camion classe 1"]
    assert abs(sum(s.weight for s in result.segments) - 1.0) < 1e-9


def test_a_resume_is_coded_from_its_headline_and_recent_jobs(small_classifier: TitleClassifier) -> None:
    resume = (
        "Daniel Smith\nTruck Driver (AZ licence)\nExperience\nLong haul truck driver, TransCanada Freight, "
        "2016 - present\nCook, Maple Diner, 2010 - 2012\nI also like cooking for friends and family."
    )
    result = classify_document(small_classifier, "resume", resume)
    assert result.codes[0].code == "73300"
    assert result.language == "en"
    assert [s.role for s in result.segments][:2] == ["headline", "job"]


@pytest.mark.parametrize(
    ("text", "code", "not_code"),
    [("Soldador", "72106", "44200"), ("Soldado de infantería", "44200", "72106"), ("Soldadora", "72106", "44200")],
)
def test_spanish_false_friends_soldador_and_soldado(
    small_classifier: TitleClassifier, text: str, code: str, not_code: str
) -> None:
    result = classify_document(small_classifier, "title", text, lang="es")
    assert result.codes[0].code == code
    assert not_code != result.codes[0].code


def test_a_spanish_welder_resume_is_a_welder_not_a_soldier(small_classifier: TitleClassifier) -> None:
    resume = (
        "María López\nSoldadora MIG/TIG\nExperiencia laboral\nSoldadora, Talleres del Norte, Monterrey, "
        "2018 - 2024\nAyudante de soldador, Herrería Juárez, 2015 - 2018\nEducación\nTécnico en Soldadura Industrial"
    )
    result = classify_document(small_classifier, "resume", resume)
    assert result.codes[0].code == "72106"
    assert result.language == "es"


@pytest.mark.parametrize("text", ["", "   ", "!!! ???", "12345 67890", "-- / --"])
def test_empty_or_garbage_documents_need_review_and_get_no_code(small_classifier: TitleClassifier, text: str) -> None:
    for kind in ("vacancy", "resume"):
        result = classify_document(small_classifier, kind, text)
        assert result.codes == []
        assert result.needs_review


def test_confidences_are_ranked_in_unit_range_and_review_follows_the_threshold(
    small_classifier: TitleClassifier,
) -> None:
    docs = [DocumentInput("vacancy", NURSE_VACANCY, "Infirmière"), DocumentInput("resume", "Cuisinier\nCuisine")]
    for result in classify_documents(small_classifier, docs):
        conf = [c.confidence for c in result.codes]
        assert all(0.0 <= c <= 1.0 for c in conf) and conf == sorted(conf, reverse=True)
        assert sum(conf) <= 1.0 + 1e-9
        assert result.needs_review == (conf[0] < small_classifier.config.review_below)


def test_batch_and_single_document_paths_agree(small_classifier: TitleClassifier) -> None:
    docs = [DocumentInput("vacancy", NURSE_VACANCY, "Infirmière"), DocumentInput("resume", "Soldador\nSoldadura")]
    batch = classify_documents(small_classifier, docs)
    single = [classify_document(small_classifier, d.kind, d.text, title=d.title) for d in docs]
    assert [r.codes[0].code for r in batch] == [r.codes[0].code for r in single]


def test_an_unknown_kind_is_refused(small_classifier: TitleClassifier) -> None:
    with pytest.raises(ValueError, match="kind"):
        classify_document(small_classifier, "letter", "Soudeur")
