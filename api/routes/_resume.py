"""Reading a candidate's text: file extraction and checks, language, facts, occupations; export; query vector."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlmodel import Session

from api import components, privacy
from api.auth import Role
from api.db.tables import CandidateRow, User
from api.deps import AppServices
from api.routes._enrich import detect_language, resolve_codes
from api.schemas import TEXT_MAX_CHARS, CandidatePublic
from matching.errors import EmptyTextError, TextTooLongError
from matching.models import Candidate, CodeSource, OccupationCode
from matching.ports import FloatVector

FACT_FIELDS = ("years_experience", "education", "french")
_DEFAULTS: dict[str, object] = {"years_experience": 0.0, "education": "NONE", "french": "NONE"}


def extract(services: AppServices, data: bytes, filename: str, content_type: str) -> str:
    """The text of an uploaded résumé, or an error saying what is wrong with the file.

    Args:
        services: the components (size limit).
        data: the file's bytes (read up to one byte past the limit).
        filename: the client's file name (its extension helps tell the type).
        content_type: the client's media type.

    Returns:
        The extracted text, not empty.

    Raises:
        DocumentError: too large (413), unsupported type (415), corrupt or empty file (422).
        TextTooLongError: more text than a JSON profile may hold (422).
    """
    limit = services.settings.max_upload_bytes
    text = components.extract_text(data, filename or "resume", content_type, limit).replace("\x00", "")
    if len(text) > TEXT_MAX_CHARS:  # capped like a text sent as JSON
        raise TextTooLongError(f"the text of {filename or 'the résumé'!r}", len(text), TEXT_MAX_CHARS)
    return text


def given_codes(services: AppServices, codes: Sequence[str]) -> list[OccupationCode]:
    """Validated codes sent by the client."""
    return [OccupationCode(services.occupations.validate(c), 1.0, CodeSource.GIVEN) for c in codes]


def apply_text(
    services: AppServices,
    row: CandidateRow,
    text: str,
    fields_set: set[str],
    given: Sequence[str] | None,
    *,
    classify: bool = True,
) -> list[OccupationCode] | None:
    """Store a new résumé text on the row: language, facts for fields still unset, occupations.

    Args:
        services: the components.
        row: the candidate (changed in place).
        text: the new text ("" clears it).
        fields_set: fields the client set explicitly in this request (facts never override them).
        given: occupation codes given by the client (validated), or None to classify the text.
        classify: False keeps the stored codes (a person gave or confirmed them) when none are given.

    Returns:
        The new occupation codes, or None to keep the current ones.
    """
    row.text = text.strip()
    if given:
        codes: list[OccupationCode] | None = given_codes(services, given)
    else:
        codes = None
    if not row.text:
        return codes
    row.language = detect_language(row.text)
    facts = components.extract_facts(row.text)
    for name in FACT_FIELDS:
        value = facts.get(name)
        if value is not None and name not in fields_set and getattr(row, name) == _DEFAULTS[name]:
            setattr(row, name, value)
    if codes is None and classify:
        found = resolve_codes(services, None, row.text, row.language)
        codes = found or None
    return codes


def query_vector(services: AppServices, candidate: Candidate) -> FloatVector:
    """The candidate's query vector: its résumé, else the titles of its occupations."""
    text = candidate.text if candidate.text.strip() else services.occupations.describe(candidate)
    if not text.strip():
        raise EmptyTextError("the candidate has no résumé text and no occupation; upload a résumé first")
    return np.asarray(services.embedder.encode_queries([text])[0], dtype=np.float32)


def export(services: AppServices, session: Session, row: CandidateRow, profile: CandidatePublic) -> dict[str, Any]:
    """Everything held about a candidate (right of access): the account, the profile, the rows of every table that
    holds the candidate's data (``api.privacy``) and the audit trail of the file."""
    assert row.id is not None
    account = session.get(User, row.user_id)
    held = privacy.held_rows(session, row.id)
    return {
        "account": {
            "id": row.user_id,
            "role": account.role if account else Role.CANDIDATE.value,
            "created_at": account.created_at.isoformat() if account else None,
        },
        "profile": profile.model_dump(mode="json"),
        "invitations": held.get("invitation", []),
        "reviews": held.get("review", []),
        "interests": held.get("interest", []),
        "held": held,
        "audit": privacy.audit_trail(session, row.id, row.user_id),
        "mail": privacy.mail_sent_to(session, [row.email, getattr(account, "email", None) or ""]),
    }
