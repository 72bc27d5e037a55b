"""French test results (TEF Canada, TCF Canada, TEF/TCF levels) → CEFR levels, as data.

Sources, as published by Immigration, Refugees and Citizenship Canada ("Language test equivalency charts",
the TEF Canada table in force since 11 December 2023 and the TCF Canada table) and used by the Québec
ministry (MIFI) for NCLC levels:

- each skill's score gives an NCLC level (the tables below: the least score for NCLC 4 … 10; below NCLC 4
  we say A1, never more);
- NCLC to CEFR follows the Centre des niveaux de compétence linguistique canadiens' correspondence:
  1-2 A1, 3-4 A2, 5-6 B1, 7-8 B2, 9-10 C1, 11-12 C2 (``matching.facts._scale_to_cefr``);
- a single total score on the 0-699 scale of TEF and TCF "tout public" maps to CEFR by band: 100-199 A1,
  200-299 A2, 300-399 B1, 400-499 B2, 500-599 C1, 600-699 C2; a "niveau 1…6" of these tests is A1…C2.

The person's level is that of the weakest skill given (immigration programmes read it so). Scores on the old
TEF scale (before December 2023: CO out of 360, CE out of 300) are read on the new scale: a résumé rarely says
which, and the new scale gives the lower level for the same number, so the guess is never too high.
"""

from __future__ import annotations

import re

from matching.models import FrenchLevel

SKILLS = ("co", "ce", "eo", "ee")  # compréhension orale, compréhension écrite, expression orale, expression écrite

# NCLC -> least score in (CO, CE, EO, EE)
TEF_CANADA: dict[int, tuple[int, int, int, int]] = {
    10: (546, 546, 556, 558),
    9: (503, 503, 518, 512),
    8: (462, 462, 494, 472),
    7: (434, 434, 456, 428),
    6: (393, 393, 422, 379),
    5: (352, 352, 387, 330),
    4: (306, 306, 328, 268),
}
# TCF Canada: CO and CE on 0-699, EO and EE on 0-20
TCF_CANADA: dict[int, tuple[int, int, int, int]] = {
    10: (549, 549, 16, 16),
    9: (523, 524, 14, 14),
    8: (503, 499, 12, 12),
    7: (458, 453, 10, 10),
    6: (398, 406, 7, 7),
    5: (369, 375, 6, 6),
    4: (331, 342, 4, 4),
}
CEFR_BANDS = ((600, FrenchLevel.C2), (500, FrenchLevel.C1), (400, FrenchLevel.B2), (300, FrenchLevel.B1),
              (200, FrenchLevel.A2), (100, FrenchLevel.A1))  # fmt: skip
_CEFR_ORDER = (FrenchLevel.A1, FrenchLevel.A2, FrenchLevel.B1, FrenchLevel.B2, FrenchLevel.C1, FrenchLevel.C2)
_NCLC_CEFR = {4: FrenchLevel.A2, 5: FrenchLevel.B1, 6: FrenchLevel.B1, 7: FrenchLevel.B2, 8: FrenchLevel.B2,
              9: FrenchLevel.C1, 10: FrenchLevel.C1}  # fmt: skip

_TEST = re.compile(r"\b(tef|tefaq|tcf)\b")
_SKILL_WORDS = {
    "co": r"co|comprehension orale|listening|comprension (?:oral|auditiva)",
    "ce": r"ce|comprehension ecrite|reading|comprension (?:escrita|lectora)",
    "eo": r"eo|expression orale|speaking|expresion oral",
    "ee": r"ee|expression ecrite|writing|expresion escrita",
}
_SKILL_SCORES = tuple(
    (skill, re.compile(rf"\b(?:{words})\s*[:=(]?\s*(\d{{1,3}})\b")) for skill, words in _SKILL_WORDS.items()
)
_TOTAL = re.compile(r"\b(?:tef|tefaq|tcf)(?:\s+(?:canada|quebec|tout public))?\s*[:=(-]?\s*(\d{3})\b")
_TEST_LEVEL = re.compile(r"\b(?:niveau|level|nivel)\s*:?\s*([1-6])\b")


def mentions_test(segment: str) -> bool:
    """Whether a folded segment names a TEF or TCF test."""
    return _TEST.search(segment) is not None


def _nclc(table: dict[int, tuple[int, int, int, int]], skill: int, score: int) -> int:
    return max((level for level, least in table.items() if score >= least[skill]), default=3)


def levels_from_scores(segment: str) -> list[FrenchLevel]:
    """The CEFR level(s) a folded segment naming a TEF or TCF test states through its scores.

    Args:
        segment: lower-case, accent-folded text naming the test.

    Returns:
        The weakest skill's level when skill scores are given, else the level of a total score or of a
        "niveau 1-6"; empty when the segment gives no number.
    """
    found = _TEST.search(segment)
    if found is None:
        return []
    table = TCF_CANADA if found.group(1) == "tcf" else TEF_CANADA
    per_skill = []
    for index, (_, rx) in enumerate(_SKILL_SCORES):
        for m in rx.finditer(segment):
            nclc = _nclc(table, index, int(m.group(1)))
            per_skill.append(_NCLC_CEFR.get(nclc, FrenchLevel.A1))
    if per_skill:
        return [min(per_skill)]
    total = _TOTAL.search(segment)
    if total is not None and int(total.group(1)) <= 699:
        score = int(total.group(1))
        return [level for least, level in CEFR_BANDS if score >= least][:1]
    level = _TEST_LEVEL.search(segment)
    return [_CEFR_ORDER[int(level.group(1)) - 1]] if level else []
