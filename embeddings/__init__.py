"""Adapters of the matching core's ports: embedders (multilingual, sentence-transformers, hashing fake),
vector indexes, and document understanding (text extraction, language detection)."""

from embeddings.hashing import HashingEmbedder

__all__ = ["HashingEmbedder"]
