"""`clearway supervision` and `clearway jobs` on a fresh SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app
from clearway.identity.model import Role
from clearway.identity.services import create_user
from clearway.shared.clock import FixedClock
from tests.builders import ADMIN, NOW
from tests.supervision_support import Importers, accept, seed_importers, summary_input

runner = CliRunner()


@pytest.fixture()
def importers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Importers]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", url)
    common.reset()
    platform = common.platform(url)
    platform.clock = FixedClock(NOW)  # the commands below share this platform and its clock
    platform.submission = replace(
        platform.submission, screener=None
    )  # officers route the summaries by hand, lane by lane
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    seeded = seed_importers(platform)
    for username, role, enterprise in (
        ("tianshan", Role.ENTERPRISE_USER, seeded.district.importer_id),
        ("risk", Role.RISK_OFFICER, None),
    ):
        with platform.uow() as uow:
            create_user(
                uow, username, "password-123", username, role, enterprise, ADMIN, platform.clock
            )
    yield seeded
    platform.engine.dispose()
    common.reset()


def _run(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_two_step_and_the_overdue_job_from_the_command_line(
    importers: Importers, tmp_path: Path
) -> None:
    platform = common.platform()
    importer = str(importers.district.importer_id)
    answer = _run("supervision", "eligibility", importer, "--facility", "two_step")
    assert answer["decisions"] == [{"facility": "two_step", "allowed": True, "reasons": []}]
    body = tmp_path / "summary.json"
    body.write_text(summary_input(importers.guarantee).model_dump_json())
    lodged = _run("supervision", "two-step", "lodge", str(body), "--as", "tianshan")
    number = lodged["number"]
    assert lodged["reserved_amount"] == "111800.00"
    accept(platform, number)
    picked = _run("supervision", "two-step", "pickup", number, "--as", "tianshan")
    assert picked["declaration_status"] == "released"
    assert isinstance(platform.clock, FixedClock)
    platform.clock.advance(timedelta(days=14, seconds=1))
    ran = runner.invoke(app, ["jobs", "run", "supervision.two_step_overdue"])
    assert ran.exit_code == 0, ran.output
    assert ran.output.startswith("supervision.two_step_overdue: ok: 1 overdue")
    jobs = {j["name"]: j for j in _run("jobs", "list")}
    assert jobs["supervision.two_step_overdue"]["runs"] == 1
    [breach] = _run("supervision", "breaches", "--as", "tianshan")
    assert breach["reference"] == number
    unknown = tmp_path / "complete.json"
    unknown.write_text(
        json.dumps(
            {
                "summary": "7909-2026-I-999999",
                "items": [],
                "total_value": "1",
                "net_weight": "1",
                "gross_weight": "1",
            }
        )
    )
    refused = runner.invoke(
        app, ["supervision", "two-step", "complete", str(unknown), "--as", "tianshan"]
    )
    assert refused.exit_code == 2 and "no two-step summary 7909-2026-I-999999" in refused.output


def test_a_dishonest_summary_is_refused_with_its_reasons(
    importers: Importers, tmp_path: Path
) -> None:
    platform = common.platform()
    with platform.uow() as uow:
        create_user(
            uow,
            "yuanhe",
            "password-123",
            "yuanhe",
            Role.ENTERPRISE_USER,
            importers.dishonest_id,
            ADMIN,
            platform.clock,
        )
    body = tmp_path / "summary.json"
    body.write_text(summary_input(importers.dishonest_guarantee).model_dump_json())
    refused = runner.invoke(app, ["supervision", "two-step", "lodge", str(body), "--as", "yuanhe"])
    assert refused.exit_code == 2
    assert "credit level dishonest may not use two step" in refused.output


def test_unknown_jobs_are_refused(importers: Importers) -> None:
    refused = runner.invoke(app, ["jobs", "run", "no.such.job"])
    assert refused.exit_code == 2 and "no job no.such.job" in refused.output
    due = runner.invoke(app, ["jobs", "run"])
    assert due.exit_code == 0 and "supervision.two_step_overdue: ok" in due.output
