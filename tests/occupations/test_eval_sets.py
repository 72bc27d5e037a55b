"""The evaluation documents are well formed: known kinds and languages, codes that exist, ids unique across sets."""

from __future__ import annotations

import pytest

from occupations.evaluation_sets import DOCUMENTS_FILE, written_documents
from occupations.taxonomy import load_taxonomy

FILES = (
    DOCUMENTS_FILE,
    "eval/documents_heldout_h6.jsonl",
    "eval/documents_heldout_k1.jsonl",
    "eval/documents_heldout_v7.jsonl",
)


@pytest.mark.parametrize("name", FILES)
def test_every_document_has_a_kind_a_language_and_known_codes(name: str) -> None:
    codes = {unit.code for unit in load_taxonomy()}
    documents = written_documents(name)
    assert documents, f"{name} is empty"
    for doc in documents:
        assert doc.kind in {"vacancy", "resume"} and doc.lang in {"fr", "en", "es"}, doc.id
        assert doc.text.strip() and doc.acceptable and doc.acceptable <= codes, doc.id


def test_document_ids_are_unique_across_the_sets() -> None:
    ids = [doc.id for name in FILES for doc in written_documents(name)]
    assert len(ids) == len(set(ids))
