"""Contract of the embedder adapters: shape, dtype, norm, determinism and that similar texts are close."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from embeddings.hashing import HashingEmbedder, fold
from matching.ports import Embedder


def test_hashing_embedder_implements_the_embedder_port() -> None:
    assert isinstance(HashingEmbedder(), Embedder)
    assert HashingEmbedder(64).dim == 64


def test_hashing_rows_are_unit_norm_float32_2d() -> None:
    vecs = HashingEmbedder(128).encode_documents(["soudeur industriel", "nurse", "enfermera"])
    assert vecs.shape == (3, 128)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, rtol=1e-5)


def test_hashing_empty_input_gives_empty_matrix_and_empty_text_a_zero_row() -> None:
    emb = HashingEmbedder(32)
    assert emb.encode_queries([]).shape == (0, 32)
    row = emb.encode_documents(["", "  !? "])
    assert not row.any()


def test_hashing_texts_sharing_words_are_closer_than_unrelated_texts() -> None:
    emb = HashingEmbedder()
    q = emb.encode_queries(["Soudeur en atelier de fabrication"])[0]
    docs = emb.encode_documents(["Soudeur expérimenté, atelier de métal", "Infirmière en soins intensifs"])
    sims = docs @ q
    assert sims[0] > sims[1] + 0.2


def test_hashing_folds_accents_and_case() -> None:
    emb = HashingEmbedder()
    a, b = emb.encode_documents(["Infirmière AUXILIAIRE", "infirmiere auxiliaire"])
    assert float(a @ b) == pytest.approx(1.0, abs=1e-6)
    assert fold("Élève Ñandú") == "eleve nandu"


def test_hashing_refuses_a_bare_string_and_non_strings() -> None:
    emb = HashingEmbedder()
    with pytest.raises(TypeError):
        emb.encode_documents("one text")
    with pytest.raises(TypeError):
        emb.encode_documents(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        HashingEmbedder(4)


@given(st.lists(st.text(max_size=60), max_size=5))
def test_hashing_is_deterministic_and_documents_equal_queries(texts: list[str]) -> None:
    a = HashingEmbedder(64).encode_documents(texts)
    b = HashingEmbedder(64).encode_queries(texts)
    np.testing.assert_array_equal(a, b)
    norms = np.linalg.norm(a, axis=1)
    assert np.all((np.abs(norms - 1.0) < 1e-5) | (norms == 0.0))
