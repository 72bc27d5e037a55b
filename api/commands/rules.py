"""``passerelle rules``: list and show the priority rule sets, and measure how one changes the top-k."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from matching.models import Candidate, Vacancy
    from matching.ports import Embedder
    from regions.impact import ImpactReport
    from regions.rulesets import PasserelleRuleSet, RuleSetRegistry

rules_app = typer.Typer(help="Priority rule sets: list, show, and measure their impact.", no_args_is_help=True)

FOLDER_HELP = "Folder of rule-set TOML files (default: the package's regions/rulesets)."


def _registry(folder: Path | None) -> RuleSetRegistry:
    from matching.errors import RuleSetError
    from regions.rulesets import load_rule_sets

    try:
        return load_rule_sets(folder)
    except RuleSetError as e:
        raise typer.BadParameter(str(e), param_hint="--folder") from e


def _period(rs: PasserelleRuleSet, registry: RuleSetRegistry) -> str:
    end = registry.effective_until(rs)
    return f"{rs.spec.effective_from.isoformat()}..{end.isoformat() if end else '…'}"


def _in_force_id(registry: RuleSetRegistry, on: date) -> str | None:
    from matching.errors import RuleSetError

    try:
        return registry.in_force(on).id
    except RuleSetError:
        return None


@rules_app.command("list")
def list_command(folder: Path = typer.Option(None, help=FOLDER_HELP)) -> None:
    """List every rule set, marking the one in force today with '*'."""
    registry = _registry(folder)
    current = _in_force_id(registry, date.today())
    if current is None:
        typer.echo(f"warning: no rule set is in force today ({date.today().isoformat()})", err=True)
    for rs in registry.list():
        mark = "*" if rs.id == current else " "
        boundary = rs.spec.rules.get("regional_priority", {}).get("boundary", "-")
        typer.echo(
            f"{mark} {rs.id:<24} {rs.spec.version:<14} {rs.spec.status:<6} {_period(rs, registry):<24} "
            f"boundary={boundary:<15} rules={','.join(rs.rule_names)}"
        )


@rules_app.command("show")
def show_command(rule_set_id: str, folder: Path = typer.Option(None, help=FOLDER_HELP)) -> None:
    """Print every parameter of one rule set."""
    from matching.errors import RuleSetError

    registry = _registry(folder)
    try:
        rs = registry.get(rule_set_id)
    except RuleSetError as e:
        raise typer.BadParameter(str(e), param_hint="RULE_SET_ID") from e
    typer.echo(f"{rs.id} (version {rs.spec.version}, {rs.spec.status}, family {rs.spec.family})")
    typer.echo(f"  file: {rs.source}")
    typer.echo(f"  effective: {_period(rs, registry)}")
    typer.echo(f"  description: {rs.spec.description}")
    typer.echo(f"  max_total_boost: {rs.spec.max_total_boost:g}")
    for name, config in rs.spec.rule_configs().items():
        params = config.model_dump(mode="json", exclude={"sources"})
        typer.echo(f"  [rules.{name}] " + ", ".join(f"{key}={value}" for key, value in params.items()))
        for source in (rs.spec.sources[i] for i in config.sources):
            typer.echo(f"      source: {source.url} ({source.date}, {source.kind})")
    for name, loaded in rs.lists.items():
        spec = loaded.spec
        partial = f", PARTIAL ({len(loaded.rows)} of about {spec.expected_size})" if spec.partial else ""
        typer.echo(
            f"  [lists.{name}] {spec.kind}, {len(loaded.rows)} rows from {loaded.path} (version {loaded.version}), "
            f"{spec.effective_from or '…'}..{spec.effective_to or '…'}"
            + (f", transition until {spec.transition_until}" if spec.transition_until else "")
            + partial
        )
        if spec.note:
            typer.echo(f"      note: {spec.note}")
        for source in (rs.spec.sources[i] for i in spec.sources):
            typer.echo(f"      source: {source.url} ({source.date}, {source.kind})")


def _population(source: str, n: int) -> tuple[list[Vacancy], list[Candidate], str]:
    from api.demo.generate import DATA_DIR
    from regions import load_diagnostics, load_geography
    from regions._synthetic import synthetic_population

    geography = load_geography()
    if source in ("auto", "demo") and (DATA_DIR / "vacancies.jsonl").is_file():
        from api.demo.records import load_demo

        region_of = {code: m.region_code for code, m in geography.municipalities.items()}
        vacancies, candidates = load_demo(region_of)
        return vacancies[:n], candidates, f"demo data ({DATA_DIR})"
    if source == "demo":
        raise typer.BadParameter(f"no demo data in {DATA_DIR}", param_hint="--source")
    population = synthetic_population(geography, load_diagnostics(), vacancies=n)
    return population.vacancies, population.candidates, "synthetic population from the reference data (seed 7)"


def _print_report(report: ImpactReport, where: str, candidates: int, before: str | None = None) -> None:
    typer.echo(f"rule set {report.rule_set_id}: top-{report.k} for {report.vacancies} vacancies")
    typer.echo(f"{candidates} candidates, {where}")
    if before is None:
        typer.echo("'before' = the same rules with every boost at 0 (flags kept, order = base score)")
    else:
        typer.echo(f"'before' = {before}, 'after' = {report.rule_set_id}")
    typer.echo(f"{'':<44}{'before':>9}{'after':>9}")
    rows = (
        ("share of top-k open to the vacancy's region", "open_to_region"),
        ("share with Passerelle regional priority", "regional_priority"),
        ("share fast-track eligible", "fast_track"),
        ("share favoured by either rule", "prioritised"),
        ("share flagged simplified LMIA (or review)", "simplified_lmia"),
        ("share marked low-wage LMIA freeze", "lmia_freeze"),
    )
    for label, key in rows:
        typer.echo(f"{label:<44}{getattr(report.before, key):>9.3f}{getattr(report.after, key):>9.3f}")
    typer.echo(f"mean |rank shift| (candidates in either top-k): {report.mean_abs_rank_shift:.2f}")
    typer.echo(f"mean rank gain of boosted top-k candidates:     {report.mean_gain_boosted:+.2f}")
    typer.echo(f"vacancies whose top-k changed:                  {report.changed_vacancies:.1%}")
    typer.echo(f"candidates entering the top-k per vacancy:      {report.mean_entered:.2f}")


def _multilingual() -> Embedder:
    from embeddings.usem import MultilingualEncoder

    return MultilingualEncoder()


@rules_app.command("impact")
def impact_command(
    rule_set: str = typer.Option(None, "--rule-set", help="Rule set id (default: the one in force today)."),
    k: int = typer.Option(20, min=1, max=500, help="Size of the top-k compared."),
    vacancies: int = typer.Option(100, min=1, help="How many vacancies to shortlist."),
    source: str = typer.Option("auto", help="auto (demo data if present), demo, or synthetic."),
    embedder: str = typer.Option("hashing", help="hashing (fast fake) or usem (multilingual model)."),
    folder: Path = typer.Option(None, help=FOLDER_HELP),
    compare: str = typer.Option(
        None, "--compare", help="Another rule set id: compare it ('before') with --rule-set ('after')."
    ),
    on: str = typer.Option(
        None, help="Day to rank on, YYYY-MM-DD (default today; with --compare, the same day of the year in each set)."
    ),
) -> None:
    """Compare each vacancy's top-k with the rules and without them (all boosts at 0), or with another set."""
    from embeddings.exact_index import ExactIndex
    from embeddings.hashing import HashingEmbedder
    from matching import InMemoryStore, MatchingService
    from matching.errors import RuleSetError
    from matching.ports import RuleSetProvider
    from regions.impact import compare_rule_sets, day_in, measure_impact

    registry = _registry(folder)
    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError as e:
        raise typer.BadParameter(f"expected YYYY-MM-DD: {e}", param_hint="--on") from e
    try:
        chosen = registry.get(rule_set) if rule_set else registry.in_force(day)
        other = registry.get(compare) if compare else None
    except RuleSetError as e:
        raise typer.BadParameter(str(e), param_hint="--rule-set/--compare") from e
    if source not in ("auto", "demo", "synthetic"):
        raise typer.BadParameter("expected auto, demo or synthetic", param_hint="--source")
    if embedder not in ("hashing", "usem"):
        raise typer.BadParameter("expected hashing or usem", param_hint="--embedder")
    chosen_vacancies, candidates, where = _population(source, vacancies)
    model: Embedder = HashingEmbedder() if embedder == "hashing" else _multilingual()
    index = ExactIndex(model.dim)
    store = InMemoryStore(candidates)
    vacancy_store = InMemoryStore(chosen_vacancies)

    def make_service(rules: RuleSetProvider) -> MatchingService:
        return MatchingService(
            embedder=model,
            candidate_index=index,
            vacancy_index=ExactIndex(model.dim),
            candidates=store,
            vacancies=vacancy_store,
            rules=rules,
        )

    make_service(registry).index_candidates(candidates)
    if other is None:
        report = measure_impact(make_service, chosen_vacancies, chosen, k=k, on=day_in(chosen, day))
        _print_report(report, where, len(candidates))
        return
    before, after = (other, day_in(other, day)), (chosen, day_in(chosen, day))
    report = compare_rule_sets(make_service, chosen_vacancies, before, after, k=k)
    _print_report(report, where, len(candidates), before=f"{other.id} on {before[1]}, after on {after[1]}")


def register(app: typer.Typer) -> None:
    from api.commands.rules_lists import lists_app

    rules_app.add_typer(lists_app, name="lists")
    app.add_typer(rules_app, name="rules")
