"""Adapters of the matching core's ports: embedders (multilingual, sentence-transformers, hashing fake),
vector indexes, and document understanding (text extraction, language detection)."""

from embeddings.chunking import ChunkingConfig
from embeddings.documents import extract_text
from embeddings.exact_index import ExactIndex, exact_search
from embeddings.factory import EmbedderConfig, build_embedder
from embeddings.faiss_index import FaissIndex
from embeddings.hashing import HashingEmbedder
from embeddings.index_config import IndexConfig
from embeddings.index_factory import build_index, load_index
from embeddings.language import detect_language
from embeddings.sentence_transformer import SentenceTransformerEmbedder
from embeddings.usem import MultilingualEncoder

__all__ = [
    "ChunkingConfig",
    "EmbedderConfig",
    "ExactIndex",
    "FaissIndex",
    "HashingEmbedder",
    "IndexConfig",
    "MultilingualEncoder",
    "SentenceTransformerEmbedder",
    "build_embedder",
    "build_index",
    "detect_language",
    "exact_search",
    "extract_text",
    "load_index",
]
