"""``passerelle classify-titles`` on a small CSV file, with the small test classifier."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from api.commands.occupations import register

pytestmark = pytest.mark.slow


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_classify_titles_repeats_rows_in_order_and_adds_codes(small_model_dir: Path, tmp_path: Path) -> None:
    rows = [
        ["1", "welder", "en"],
        ["2", "", "fr"],
        ["3", "infirmière auxiliaire", "fr"],
        ["4", "!!!", ""],
        ["5", "Soldador", "es"],
        ["6", "truck driver", ""],
    ]
    source = _write(tmp_path / "in.csv", ["id", "title", "lang"], rows)
    target = tmp_path / "out.csv"
    args = ["classify-titles", str(source), "--out", str(target), "--model-dir", str(small_model_dir)]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8") as f:
        out = list(csv.DictReader(f))
    assert [r["id"] for r in out] == ["1", "2", "3", "4", "5", "6"]
    assert [r["title"] for r in out] == [r[1] for r in rows]
    assert list(out[0])[:3] == ["id", "title", "lang"]
    assert out[0]["code_1"] == "72106"
    assert "33102" in [out[2][f"code_{i}"] for i in range(1, 6)]
    assert "73300" in [out[5][f"code_{i}"] for i in range(1, 6)]
    for empty in (out[1], out[3]):
        assert all(empty[f"code_{i}"] == "" and empty[f"score_{i}"] == "" for i in range(1, 6))
    for row in (out[0], out[2], out[4], out[5]):
        codes = [row[f"code_{i}"] for i in range(1, 6)]
        assert all(len(c) == 5 and c.isdigit() for c in codes)
        scores = [float(row[f"score_{i}"]) for i in range(1, 6)]
        assert scores == sorted(scores, reverse=True) and 0 <= scores[-1] <= scores[0] <= 1


def test_leading_zeros_are_written_as_text(tmp_path: Path) -> None:
    from matching.models import OccupationCode
    from occupations.batch import classify_csv

    class Legislators:
        def classify(self, text: str, *, k: int = 5, language: str | None = None) -> list[OccupationCode]:
            return [OccupationCode("00010", 0.9), OccupationCode("00011", 0.1)]

    source = _write(tmp_path / "in.csv", ["title"], [["maire"]])
    classify_csv(source, tmp_path / "out.csv", Legislators())
    line = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[1]
    assert line == "maire,00010,00011,,,,0.9000,0.1000,,,"


def test_missing_title_column_is_a_clear_error(small_model_dir: Path, tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", ["name", "lang"], [["welder", "en"]])
    args = ["classify-titles", str(source), "--out", str(tmp_path / "o.csv"), "--model-dir", str(small_model_dir)]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code != 0
    assert "no 'title' column" in result.output


def test_classify_documents_writes_one_row_per_line_and_never_crashes_on_bad_lines(
    small_model_dir: Path, tmp_path: Path
) -> None:
    lines = [
        json.dumps(
            {"id": "v1", "kind": "vacancy", "title": "Soudeur", "text": "Soudage MIG en atelier.", "lang": "fr"}
        ),
        json.dumps({"id": "r1", "kind": "resume", "text": "Truck Driver\nExperience\nTruck driver, 2015 - 2024"}),
        json.dumps({"id": "e1", "kind": "resume", "text": ""}),
        json.dumps({"id": "g1", "kind": "vacancy", "text": "!!! ??? 123"}),
        "not json at all",
        json.dumps({"id": "k1", "kind": "letter", "text": "Soudeur"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "n1", "kind": "resume", "text": None, "title": 12}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    args = ["classify-documents", str(source), "--out", str(target), "--model-dir", str(small_model_dir)]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8") as f:
        out = list(csv.DictReader(f))
    assert list(out[0]) == [
        "id",
        *(f"code_{i}" for i in range(1, 6)),
        *(f"score_{i}" for i in range(1, 6)),
        "needs_review",
    ]
    assert [r["id"] for r in out] == ["v1", "r1", "e1", "g1", "line:5", "k1", "line:7", "n1"]
    assert out[0]["code_1"] == "72106" and out[1]["code_1"] == "73300"
    assert float(out[0]["score_1"]) >= float(out[0]["score_2"]) >= 0.0
    for row in out[2:]:
        assert row["code_1"] == "" and row["score_1"] == "" and row["needs_review"] == "true"
    assert "line 5: not JSON" in result.output and "line 6: kind must be" in result.output
