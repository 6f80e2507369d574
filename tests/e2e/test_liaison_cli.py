"""`clearway liaison`, `clearway brokerage` and `clearway notifications` on a fresh SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import brokerage as brokerage_cli
from clearway.cli import common
from clearway.cli import liaison as liaison_cli
from clearway.cli import notifications as notifications_cli
from clearway.cli.main import app as main_app
from clearway.declarations.status import Command
from clearway.identity.model import Role
from clearway.identity.services import create_user
from clearway.liaison import services as liaison
from clearway.liaison.commands import RequestInput
from clearway.liaison.model import RequestCategory
from clearway.notifications.receiver import WebhookReceiver
from clearway.shared.clock import FixedClock
from tests.builders import ADMIN, District, seed_district
from tests.conftest import CHECKS_OFF
from tests.liaison_support import act, lodge, plan_input

runner = CliRunner()


@pytest.fixture()
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[District]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CLEARWAY_DATABASE_URL", url)
    # The shared test district's officers have no office and work at both ports.
    monkeypatch.setenv("CLEARWAY_UNASSIGNED_OFFICERS_DISTRICT_WIDE", "true")
    monkeypatch.setenv("CLEARWAY_DG_CHECKS", json.dumps(CHECKS_OFF))  # plain battery lines
    monkeypatch.setenv("CLEARWAY_AUTO_ACCEPT", "false")  # officers route by hand below
    common.reset()
    platform = common.platform(url)  # built by bootstrap: the outbox hook is installed
    assert runner.invoke(main_app, ["db", "upgrade"]).exit_code == 0
    seeded = seed_district(platform)
    for username, role, enterprise in (
        ("exporter", Role.ENTERPRISE_USER, seeded.exporter_id),
        ("broker", Role.BROKER_USER, seeded.broker_id),
        ("inspector", Role.INSPECTION_OFFICER, None),
        ("liu", Role.LIAISON_OFFICER, None),
    ):
        with platform.uow() as uow:
            create_user(
                uow, username, "password-123", username, role, enterprise, ADMIN, platform.clock
            )
    yield seeded
    platform.engine.dispose()
    common.reset()


def test_escalation_job_and_coordinators_from_the_command_line(district: District) -> None:
    platform = common.platform()
    synced = runner.invoke(liaison_cli.app, ["sync-coordinators"])
    assert synced.exit_code == 0 and synced.output.startswith("1 coordinator(s) assigned")
    earlier = FixedClock(platform.clock.now() - timedelta(hours=3))
    with platform.uow() as uow:
        liaison.open_request(
            uow,
            RequestInput(category=RequestCategory.URGENT_CLEARANCE, subject="Loading", body="?"),
            district.exporter,
            earlier,
            liaison.terms_of(platform.settings),
        )
    first = runner.invoke(liaison_cli.app, ["escalate"])
    assert first.exit_code == 0 and first.output.startswith("1 overdue request(s) escalated")
    assert runner.invoke(liaison_cli.app, ["escalate"]).output.startswith("0 overdue")
    listed = runner.invoke(liaison_cli.app, ["list", "--as", "exporter"])
    assert json.loads(listed.output)["items"][0]["status"] == "escalated"
    refused = runner.invoke(
        liaison_cli.app, ["act", "1", "answer", "--as", "exporter", "--body", "x"]
    )
    assert refused.exit_code == 2 and refused.output.startswith(
        "error: enterprise users may not answer"
    )


def test_deliver_sends_the_outbox_and_bad_input_is_one_line(district: District) -> None:
    with WebhookReceiver() as receiver:
        made = runner.invoke(
            notifications_cli.app, ["subscribe", receiver.url(), "--as", "exporter"]
        )
        assert made.exit_code == 0, made.output
        receiver.secrets["/hook"] = made.output.strip().rsplit(" ", 1)[1]
        platform = common.platform()
        d = lodge(platform, district.exporter)
        act(platform, d.id, Command.SUBMIT, district.exporter)
        sent = runner.invoke(notifications_cli.app, ["deliver"])
        assert sent.exit_code == 0 and "delivered 1" in sent.output
        assert [r.problem for r in receiver.received] == [None]
    ftp = runner.invoke(
        notifications_cli.app, ["subscribe", "ftp://x.example/", "--as", "exporter"]
    )
    assert ftp.exit_code == 2 and "url: must use http or https" in ftp.output
    inbox = json.loads(runner.invoke(notifications_cli.app, ["inbox", "--as", "exporter"]).output)
    assert inbox["unread"] == 1


def test_arrivals_board_from_the_command_line(district: District, tmp_path: Path) -> None:
    today = common.platform().clock.now().date()  # the command line runs on the wall clock
    window = {"arrival_from": str(today), "arrival_to": str(today + timedelta(days=2))}
    plan = tmp_path / "plan.json"
    plan.write_text(plan_input(district.importer_id, **window).model_dump_json(), encoding="utf-8")
    filed = runner.invoke(brokerage_cli.app, ["plan", str(plan), "--as", "broker"])
    assert filed.exit_code == 0, filed.output
    unmandated = tmp_path / "other.json"
    unmandated.write_text(
        plan_input(district.exporter_id, **window).model_dump_json(), encoding="utf-8"
    )
    refused = runner.invoke(brokerage_cli.app, ["plan", str(unmandated), "--as", "broker"])
    assert refused.exit_code == 2 and "principal_id" in refused.output
    board = runner.invoke(brokerage_cli.app, ["arrivals", "--as", "inspector", "--json"])
    assert [row["kind"] for row in json.loads(board.output)] == ["plan"]
