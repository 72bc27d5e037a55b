"""``passerelle classify-titles|classify-documents`` and ``passerelle occupations train|evaluate|speed``."""

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
    if_missing: bool = typer.Option(False, help="Do nothing when a usable artefact is already there (set-up)."),
) -> None:
    """Train the classifier on every title (StatCan, ESCO, Latin-American list) and cache it (see the README)."""
    from occupations.classifier import load_model, train_classifier

    config = _config(model_dir, lexical)
    if if_missing and load_model(config.artefact_path) is not None:
        typer.echo(f"classifier already built: {config.artefact_path}")
        return
    started = time.perf_counter()
    train_classifier(config)
    typer.echo(f"trained in {time.perf_counter() - started:.0f} s -> {config.artefact_path}")


@occupations_app.command("evaluate")
def evaluate_command(
    folds: int = typer.Option(5, min=2, help="Number of cross-validation folds over StatCan's titles."),
    max_folds: int = typer.Option(None, min=1, help="Run only the first N folds (each fit takes minutes)."),
    out: Path = typer.Option(None, help="Also write the figures as JSON here."),
    write_calibration: bool = typer.Option(
        False, help="Write the calibration maps fitted on all held-out predictions to occupations/data."
    ),
) -> None:
    """Held-out figures per language: StatCan titles (cross-validated), held-out ESCO titles, the Latin-American
    test list, O*NET titles, written and real documents, and calibration (ECE, reliability table)."""
    from occupations._data import data_path
    from occupations.calibration import CALIBRATION_FILE, save_calibrators
    from occupations.config import ClassifierConfig
    from occupations.evaluation_run import evaluate

    result, maps = evaluate(ClassifierConfig(), folds=folds, max_folds=max_folds, progress=typer.echo)
    result["calibration_maps"] = {kind: cal.to_dict() for kind, cal in maps.items()}
    text = json.dumps(result, indent=1)
    typer.echo(text)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    if write_calibration:
        provenance = f"passerelle occupations evaluate --folds {folds} --max-folds {max_folds or folds}"
        save_calibrators(maps, data_path(CALIBRATION_FILE), provenance)
        typer.echo(f"calibration maps -> {data_path(CALIBRATION_FILE)}")


@occupations_app.command("speed")
def speed_command(
    model_dir: Path = typer.Option(None, help=MODEL_DIR_HELP),
    singles: int = typer.Option(300, min=1, help="Titles classified one at a time."),
    batch: int = typer.Option(10_000, min=1, help="Titles classified in one batch."),
    documents: int = typer.Option(60, min=1, help="Documents (vacancies, résumés) coded one at a time."),
    resumes: int = typer.Option(1000, min=1, help="Résumés coded in one batch (classify-documents path)."),
    out: Path = typer.Option(None, help="Also write the timings as JSON here."),
) -> None:
    """Time the cached classifier: p50/p95 per title and a 10,000-title batch."""
    from occupations.classifier import load_classifier
    from occupations.speed import measure_document_speed, measure_speed

    started = time.perf_counter()
    classifier = load_classifier(_config(model_dir))
    loaded = {"model_load_seconds": time.perf_counter() - started}
    typer.echo(f"model loaded in {loaded['model_load_seconds']:.1f} s")
    result = loaded | measure_speed(classifier, singles=singles, batch=batch)
    result |= measure_document_speed(classifier, singles=documents, batch=resumes)
    text = json.dumps(result, indent=2)
    typer.echo(text)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")


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


def classify_documents_command(
    input_jsonl: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        metavar="IN.jsonl",
        help='One JSON object a line: {"id", "kind": "vacancy"|"resume", "text", "title"?, "lang"?}.',
    ),
    out: Path = typer.Option(..., "--out", help="Output CSV: id, code_1..5, score_1..5, needs_review."),
    model_dir: Path = typer.Option(None, help=MODEL_DIR_HELP),
) -> None:
    """Code every vacancy or résumé of a JSON-lines file into its five most likely CNP/NOC 2021 unit groups."""
    from occupations.classifier import load_classifier
    from occupations.document_batch import classify_jsonl

    started = time.perf_counter()
    classifier = load_classifier(_config(model_dir))
    loaded = time.perf_counter()
    report = classify_jsonl(input_jsonl, out, classifier)
    done = time.perf_counter()
    for number, problem in report.problems[:20]:
        typer.echo(f"line {number}: {problem} (written with no code, needs_review=true)", err=True)
    if len(report.problems) > 20:
        typer.echo(f"... and {len(report.problems) - 20} more lines with problems", err=True)
    typer.echo(
        f"{report.rows} documents -> {out} (model loaded in {loaded - started:.1f} s, coded in {done - loaded:.1f} s)"
    )


def register(app: typer.Typer) -> None:
    """Add ``classify-titles``, ``classify-documents`` and the ``occupations`` group to the command line."""
    app.command("classify-titles")(classify_titles_command)
    app.command("classify-documents")(classify_documents_command)
    app.add_typer(occupations_app, name="occupations")
