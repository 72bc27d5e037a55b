"""Domain errors of the matching core.

The tree::

    MatchingError
    ├── UnknownRecordError
    │   ├── UnknownCandidateError
    │   └── UnknownVacancyError
    ├── InvalidInputError
    │   ├── UnknownOccupationError
    │   ├── UnknownMunicipalityError
    │   ├── AmbiguousMunicipalityError
    │   ├── EmptyTextError
    │   ├── TextTooLongError
    │   └── DocumentError
    │       ├── UnsupportedDocumentError
    │       ├── CorruptDocumentError
    │       ├── DocumentTooLargeError
    │       └── EmptyDocumentError
    ├── IndexNotReadyError
    ├── EmbeddingDimensionError
    └── RuleSetError

The API turns these into HTTP responses in one place; nothing below ``api/`` knows HTTP.
"""

from __future__ import annotations

from collections.abc import Sequence


class MatchingError(Exception):
    """Base of every error raised by the matching core and its adapters."""


class UnknownRecordError(MatchingError):
    """A record asked for by id does not exist (or is not visible)."""

    kind = "record"

    def __init__(self, record_id: int) -> None:
        super().__init__(f"unknown {self.kind} {record_id}")
        self.record_id = record_id


class UnknownCandidateError(UnknownRecordError):
    kind = "candidate"


class UnknownVacancyError(UnknownRecordError):
    kind = "vacancy"


class InvalidInputError(MatchingError):
    """User input that cannot be accepted; the message says what is wrong."""


class UnknownOccupationError(InvalidInputError):
    def __init__(self, code: str) -> None:
        super().__init__(f"unknown CNP/NOC 2021 code {code!r}: expected one of the 516 five-digit unit groups")
        self.code = code


class UnknownMunicipalityError(InvalidInputError):
    """No municipality has this name (nor former name, sector or postal code); ``suggestions`` lists close ones."""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        hint = f"; did you mean: {'; '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown Québec municipality {name!r}{hint}")
        self.name = name
        self.suggestions = tuple(suggestions)


class AmbiguousMunicipalityError(InvalidInputError):
    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        listed = ", ".join(candidates)
        super().__init__(f"municipality name {name!r} is ambiguous; give its code, one of: {listed}")
        self.name = name
        self.candidates = tuple(candidates)


class EmptyTextError(InvalidInputError):
    def __init__(self, what: str = "text") -> None:
        super().__init__(f"{what} is empty: there is no text to match on")


class TextTooLongError(InvalidInputError):
    """A text (typed or extracted from a file) is longer than accepted."""

    def __init__(self, what: str, length: int, limit: int) -> None:
        super().__init__(f"{what} has {length} characters, more than the {limit} accepted")
        self.length = length
        self.limit = limit


class DocumentError(InvalidInputError):
    """An uploaded document (résumé or vacancy file) cannot be turned into text."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename!r}: {reason}")
        self.filename = filename
        self.reason = reason


class UnsupportedDocumentError(DocumentError):
    """The file type is not one we read (PDF, DOCX, plain text)."""


class CorruptDocumentError(DocumentError):
    """The file claims a type we read but its content is damaged or of another type."""


class DocumentTooLargeError(DocumentError):
    """The file exceeds the size limit."""

    def __init__(self, filename: str, size: int, limit: int) -> None:
        super().__init__(filename, f"file of {size} bytes exceeds the limit of {limit} bytes")
        self.size = size
        self.limit = limit


class EmptyDocumentError(DocumentError):
    """The file is empty, or holds no extractable text (e.g. a scanned image)."""


class IndexNotReadyError(MatchingError):
    """The vector index cannot answer yet (not built, not trained, or being rebuilt)."""


class EmbeddingDimensionError(MatchingError, ValueError):
    """Vectors of the wrong dimension were handed to an index or a scorer."""

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(f"expected vectors of dimension {expected}, got {got}")
        self.expected = expected
        self.got = got


class RuleSetError(MatchingError):
    """A rule set file is invalid, or no rule set is in force at the asked date."""
