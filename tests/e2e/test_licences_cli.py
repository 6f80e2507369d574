"""`clearway licences` on a fresh SQLite file: customs records a licence, the holder reads its
balance, a bad one is refused in one line with a non-zero exit and nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app as main_app
from clearway.identity.model import Role
from clearway.identity.services import create_user
from tests.builders import ADMIN, District, seed_district

runner = CliRunner()
RECORD = [
    "licences",
    "record",
    "26-AIL-000123",
    "--code",
    "7",
    "--issuer",
    "MOFCOM licence bureau",
    "--scope",
    "260111",
    "--valid-from",
    "2026-10-01",
    "--valid-to",
    "2026-12-31",
    "--quantity",
    "5000000",
    "--unit",
    "kg",
]


@pytest.fixture()
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[District]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", url)
    common.reset()
    platform = common.platform(url)
    assert runner.invoke(main_app, ["db", "upgrade"]).exit_code == 0
    seeded = seed_district(platform)
    for username, role, enterprise in (
        ("importer", Role.ENTERPRISE_USER, seeded.importer_id),
        ("inspector", Role.INSPECTION_OFFICER, None),
    ):
        with platform.uow() as uow:
            create_user(
                uow, username, "password-123", username, role, enterprise, ADMIN, platform.clock
            )
    yield seeded
    platform.engine.dispose()
    common.reset()


def test_record_list_and_show(district: District) -> None:
    holder = ["--holder", str(district.importer_id)]
    done = runner.invoke(main_app, [*RECORD, *holder, "--as", "inspector"])
    assert done.exit_code == 0, done.output
    assert "licence 26-AIL-000123 recorded" in done.output
    listed = runner.invoke(main_app, ["licences", "list", "--as", "importer"])
    assert json.loads(listed.output)[0]["balance"] == "5000000.0000"
    shown = runner.invoke(main_app, ["licences", "show", "26-AIL-000123", "--as", "importer"])
    assert json.loads(shown.output)["drawdowns"] == []
    codes = json.loads(runner.invoke(main_app, ["licences", "conditions"]).output)
    assert {"7", "A"} <= {c["code"] for c in codes}


def test_a_trader_or_a_bad_code_is_refused_in_one_line(district: District) -> None:
    holder = ["--holder", str(district.importer_id)]
    refused = runner.invoke(main_app, [*RECORD, *holder, "--as", "importer"])
    assert refused.exit_code == 2 and "recorded by customs" in refused.output
    bad = [*RECORD, *holder, "--as", "inspector"]
    bad[bad.index("7")] = "A"
    refused = runner.invoke(main_app, bad)
    assert refused.exit_code == 2 and "condition_code" in refused.output
    listed = runner.invoke(main_app, ["licences", "list", "--as", "inspector"])
    assert json.loads(listed.output) == []
