"""``passerelle demo``: regenerate the demo data, or print explained shortlists from it in memory."""

from __future__ import annotations

from pathlib import Path

import typer

demo_app = typer.Typer(help="Demo data: regenerate it, or print explained shortlists from it.", no_args_is_help=True)


@demo_app.command("generate")
def generate_command(
    shared: Path = typer.Option(None, help="The reference shared/data folder (default: ../shared/data)."),
) -> None:
    """Rebuild api/demo/data/*.jsonl from the NOC 2021 and Québec reference data."""
    from api.demo.generate import DEFAULT_SHARED, write_demo

    source = shared or DEFAULT_SHARED
    if not (source / "noc2021").is_dir():
        raise typer.BadParameter(f"{source} does not hold noc2021/ and quebec/", param_hint="--shared")
    n_vacancies, n_candidates = write_demo(source)
    typer.echo(f"wrote {n_vacancies} vacancies and {n_candidates} candidates")


@demo_app.command("shortlist")
def shortlist_command(
    vacancies: int = typer.Option(3, min=1, help="How many demo vacancies to show."),
    k: int = typer.Option(5, min=1, max=100, help="Candidates per vacancy."),
    lang: str = typer.Option("fr", help="Language of the explanations: fr or en."),
    embedder: str = typer.Option("usem", help="usem (multilingual model), minilm, or hashing (fast fake)."),
) -> None:
    """Print explained shortlists for the first demo vacancies, computed in memory."""
    from api.demo.inmemory import build_demo_service
    from api.demo.show import print_shortlists

    if lang not in ("fr", "en"):
        raise typer.BadParameter("expected fr or en", param_hint="--lang")
    from regions.geography import load_geography

    towns = load_geography().municipalities
    service, demo_vacancies, candidates = build_demo_service(embedder)
    print_shortlists(
        service,
        demo_vacancies[:vacancies],
        candidates,
        k=k,
        lang="fr" if lang == "fr" else "en",
        echo=typer.echo,
        place_of=lambda v: towns[v.municipality_code].name if v.municipality_code in towns else v.municipality_code,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")
