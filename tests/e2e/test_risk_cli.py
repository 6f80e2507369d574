"""`clearway risk` as an operator uses it: evaluate, score and train on declaration files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from clearway.cli.risk import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "kcs_sample.csv"
UNLABELLED = FIXTURES / "kcs_sample_unlabelled.csv"

runner = CliRunner()


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """History before October, test from October: the honest way round."""
    folder = tmp_path_factory.mktemp("kcs")
    rows = pd.read_csv(SAMPLE, dtype=str)
    history, test = folder / "history.csv", folder / "test.csv"
    rows[rows["Date"] < "2020-10-01"].to_csv(history, index=False)
    rows[rows["Date"] >= "2020-10-01"].to_csv(test, index=False)
    return history, test


def test_evaluate_prints_parsable_json(split: tuple[Path, Path]) -> None:
    history, test = split
    args = ["evaluate", "--dataset", "kcs", "--history", str(history), "--test", str(test)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dataset"] == "kcs"
    assert report["history_rows"] + report["test_rows"] == 600
    for figure in ("precision", "recall", "critical_share"):
        assert set(report[figure]) == {"1", "2", "5", "10"}
    assert 0.0 <= report["roc_auc"] <= 1.0
    assert report["total_seconds"] >= report["train_seconds"] >= 0


def test_evaluate_without_json_prints_a_table(split: tuple[Path, Path]) -> None:
    history, test = split
    result = runner.invoke(app, ["evaluate", "--history", str(history), "--test", str(test)])
    assert result.exit_code == 0, result.output
    assert "precision" in result.stdout and "10 %" in result.stdout


def test_evaluate_can_save_the_model(split: tuple[Path, Path], tmp_path: Path) -> None:
    history, test = split
    target = tmp_path / "model"
    args = ["evaluate", "--history", str(history), "--test", str(test), "--json"]
    result = runner.invoke(app, [*args, "--save-model", str(target)])
    assert result.exit_code == 0, result.output
    metadata = json.loads((target / "metadata.json").read_text())
    assert metadata["metrics"]["precision"] == json.loads(result.stdout)["precision"]


def test_score_writes_one_row_per_input_in_order(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    args = ["score", "--dataset", "kcs", "--history", str(SAMPLE), "--input", str(UNLABELLED)]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Declaration ID", "score"]
    expected = pd.read_csv(UNLABELLED, dtype=str)["Declaration ID"].tolist()
    assert [r[0] for r in rows[1:]] == expected
    assert all(0.0 <= float(r[1]) <= 1.0 for r in rows[1:])


def test_train_saves_an_artefact(tmp_path: Path) -> None:
    target = tmp_path / "model"
    result = runner.invoke(app, ["train", "--history", str(SAMPLE), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "model.txt").exists() and (target / "aggregates.json").exists()


def _assert_refused(args: list[str], needle: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.output


def test_missing_history_file_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    _assert_refused(["evaluate", "--history", str(missing), "--test", str(SAMPLE)], "nowhere.csv")


def test_missing_columns_are_named(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    _assert_refused(
        ["score", "--history", str(UNLABELLED), "--input", str(UNLABELLED), "--out", str(out)],
        "Fraud, Critical Fraud",
    )
    assert not out.exists()


def test_unknown_dataset_is_refused() -> None:
    args = ["evaluate", "--dataset", "nope", "--history", str(SAMPLE), "--test", str(SAMPLE)]
    _assert_refused(args, "unknown dataset")


def test_empty_history_is_refused_and_nothing_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text(SAMPLE.read_text().splitlines()[0] + "\n")
    target = tmp_path / "model"
    _assert_refused(["train", "--history", str(empty), "--out", str(target)], "no records")
    assert not target.exists()


def test_unreadable_dates_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "dates.csv"
    broken.write_text(SAMPLE.read_text().replace("2020-05-", "2020-13-"))
    _assert_refused(
        ["evaluate", "--history", str(broken), "--test", str(SAMPLE)], "is not YYYY-MM-DD"
    )


def _with_empty_fraud(tmp_path: Path, rows: slice) -> Path:
    raw = pd.read_csv(SAMPLE, dtype=str)
    raw.loc[raw.index[rows], ["Fraud", "Critical Fraud"]] = ""
    path = tmp_path / "partly_inspected.csv"
    raw.to_csv(path, index=False)
    return path


def test_rows_with_an_empty_fraud_cell_are_history_not_labels(tmp_path: Path) -> None:
    history = _with_empty_fraud(tmp_path, slice(0, 300))
    target = tmp_path / "model"
    result = runner.invoke(app, ["train", "--history", str(history), "--out", str(target)])
    assert result.exit_code == 0, result.output
    metadata = json.loads((target / "metadata.json").read_text())
    assert (metadata["rows"], metadata["labelled_rows"]) == (600, 300)
    out = tmp_path / "scores.csv"
    args = ["score", "--history", str(history), "--input", str(UNLABELLED), "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0


def test_history_with_no_inspected_row_is_refused(tmp_path: Path) -> None:
    history = _with_empty_fraud(tmp_path, slice(None))
    target = tmp_path / "model"
    _assert_refused(["train", "--history", str(history), "--out", str(target)], "none is labelled")
    assert not target.exists()


def test_train_needs_history_files_or_the_platform_not_both(tmp_path: Path) -> None:
    target = tmp_path / "model"
    args = ["train", "--history", str(SAMPLE), "--from-platform", "--out", str(target)]
    _assert_refused(args, "either --history files or --from-platform")
    _assert_refused(["train", "--out", str(target)], "either --history files or --from-platform")
    assert not target.exists()
