"""The title classifier on real titles (a small model trained on a few minor groups, once per session)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matching.models import CodeSource
from matching.ports import OccupationClassifier
from occupations import ClassifierConfig, TitleClassifier, load_classifier
from occupations._language import guess_language
from occupations._text import normalise
from occupations.classifier import load_model, save_model, shouts

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("title", "language", "code"),
    [
        ("soudeur", "fr", "72106"),
        ("welder", "en", "72106"),
        ("infirmière auxiliaire", "fr", "33102"),
        ("truck driver", "en", "73300"),
        ("Soudeuse MIG en usine", None, "72106"),
        ("Long haul truck driver", None, "73300"),
        ("Préposé aux bénéficiaires", "fr", "33102"),
        ("Cuisinier", None, "63200"),
    ],
)
def test_real_titles_find_their_unit_group_in_the_top_5(
    small_classifier: TitleClassifier, title: str, language: str | None, code: str
) -> None:
    ranked = small_classifier.classify(title, k=5, language=language)
    assert code in [c.code for c in ranked]


def test_results_are_ranked_classified_codes_with_confidences(small_classifier: TitleClassifier) -> None:
    assert isinstance(small_classifier, OccupationClassifier)
    ranked = small_classifier.classify("Welder-fitter", k=5)
    assert len(ranked) == 5
    assert ranked[0].code == "72106"
    assert all(c.source is CodeSource.CLASSIFIED and 0.0 <= c.confidence <= 1.0 for c in ranked)
    confidences = [c.confidence for c in ranked]
    assert confidences == sorted(confidences, reverse=True)
    assert len({c.code for c in ranked}) == 5
    assert len(small_classifier.classify("welder", k=2)) == 2


@pytest.mark.parametrize("text", ["", "   ", "!!! ???", "12345", "xqzv", "XQZV", "-- / --"])
def test_empty_or_garbage_text_gets_no_code(small_classifier: TitleClassifier, text: str) -> None:
    assert small_classifier.classify(text) == []


@pytest.mark.parametrize(
    ("shouted", "code"),
    [("CAMIONEROS", "73300"), ("COCINEROS", "63200"), ("ENFERMERAS", "31301"), ("Se solicitan CAMIONEROS", "73300")],
)
def test_a_title_in_capitals_is_coded_as_in_lower_case(
    small_classifier: TitleClassifier, shouted: str, code: str
) -> None:
    assert shouts(shouted)
    loud, quiet = small_classifier.classify(shouted, k=1), small_classifier.classify(shouted.lower(), k=1)
    assert [c.code for c in loud] == [c.code for c in quiet] == [code]


def test_a_whole_vacancy_text_is_classified(small_classifier: TitleClassifier) -> None:
    vacancy = (
        "Soudeur-monteur recherché à Saguenay. Vous lirez des plans, ferez du soudage MIG et TIG sur acier "
        "et aluminium, et assemblerez des structures métalliques. DEP en soudage-montage exigé."
    )
    assert "72106" in [c.code for c in small_classifier.classify(vacancy, k=3)]


def test_spanish_titles_are_classified_best_effort(small_classifier: TitleClassifier) -> None:
    assert "72106" in [c.code for c in small_classifier.classify("Soldador", k=5, language="es")]
    assert "73300" in [c.code for c in small_classifier.classify("Chofer de camión de carga", k=5)]


def test_batch_and_single_title_paths_agree(small_classifier: TitleClassifier) -> None:
    titles = ["soudeur", "welder", "truck driver", "cuisinière", "aide-infirmier", "manoeuvre en usine"]
    batch = small_classifier.classify_many(titles * 2, k=3)  # 12 > graph batch: exact look-up
    single = [small_classifier.classify(t, k=3) for t in titles]
    assert [r[0].code for r in batch[:6]] == [r[0].code for r in single]


def test_language_is_guessed_from_the_title_vocabulary(small_classifier: TitleClassifier) -> None:
    vocabulary = small_classifier.model.vocabulary
    assert guess_language("Welder helper", normalise("Welder helper"), vocabulary) == "en"
    assert guess_language("Aide-soudeur", normalise("Aide-soudeur"), vocabulary) == "fr"
    assert small_classifier.languages(["truck driver", "x"], [None, "es"]) == ["en", "es"]


def test_saved_model_reloads_with_identical_scores(small_classifier: TitleClassifier, tmp_path: Path) -> None:
    path = tmp_path / "model.joblib"
    save_model(small_classifier.model, path)
    reloaded = load_model(path)
    assert reloaded is not None
    docs = [normalise(t) for t in ("soudeur", "truck driver")]
    vectors = small_classifier.encoder.encode_queries(["soudeur", "truck driver"]) if small_classifier.encoder else None
    before = small_classifier.model.scores(docs, vectors, ["fr", "en"]).combined
    after = reloaded.scores(docs, vectors, ["fr", "en"]).combined
    np.testing.assert_allclose(before, after, atol=2e-3)  # title embeddings are stored as float16


def test_load_classifier_reads_the_cached_artefact(small_model_dir: Path) -> None:
    classifier = load_classifier(ClassifierConfig(model_dir=small_model_dir))
    assert classifier.classify("welder", k=1)[0].code == "72106"


def test_the_word_quebec_does_not_change_a_title_s_codes(small_classifier: TitleClassifier) -> None:
    for title in ("Soudeur", "Préposé aux bénéficiaires", "Cook"):
        plain = small_classifier.classify(title, k=3)
        for placed in (f"{title} (Québec)", f"{title} - Quebec", f"{title} à Québec"):
            got = small_classifier.classify(placed, k=3)
            assert [c.code for c in got] == [c.code for c in plain], placed
