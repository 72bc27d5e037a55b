"""Where the occupation is said in a document: a vacancy's title, a résumé's headline and job titles.

A vacancy is coded from its title first (the given one, else its first short line) and its description as
support. A résumé is coded from its headline (its first line, or the words before the first section heading
in a résumé flattened to one line), the job titles next to the date ranges of its experience (recent and long
jobs first), then the whole text. Each part becomes a weighted :class:`Segment`; the classifier mixes the
parts' distributions with these weights (:mod:`occupations.documents`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CURRENT_YEAR = 2026
MAX_JOBS = 6
MAX_TITLE_WORDS = 12
BODY_CHARS = 2000

# Weights of the parts; a missing part's weight is shared by the others (they are renormalised).
VACANCY_WEIGHTS = {"title": 0.7, "body": 0.3}
RESUME_WEIGHTS = {"headline": 0.35, "job": 0.4, "body": 0.25}

_MONTH = (
    r"(?:jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|june?|juin|"
    r"july?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sept?(?:ember|embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?|"
    r"d[ée]c(?:ember|embre)?|ene(?:ro)?|febrero|marzo|abr(?:il)?|mayo|junio|julio|ago(?:sto)?|sep(?:tiembre)?|"
    r"octubre|noviembre|dic(?:iembre)?)\.?"
)
_DATE = rf"(?:(?:\d{{1,2}}[/.-])?(?:{_MONTH}\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d)"
_NOW = (
    r"(?:present|current|now|today|aujourd'hui|pr[ée]sent|actuel(?:lement)?|maintenant|ce jour|"
    r"actualidad|presente|la fecha|hoy|actual)"
)
DATE_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:to|-|–|—|à|au|a|al|hasta|until|through|\bal\b)\s*(?P<end>{_DATE}|{_NOW})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_HEADINGS = (
    r"summary|professional summary|profile|professional profile|executive profile|career overview|objective|"
    r"experience|work experience|professional experience|work history|employment history|skills|highlights|"
    r"qualifications|accomplishments|education|core qualifications|"
    r"profil|sommaire|objectif|exp[ée]riences?(?: professionnelles?)?|comp[ée]tences|formation|[ée]tudes|"
    r"perfil|resumen|objetivo|experiencia(?: laboral| profesional)?|habilidades|formaci[óo]n|estudios|"
    r"datos personales"
)
HEADING = re.compile(rf"(?<![\w-])(?:{_HEADINGS})(?![\w-])", re.IGNORECASE)
EXPERIENCE = re.compile(
    r"(?<![\w-])(?:work |professional )?(?:experience|work history|employment history|exp[ée]riences? "
    r"professionnelles?|exp[ée]rience|experiencia(?: laboral| profesional)?|historial laboral)(?![\w-])",
    re.IGNORECASE,
)
_LEADING_HEADING = re.compile(rf"^(?:(?:{_HEADINGS})\s+)+", re.IGNORECASE)
_CONTACT = re.compile(r"@|https?://|www\.|\+?\d[\d .()-]{6,}\d")
_STOP = re.compile(r"[.;:•|·]|\bcompany name\b|\bcity\b|\bstate\b", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """A part of a document, its role ("title", "headline", "job", "body") and its weight (all sum to 1)."""

    role: str
    text: str
    weight: float


def _words(text: str) -> list[str]:
    return text.split()


def _short(line: str) -> bool:
    words = _words(line)
    return 0 < len(words) <= MAX_TITLE_WORDS and not _CONTACT.search(line)


def _lines(text: str) -> list[str]:
    return [line.strip(" \t-–—•*|") for line in text.splitlines() if line.strip(" \t-–—•*|")]


def _normalised(parts: list[Segment]) -> list[Segment]:
    total = sum(p.weight for p in parts)
    return [Segment(p.role, p.text, p.weight / total) for p in parts] if total > 0 else []


def vacancy_segments(text: str, title: str | None = None) -> list[Segment]:
    """The title (given, else the description's first line when short) and the description.

    Args:
        text: the vacancy's description (may start with its title).
        title: the vacancy's title when the form has one.

    Returns:
        Weighted segments (weights sum to 1); empty when there is no text at all.
    """
    lines = _lines(text)
    head = (title or "").strip()
    if not head and len(lines) > 1 and _short(lines[0]):
        head = lines[0]
    parts = [Segment("title", head, VACANCY_WEIGHTS["title"])] if head else []
    if text.strip() and text.strip() != head:
        parts.append(Segment("body", text.strip()[:BODY_CHARS], VACANCY_WEIGHTS["body"]))
    return _normalised(parts)


def resume_headline(text: str) -> str:
    """The résumé's headline: its first short line that is not contact details, or the words before the first
    section heading of a one-line résumé; "" when neither is found."""
    lines = _lines(text)
    if len(lines) > 1:
        # The first two short lines: a name line carries no known word, so it costs little next to the title.
        kept = [line for line in lines[:3] if _short(line) and not HEADING.fullmatch(line.strip(" :"))][:2]
        return " — ".join(kept)
    first = HEADING.search(text)
    lead = text[: first.start()] if first else text
    words = _words(lead)
    return " ".join(words) if 0 < len(words) <= MAX_TITLE_WORDS and not _CONTACT.search(lead) else ""


def _year(date: str) -> int:
    found = _YEAR.search(date)
    return int(found.group()) if found else CURRENT_YEAR


def _side_title(words: list[str]) -> str:
    """The title-like run of words: capitalised words, stopping at the first lower-case word after three."""
    kept: list[str] = []
    for word in words[:MAX_TITLE_WORDS]:
        if kept and len(kept) >= 3 and word[:1].islower():
            break
        kept.append(word)
    return " ".join(kept).strip(" ,-–—()")


def _title_around(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if "\n" in text:
        same = (text[line_start:start] + " " + text[end:line_end]).strip(" ,-–—()|:")
        if _words(same):
            return " ".join(_words(same)[:MAX_TITLE_WORDS])
        previous = _lines(text[:line_start])
        return previous[-1] if previous and _short(previous[-1]) else ""
    before = _STOP.split(text[max(0, start - 120) : start])[-1]
    after = _STOP.split(text[end : end + 120])[0]
    candidates = [_side_title(_words(after)), _side_title(_words(before)[-7:])]
    capitalised = [sum(w[:1].isupper() for w in _words(c)) / max(len(_words(c)), 1) for c in candidates]
    return candidates[0] if capitalised[0] >= capitalised[1] else candidates[1]


def experience_titles(text: str) -> list[tuple[str, int, int]]:
    """Job titles found next to date ranges in the experience part: (title, start year, end year), in text order."""
    section = EXPERIENCE.search(text)
    scope = text[section.end() :] if section else text
    jobs = []
    for match in DATE_RANGE.finditer(scope):
        title = _LEADING_HEADING.sub("", _title_around(scope, match.start(), match.end())).strip()
        if title and len(_words(title)) <= MAX_TITLE_WORDS:
            jobs.append((title, _year(match.group("start")), _year(match.group("end"))))
    return jobs


def _job_weights(jobs: list[tuple[str, int, int]]) -> list[tuple[str, float]]:
    """Recent jobs first; each weighs 0.6^rank x (0.5 + duration in years / 10, capped at 1.5)."""
    ranked = sorted(enumerate(jobs), key=lambda j: (-j[1][2], j[0]))[:MAX_JOBS]
    out = []
    for rank, (_, (title, start, end)) in enumerate(ranked):
        duration = max(0, min(end, CURRENT_YEAR) - start)
        out.append((title, (0.6**rank) * min(1.5, 0.5 + duration / 10)))
    return out


def resume_segments(text: str) -> list[Segment]:
    """Headline, experience job titles (recent and long first) and the whole text, weighted.

    Args:
        text: the résumé's text (lines kept, or flattened to one line).

    Returns:
        Weighted segments (weights sum to 1); empty when there is no text at all.
    """
    body = text.strip()
    if not body:
        return []
    parts = []
    headline = resume_headline(body)
    if headline:
        parts.append(Segment("headline", headline, RESUME_WEIGHTS["headline"]))
    jobs = _job_weights(experience_titles(body))
    total = sum(w for _, w in jobs)
    parts += [Segment("job", title, RESUME_WEIGHTS["job"] * w / total) for title, w in jobs]
    parts.append(Segment("body", body[:BODY_CHARS], RESUME_WEIGHTS["body"]))
    return _normalised(parts)
