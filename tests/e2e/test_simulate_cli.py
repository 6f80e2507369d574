"""`clearway simulate`: a run, a comparison, a stored run, and refusals as one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app

runner = CliRunner()


@pytest.fixture()
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'simulate.db'}"
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", url)
    common.reset()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    yield url
    common.platform().engine.dispose()
    common.reset()


def test_run_prints_the_study_as_json() -> None:
    result = runner.invoke(
        app, ["simulate", "run", "--scenario", "horgos-2024", "--set", "days=7", "--json"]
    )
    assert result.exit_code == 0, result.output
    study = json.loads(result.stdout)
    assert study["declarations_simulated"] == 84
    assert sum(study["final_statuses"].values()) == 84
    assert study["segments"]["release_time"]["mean_hours"] > 0


def test_compare_prints_the_ratios_segments_and_measure_table() -> None:
    result = runner.invoke(
        app, ["simulate", "compare", "--port", "horgos", "--before", "2019", "--after", "2024",
              "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["mean_release_time_ratio"] > 1 and out["median_release_time_ratio"] > 1
    assert out["declarations_simulated"] > 2000
    assert "release_time" in out["segment_means"]
    assert {m["measure"] for m in out["measures"]} >= {"first_release", "direct_pickup"}


def test_a_bad_parameter_is_one_line_naming_file_path_and_rule() -> None:
    result = runner.invoke(
        app, ["simulate", "run", "--scenario", "horgos-2019", "--set", "durations.lab.high=-5"]
    )
    assert result.exit_code == 2
    assert "horgos-2019.yaml" in result.output and "durations.lab" in result.output
    assert "Traceback" not in result.output


def test_a_stored_run_gets_an_id(database: str) -> None:
    result = runner.invoke(
        app, ["simulate", "run", "--scenario", "ordos-2024", "--set", "days=3", "--store", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["run_id"] >= 1
