"""``passerelle classify-titles`` and ``passerelle occupations train|evaluate``: the CNP/NOC 2021 classifier."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from occupations.config import ClassifierConfig

occupations_app = typer.Typer(help="CNP/NOC 2021 title classifier: train and evaluate.", no_args_is_help=True)

MODEL_DIR_HELP = "Directory of the trained classifier (default: $PASSERELLE_MODEL_DIR or var/models)."


def _config(model_dir: Path | None, lexical: bool = False) -> ClassifierConfig:
    from occupations.config import ClassifierConfig

    config = ClassifierConfig(use_embedding=not lexical)
    return config.model_copy(update={"model_dir": model_dir}) if model_dir is not None else config


@occupations_app.command("train")
def train_command(
    model_dir: Path = typer.Option(None, help=MODEL_DIR_HELP),
    lexical: bool = typer.Option(False, help="Skip the multilingual embedding (faster, weaker, no Spanish)."),
) -> None:
    """Train the classifier on every example title and cache it (about 4 min of CPU; longer on a busy machine)."""
    from occupations.classifier import train_classifier

    config = _config(model_dir, lexical)
    started = time.perf_counter()
    train_classifier(config)
    typer.echo(f"trained in {time.perf_counter() - started:.0f} s -> {config.artefact_path}")


@occupations_app.command("evaluate")
def evaluate_command(
    folds: int = typer.Option(5, min=2, help="Number of cross-validation folds."),
    lexical: bool = typer.Option(False, help="Evaluate the lexical-only model."),
    model_dir: Path = typer.Option(None, help=MODEL_DIR_HELP + " Used for the Spanish check."),
    out: Path = typer.Option(None, help="Also write the numbers as JSON here."),
) -> None:
    """k-fold cross-validation (top-1/top-5 per language), then the small Spanish set on the full model."""
    from occupations.classifier import load_classifier
    from occupations.config import ClassifierConfig
    from occupations.evaluation import cross_validate, evaluate_titles, spanish_titles

    config = _config(model_dir, lexical)
    assert isinstance(config, ClassifierConfig)
    report = cross_validate(config, folds=folds, progress=typer.echo)
    result: dict[str, object] = {"folds": folds, "cross_validation": report.summary()}
    result["cross_validation_language_guessed"] = report.summary(guessed=True)
    result["fit_seconds"] = [round(s, 1) for s in report.fit_seconds]
    classifier = load_classifier(config)
    result["spanish"] = evaluate_titles(classifier, spanish_titles(), language="es")
    result["spanish_undeclared"] = evaluate_titles(classifier, spanish_titles(), language=None)
    text = json.dumps(result, indent=2)
    typer.echo(text)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")


@occupations_app.command("speed")
def speed_command(
    model_dir: Path = typer.Option(None, help=MODEL_DIR_HELP),
    singles: int = typer.Option(300, min=1, help="Titles classified one at a time."),
    batch: int = typer.Option(10_000, min=1, help="Titles classified in one batch."),
) -> None:
    """Time the cached classifier: p50/p95 per title and a 10,000-title batch."""
    from occupations.classifier import load_classifier
    from occupations.speed import measure_speed

    started = time.perf_counter()
    classifier = load_classifier(_config(model_dir))
    typer.echo(f"model loaded in {time.perf_counter() - started:.1f} s")
    typer.echo(json.dumps(measure_speed(classifier, singles=singles, batch=batch), indent=2))


def classify_titles_command(
    input_csv: Path = typer.Argument(
        ..., exists=True, dir_okay=False, metavar="INPUT.csv", help="CSV with a 'title' column."
    ),
    out: Path = typer.Option(..., "--out", help="Output CSV: the input rows plus code_1..5 and score_1..5."),
    model_dir: Path = typer.Option(None, help=MODEL_DIR_HELP),
) -> None:
    """Classify every title of a CSV file into its five most likely CNP/NOC 2021 unit groups."""
    from matching.errors import InvalidInputError
    from occupations.batch import check_header, classify_csv
    from occupations.classifier import load_classifier

    try:
        check_header(input_csv)
    except InvalidInputError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    started = time.perf_counter()
    classifier = load_classifier(_config(model_dir))
    loaded = time.perf_counter()
    count = classify_csv(input_csv, out, classifier)
    done = time.perf_counter()
    typer.echo(f"{count} rows -> {out} (model loaded in {loaded - started:.1f} s, classified in {done - loaded:.1f} s)")


def register(app: typer.Typer) -> None:
    """Add ``classify-titles`` and the ``occupations`` group to the ``passerelle`` command line."""
    app.command("classify-titles")(classify_titles_command)
    app.add_typer(occupations_app, name="occupations")
