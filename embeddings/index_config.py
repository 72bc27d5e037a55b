"""Parameters of the vector index (``build_index``), chosen by the measurements in ``benchmarks/README.md``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

AnnType = Literal["ivf_flat", "ivf_sq8", "hnsw"]


class IndexConfig(BaseModel):
    """How the vector index is built. Defaults chosen by the measurements in ``benchmarks/README.md``."""

    backend: Literal["faiss", "exact"] = Field(
        "faiss", description="'faiss' (automatic exact/approximate by size) or 'exact' (numpy reference scan)."
    )
    exact_threshold: int = Field(
        20_000,
        ge=1,
        description="Below this many vectors the index is exact (IDMap Flat); at or above, ANN. Measured on a quiet "
        "moment: the exact scan takes 0.4 ms at 10k, as fast as IVF; at 100k it takes 9 ms against 1-2 ms.",
    )
    ann_type: AnnType = Field(
        "ivf_sq8", description="Approximate structure above the threshold: ivf_flat, ivf_sq8 or hnsw."
    )
    nlist: int | None = Field(
        None, ge=1, description="IVF lists; None = nlist_factor × √N, capped at N / 39 (N = expected size)."
    )
    nlist_factor: float = Field(1.0, gt=0, description="Multiplier of √N for the automatic nlist.")
    nprobe: int = Field(
        16,
        ge=1,
        description="IVF lists visited per query (recall against speed): 16 gives recall@50 0.994 at 100k and 0.999 "
        "at 1M, at half the latency of 32.",
    )
    refine_factor: int = Field(2, ge=1, description="ANN candidates fetched per wanted result, then re-scored exactly.")
    kmeans_iterations: int = Field(10, ge=1, description="k-means iterations when training the IVF lists.")
    train_per_list: int = Field(64, ge=1, description="Training vectors sampled per IVF list.")
    hnsw_m: int = Field(32, ge=4, description="HNSW graph degree (memory and build time against recall).")
    hnsw_ef_construction: int = Field(80, ge=8, description="HNSW candidate list size while building.")
    hnsw_ef_search: int = Field(128, ge=8, description="HNSW candidate list size while searching.")
    search_threads: int = Field(
        1, ge=1, description="FAISS OpenMP threads while searching; 1 avoids thread hand-off stalls on busy cores."
    )
    build_threads: int | None = Field(
        None, ge=1, description="FAISS OpenMP threads while training and adding; None = all cores."
    )
    seed: int = Field(1234, description="Seed of the training sample and k-means, for reproducible builds.")
