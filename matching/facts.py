"""Structured facts pulled from French, English and Spanish résumé text with regular expressions.

:func:`extract_facts` reads years of experience, the highest education level, the French level and a few
well-known skills. It is deliberately conservative: a fact not stated plainly is ``None`` (or absent from
``skills``), never guessed, so a candidate can confirm or correct it in their profile.

Decisions worth knowing:

- Experience is the largest explicit statement ("8 ans d'expérience", "5+ years of experience", "más de
  10 años de experiencia", "18 mois d'expérience" = 1.5); without one, the union of dated ranges
  ("2015 - 2020", "2019 – présent") is used.
- "Baccalauréat" is read the Québec way (a university bachelor's degree) unless qualified as the French
  secondary diploma ("bac pro", "baccalauréat général"...); "bachillerato" and "preparatoria" are secondary.
- Acronyms (DEP, DEC, DES, AEC, BTS) only count in capitals, so the French word "des" is not a diploma.
- A CEFR level counts for French only in a phrase about French (français, French, francés, TEF, TCF,
  DELF, DALF); NCLC/CLB and Québec-scale levels 1-12 are mapped to CEFR (5-6 B1, 7-8 B2, 9-10 C1, 11-12 C2).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from matching.french_tests import levels_from_scores, mentions_test
from matching.models import EducationLevel, FrenchLevel


@dataclass(frozen=True, slots=True)
class Facts:
    """What a résumé states plainly. ``None`` means "not found", not "none"."""

    years_experience: float | None = None
    education: EducationLevel | None = None
    french: FrenchLevel | None = None
    skills: tuple[str, ...] = ()


class _FoldTable(dict[int, str]):
    """``str.translate`` table: a character → itself lower-cased, decomposed, without its combining marks.

    Built lazily, one entry per character met, so folding is one C-level pass over the text (a 100 KB résumé:
    about 1 ms instead of 9 ms for a Python loop over its decomposed characters).
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code).lower())
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=8)
def _fold(text: str) -> str:
    """Lower-case, accents and other combining marks removed, typographic apostrophes made plain.

    Cached: :func:`extract_facts` folds the same résumé once for its four readers.
    """
    return text.translate(_FOLD_TABLE)


# --- years of experience -----------------------------------------------------------------------------------

_NUMBER_WORDS = {
    **dict.fromkeys(("un", "une", "one", "uno", "una"), 1),
    **dict.fromkeys(("deux", "two", "dos"), 2),
    **dict.fromkeys(("trois", "three", "tres"), 3),
    **dict.fromkeys(("quatre", "four", "cuatro"), 4),
    **dict.fromkeys(("cinq", "five", "cinco"), 5),
    **dict.fromkeys(("six", "seis"), 6),
    **dict.fromkeys(("sept", "seven", "siete"), 7),
    **dict.fromkeys(("huit", "eight", "ocho"), 8),
    **dict.fromkeys(("neuf", "nine", "nueve"), 9),
    **dict.fromkeys(("dix", "ten", "diez"), 10),
    **dict.fromkeys(("onze", "eleven", "once"), 11),
    **dict.fromkeys(("douze", "twelve", "doce"), 12),
    **dict.fromkeys(("treize", "thirteen", "trece"), 13),
    **dict.fromkeys(("quatorze", "fourteen", "catorce"), 14),
    **dict.fromkeys(("quinze", "fifteen", "quince"), 15),
    **dict.fromkeys(("seize", "sixteen", "dieciseis"), 16),
    **dict.fromkeys(("dix-sept", "seventeen", "diecisiete"), 17),
    **dict.fromkeys(("dix-huit", "eighteen", "dieciocho"), 18),
    **dict.fromkeys(("dix-neuf", "nineteen", "diecinueve"), 19),
    **dict.fromkeys(("vingt", "twenty", "veinte"), 20),
}
_NUM = r"(\d{1,2}(?:[.,]\d)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(ans?|annees?|years?|yrs?|anos?|mois|months?|meses?)"
_EXP = r"(?:d'?\s?experience|of\s+(?:\w+\s+){0,2}experience|'?\s*experience|de\s+experiencia)"
_EXPERIENCE_PATTERNS = (
    # "5 ans d'expérience", "5+ years of (work) experience", "cinco años de experiencia"
    re.compile(rf"\b{_NUM}\s*\+?\s*{_UNIT}\s*(?:\w+\s+)?{_EXP}"),
    # "expérience de 5 ans", "experiencia de 3 años", "experience: 4 years"
    re.compile(
        rf"\b(?:experience|experiencia)\s*(?:de|of|:|-)?\s*(?:plus de |more than |over |mas de )?"
        rf"{_NUM}\s*\+?\s*{_UNIT}\b"
    ),
)
_PRESENT = (
    r"(?:present|aujourd'hui|ce jour|actuel(?:lement)?|presente|actualidad|actual|a la fecha|la fecha|current|"
    r"currently|now|today|date)"
)
_MONTHS = {
    **dict.fromkeys(("janvier", "janv", "january", "jan", "enero", "ene"), 1),
    **dict.fromkeys(("fevrier", "fevr", "fev", "february", "feb", "febrero"), 2),
    **dict.fromkeys(("mars", "march", "mar", "marzo"), 3),
    **dict.fromkeys(("avril", "avr", "april", "apr", "abril", "abr"), 4),
    **dict.fromkeys(("mai", "may", "mayo"), 5),
    **dict.fromkeys(("juin", "june", "jun", "junio"), 6),
    **dict.fromkeys(("juillet", "juil", "july", "jul", "julio"), 7),
    **dict.fromkeys(("aout", "august", "aug", "agosto", "ago"), 8),
    **dict.fromkeys(("septembre", "sept", "september", "sep", "septiembre", "setiembre", "set"), 9),
    **dict.fromkeys(("octobre", "oct", "october", "octubre"), 10),
    **dict.fromkeys(("novembre", "nov", "november", "noviembre"), 11),
    **dict.fromkeys(("decembre", "dec", "december", "diciembre", "dic"), 12),
}
_MONTH = r"(?:(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(?:de\s+|del\s+)?|(\d{1,2})\s*/\s*)?"
_YEAR = r"((?:19|20)\d\d)"
_RANGE = re.compile(
    rf"\b{_MONTH}{_YEAR}\s*(?:-|–|—|a|au|to|hasta|until|till)\s*(?:{_MONTH}{_YEAR}|{_PRESENT})(?![\w/])"
)


def _number(token: str) -> float:
    return float(_NUMBER_WORDS[token]) if token in _NUMBER_WORDS else float(token.replace(",", "."))


def years_of_experience(text: str, current_year: int | None = None) -> float | None:
    """Years of experience stated in ``text``.

    Args:
        text: résumé text in French, English or Spanish.
        current_year: the year "present" stands for in date ranges (defaults to this year).

    Returns:
        The largest explicit statement in years, else the total span of the dated ranges (overlaps counted
        once, to the month when months are given), else ``None``.
    """
    folded = _fold(text)
    found: list[float] = []
    for pattern in _EXPERIENCE_PATTERNS:
        for m in pattern.finditer(folded):
            value = _number(m.group(1))
            found.append(value / 12 if m.group(2).startswith(("mois", "month", "mes")) else value)
    plausible = [v for v in found if 0 < v <= 50]
    if plausible:
        return max(plausible)
    return _years_from_ranges(folded, current_year or date.today().year)


def _month_of(name: str | None, number: str | None) -> int | None:
    if name:
        return _MONTHS[name]
    if number and 1 <= int(number) <= 12:
        return int(number)
    return None


def _now(current_year: int) -> int:
    """The month index "present" stands for: this month in the current year, December of a past one."""
    today = date.today()
    return current_year * 12 + (today.month - 1 if today.year == current_year else 11)


def date_spans(folded: str, current_year: int) -> list[tuple[int, int]]:
    """Dated ranges of a folded text as half-open month intervals ``[start, end)`` (month index = year × 12 +
    month − 1). A year without a month stands for its middle (July): "2015 – 2020" is 5 years, "2021 –
    présent" in December 2026 is 5.5; an end month or "present" counts its own month."""
    spans = []
    for m in _RANGE.finditer(folded):
        start_month = _month_of(m.group(1), m.group(2))
        start = int(m.group(3)) * 12 + (start_month - 1 if start_month else 6)
        if m.group(6) is None:
            end = _now(current_year) + 1
        else:
            end_month = _month_of(m.group(4), m.group(5))
            end = int(m.group(6)) * 12 + (end_month if end_month else 6)
        if start < end <= _now(current_year) + 1 and end - start <= 50 * 12:
            spans.append((start, end))
    return spans


def merged_months(spans: list[tuple[int, int]]) -> int:
    """Months covered by half-open intervals, overlaps counted once."""
    total, reach = 0, None
    for start, end in sorted(spans):
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def _years_from_ranges(folded: str, current_year: int) -> float | None:
    months = merged_months(date_spans(folded, current_year))
    return round(months / 12, 1) if months else None


# --- education ---------------------------------------------------------------------------------------------

_FR_SECONDARY_BAC = r"baccalaureat\s+(?:general|technologique|professionnel|scientifique|litteraire|economique|serie)"
_EDUCATION_WORDS: tuple[tuple[EducationLevel, tuple[str, ...]], ...] = (
    (EducationLevel.DOCTORATE, ("doctorat", "doctorate", "doctorado", r"ph\.?\s?d\b")),
    (
        EducationLevel.MASTER,
        ("maitrise", r"master'?s?\b", "maestria", r"m\.?\s?sc\b", r"mba\b", r"dess\b", r"bac\s*\+\s*[5-8]"),
    ),
    (
        EducationLevel.BACHELOR,
        (
            r"baccalaureat(?!\s+(?:general|technologique|professionnel|scientifique|litteraire|economique|serie))",
            "bachelor",
            r"(?:bs|ba|b\.s\.|b\.a\.)\s*(?:degree\b|in\s)",
            "licenciatura",
            r"licence (?:en|professionnelle|universitaire)\b",
            r"b\.?\s?sc\b",
            r"bac\s*\+\s*[34]",
            "ingeniero titulado",
            r"ingenier[oa] (?:en|civil|industrial|electric|mecanic|quimic|de)\b",
            r"licence en\b",
            "titulo universitario",
            "university degree",
            "diplome universitaire",
        ),
    ),
    (
        EducationLevel.COLLEGE,
        (
            "diplome d'etudes collegiales",
            "attestation d'etudes collegiales",
            "brevet de technicien superieur",
            "college diploma",
            "associate degree",
            "tecnico superior",
            "technicien superieur",
            r"tsu\b",
            r"bac\s*\+\s*2",
        ),
    ),
    (
        EducationLevel.VOCATIONAL,
        (
            "diplome d'etudes professionnelles",
            "vocational (?:diploma|training)",
            "trade certificate",
            "apprenticeship",
            "formacion profesional",
            "carrera tecnica",
            "certificado tecnico",
            r"tecnic[oa](?: laboral| profesional| medio)? en\b",
            r"bachiller tecnico",
            r"brevet de technicien\b(?! superieur)",
            "attestation d'etudes professionnelles",
            "conalep",
            r"bac pro\b",
        ),
    ),
    (
        EducationLevel.SECONDARY,
        (
            "diplome d'etudes secondaires",
            "high school",
            "secondary school diploma",
            "preparatoria",
            "bachillerato",
            "secundaria",
            _FR_SECONDARY_BAC,
        ),
    ),
)
_EDUCATION_PATTERNS = tuple((level, re.compile(r"\b(?:" + "|".join(alts) + ")")) for level, alts in _EDUCATION_WORDS)
_EDUCATION_ACRONYMS = (
    (EducationLevel.COLLEGE, re.compile(r"\b(?:DEC|AEC|BTS|DUT)\b")),
    (EducationLevel.VOCATIONAL, re.compile(r"\b(?:DEP|ASP|CAP|BEP)\b")),
    (EducationLevel.SECONDARY, re.compile(r"\bDES\b")),
)


def education_level(text: str) -> EducationLevel | None:
    """Highest education level named in ``text``.

    Args:
        text: résumé text in French, English or Spanish.

    Returns:
        The highest level found, or ``None``.
    """
    folded = _fold(text)
    levels = [level for level, rx in _EDUCATION_PATTERNS if rx.search(folded)]
    # acronyms only in lines that are not all capitals, where "DES" would just be the word "des"
    mixed = "\n".join(line for line in text.splitlines() if not line.isupper())
    levels += [level for level, rx in _EDUCATION_ACRONYMS if rx.search(mixed)]
    return max(levels) if levels else None


# --- French level ------------------------------------------------------------------------------------------

_FRENCH = re.compile(r"\b(?:francais|french|frances|fle|tef(?:aq)?|tcf|delf|dalf|nclc)\b")  # NCLC: French only
_OTHER_LANGUAGE = re.compile(
    r"\b(?:anglais|english|ingles|espagnol|spanish|espanol|allemand|german|aleman|portugais|portuguese|"
    r"portugues|italien|italian|italiano|arabe|arabic|chinois|chinese|chino|mandarin|creole|kreyol|clb|ielts|celpip)\b"
)
_SEGMENTS = re.compile(r"[\n;•|]|\.\s")  # lines, list items and sentences: "Español: nativo. Francés: B1"
_CEFR = re.compile(r"\b([abc][12])\b")
_SCALE = re.compile(r"\b(?:niveau|level|nivel)\s*:?\s*(\d{1,2})\b")
_NCLC = re.compile(r"\bnclc\s*:?\s*(\d{1,2})\b")
_WORD_LEVELS = (
    (
        FrenchLevel.C2,
        re.compile(r"\b(?:langue maternelle|natif|native|nativo|materna|mother tongue|bilingue|bilingual)\b"),
    ),
    (FrenchLevel.C1, re.compile(r"\b(?:courant|fluent|fluido|avance|advanced|avanzado)\b")),
    (FrenchLevel.B1, re.compile(r"\b(?:intermediaire|intermediate|intermedio)\b")),
    (FrenchLevel.A2, re.compile(r"\b(?:de base|basic|basico|notions|elementaire|elementary)\b")),
    (FrenchLevel.A1, re.compile(r"\b(?:debutant|beginner|principiante)\b")),
)
_CEFR_ORDER = (FrenchLevel.A1, FrenchLevel.A2, FrenchLevel.B1, FrenchLevel.B2, FrenchLevel.C1, FrenchLevel.C2)


def _scale_to_cefr(value: int) -> FrenchLevel | None:
    """NCLC/CLB or Québec-scale level (1-12) to CEFR: 1-2 A1, 3-4 A2, 5-6 B1, 7-8 B2, 9-10 C1, 11-12 C2."""
    return _CEFR_ORDER[(value - 1) // 2] if 1 <= value <= 12 else None


def _about_french(segment: str, start: int, end: int) -> bool:
    """Whether the language mentioned nearest to ``segment[start:end]`` is French (ties: the one before)."""
    best: tuple[int, int, bool] | None = None
    for rx, is_french in ((_FRENCH, True), (_OTHER_LANGUAGE, False)):
        for m in rx.finditer(segment):
            before = m.end() <= start
            gap = start - m.end() if before else m.start() - end
            if gap < 0:
                continue
            key = (gap, 0 if before else 1, is_french)
            best = key if best is None or key[:2] < best[:2] else best
    return best is not None and best[2]


def _segment_levels(segment: str) -> list[FrenchLevel]:
    levels = [FrenchLevel[m.group(1).upper()] for m in _CEFR.finditer(segment) if _about_french(segment, *m.span())]
    if mentions_test(segment):
        levels += levels_from_scores(segment)  # TEF/TCF scores and "niveau 1-6" (not the Québec 1-12 scale)
    else:
        levels += [
            lvl
            for m in _SCALE.finditer(segment)
            if (lvl := _scale_to_cefr(int(m.group(1)))) is not None and _about_french(segment, *m.span())
        ]
    levels += [lvl for m in _NCLC.finditer(segment) if (lvl := _scale_to_cefr(int(m.group(1)))) is not None]
    if not levels:
        levels = [lvl for lvl, rx in _WORD_LEVELS for m in rx.finditer(segment) if _about_french(segment, *m.span())]
    return levels


def french_level(text: str) -> FrenchLevel | None:
    """French level stated in ``text``, on the CEFR scale.

    A level counts when the language named nearest to it is French (or a French test: TEF, TCF, DELF...).

    Args:
        text: résumé text in French, English or Spanish.

    Returns:
        The highest level stated about French, or ``None``.
    """
    found: list[FrenchLevel] = []
    for segment in _SEGMENTS.split(_fold(text)):
        if _FRENCH.search(segment):
            found += _segment_levels(segment)
    return max(found) if found else None


# --- skills ------------------------------------------------------------------------------------------------

SKILLS: dict[str, str] = {
    "welding-mig": r"\bmig\b|gmaw",
    "welding-tig": r"\btig\b|gtaw",
    "welding-smaw": r"\bsmaw\b|soudage (?:a l'arc|sma)|electrodo revestido",
    "forklift": r"forklift|chariot elevateur|cariste|montacargas",
    "cnc": r"\bcnc\b",
    "blueprint-reading": r"lecture de plans|blueprint|lectura de planos|interpretacion de planos",
    "autocad": r"autocad",
    "excel": r"\bexcel\b",
    "sql": r"\bsql\b",
    "python": r"\bpython\b",
    "java": r"\bjava\b",
    "javascript": r"javascript|typescript",
    "first-aid": r"premiers soins|premiers secours|first aid|primeros auxilios|secourisme",
    "cpr": r"\brcr\b|\bcpr\b|reanimacion cardiopulmonar",
    "whmis": r"whmis|simdut",
    "heavy-truck-licence": r"permis (?:de conduire )?classe 1|class 1 licen|licencia federal|licencia tipo [ae]",
    "driving-licence": r"permis de conduire|driver'?s licen[cs]e|licencia de conducir",
    "food-safety": r"haccp|mapaq|hygiene et salubrite|food safety|manipulacion de alimentos",
    "electrical-wiring": r"cablage electrique|electrical wiring|cableado electrico",
    "plc": r"\bplc\b|automate programmable|automates programmables",
    "hydraulics": r"hydrauli|hidraulic",
    "customer-service": r"service a la clientele|customer service|atencion al cliente|servicio al cliente",
    "patient-care": r"soins aux patients|patient care|cuidado de pacientes|atencion a pacientes",
    "medication-administration": r"administration des medicaments|medication administration|"
    r"administracion de medicamentos",
    "accounting-software": r"quickbooks|sage 50|\bsap\b",
}
# a skill implied by a more specific one found in the same text is not listed twice
_SUBSUMED_BY = {"driving-licence": "heavy-truck-licence"}
_META = set("\\()[]{}?*+|^$.")
_QUANTIFIERS = set("?*+{")


def literal_heads(pattern: str) -> tuple[str, ...] | None:
    """The literal text each top-level alternative of ``pattern`` starts with, or None if one starts otherwise.

    A match of the pattern then contains one of these strings, so a text holding none of them cannot match: a
    substring test, done in C at memory speed, spares scanning a long résumé with a regular expression that
    begins with ``\\b`` (which the regex engine cannot search for quickly). A leading ``\\b`` is skipped; the
    literal stops at the first special character, and loses its last character when a quantifier follows it.
    """
    branches, depth, start, i = [], 0, 0, 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    heads = []
    for branch in branches:
        body = branch.removeprefix("\\b")
        end = 0
        while end < len(body) and body[end] not in _META:
            end += 1
        if end < len(body) and body[end] in _QUANTIFIERS:
            end -= 1
        if end < 2:
            return None
        heads.append(body[:end])
    return tuple(heads)


_SKILL_PATTERNS = tuple((name, re.compile(rx), literal_heads(rx)) for name, rx in SKILLS.items())


def skills(text: str) -> tuple[str, ...]:
    """Known skills named in ``text`` (see :data:`SKILLS`), in order of first mention.

    Args:
        text: résumé text in French, English or Spanish.

    Returns:
        Canonical skill names, without duplicates.
    """
    folded = _fold(text)
    hits = [
        (m.start(), name)
        for name, rx, heads in _SKILL_PATTERNS
        if (heads is None or any(head in folded for head in heads)) and (m := rx.search(folded))
    ]
    names = {name for _, name in hits}
    return tuple(name for _, name in sorted(hits) if _SUBSUMED_BY.get(name) not in names)


# Facts are read in the start of a résumé only: 30,000 characters is about 5,000 words, over twice the longest of
# 117 real résumés (2,044 words), and reading the whole of a 100 KB upload took 40 ms more of the GIL for nothing.
FACTS_MAX_CHARS = 30_000


def extract_facts(text: str, *, current_year: int | None = None) -> Facts:
    """Everything :mod:`matching.facts` can read in a résumé (in its first :data:`FACTS_MAX_CHARS` characters).

    Args:
        text: résumé text in French, English or Spanish.
        current_year: the year "present" stands for in date ranges (defaults to this year).

    Returns:
        The facts; unknown ones are ``None`` or empty.
    """
    text = text[:FACTS_MAX_CHARS]
    return Facts(
        years_experience=years_of_experience(text, current_year),
        education=education_level(text),
        french=french_level(text),
        skills=skills(text),
    )
