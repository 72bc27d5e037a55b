"""Fixtures of the occupations tests: the packaged taxonomy and a small real classifier trained once."""

from __future__ import annotations

from pathlib import Path

import pytest

from occupations import ClassifierConfig, Taxonomy, TitleClassifier, load_taxonomy
from occupations.classifier import default_encoder, save_model
from occupations.corpus import supplementary_titles
from occupations.training import example_titles, fit_model, official_titles

# Minor groups the small test classifier learns (welders, nurse aides, truck drivers, cooks...), plus
# neighbours that make the task non-trivial (other metal trades, other health support, other drivers), registered
# nurses (a nurse vacancy that mentions aides) and armed forces members (soldado, the false friend of soldador).
TEST_MINOR_GROUPS = ("7210", "3310", "3210", "7330", "6320", "8510", "7510", "6520", "3130", "4420")


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory: pytest.TempPathFactory, taxonomy: Taxonomy) -> Path:
    """A model directory holding a classifier trained on the real titles of a few minor groups."""
    titles = example_titles()
    official = official_titles(taxonomy)
    keep = [i for i, code in enumerate(titles.codes) if code[:4] in TEST_MINOR_GROUPS]
    keep_official = [i for i, code in enumerate(official.codes) if code[:4] in TEST_MINOR_GROUPS]
    supplementary = supplementary_titles()
    keep_supplementary = [i for i, code in enumerate(supplementary.codes) if code[:4] in TEST_MINOR_GROUPS]
    training = titles.subset(keep) + official.subset(keep_official) + supplementary.subset(keep_supplementary)
    config = ClassifierConfig(model_dir=tmp_path_factory.mktemp("models"))
    model = fit_model(training, config, encode=default_encoder().encode_documents)
    model.build_graphs()
    save_model(model, config.artefact_path)
    return config.model_dir


@pytest.fixture(scope="session")
def small_classifier(small_model_dir: Path) -> TitleClassifier:
    from occupations import load_classifier

    return load_classifier(ClassifierConfig(model_dir=small_model_dir))
