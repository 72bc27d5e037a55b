"""The embedding network's term in the classifier's scores (a small real model: the conftest's minor groups)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from occupations import ClassifierConfig, TitleClassifier, load_classifier
from occupations._text import normalise
from occupations.classifier import default_encoder, save_model
from occupations.model import NETWORK_FLOOR
from occupations.training import example_titles, fit_model
from tests.occupations.conftest import TEST_MINOR_GROUPS


@pytest.fixture(scope="module")
def network_classifier(tmp_path_factory: pytest.TempPathFactory) -> TitleClassifier:
    """A small network (64 units, 5 passes) at weight 0.1, saved, and loaded back from its artefact."""
    titles = example_titles()
    training = titles.subset([i for i, code in enumerate(titles.codes) if code[:4] in TEST_MINOR_GROUPS])
    config = ClassifierConfig(model_dir=tmp_path_factory.mktemp("models"), mlp_weight=0.1, mlp_hidden=64, mlp_epochs=5)
    save_model(fit_model(training, config, encode=default_encoder().encode_documents), config.artefact_path)
    return load_classifier(config)


def test_the_default_classifier_has_its_network(small_classifier: TitleClassifier) -> None:
    model = small_classifier.model
    assert model.network is not None and model.network_weight == ClassifierConfig().mlp_weight > 0


def test_the_saved_classifier_keeps_its_network(network_classifier: TitleClassifier) -> None:
    model = network_classifier.model
    assert model.network is not None and model.network_weight > 0
    assert set(model.classes[model.network_columns]) == set(model.network.classes_)


def test_the_network_adds_its_weighted_log_probabilities(network_classifier: TitleClassifier) -> None:
    model = network_classifier.model
    titles = ["soudeur", "cocinera", "truck driver"]
    docs = [normalise(t) for t in titles]
    vectors = np.asarray(network_classifier.encoder.encode_documents(titles), dtype=np.float32)  # type: ignore[union-attr]
    langs = ["fr", "es", "en"]
    with_network = model.scores(docs, vectors, langs).combined
    weight, model.network_weight = model.network_weight, 0.0
    try:
        without = model.scores(docs, vectors, langs).combined
    finally:
        model.network_weight = weight
    logs = np.full_like(without, NETWORK_FLOOR)
    logs[:, model.network_columns] = np.maximum(np.log(model.network.predict_proba(vectors)), NETWORK_FLOOR)
    np.testing.assert_allclose(with_network - without, weight * logs, atol=1e-4)


@settings(max_examples=25, deadline=None)
@given(arrays(np.float32, (4, 512), elements=st.floats(-1, 1, width=32)), st.integers(0, 3))
def test_the_network_term_is_bounded_and_zero_for_a_text_not_embedded(
    network_classifier: TitleClassifier, vectors: np.ndarray, blank: int
) -> None:
    model = network_classifier.model
    vectors = vectors.copy()
    vectors[blank] = 0.0
    term = model._network_term(vectors)
    assert term.shape == (4, len(model.classes))
    assert np.all(term[blank] == 0.0)
    assert np.all(term <= 1e-6) and np.all(term >= model.network_weight * NETWORK_FLOOR - 1e-6)
