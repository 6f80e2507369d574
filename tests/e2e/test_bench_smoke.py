"""The ingest benchmark still runs end to end and reports every figure (never judged on speed)."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from clearway.benchmarks.ingest import run

PATHS = ("service", "raw", "service_two_requests", "raw_two_transactions", "batch", "copy")


def test_ingest_benchmark_reports_every_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(n=30, database_url=f"sqlite:///{tmp_path}/bench.db", batch=10, as_json=True)

    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(result, default=str))
    for key in ("database", "n", "paths", "ratios", "memory", "targets", "met", "notes"):
        assert key in result
    assert result["targets"] == {
        "as_built_vs_raw_ratio_min": 0.15,
        "as_built_statements_max": 20,
        "batch_vs_copy_ratio_min": 0.75,
    }
    for name in PATHS:
        figures = result["paths"][name]
        assert figures["declarations_per_s"] > 0
        assert figures["verified"] is True, f"{name} did not leave the expected rows"
    assert result["paths"]["copy"]["method"] == "executemany"
    assert all(value > 0 for value in result["ratios"].values())
    assert result["memory"]["maxrss_mib"] > 0
    assert set(result["met"]) == {
        "as_built_vs_raw_ratio",
        "as_built_statements",
        "batch_vs_copy_ratio",
    }
    # The scratch database lives beside the given file and is removed afterwards.
    assert list(tmp_path.iterdir()) == []


def _api_load(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """``bench/api_load.py`` imported as the module its spawned server expects."""
    path = Path(__file__).resolve().parents[2] / "bench" / "api_load.py"
    spec = importlib.util.spec_from_file_location("api_load", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "api_load", bench)
    spec.loader.exec_module(bench)
    return bench


def test_api_load_benchmark_serves_loads_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = _api_load(monkeypatch)
    url = f"sqlite:///{tmp_path}/load.db"
    load = ["--seconds", "1", "--rate", "5", "--workers", "2", "--warmup-seconds", "0.4"]
    result = bench.main([*load, "--database-url", url])

    assert json.loads(capsys.readouterr().out)["benchmark"] == "api_load"
    assert result["succeeded"] == result["requests_scheduled"] == 5
    # The warm-up at rate is served and reported, but counted apart from the measured phase.
    assert result["warmup"]["requests"] == 2 and result["warmup"]["errors_by_status"] == {}
    assert result["declarations_stored"] == 5 + 2 + result["warmup_requests"]
    assert result["latency_ms"]["p99"] is not None


def test_two_server_processes_on_postgresql_serve_every_request(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = os.environ.get("CLEARWAY_TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL tests skipped: set CLEARWAY_TEST_DATABASE_URL to run them")
    bench = _api_load(monkeypatch)
    load = ["--seconds", "1", "--rate", "6", "--workers", "2", "--warmup-seconds", "0"]
    result = bench.main([*load, "--server-processes", "2", "--database-url", base])

    assert json.loads(capsys.readouterr().out)["server_processes"] == 2
    assert result["succeeded"] == result["requests_scheduled"] == 6
    assert result["errors_by_status"] == {}
    assert result["declarations_stored"] == 6 + result["warmup_requests"]
