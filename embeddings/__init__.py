"""Adapters of the matching core's ports: embedders (multilingual, sentence-transformers, hashing fake),
vector indexes, and document understanding (text extraction, language detection)."""

from embeddings.chunking import ChunkingConfig
from embeddings.hashing import HashingEmbedder
from embeddings.sentence_transformer import SentenceTransformerEmbedder
from embeddings.usem import MultilingualEncoder

__all__ = ["ChunkingConfig", "HashingEmbedder", "MultilingualEncoder", "SentenceTransformerEmbedder"]
