"""Contract of the embedder adapters: shape, dtype, norm, determinism and that similar texts are close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from embeddings.chunking import ChunkingConfig, check_texts, encode_pooled, l2_normalise, split_windows
from embeddings.encoder_eval import by_language, cross_lingual, load_items, rank_metrics
from embeddings.factory import EmbedderConfig, build_embedder
from embeddings.hashing import HashingEmbedder, fold
from embeddings.sentence_transformer import SentenceTransformerEmbedder
from embeddings.usem import MultilingualEncoder
from matching.errors import EmptyTextError
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


# --- chunking (fast, with a fake window encoder) -------------------------------------------------------


def _count_encoder(calls: list[list[str]]) -> Callable[[list[str]], np.ndarray]:
    """A fake window encoder: one-hot on whether the window mentions 'welder', 'nurse' or neither."""

    def encode(batch: list[str]) -> np.ndarray:
        calls.append(batch)
        out = np.zeros((len(batch), 3), dtype=np.float64)
        for i, text in enumerate(batch):
            out[i, 0 if "welder" in text else 1 if "nurse" in text else 2] = 5.0
        return out

    return encode


def test_short_text_is_one_window_and_unchanged() -> None:
    cfg = ChunkingConfig(max_words=10, overlap_words=2)
    assert split_windows("  a short   text ", cfg) == ["  a short   text "]


def test_long_text_windows_overlap_and_cover_every_word() -> None:
    cfg = ChunkingConfig(max_words=10, overlap_words=3)
    words = [f"w{i}" for i in range(31)]
    windows = split_windows(" ".join(words), cfg)
    assert all(len(w.split()) <= 10 for w in windows)
    assert windows[0].split()[-3:] == windows[1].split()[:3]
    covered = {w for window in windows for w in window.split()}
    assert covered == set(words)


def test_truncate_keeps_only_the_first_window() -> None:
    cfg = ChunkingConfig(max_words=10, overlap_words=0, pooling="truncate")
    assert split_windows(" ".join(["x"] * 25), cfg) == [" ".join(["x"] * 10)]


def test_overlap_must_be_below_window() -> None:
    with pytest.raises(ValueError):
        ChunkingConfig(max_words=10, overlap_words=10)


def test_pooling_sees_a_late_occupation_that_truncation_misses() -> None:
    text = " ".join(["filler"] * 40 + ["welder"])
    calls: list[list[str]] = []
    cfg = ChunkingConfig(max_words=10, overlap_words=2)
    pooled = encode_pooled(_count_encoder(calls), [text, "nurse"], 3, cfg, batch_size=4)
    assert pooled.shape == (2, 3) and pooled.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(pooled, axis=1), 1.0, rtol=1e-6)
    assert pooled[0, 0] > 0  # the welder window counts
    assert pooled[1].tolist() == [0.0, 1.0, 0.0]
    assert all(len(batch) <= 4 for batch in calls)
    truncated = encode_pooled(_count_encoder([]), [text], 3, cfg.model_copy(update={"pooling": "truncate"}))
    assert truncated[0, 0] == 0.0


def test_check_texts_rejects_empty_and_non_text() -> None:
    assert check_texts(("a", "b")) == ["a", "b"]
    with pytest.raises(EmptyTextError):
        check_texts(["ok", "   "])
    with pytest.raises(TypeError):
        check_texts("abc")
    with pytest.raises(TypeError):
        check_texts([b"bytes"])  # type: ignore[list-item]


def test_l2_normalise_rejects_bad_shapes_and_nan() -> None:
    with pytest.raises(ValueError):
        l2_normalise(np.zeros((2, 4)), 3)
    with pytest.raises(ValueError):
        l2_normalise(np.array([[np.nan, 1.0, 0.0]]), 3)
    assert l2_normalise(np.array([3.0, 4.0]), 2).tolist() == [[pytest.approx(0.6), pytest.approx(0.8)]]


# --- real models (slow) ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_multilingual_encoder_contract(multilingual: MultilingualEncoder) -> None:
    assert isinstance(multilingual, Embedder) and multilingual.dim == 512
    texts = ["Infirmière auxiliaire", "Licensed practical nurse", "Enfermera auxiliar", "Soudeur"]
    docs = multilingual.encode_documents(texts)
    assert docs.shape == (4, 512) and docs.dtype == np.float32 and docs.flags.c_contiguous
    np.testing.assert_allclose(np.linalg.norm(docs, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(multilingual.encode_queries(texts), docs, atol=1e-6)
    sims = docs @ docs[0]
    assert sims[1] > sims[3] and sims[2] > sims[3]
    assert multilingual.encode_documents([]).shape == (0, 512)
    with pytest.raises(EmptyTextError):
        multilingual.encode_documents([""])


@pytest.mark.slow
def test_multilingual_encoder_batches_do_not_change_vectors(multilingual: MultilingualEncoder) -> None:
    texts = [f"Poste {i}: mécanicien de machinerie lourde" for i in range(7)]
    small = MultilingualEncoder(model=multilingual.model, batch_size=2).encode_documents(texts)
    np.testing.assert_allclose(small, multilingual.encode_documents(texts), atol=1e-5)


@pytest.mark.slow
def test_sentence_transformer_embedder_contract(minilm_model: Any) -> None:
    emb = SentenceTransformerEmbedder(model=minilm_model)
    assert isinstance(emb, Embedder) and emb.dim == 384
    long_text = " ".join(["experienced"] * 400) + " welder"
    vecs = emb.encode_documents(["A registered nurse", long_text])
    assert vecs.shape == (2, 384) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, rtol=1e-5)
    assert emb.encode_queries(["nurse"]).shape == (1, 384)
    with pytest.raises(EmptyTextError):
        emb.encode_queries(["\n"])


def test_sentence_transformer_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not found"):
        SentenceTransformerEmbedder(str(tmp_path / "nope"))


def test_whole_pooling_keeps_the_text_in_one_piece_up_to_the_cap() -> None:
    cfg = ChunkingConfig(max_words=10, overlap_words=2, pooling="whole", max_windows=3)
    text = " ".join(f"w{i}" for i in range(25))
    assert split_windows(text, cfg) == [text]
    assert split_windows(" ".join(["x"] * 40), cfg) == [" ".join(["x"] * 30)]


def test_whole_pooling_encodes_only_the_start_of_a_huge_text() -> None:
    cfg = EmbedderConfig(backend="usem").chunking()
    huge = " ".join(f"w{i}" for i in range(15_000))  # a 100 KB upload
    (kept,) = split_windows(huge, cfg)
    assert kept.split() == huge.split()[: cfg.max_whole_words]
    assert cfg.max_whole_words < 15_000


# --- factory -------------------------------------------------------------------------------------------------


def test_factory_builds_the_hashing_fake() -> None:
    emb = build_embedder(EmbedderConfig(backend="hashing", hashing_dim=64))
    assert isinstance(emb, HashingEmbedder) and emb.dim == 64


def test_factory_default_is_the_multilingual_encoder_loaded_lazily() -> None:
    emb = build_embedder()
    assert isinstance(emb, MultilingualEncoder) and emb.dim == 512
    assert emb.chunking.pooling == "whole"
    assert emb._model is None  # nothing loaded until the first encode


def test_factory_resolves_auto_pooling_per_backend_and_honours_overrides() -> None:
    assert EmbedderConfig(backend="minilm").chunking().pooling == "mean"
    assert EmbedderConfig(backend="usem").chunking().pooling == "whole"
    cfg = EmbedderConfig(backend="usem", pooling="mean", max_words_per_chunk=80, overlap_words=10)
    assert cfg.chunking() == ChunkingConfig(max_words=80, overlap_words=10, pooling="mean")


def test_factory_config_is_validated() -> None:
    with pytest.raises(ValueError):
        EmbedderConfig(backend="bert")
    with pytest.raises(ValueError):
        EmbedderConfig(batch_size=0)
    with pytest.raises(ValueError):
        EmbedderConfig(max_words_per_chunk=20, overlap_words=20).chunking()


@pytest.mark.slow
def test_factory_builds_minilm_around_a_shared_model(minilm_model: Any) -> None:
    emb = build_embedder(EmbedderConfig(backend="minilm"), model=minilm_model)
    assert isinstance(emb, SentenceTransformerEmbedder) and emb.dim == 384


# --- evaluation set ------------------------------------------------------------------------------------------


def test_eval_set_covers_the_same_occupations_in_three_languages() -> None:
    items = load_items()
    codes = {lang: [it.code for it in by_language(items, lang)] for lang in ("fr", "en", "es")}
    assert len(codes["fr"]) >= 60 and len(set(codes["fr"])) == len(codes["fr"])
    assert codes["fr"] == codes["en"] == codes["es"]
    assert all(it.title and it.description for it in items)


def test_rank_metrics_counts_ties_against_the_query() -> None:
    eye = np.eye(3, dtype=np.float32)
    perfect = rank_metrics(eye, eye)
    assert (perfect.acc_at_1, perfect.mrr, perfect.n) == (1.0, 1.0, 3)
    docs = np.array([[1, 0, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float32)
    tied = rank_metrics(eye, docs)  # query 0 ties with document 1 (rank 2); query 1 ties with all (rank 3)
    assert tied.acc_at_1 == pytest.approx(1 / 3)
    assert tied.mrr == pytest.approx((1 / 2 + 1 / 3 + 1) / 3)


def test_hashing_fake_is_poor_across_languages_on_titles() -> None:
    items = load_items()
    assert cross_lingual(HashingEmbedder(), items, "fr", "en", "title").acc_at_1 < 0.5


def test_public_import_paths() -> None:
    import embeddings

    for name in (
        "ChunkingConfig",
        "EmbedderConfig",
        "HashingEmbedder",
        "MultilingualEncoder",
        "SentenceTransformerEmbedder",
        "build_embedder",
        "detect_language",
        "extract_text",
    ):
        assert name in embeddings.__all__ and hasattr(embeddings, name)
