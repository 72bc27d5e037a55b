"""The impact measure and the ``passerelle rules`` commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import regions
from api.commands import rules as rules_command
from embeddings.exact_index import ExactIndex
from embeddings.hashing import HashingEmbedder
from matching import InMemoryStore, MatchingService
from matching.ports import RuleSetProvider
from regions import Diagnostics, Geography, RuleSetRegistry
from regions._synthetic import Population, synthetic_population
from regions.impact import FixedProvider, ImpactReport, measure_impact


@pytest.fixture(scope="module")
def population(geo: Geography, diagnostics: Diagnostics) -> Population:
    return synthetic_population(geo, diagnostics, vacancies=15, candidates=200, seed=11)


def impact(population: Population, rule_set: regions.PasserelleRuleSet, k: int = 10) -> ImpactReport:
    embedder = HashingEmbedder(dim=128)
    index = ExactIndex(embedder.dim)

    def make(rules: RuleSetProvider) -> MatchingService:
        return MatchingService(
            embedder=embedder,
            candidate_index=index,
            vacancy_index=ExactIndex(embedder.dim),
            candidates=InMemoryStore(population.candidates),
            vacancies=InMemoryStore(population.vacancies),
            rules=rules,
        )

    make(FixedProvider(rule_set)).index_candidates(population.candidates)
    return measure_impact(make, population.vacancies, rule_set, k=k, depth=100)


def test_impact_of_the_2026_set(population: Population, registry: RuleSetRegistry) -> None:
    report = impact(population, registry.get("passerelle-2026"))
    assert report.vacancies == 15 and report.k == 10
    assert report.before.matches == report.after.matches == 150
    for shares in (report.before, report.after):
        for value in (shares.open_to_region, shares.regional_priority, shares.fast_track):
            assert 0.0 <= value <= 1.0
    for shares in (report.before, report.after):
        assert shares.prioritised >= max(shares.regional_priority, shares.fast_track)
    # Boosts only add: the top-k can only gain candidates that a rule favours.
    assert report.after.prioritised >= report.before.prioritised
    assert report.mean_abs_rank_shift > 0 and report.changed_vacancies > 0


def test_zero_weight_set_has_no_impact(population: Population, registry: RuleSetRegistry) -> None:
    report = impact(population, registry.get("passerelle-2026").with_zero_weights())
    assert report.before == report.after
    assert report.mean_abs_rank_shift == 0 and report.changed_vacancies == 0 and report.mean_entered == 0


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()
    rules_command.register(app)

    @app.command()
    def version() -> None:  # a second command so that "rules" stays a sub-command
        typer.echo("test")

    return app


def test_rules_list_and_show(cli: typer.Typer) -> None:
    runner = CliRunner()
    listed = runner.invoke(cli, ["rules", "list"])
    assert listed.exit_code == 0, listed.output
    assert "passerelle-2026" in listed.output and "passerelle-2027-draft" in listed.output
    if date.today() >= date(2026, 1, 1):  # open-ended: in force until an active successor exists
        assert "* passerelle-2026" in listed.output and "2026-01-01..…" in listed.output
    assert "  passerelle-2027-draft" in listed.output  # a draft is never marked
    shown = runner.invoke(cli, ["rules", "show", "passerelle-2026"])
    assert shown.exit_code == 0, shown.output
    assert "boundary=montreal_laval" in shown.output and "max_total_boost: 0.08" in shown.output
    assert "boost_named_region=0.05" in shown.output
    # Each list with its period, transition, partial mark and sources (URL and date).
    assert "[lists.simplified_lmia_2026] occupations, 34 rows" in shown.output
    assert "PARTIAL (34 of about 60)" in shown.output and "transition until 2026-03-26" in shown.output
    assert (
        "source: https://immigtoronto.com/quebec-updates-the-list-of-lmia-eligible-occupations (2026-02" in shown.output
    )
    assert "hourly': 34.62" in shown.output or "34.62" in shown.output
    missing = runner.invoke(cli, ["rules", "show", "nope"])
    assert missing.exit_code != 0 and "passerelle-2026" in missing.output


def test_rules_impact_command(cli: typer.Typer) -> None:
    result = CliRunner().invoke(
        cli,
        ["rules", "impact", "--rule-set", "passerelle-2026", "--vacancies", "5", "--k", "5", "--source", "synthetic"],
    )
    assert result.exit_code == 0, result.output
    assert "share fast-track eligible" in result.output and "mean |rank shift|" in result.output


def test_rules_impact_compares_two_sets(cli: typer.Typer) -> None:
    args = ["rules", "impact", "--rule-set", "passerelle-2026", "--compare", "passerelle-2025"]
    result = CliRunner().invoke(
        cli, [*args, "--vacancies", "8", "--k", "5", "--source", "synthetic", "--on", "2026-06-01"]
    )
    assert result.exit_code == 0, result.output
    assert "'before' = passerelle-2025 on 2025-06-01, after on 2026-06-01" in result.output
    assert "share marked low-wage LMIA freeze" in result.output
    bad = CliRunner().invoke(cli, [*args[:-1], "nope", "--source", "synthetic"])
    assert bad.exit_code != 0 and "nope" in bad.output


def test_public_names() -> None:
    for name in ("Geography", "RuleSetRegistry", "load_rule_sets", "RegionalPriority", "FastTrack", "is_outside"):
        assert name in regions.__all__ and hasattr(regions, name)


def test_rules_lists_replace_validates_versions_and_audits(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    lists_dir = tmp_path / "rule_lists"
    shown = runner.invoke(cli, ["rules", "lists", "show", "--lists-dir", str(lists_dir)])
    assert shown.exit_code == 0, shown.output
    assert (
        "simplified_lmia_2026" in shown.output and "package" in shown.output and "PARTIAL (of about 60)" in shown.output
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("noc_2021,title_en\n99999,Not a unit group\n", encoding="utf-8")
    refused = runner.invoke(
        cli,
        ["rules", "lists", "replace", "simplified_lmia_2026", str(bad), "--by", "admin", "--lists-dir", str(lists_dir)],
    )
    assert refused.exit_code != 0 and "not NOC 2021 unit groups: 99999" in refused.output
    assert not lists_dir.exists()
    good = tmp_path / "official.csv"
    good.write_text("noc_2021,title_en,only_some_titles\n72106,Welders,false\n72310,Carpenters,\n", encoding="utf-8")
    for _ in range(2):
        done = runner.invoke(
            cli,
            [
                "rules",
                "lists",
                "replace",
                "simplified_lmia_2026",
                str(good),
                "--by",
                "admin@test",
                "--note",
                "quebec.ca",
                "--lists-dir",
                str(lists_dir),
            ],
        )
        assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (lists_dir / "simplified_lmia_2026").iterdir()) == ["v0001.csv", "v0002.csv"]
    history = runner.invoke(cli, ["rules", "lists", "history", "simplified_lmia_2026", "--lists-dir", str(lists_dir)])
    records = [json.loads(line) for line in history.output.splitlines()]
    assert [(r["version"], r["previous_version"], r["actor"], r["rows"]) for r in records] == [
        ("v0001", "package", "admin@test", 2),
        ("v0002", "v0001", "admin@test", 2),
    ]
    after = runner.invoke(cli, ["rules", "lists", "show", "--lists-dir", str(lists_dir)])
    assert "v0002" in after.output and "   2 rows" in after.output
    unknown = runner.invoke(
        cli, ["rules", "lists", "replace", "nope", str(good), "--by", "x", "--lists-dir", str(lists_dir)]
    )
    assert unknown.exit_code != 0 and "simplified_lmia_2026" in unknown.output
