"""Training titles beyond StatCan's: ESCO's weak labels and two hand-written lists of titles as people write them.

* ``esco_titles_es_fr.csv.gz``: ESCO occupation labels in Spanish (Spain's usage) and French, mapped to NOC
  2021 through two crosswalks; every row is a (title, code) pair with the mapping's strength as its weight.
* ``latam_titles_es.csv``: common Mexican and Guatemalan job titles ("camionero", "jornalero agrícola",
  "velador"...) with their unit group, written for this project; weight 1.
* ``quebec_titles_fr.csv``: Québec French job titles as postings and résumés write them ("journalier de
  production", "ouvrier de serre", "camionneur classe 1", "PAB"...), false friends included ("journalier" is a
  labourer, never a journalist), written for this project; weight 1.
* ``usage_titles_en.csv``: English job titles as North American job boards and résumés write them ("Vet Tech",
  "CDL-A Driver", "Sr. Accountant", "Picker/Packer"...), none a word-for-word StatCan title, written for this
  project; weight 1.

A fixed fifth of the ESCO occupations (by a hash of their id, so that every label of one occupation falls on
the same side) is the *held-out* part: the evaluation trains without it and measures on it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from occupations._data import read_rows
from occupations._text import normalise
from occupations.training import LabelledTitles

ESCO_FILE = "esco_titles_es_fr.csv.gz"
LATAM_FILE = "latam_titles_es.csv"
LATAM_TEST_FILE = "eval/latam_titles_es_test.csv"
QUEBEC_FILE = "quebec_titles_fr.csv"
QUEBEC_TEST_FILE = "eval/quebec_titles_fr_test.csv"
USAGE_EN_FILE = "usage_titles_en.csv"
USAGE_EN_TEST_FILE = "eval/usage_titles_en_test.csv"
HOLDOUT_SHARE = 5  # one occupation in five is held out


def is_held_out(esco_id: str) -> bool:
    """Whether an ESCO occupation belongs to the evaluation part (a stable fifth of the occupations)."""
    return hashlib.sha1(esco_id.encode()).digest()[0] % HOLDOUT_SHARE == 0


def esco_titles(*, part: str = "all", min_weight: float = 0.0) -> LabelledTitles:
    """ESCO titles as weighted (title, code) rows.

    Args:
        part: "all", "train" (held-out occupations removed) or "test" (only those).
        min_weight: rows with a weaker mapping are dropped.

    Returns:
        Rows in file order; the language is "es" or "fr".
    """
    if part not in ("all", "train", "test"):
        raise ValueError(f"part must be all, train or test, not {part!r}")
    texts, codes, languages, weights = [], [], [], []
    for row in read_rows(ESCO_FILE):
        held = is_held_out(row["esco_id"])
        if (part == "train" and held) or (part == "test" and not held):
            continue
        weight = float(row["weight"])
        title = row["title"].strip(" /")
        if weight < min_weight or not normalise(title):
            continue
        texts.append(title)
        codes.append(row["code"])
        languages.append(row["lang"])
        weights.append(weight)
    return LabelledTitles(texts, codes, languages, weights)


def best_codes(titles: LabelledTitles) -> tuple[LabelledTitles, list[frozenset[str]]]:
    """One row per distinct (language, normalised title) with its strongest code, and every code of that weight.

    Args:
        titles: weighted rows, several per title.

    Returns:
        The de-duplicated titles (code = one strongest code) and, per row, the set of codes tied at the top weight.
    """
    best: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    first: dict[tuple[str, str], str] = {}
    for text, code, lang, weight in zip(
        titles.texts, titles.codes, titles.languages, titles.row_weights(), strict=True
    ):
        key = (lang, normalise(text))
        first.setdefault(key, text)
        best[key][code] = max(weight, best[key].get(code, 0.0))
    texts, codes, langs, gold = [], [], [], []
    for key, by_code in best.items():
        top = max(by_code.values())
        tied = frozenset(c for c, w in by_code.items() if w >= top - 1e-9)
        texts.append(first[key])
        codes.append(min(tied))
        langs.append(key[0])
        gold.append(tied)
    return LabelledTitles(texts, codes, langs), gold


def _listed(name: str, lang: str) -> LabelledTitles:
    rows = list(read_rows(name))
    return LabelledTitles([r["title"] for r in rows], [r["code"] for r in rows], [lang] * len(rows))


def latam_titles() -> LabelledTitles:
    """The hand-written Mexican/Guatemalan training titles (weight 1, language "es")."""
    return _listed(LATAM_FILE, "es")


def latam_test_titles() -> LabelledTitles:
    """The separate Latin-American test list: never trained on, no normalised title shared with the training list."""
    return _listed(LATAM_TEST_FILE, "es")


def quebec_titles() -> LabelledTitles:
    """The hand-written Québec French training titles (weight 1, language "fr")."""
    return _listed(QUEBEC_FILE, "fr")


def quebec_test_titles() -> LabelledTitles:
    """The separate Québec French test list, written apart from the training list; never trained on, and no
    normalised title shared with it."""
    return _listed(QUEBEC_TEST_FILE, "fr")


def usage_titles_en() -> LabelledTitles:
    """The hand-written English job-board training titles (weight 1, language "en")."""
    return _listed(USAGE_EN_FILE, "en")


def usage_test_titles_en() -> LabelledTitles:
    """The separate English job-board test list, written apart from the training list by someone who did not see
    StatCan's example titles; never trained on, and no normalised title shared with the training list."""
    return _listed(USAGE_EN_TEST_FILE, "en")


def supplementary_titles(*, esco_part: str = "all") -> LabelledTitles:
    """Everything the classifier learns from beyond StatCan's titles: ESCO (weighted, Spanish and French), the
    Latin-American list, the Québec list and the English job-board list. The evaluation passes
    ``esco_part="train"``."""
    return esco_titles(part=esco_part) + latam_titles() + quebec_titles() + usage_titles_en()
