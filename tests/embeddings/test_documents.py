"""Document understanding: text from real PDF, DOCX and text files built here (and every way an upload can be
refused), and language detection on real sentences."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embeddings.documents import decode_text, detect_kind, extract_text, normalise_text
from embeddings.language import UNDETERMINED, LanguageDetector, LanguageDetectorConfig, detect_language
from matching.errors import (
    CorruptDocumentError,
    DocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    InvalidInputError,
    UnsupportedDocumentError,
)


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF (Helvetica, WinAnsi encoding) showing ``lines``, with a correct xref."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_pdf_text_is_extracted_with_accents() -> None:
    pdf = make_pdf(["Infirmière auxiliaire", "Cinq ans d'expérience en CHSLD (Québec)"])
    text = extract_text(pdf, "cv.pdf", "application/pdf")
    assert "Infirmière auxiliaire" in text
    assert "Cinq ans d'expérience en CHSLD (Québec)" in text


def test_docx_paragraphs_and_tables_are_extracted() -> None:
    data = make_docx(
        ["Soldador con 8 años de experiencia", "", "", "Certificación AWS"],
        table=[["Empresa", "Puesto"], ["Aceros del Norte", "Soldador MIG"]],
    )
    text = extract_text(data, "CV Juan.DOCX")
    assert text.startswith("Soldador con 8 años de experiencia\n\nCertificación AWS")
    assert "Aceros del Norte | Soldador MIG" in text


def test_utf8_text_with_bom_and_crlf() -> None:
    data = "\ufeffCuisinier\r\nCuisine québécoise\r\n".encode()
    assert extract_text(data, "cv.txt") == "Cuisinier\nCuisine québécoise"


def test_cp1252_text_falls_back_and_keeps_french_and_spanish_letters() -> None:
    text = "Œuvre d’art — 5 ans, café, niño, 100 €"
    assert extract_text(text.encode("cp1252"), "cv.txt", "text/plain") == text
    assert decode_text("Soudeur à Sept-Îles".encode("latin-1")) == "Soudeur à Sept-Îles"


def test_utf16_with_bom_is_read() -> None:
    assert extract_text("Enfermera titulada".encode("utf-16"), "cv.txt") == "Enfermera titulada"


def test_content_type_decides_when_the_name_has_no_extension() -> None:
    assert extract_text(b"Welder", "upload", "text/plain; charset=utf-8") == "Welder"
    assert detect_kind(make_pdf(["x"]), "upload", None) == "pdf"


def test_oversize_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentTooLargeError, match="exceeds the limit of 10 bytes") as err:
        extract_text(b"x" * 11, "big.txt", max_bytes=10)
    assert err.value.size == 11 and err.value.filename == "big.txt"


@pytest.mark.parametrize("data", [b"", b"   \n\t "])
def test_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyDocumentError, match="empty"):
        extract_text(data, "cv.txt")


def test_pdf_without_text_is_refused_with_a_hint() -> None:
    with pytest.raises(EmptyDocumentError, match=r"no extractable text.*scanned"):
        extract_text(make_pdf([]), "scan.pdf")


def test_empty_docx_is_refused() -> None:
    with pytest.raises(EmptyDocumentError, match="no extractable text"):
        extract_text(make_docx(["", "  "]), "vide.docx")


def test_corrupt_pdf_is_refused() -> None:
    damaged = make_pdf(["Soudeur"])[:60]
    with pytest.raises(CorruptDocumentError, match="damaged PDF"):
        extract_text(damaged + b"garbage" * 5, "cv.pdf")


def test_pdf_name_without_pdf_content_is_refused() -> None:
    with pytest.raises(CorruptDocumentError, match="not a valid PDF"):
        extract_text(b"hello, I am not a PDF", "cv.pdf")


def test_docx_that_is_not_a_zip_is_refused() -> None:
    with pytest.raises(CorruptDocumentError, match="not a valid DOCX"):
        extract_text(b"Plain words saved with a .docx name", "cv.docx")


def test_zip_that_is_not_a_word_document_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("photo.txt", "not word")
    with pytest.raises(CorruptDocumentError, match=r"no word/document\.xml"):
        extract_text(buf.getvalue(), "cv.docx")


def test_truncated_docx_is_refused() -> None:
    data = make_docx(["Plombier"])
    with pytest.raises(CorruptDocumentError, match="damaged DOCX"):
        extract_text(data[: len(data) // 2], "cv.docx")


@pytest.mark.parametrize(
    ("name", "ctype"), [("cv.doc", None), ("photo.png", "image/png"), ("cv.odt", None), ("upload", None)]
)
def test_unsupported_types_are_refused(name: str, ctype: str | None) -> None:
    with pytest.raises(UnsupportedDocumentError, match="PDF, DOCX or plain text"):
        extract_text(b"\x89PNG some bytes", name, ctype)


def test_binary_content_named_txt_is_refused() -> None:
    with pytest.raises(CorruptDocumentError, match="NUL"):
        extract_text(b"abc\x00\x01\x02", "cv.txt")


def test_document_errors_are_invalid_input() -> None:
    for cls in (CorruptDocumentError, EmptyDocumentError, UnsupportedDocumentError, DocumentTooLargeError):
        assert issubclass(cls, DocumentError) and issubclass(cls, InvalidInputError)


@given(st.text())
def test_normalise_text_is_idempotent_and_stripped(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert once == once.strip()
    assert "\n\n\n" not in once


@given(st.text(min_size=1).filter(lambda t: "\x00" not in t and t.strip()))
def test_utf8_text_round_trips_up_to_normalisation(text: str) -> None:
    try:
        result = extract_text(text.encode("utf-8"), "cv.txt")
    except EmptyDocumentError:
        assert not normalise_text(text)
        return
    assert result == normalise_text(text)


# --- language detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Nous recherchons un soudeur-assembleur pour notre usine de Saguenay, quart de soir.", "fr"),
        ("Infirmière auxiliaire, cinq ans d'expérience en soins de longue durée.", "fr"),
        ("Experienced welder looking for a permanent position in Quebec.", "en"),
        ("I have worked as a registered nurse in a busy emergency department since 2018.", "en"),
        ("Soldador con ocho años de experiencia en estructuras metálicas.", "es"),
        ("Trabajé como cocinero en un hotel de Cancún durante cuatro años.", "es"),
        ("Trabalhei como enfermeira num hospital de Lisboa durante seis anos.", "pt"),
    ],
)
def test_detect_language_on_real_sentences(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_short_french_title_is_not_read_as_a_neighbour_language() -> None:
    assert detect_language("Préposé aux bénéficiaires") == "fr"
    assert detect_language("Ingeniero civil con experiencia") == "es"


@pytest.mark.parametrize("text", ["", "   ", "42 - 7", "!!"])
def test_text_without_letters_is_undetermined(text: str) -> None:
    assert detect_language(text) == UNDETERMINED


def test_restricted_detector_answers_only_configured_languages() -> None:
    detector = LanguageDetector(LanguageDetectorConfig(languages=("fr", "en")))
    assert detector.detect("Soldador con experiencia en estructuras metálicas") in {"fr", "en", "und"}
    probs = detector.probabilities("Welder and fitter")
    assert set(probs) == {"fr", "en"} and sum(probs.values()) == pytest.approx(1.0, abs=1e-4)
    with pytest.raises(ValueError):
        LanguageDetector(LanguageDetectorConfig(languages=("fr", "zz-unknown")))


def test_extracted_document_language() -> None:
    text = extract_text(make_docx(["Mecánico automotriz", "Diagnóstico y reparación de motores diésel."]), "cv.docx")
    assert detect_language(text) == "es"


def test_real_english_resumes_are_detected_as_english(shared_data: Path) -> None:
    with (shared_data / "samples" / "resumes_it_en.csv").open(encoding="utf-8") as fh:
        texts = [row["text"] for row in csv.DictReader(fh)]
    assert [detect_language(t) for t in texts] == ["en"] * len(texts)


def test_password_protected_pdf_is_refused() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(UnsupportedDocumentError, match="password-protected"):
        extract_text(buf.getvalue(), "locked.pdf")


def test_docx_that_inflates_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import embeddings.documents as documents

    monkeypatch.setattr(documents, "MAX_DOCX_UNCOMPRESSED", 1000)
    with pytest.raises(DocumentTooLargeError, match="exceeds the limit of 1000 bytes"):
        extract_text(make_docx(["Plombier"]), "cv.docx")
