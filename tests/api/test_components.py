"""Composition helpers: the background classifier, NOC code validation, vacancy facts from the rule set."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from api.components import BackgroundClassifier, OccupationCatalog, vacancy_facts
from matching.errors import IndexNotReadyError, InvalidInputError, UnknownOccupationError
from matching.models import CodeSource, OccupationCode
from occupations.taxonomy import load_taxonomy
from regions import load_diagnostics, load_geography, load_rule_sets


class _Fixed:
    def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]:
        return [OccupationCode("72106")]


def test_background_classifier_answers_503_until_loaded_then_classifies() -> None:
    release = threading.Event()

    def load() -> _Fixed:
        release.wait(5)
        return _Fixed()

    classifier = BackgroundClassifier(load, wait_seconds=0.05)
    with pytest.raises(IndexNotReadyError, match="occupation_codes"):
        classifier.classify("soudeur")
    release.set()
    classifier = BackgroundClassifier(load, wait_seconds=5)
    assert [o.code for o in classifier.classify("soudeur")] == ["72106"]


def test_background_classifier_reports_a_failed_load() -> None:
    def load() -> _Fixed:
        raise OSError("artefact unreadable")

    with pytest.raises(IndexNotReadyError, match="artefact unreadable"):
        BackgroundClassifier(load).classify("soudeur")


def test_catalog_validates_2021_codes_and_maps_2016_codes() -> None:
    catalog = OccupationCatalog(load_taxonomy(), load_diagnostics())
    assert catalog.validate("72106") == "72106"
    assert catalog.validate("7237") == "72106"  # NOC 2016 welders
    assert catalog.validate("10") == "00010"
    with pytest.raises(UnknownOccupationError):
        catalog.validate("99999")
    with pytest.raises(UnknownOccupationError):
        catalog.validate("9999")
    split = [
        c for c in ("0012", "0013", "0014", "0111", "1111", "2171", "4011") if len(catalog.taxonomy.from_noc2016(c)) > 1
    ]
    assert split, "expected at least one NOC 2016 code split in NOC 2021"
    with pytest.raises(InvalidInputError, match="several"):
        catalog.validate(split[0])


def test_vacancy_facts_follow_the_rule_set_boundary() -> None:
    geography, diagnostics = load_geography(), load_diagnostics()
    catalog = OccupationCatalog(load_taxonomy(), diagnostics)
    rules = load_rule_sets(geography=geography, diagnostics=diagnostics)
    on = date(2026, 6, 1)
    saguenay = vacancy_facts(rules, catalog, geography.by_code("94068"), [OccupationCode("72106")], on)
    assert (saguenay.outside_boundary, saguenay.diagnostic, saguenay.fast_track) == (True, "Déficit", True)
    laval = vacancy_facts(rules, catalog, geography.resolve("Laval"), [OccupationCode("85100")], on)
    assert laval.outside_boundary is False
    assert laval.fast_track is (laval.diagnostic == "Déficit")


def test_a_low_confidence_classified_code_does_not_make_a_vacancy_fast_track() -> None:
    geography, diagnostics = load_geography(), load_diagnostics()
    catalog = OccupationCatalog(load_taxonomy(), diagnostics)
    rules = load_rule_sets(geography=geography, diagnostics=diagnostics)
    saguenay, on = geography.by_code("94068"), date(2026, 6, 1)
    unsure = OccupationCode("72106", 0.2, CodeSource.CLASSIFIED)
    assert vacancy_facts(rules, catalog, saguenay, [unsure], on).fast_track is False
    sure = OccupationCode("72106", 0.9, CodeSource.CLASSIFIED)
    assert vacancy_facts(rules, catalog, saguenay, [sure], on).fast_track is True
