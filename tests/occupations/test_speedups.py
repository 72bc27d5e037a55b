"""The faster paths give the same answers: accent folding, the nearest-title search, and the evaluation's fit cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from occupations import ClassifierConfig, TitleClassifier
from occupations._text import fold, normalise
from occupations.evaluation_run import fold_model_path
from occupations.training import LabelledTitles


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_fold_is_unidecode(text: str) -> None:
    assert fold(text) == unidecode(text)


def test_normalise_folds_a_long_text_like_before() -> None:
    text = "Expérience • Développeur — 2019–présent; Señor soldador, Œuvre 日本 " * 50
    assert normalise(text) == " ".join("".join(c if c.isalnum() else " " for c in unidecode(text).lower()).split())


def test_rows_left_unembedded_score_as_zero_vectors_and_the_others_are_unchanged(
    small_classifier: TitleClassifier,
) -> None:
    model, encoder = small_classifier.model, small_classifier.encoder
    assert encoder is not None
    texts = ["soudeur", "truck driver", "cocinera", "aide-infirmière", "welder helper", "chauffeur", "x", "y", "z"]
    vectors = encoder.encode_queries(texts)
    vectors[[2, 5]] = 0.0  # two texts not embedded (a body scored by its words only)
    near = model._nearest(vectors)
    for lang, table in model.neighbours.items():
        full = table.best(vectors, len(model.classes))  # every row searched, zero rows included
        np.testing.assert_allclose(near[lang], full, atol=1e-6)
        assert not near[lang][[2, 5]].any()


def test_a_document_batch_gives_the_same_codes_as_one_at_a_time(small_classifier: TitleClassifier) -> None:
    from occupations.documents import DocumentInput, classify_document, classify_documents

    resume = "Daniel Smith\nWelder\nExperience\nWelder-Fitter, Steel Works, 2015 - present\nCook, Diner, 2010 - 2015"
    docs = [DocumentInput("resume", resume), DocumentInput("vacancy", "Cook wanted for a diner.", "Line cook")] * 5
    batch = classify_documents(small_classifier, docs)
    single = classify_document(small_classifier, "resume", resume)
    assert batch[0].codes[0].code == single.codes[0].code  # (one document: graph search; ten: exact product)
    assert batch[0].codes[0].code == "72106"
    assert batch[1].codes[0].code == "63200"


def test_fold_cache_key_follows_the_fit_not_the_scoring_settings(tmp_path: Path) -> None:
    train = LabelledTitles(["soudeur", "cook"], ["72106", "63200"], ["fr", "en"])
    base = fold_model_path(tmp_path, ClassifierConfig(), train)
    assert fold_model_path(tmp_path, ClassifierConfig(temperature=0.5, embed_body=True), train) == base
    assert fold_model_path(tmp_path, ClassifierConfig(svm_c=2.0), train) != base
    assert fold_model_path(tmp_path, ClassifierConfig(), train.subset([0])) != base
    other_weights = LabelledTitles(train.texts, train.codes, train.languages, [1.0, 0.5])
    assert fold_model_path(tmp_path, ClassifierConfig(), other_weights) != base
    assert base.parent == tmp_path and base.suffix == ".joblib"
