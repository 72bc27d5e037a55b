"""The committed demo data is what the generator makes, and every record is valid reference data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from api.demo.generate import DATA_DIR, generate, read_jsonl
from api.demo.records import load_demo
from regions.diagnostics import load_diagnostics
from regions.geography import load_geography


def test_committed_files_are_what_the_generator_makes(shared_data: Path) -> None:
    vacancies, candidates = generate(shared_data)
    assert vacancies == read_jsonl(DATA_DIR / "vacancies.jsonl")
    assert candidates == read_jsonl(DATA_DIR / "candidates.jsonl")


def test_demo_records_use_real_places_and_codes_in_three_languages() -> None:
    geography = load_geography()
    diagnostics = load_diagnostics()
    region_of = {code: m.region_code for code, m in geography.municipalities.items()}
    vacancies, candidates = load_demo(region_of)
    assert len(vacancies) >= 200 and len(candidates) >= 300
    assert all(v.region_code for v in vacancies), "every vacancy municipality is a real one"
    codes = {o.code for r in [*vacancies, *candidates] for o in r.occupations}
    assert all(code in diagnostics for code in codes)
    languages = Counter(c.language for c in candidates)
    assert set(languages) == {"fr", "en", "es"} and min(languages.values()) >= 50
    assert len({v.region_code for v in vacancies}) >= 12, "vacancies spread over the regions"


def test_demo_shortlist_command_prints_explained_matches() -> None:
    from typer.testing import CliRunner

    from api.cli import _register_all, app

    _register_all()
    result = CliRunner().invoke(
        app, ["demo", "shortlist", "--vacancies", "2", "--k", "3", "--lang", "en", "--embedder", "hashing"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("== ") == 2
    assert result.output.count("candidate #") == 6
    assert "Occupation (NOC)" in result.output and "rule set: passerelle-" in result.output


def test_committed_outcome_history_is_what_the_generator_makes() -> None:
    from api.demo.outcomes import generate_outcomes

    vacancies, candidates = read_jsonl(DATA_DIR / "vacancies.jsonl"), read_jsonl(DATA_DIR / "candidates.jsonl")
    assert generate_outcomes(vacancies, candidates) == read_jsonl(DATA_DIR / "outcomes.jsonl")
