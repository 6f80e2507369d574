"""Serving from one process or several: what each worker builds, and what is refused."""

from __future__ import annotations

import gc
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from clearway.api.serving import app_from_environment
from clearway.cli import common
from clearway.cli.main import app
from clearway.config import Settings, get_settings

runner = CliRunner()
SECRET = "serving-test-secret-" + "x" * 32


def test_several_server_processes_on_sqlite_are_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'one.db'}")
    common.reset()
    try:
        result = runner.invoke(app, ["serve", "--workers", "2", "--port", "1"])
    finally:
        common.reset()
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: more than one server process needs PostgreSQL: SQLite lets one process write "
        "at a time, and its writers queue on a lock inside the one server process"
    ]
    with pytest.raises(ValidationError, match="needs PostgreSQL"):
        Settings(database_url="sqlite:///x.db", serve_workers=2)


def test_settings_that_cannot_serve_stop_the_server_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'one.db'}")
    monkeypatch.setenv("CLEARWAY_SERVE_WORKERS", "3")
    common.reset()  # settings read anew from the environment, as a fresh process would
    try:
        result = runner.invoke(app, ["serve", "--port", "1"])
    finally:
        common.reset()
    assert result.exit_code == 2
    assert result.output.startswith("error: invalid settings: more than one server process")
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_each_worker_builds_its_platform_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'worker.db'}"
    for name, value in {"ENV": "test", "DATABASE_URL": url, "SECRET_KEY": SECRET}.items():
        monkeypatch.setenv(f"CLEARWAY_{name}", value)
    get_settings.cache_clear()  # a worker process starts with none read
    try:
        served = app_from_environment()
        platform = served.state.platform
        assert platform.settings.database_url == url and platform.settings.env == "test"
        assert served.openapi_schema is not None  # prepared before it listens
    finally:
        gc.unfreeze()
        get_settings.cache_clear()
    platform.engine.dispose()


def _load_benchmark(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "api_load.py"
    spec = importlib.util.spec_from_file_location("api_load", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "api_load", bench)
    spec.loader.exec_module(bench)
    return bench


def test_two_server_processes_on_postgresql_serve_every_request(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = os.environ.get("CLEARWAY_TEST_DATABASE_URL")
    if not base:
        pytest.skip("PostgreSQL tests skipped: set CLEARWAY_TEST_DATABASE_URL to run them")
    bench = _load_benchmark(monkeypatch)
    load = ["--seconds", "1", "--rate", "6", "--workers", "2", "--warmup-seconds", "0"]
    result = bench.main([*load, "--server-processes", "2", "--database-url", base])

    assert json.loads(capsys.readouterr().out)["server_processes"] == 2
    assert result["succeeded"] == result["requests_scheduled"] == 6
    assert result["errors_by_status"] == {}
    assert result["declarations_stored"] == 6 + result["warmup_requests"]
