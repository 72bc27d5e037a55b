"""The hub correction of the nearest-title tables and the cosine power (small hand-made vectors, no model)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from occupations.model import NeighbourTable, TitleModel, hub_offsets


def _unit(rows: list[list[float]]) -> np.ndarray:
    matrix = np.asarray(rows, dtype=np.float32)
    return np.asarray(matrix / np.linalg.norm(matrix, axis=1, keepdims=True), dtype=np.float32)


def test_hub_offsets_average_the_k_highest_cosines_in_both_directions() -> None:
    first = _unit([[1, 0], [0, 1]])
    second = _unit([[1, 0], [1, 1], [0, 1]])
    out_first, out_second = hub_offsets(first, second, k=2)
    cos45 = np.sqrt(0.5)
    np.testing.assert_allclose(out_first, [(1 + cos45) / 2, (1 + cos45) / 2], rtol=1e-5)
    np.testing.assert_allclose(out_second, [(1 + 0) / 2, cos45, (0 + 1) / 2], rtol=1e-5)


@settings(max_examples=30, deadline=None)
@given(
    arrays(np.float32, (300, 3), elements=st.floats(-1, 1, width=32)),
    arrays(np.float32, (7, 3), elements=st.floats(-1, 1, width=32)),
    st.integers(1, 9),
)
def test_hub_offsets_match_a_full_sort_across_blocks(first: np.ndarray, second: np.ndarray, k: int) -> None:
    """The running top-k over blocks of ``first`` (256 rows each) gives the offsets of a full sort."""
    sims = first @ second.T
    out_first, out_second = hub_offsets(first, second, k)
    np.testing.assert_allclose(out_first, np.sort(sims, axis=1)[:, -min(k, 7) :].mean(axis=1), atol=1e-5)
    np.testing.assert_allclose(out_second, np.sort(sims, axis=0)[-k:].mean(axis=0), atol=1e-5)


def _model(en: np.ndarray, fr: np.ndarray, en_codes: list[int], fr_codes: list[int]) -> TitleModel:
    model = TitleModel(char=None, word=None, temperature=1.0, classes=np.array(["a", "b", "c"], dtype=object))
    model.neighbours = {
        "en": NeighbourTable.build(en, np.array(en_codes, dtype=np.int64)),
        "fr": NeighbourTable.build(fr, np.array(fr_codes, dtype=np.int64)),
    }
    return model


def test_a_generic_title_near_every_other_language_title_loses_to_a_specific_one() -> None:
    # French table: a generic title (class 0) close to every English title, and a specific one (class 1).
    en = _unit([[1, 0.2, 0], [1, -0.2, 0], [1, 0, 0.3]])
    fr = _unit([[1, 0, 0], [1, 0.5, 0.1]])
    query = _unit([[1, 0.45, 0.1]])
    model = _model(en, fr, [2, 2, 2], [0, 1])
    before = model._nearest(query)["fr"][0]
    model.correct_hubs(1.0, k=3)
    after = model._nearest(query)["fr"][0]
    assert after[1] - after[0] > before[1] - before[0]
    offsets = model.neighbours["fr"].row_offset
    assert offsets is not None and offsets[0] > offsets[1]


def test_no_correction_at_zero_strength_and_the_power_only_reaches_english_and_french_texts() -> None:
    en = _unit([[1, 0, 0], [0, 1, 0]])
    fr = _unit([[0, 0, 1], [1, 1, 0]])
    model = _model(en, fr, [0, 1], [2, 0])
    model.same_weight, model.other_weight, model.spanish_weights = 1.0, 2.0, (0.0, 1.0)
    model.correct_hubs(0.0, k=2, power=2.0)
    assert model.neighbours["en"].row_offset is None and model.neighbours["fr"].row_offset is None
    near = {"en": np.full((2, 3), 0.5, np.float32), "fr": np.full((2, 3), 0.8, np.float32)}
    near["es"] = np.zeros((2, 3), np.float32)
    term = model._embedding_term(near, np.array(["en", "es"]))
    np.testing.assert_allclose(term[0], 1.0 * 0.25 + 2.0 * 0.64, rtol=1e-6)
    np.testing.assert_allclose(term[1], 1.0 * 0.8, rtol=1e-6)


def test_a_text_not_embedded_gets_no_cosine_even_with_negative_offsets() -> None:
    en = _unit([[1, 0.2, 0], [1, -0.2, 0], [1, 0, 0.3]])
    fr = _unit([[1, 0, 0], [0, 0, 1]])
    model = _model(en, fr, [2, 2, 2], [0, 1])
    model.correct_hubs(1.0, k=2)
    offsets = model.neighbours["fr"].row_offset
    assert offsets is not None and offsets.min() < 0
    queries = np.vstack([np.zeros((1, 3), np.float32), _unit([[0, 0.1, 1]])])
    near = model.neighbours["fr"].best(queries, 3)
    assert not near[0].any()
    assert near[1, 1] > 0
