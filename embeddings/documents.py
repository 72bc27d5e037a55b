"""Uploaded documents to plain text: PDF (pypdf), DOCX (python-docx) and plain text.

The type is decided from the content first (``%PDF-`` and ZIP signatures), then from the file name and the
declared content type, so a mislabelled file fails with a clear message instead of producing garbage.

Plain text: UTF-8 is expected (a UTF-8 or UTF-16 byte-order mark is honoured). Bytes that are not valid
UTF-8 are read as Windows-1252, the usual encoding of texts saved by older Windows editors in French and
Spanish (it agrees with Latin-1 on every letter and adds curly quotes, the euro sign and "œ"); the five bytes
Windows-1252 leaves undefined (Latin-1 would make them invisible control characters) become U+FFFD. NUL bytes
mean the file is binary and are refused.

Every failure is a :class:`matching.errors.DocumentError` naming the file and the reason.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from typing import Literal

from matching.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    UnsupportedDocumentError,
)

DocumentKind = Literal["pdf", "docx", "text"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_PDF_PAGES = 60
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024

_EXTENSIONS: dict[str, DocumentKind] = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".text": "text"}
_CONTENT_TYPES: dict[str, DocumentKind] = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "text",
}
_SUPPORTED = "PDF, DOCX or plain text (.txt)"


def detect_kind(data: bytes, filename: str, content_type: str | None = None) -> DocumentKind:
    """Decide how to read a document.

    Args:
        data: the file content.
        filename: the uploaded name (its extension is used).
        content_type: the declared MIME type, if any (parameters such as ``; charset=`` are ignored).

    Returns:
        "pdf", "docx" or "text".

    Raises:
        UnsupportedDocumentError: neither the content, the name nor the type is one we read.
        CorruptDocumentError: the name or type says PDF/DOCX but the content is not.
    """
    declared = _declared_kind(filename, content_type)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if declared in (None, "docx"):
            return "docx"
        raise CorruptDocumentError(filename, f"declared as {declared} but the content is a ZIP archive")
    if declared == "pdf":
        raise CorruptDocumentError(filename, "not a valid PDF (the file does not start with %PDF-)")
    if declared == "docx":
        raise CorruptDocumentError(filename, "not a valid DOCX (a DOCX file is a ZIP archive; this one is not)")
    if declared == "text":
        return "text"
    raise UnsupportedDocumentError(filename, f"unsupported document type; upload {_SUPPORTED}")


def _declared_kind(filename: str, content_type: str | None) -> DocumentKind | None:
    name = filename.lower().strip()
    for ext, kind in _EXTENSIONS.items():
        if name.endswith(ext):
            return kind
    if content_type:
        return _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())
    return None


def extract_text(
    data: bytes, filename: str, content_type: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """Extract the text of an uploaded résumé or vacancy.

    Args:
        data: the file content.
        filename: the uploaded file name, used for the type and in error messages.
        content_type: the declared MIME type, if any.
        max_bytes: size limit; larger files are refused before parsing.

    Returns:
        The text, Unicode NFC, with runs of spaces collapsed and at most one blank line between paragraphs.

    Raises:
        DocumentTooLargeError: ``data`` is over ``max_bytes``.
        EmptyDocumentError: the file is empty or has no extractable text (e.g. a scanned PDF).
        UnsupportedDocumentError: not PDF, DOCX or text; or a password-protected PDF.
        CorruptDocumentError: a damaged PDF or DOCX, or binary content in a text file.
    """
    if len(data) > max_bytes:
        raise DocumentTooLargeError(filename, len(data), max_bytes)
    if not data.strip():
        raise EmptyDocumentError(filename, "the file is empty")
    kind = detect_kind(data, filename, content_type)
    if kind == "pdf":
        raw = _pdf_text(data, filename)
    elif kind == "docx":
        raw = _docx_text(data, filename)
    else:
        raw = decode_text(data, filename)
    text = normalise_text(raw)
    if not text:
        hint = " (a scanned image? upload a PDF with selectable text, a DOCX or a .txt)" if kind == "pdf" else ""
        raise EmptyDocumentError(filename, f"no extractable text{hint}")
    return text


def decode_text(data: bytes, filename: str = "text") -> str:
    """Decode plain-text bytes: BOM-marked UTF-8/16, else UTF-8, else Windows-1252 (U+FFFD for its gaps).

    Args:
        data: the bytes.
        filename: for error messages.

    Returns:
        The decoded text.

    Raises:
        CorruptDocumentError: the bytes contain NUL characters (a binary file, or UTF-16 without a BOM).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise CorruptDocumentError(filename, "invalid UTF-16 text") from e
    if b"\x00" in data:
        raise CorruptDocumentError(filename, "binary content in a text file (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace")


_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def normalise_text(text: str) -> str:
    """NFC, unified line ends, collapsed spaces, one blank line at most between paragraphs, stripped.

    Args:
        text: extracted text.

    Returns:
        The cleaned text ("" when nothing but whitespace).
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _pdf_text(data: bytes, filename: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedDocumentError(filename, "password-protected PDF; upload an unprotected copy")
        pages = reader.pages[:MAX_PDF_PAGES]
        return "\n\n".join(page.extract_text() or "" for page in pages)
    except UnsupportedDocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise CorruptDocumentError(filename, f"damaged PDF ({type(e).__name__}: {e})") from e


def _docx_text(data: bytes, filename: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as e:
        raise CorruptDocumentError(filename, f"damaged DOCX (bad ZIP archive: {e})") from e
    if "word/document.xml" not in names:
        raise CorruptDocumentError(filename, "a ZIP archive but not a Word document (no word/document.xml)")
    if total > MAX_DOCX_UNCOMPRESSED:
        raise DocumentTooLargeError(filename, total, MAX_DOCX_UNCOMPRESSED)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many types (KeyError, ValueError, lxml errors)
        raise CorruptDocumentError(filename, f"damaged DOCX ({type(e).__name__}: {e})") from e
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)
