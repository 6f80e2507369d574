"""Serving from one process or several: what each worker builds, and what is refused."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from clearway.api.serving import app_from_environment
from clearway.cli import common
from clearway.cli.main import app
from clearway.config import Settings, get_settings
from tests.conftest import TEST_ENCRYPTION_KEY

runner = CliRunner()
SECRET = "serving-test-secret-" + "x" * 32


REFUSAL = (
    "more than one server process needs PostgreSQL: SQLite lets one process write at a time, "
    "and its writers queue on a lock inside the one server process"
)


@pytest.mark.parametrize(
    ("args", "environment", "said"),
    [
        (["--workers", "2"], {}, f"error: {REFUSAL}"),
        ([], {"CLEARWAY_SERVE_WORKERS": "3"}, f"error: invalid settings: {REFUSAL}"),
    ],
    ids=["option", "setting"],
)
def test_several_server_processes_on_sqlite_are_refused_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    environment: dict[str, str],
    said: str,
) -> None:
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", f"sqlite:///{tmp_path / 'one.db'}")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    common.reset()  # settings read anew from the environment, as a fresh process would
    try:
        result = runner.invoke(app, ["serve", *args, "--port", "1"])
    finally:
        common.reset()
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [said]  # one line, no traceback
    with pytest.raises(ValidationError, match="needs PostgreSQL"):
        Settings(database_url="sqlite:///x.db", serve_workers=2)


def test_each_worker_builds_its_platform_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'worker.db'}"
    for name, value in {
        "ENV": "test",
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "SECRET_ENCRYPTION_KEY": TEST_ENCRYPTION_KEY,
    }.items():
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
