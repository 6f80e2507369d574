"""The lithium battery export rebate ends on 2027-01-01 (docs/rules/battery_export_rebate.md).

Goods entering the bonded zone the day before still earn the 6 % refund; from that day the
refund record is written with nothing to refund and says why, through the use case and the API.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from clearway.api.app import create_app
from clearway.bonded import queries
from clearway.bonded.status import GateCommand
from clearway.bootstrap import Platform
from clearway.identity.model import Actor, Role
from clearway.identity.services import actor_of, create_user
from clearway.identity.tokens import issue_token
from clearway.shared.clock import FixedClock
from tests.bonded_builders import (
    DG_LOCATION,
    Zone,
    declare,
    drive,
    gate_pass,
    line,
    lodge,
    seed_zone,
    zone_battery,
)
from tests.builders import ADMIN

LAST_DAY, FIRST_DAY_WITHOUT = date(2026, 12, 31), date(2027, 1, 1)
EDGES = [
    pytest.param(LAST_DAY, Decimal(6), Decimal("186000.00"), id="day-before-the-end"),
    pytest.param(FIRST_DAY_WITHOUT, Decimal(0), Decimal("0.00"), id="day-the-rebate-ends"),
]


@pytest.fixture()
def zone(platform: Platform) -> Zone:
    return seed_zone(platform)


def _on(platform: Platform, day: date) -> None:
    assert isinstance(platform.clock, FixedClock)
    platform.clock.set(datetime(day.year, day.month, day.day, 2, tzinfo=UTC))


def _enter_zone(platform: Platform, zone: Zone, day: date) -> str:
    """Declare 3,100,000.00 CNY of storage batteries on `day` and bring them into the zone."""
    _on(platform, day)
    number = declare(
        platform,
        zone.maker,
        "export",
        [zone_battery("10", "3100000.00")],
        declaration_date=day.isoformat(),
    )
    vl = lodge(
        platform,
        zone.maker,
        kind="domestic_to_zone",
        book=zone.book,
        declaration=number,
        items=[line(quantity="10", location_code=DG_LOCATION, declaration_line_no=1)],
    )
    gp = gate_pass(platform, zone.maker, zone.book, "in", [(vl.number, 1, "10")])
    drive(platform, gp.number, GateCommand.GATE_IN)
    return vl.number


@pytest.mark.parametrize(("day", "rate", "amount"), EDGES)
def test_zone_entry_refund_at_the_edge_of_the_rebate_end(
    platform: Platform, zone: Zone, day: date, rate: Decimal, amount: Decimal
) -> None:
    _enter_zone(platform, zone, day)
    with platform.sessions() as s:
        refund = queries.refunds(s, zone.maker, 10, 0)[0]
        assert refund.rate_day == day and refund.amount == amount
        assert refund.lines[0].rebate_rate == rate
        if rate:
            assert refund.reason is None and refund.lines[0].reason is None
        else:
            assert refund.reason == refund.lines[0].reason
            assert refund.reason == (
                "no export tax rebate for 8507600030 on 2027-01-01: the tariff period in "
                "force from 2027-01-01 gives a rebate rate of 0 %"
            )


def _token(platform: Platform, username: str, role: Role, enterprise_id: int | None) -> str:
    with platform.uow() as uow:
        user = create_user(
            uow, username, "pw-" + "x" * 12, username, role, enterprise_id, ADMIN, platform.clock
        )
        actor: Actor = actor_of(user)
    return issue_token(actor, platform.settings.secret_key, 30, datetime.now(UTC))


@pytest.mark.parametrize(("day", "rate", "amount"), EDGES)
def test_the_api_answers_the_refund_with_its_reason(
    platform: Platform, zone: Zone, day: date, rate: Decimal, amount: Decimal
) -> None:
    token = _token(platform, "zone-maker", Role.ENTERPRISE_USER, zone.maker_id)
    number = _enter_zone(platform, zone, day)
    client = TestClient(create_app(platform))
    got = client.get(
        f"/api/v1/bonded/verification-lists/{number}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert got.status_code == 200, got.json()
    refund = got.json()["refund"]
    assert Decimal(refund["amount"]) == amount
    assert Decimal(refund["lines"][0]["rebate_rate"]) == rate
    if rate:
        assert refund["reason"] is None
    else:
        assert refund["reason"].startswith("no export tax rebate for 8507600030 on 2027-01-01")
        assert refund["lines"][0]["reason"] == refund["reason"]
