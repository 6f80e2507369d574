"""`clearway inspection` on a fresh SQLite file: calendars, slots, bookings, appointments, plans,
records, the day's schedule and the orders job; a refusal is one line naming the field."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli import common
from clearway.cli.main import app
from clearway.declarations.model import Lane
from clearway.identity.model import Role
from clearway.identity.services import actor_of, create_user
from clearway.shared.clock import FixedClock
from tests.builders import ADMIN, NOW, District, seed_district
from tests.conftest import CHECKS_OFF
from tests.inspection_support import lodge

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
    platform = common.platform(url)  # built by bootstrap: the order listener is installed
    platform.clock = FixedClock(NOW)  # the commands run on the tests' Friday, not today
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    seeded = seed_district(platform)
    for username, role, enterprise in (
        ("exporter", Role.ENTERPRISE_USER, seeded.exporter_id),
        ("importer", Role.ENTERPRISE_USER, seeded.importer_id),
        ("inspector", Role.INSPECTION_OFFICER, None),
        ("risk", Role.RISK_OFFICER, None),
    ):
        with platform.uow() as uow:
            user = create_user(
                uow, username, "password-123", username, role, enterprise, ADMIN, platform.clock
            )
        setattr(seeded, f"_{username}", actor_of(user))
    yield seeded
    platform.engine.dispose()
    common.reset()


def _run(line: str) -> object:
    return runner.invoke(app, ["inspection", *shlex.split(line)])


def _ok(line: str) -> str:
    result = _run(line)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return str(result.output)  # type: ignore[attr-defined]


def _refused(line: str) -> str:
    result = _run(line)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    output = str(result.output)  # type: ignore[attr-defined]
    assert output.count("\n") == 1 and "Traceback" not in output
    return output


def test_inspection_desk_from_the_command_line(district: District) -> None:
    # NOW is Friday 20 November 2026, 10:00 in Beijing.
    for office in ("0291", "7909"):
        _ok(f"calendar set {office} '1-5 08:30-12:00,14:00-18:00'")
    _ok("calendar holiday 0291 2027-01-01 '元旦 New Year'")
    shown = json.loads(_ok("calendar show 0291"))
    assert shown["week"]["fri"] == ["08:30-12:00", "14:00-18:00"]
    refused = _refused("calendar set 0291 '1 12:00-09:00'")
    assert "hours.0.closes: must be after opens" in refused
    _ok("add-site ORD-BZW 0291 'Ordos bonded-zone warehouse' --kind bonded_zone_warehouse")
    _ok("add-site HRG-RY 7909 'Horgos rail yard'")
    opened = _ok(
        "open-slots ORD-BZW --from 2026-11-23 --to 2026-11-24 --start 09:00 --end 11:00 "
        "--capacity 1 --as inspector"
    )
    assert opened.startswith("4 slot(s) opened")
    _ok(
        "open-slots HRG-RY --from 2026-11-20 --to 2026-11-20 --start 14:00 --end 15:00 "
        "--as inspector"
    )
    free = json.loads(_ok("slots ORD-BZW --as exporter --from 2026-11-23"))
    assert [s["available"] for s in free] == [1, 1, 1, 1]
    platform = common.platform()
    exporter = district._exporter  # type: ignore[attr-defined]
    first = lodge(platform, exporter, Lane.GREEN).number
    second = lodge(platform, exporter, Lane.GREEN).number
    booked = json.loads(_ok(f"book {first} {free[0]['id']} --as exporter"))
    assert booked["declaration_number"] == first and booked["site_code"] == "ORD-BZW"
    assert "is full" in _refused(f"book {second} {free[0]['id']} --as exporter")
    moved = json.loads(_ok(f"reschedule {booked['id']} {free[1]['id']} --as exporter"))
    assert moved["slot"]["id"] == free[1]["id"]
    assert _ok(f"cancel {booked['id']} --as exporter").strip().endswith("cancelled")
    # Appointment clearance: Saturday morning, advanced certified, 22 hours ahead.
    shipment = "--office 0291 --tariff 8507600030 --shipment 'truck 蒙K12345' --as exporter"
    made = json.loads(
        _ok(
            "appointments request --start 2026-11-21T08:00+08:00 --end 2026-11-21T10:00+08:00 "
            + shipment
        )
    )
    assert made["status"] == "requested"
    inside = _refused(
        "appointments request --start 2026-11-23T10:00+08:00 --end 2026-11-23T11:00+08:00 "
        + shipment
    )
    assert "starts_at: the office works Mon 2026-11-23 08:30–12:00" in inside
    confirmed = _ok(f"appointments act {made['id']} confirm --as inspector")
    assert confirmed.strip() == f"appointment {made['id']} confirmed"
    # A red-lane import is booked by itself; the officer inspects it.
    red = lodge(platform, district.importer, Lane.RED, flow="import").number
    (order,) = json.loads(_ok("orders --as importer"))
    assert order["declaration_number"] == red and order["status"] == "scheduled"
    day = json.loads(_ok("schedule --as inspector --date 2026-11-20"))
    on_site = [
        b["declaration_number"] for s in day["sites"] for x in s["slots"] for b in x["bookings"]
    ]
    assert on_site == [red]
    assert day["appointments"] == []  # Saturday's is on the 21st
    assert "customs officers" in _refused("schedule --as importer")
    started = _ok(f"records start {red} physical_inspection --as inspector")
    record_id = started.split()[1].rstrip(":")
    done = _ok(
        f"records complete {record_id} nonconform --findings 'foreign inclusions in wagon 3' "
        f"--attach 'wagon-3.jpg|image/jpeg|1024|{'a' * 64}' --as inspector"
    )
    assert done.strip().endswith("physical_inspection nonconform")
    (seen,) = json.loads(_ok(f"records list --as importer --declaration {red}"))
    assert seen["result"] == "nonconform" and seen["attachments"][0]["file_name"] == "wagon-3.jpg"
    plan = json.loads(
        _ok(
            "plans file ORD-BZW --weekdays 2,4 --window 15:00-17:00 --lots 2 --from 2026-11-20 "
            "--to 2026-12-31 --as exporter"
        )
    )
    windows = json.loads(_ok(f"plans windows {plan['id']} --as exporter"))
    assert len(windows) == plan["windows"] == 12
    job = runner.invoke(app, ["jobs", "run", "inspection.orders"])
    assert job.exit_code == 0 and "0 still awaiting" in job.output
