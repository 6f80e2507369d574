"""The bonded zone over HTTP: tenancy, refusals as problem JSON, the zone-entry refund."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.declarations.status import Command
from clearway.identity.model import Actor, Role
from tests.bonded_builders import (
    BATTERY,
    DG_LOCATION,
    OTHER_DG_LOCATION,
    PLAIN_LOCATION,
    Zone,
    declare,
    line,
    seed_zone,
    stock,
    zone_battery,
)
from tests.builders import TODAY, bearer, real_user

API = "/api/v1/bonded"
PROBLEM = "application/problem+json"
OFFICER = Actor(user_id=None, username="inspector", role=Role.INSPECTION_OFFICER)


@pytest.fixture()
def zone(platform: Platform) -> Zone:
    return seed_zone(platform)


@pytest.fixture()
def client(platform: Platform) -> TestClient:
    return TestClient(create_app(platform))


def _as(platform: Platform, actor: Actor) -> dict[str, str]:
    """Headers for the real user of the actor's name, role and enterprise."""
    return bearer(platform, real_user(platform, actor.username, actor.role, actor.enterprise_id))


def _post(
    client: TestClient,
    platform: Platform,
    actor: Actor,
    path: str,
    body: dict[str, Any] | None = None,
) -> Any:
    return client.post(API + path, json=body, headers=_as(platform, actor))


def _get(client: TestClient, platform: Platform, actor: Actor, path: str) -> Any:
    return client.get(API + path, headers=_as(platform, actor))


def test_zone_enterprises_see_only_their_own_books(
    client: TestClient, platform: Platform, zone: Zone
) -> None:
    mine = _get(client, platform, zone.maker, "/account-books")
    assert mine.status_code == 200 and [b["number"] for b in mine.json()] == [zone.book]
    assert mine.json()[0]["items"][0]["dg_un_number"] == "UN3480"
    assert len(_get(client, platform, OFFICER, "/account-books").json()) == 2
    theirs = _get(client, platform, zone.maker, f"/account-books/{zone.other_book}")
    assert theirs.status_code == 404 and theirs.headers["content-type"] == PROBLEM
    assert theirs.json()["type"].endswith("/not-found")
    assert (
        _get(client, platform, zone.maker, f"/account-books/{zone.book}/balances").status_code
        == 200
    )
    assert (
        _get(
            client, platform, zone.maker, f"/account-books/{zone.other_book}/movements"
        ).status_code
        == 404
    )
    assert client.get(API + "/account-books").status_code == 401


def test_domestic_goods_enter_through_the_gate_with_their_refund(
    client: TestClient, platform: Platform, zone: Zone
) -> None:
    number = declare(platform, zone.maker, "export", [zone_battery("10", "3100000.00")])
    lodged = _post(
        client,
        platform,
        zone.maker,
        "/verification-lists",
        {
            "kind": "domestic_to_zone",
            "book": zone.book,
            "declaration": number,
            "items": [line(quantity="10", location_code=DG_LOCATION, declaration_line_no=1)],
        },
    )
    assert lodged.status_code == 201, lodged.json()
    vl = lodged.json()
    assert vl["dg_mark"] is True and vl["direction"] == "in" and vl["declaration"] == number
    issued = _post(
        client,
        platform,
        zone.maker,
        "/gate-passes",
        {
            "book": zone.book,
            "direction": "in",
            "vehicle_plate": "蒙K12345",
            "items": [{"list_number": vl["number"], "line_no": 1, "quantity": "10"}],
        },
    )
    assert issued.status_code == 201
    gate = issued.json()["number"]
    assert _post(client, platform, zone.maker, f"/gate-passes/{gate}/gate_in").status_code == 403
    passed = _post(client, platform, OFFICER, f"/gate-passes/{gate}/gate_in")
    assert passed.status_code == 200 and passed.json()["goods_passed"] is True
    after = _get(client, platform, zone.maker, f"/verification-lists/{vl['number']}").json()
    assert after["status"] == "posted" and after["passage"] == "complete"
    assert after["refund"]["amount"] == "186000.00"  # 3,100,000.00 x 6 % rebate in force today
    book = _get(client, platform, zone.maker, f"/account-books/{zone.book}").json()
    assert book["items"][0]["balance"] == "10.0000"
    yesterday = _get(
        client, platform, zone.maker, f"/account-books/{zone.book}/balances?on=2026-11-19"
    ).json()
    assert [i["balance"] for i in yesterday["items"]] == ["0.0000", "0.0000"]
    history = _get(client, platform, zone.maker, f"/account-books/{zone.book}/movements").json()
    assert history["total"] == 1 and history["items"][0]["list_number"] == vl["number"]
    report = _get(client, platform, zone.maker, f"/reports/refunds?year={TODAY.year}").json()
    assert [(r["month"], r["refunds"]) for r in report] == [("2026-11", 1)]


def test_withdrawal_beyond_the_balance_is_409_with_the_available_quantity(
    client: TestClient, platform: Platform, zone: Zone
) -> None:
    stock(platform, zone, "50")
    refused = _post(
        client,
        platform,
        zone.maker,
        "/verification-lists",
        {
            "kind": "in_zone_transfer",
            "book": zone.book,
            "counterpart_book": zone.other_book,
            "items": [
                line(quantity="60", counterpart_item_no=BATTERY, location_code=OTHER_DG_LOCATION)
            ],
        },
    )
    assert refused.status_code == 409 and refused.headers["content-type"] == PROBLEM
    body = refused.json()
    assert body["type"].endswith("/conflict") and body["status"] == 409
    assert body["available"] == "50" and body["requested"] == "60" and body["unit"] == "pcs"
    assert "holds 50 pcs" in body["detail"]
    moved = _post(
        client,
        platform,
        zone.maker,
        "/verification-lists",
        {
            "kind": "in_zone_transfer",
            "book": zone.book,
            "counterpart_book": zone.other_book,
            "items": [
                line(quantity="50", counterpart_item_no=BATTERY, location_code=OTHER_DG_LOCATION)
            ],
        },
    )
    assert moved.status_code == 201 and moved.json()["status"] == "posted"


@pytest.mark.parametrize(
    ("change", "path", "rule"),
    [
        ({"unit": "kg"}, "items.0.unit", "unit_mismatch"),
        ({"quantity": "-3"}, "items.0.quantity", "positive"),
        ({"quantity": "three"}, "items.0.quantity", "decimal_parsing"),
        ({"location_code": PLAIN_LOCATION}, "items.0.location_code", "dg_location"),
    ],
)
def test_bad_lines_are_refused_with_their_paths(
    client: TestClient,
    platform: Platform,
    zone: Zone,
    change: dict[str, Any],
    path: str,
    rule: str,
) -> None:
    number = declare(
        platform, zone.maker, "import", [zone_battery("5")], duty_free=True, trade_country="DE"
    )
    item = {**line(quantity="5", location_code=DG_LOCATION, declaration_line_no=1), **change}
    refused = _post(
        client,
        platform,
        zone.maker,
        "/verification-lists",
        {"kind": "entry_record", "book": zone.book, "declaration": number, "items": [item]},
    )
    assert refused.status_code == 422 and refused.headers["content-type"] == PROBLEM
    assert (path, rule) in [(e["path"], e["rule"]) for e in refused.json()["errors"]]
    listed = _get(client, platform, zone.maker, f"/verification-lists?book={zone.book}").json()
    assert listed["total"] == 0


def test_gate_pass_for_an_unreleased_declaration_is_409(
    client: TestClient, platform: Platform, zone: Zone
) -> None:
    number = declare(
        platform,
        zone.maker,
        "import",
        [zone_battery("5")],
        until=Command.SUBMIT,
        trade_country="DE",
    )
    vl = _post(
        client,
        platform,
        zone.maker,
        "/verification-lists",
        {
            "kind": "entry_record",
            "book": zone.book,
            "declaration": number,
            "items": [line(quantity="5", location_code=DG_LOCATION, declaration_line_no=1)],
        },
    ).json()
    refused = _post(
        client,
        platform,
        zone.maker,
        "/gate-passes",
        {
            "book": zone.book,
            "direction": "in",
            "vehicle_plate": "蒙K1",
            "items": [{"list_number": vl["number"], "line_no": 1, "quantity": "5"}],
        },
    )
    assert refused.status_code == 409
    assert refused.json()["declaration_status"] == "submitted"
    assert refused.json()["declaration"] == number


def test_duty_and_vat_are_paid_through_the_declaration_lifecycle(
    client: TestClient, platform: Platform, zone: Zone
) -> None:
    importer = Actor(
        user_id=None,
        username="importer",
        role=Role.ENTERPRISE_USER,
        enterprise_id=zone.district.importer_id,
    )
    number = declare(
        platform,
        importer,
        "import",
        [zone_battery("1", "10000.00", origin_country="CN")],
        until=Command.ASSESS_DUTY,
        trade_country="CN",
        trader_id=zone.district.importer_id,
    )
    notice = _get(client, platform, importer, f"/tax/{number}").json()
    assert (notice["duty"], notice["vat"], notice["total"]) == ("1000.00", "1430.00", "2430.00")
    assert notice["payment"] is None
    assert _get(client, platform, zone.maker, f"/tax/{number}").status_code == 404
    paid = _post(client, platform, importer, f"/tax/{number}/payment")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    assert paid.json()["payment"]["method"] == "paid"
    again = _post(client, platform, importer, f"/tax/{number}/payment")
    assert again.status_code == 409
    months = _get(client, platform, OFFICER, f"/reports/tax?year={TODAY.year}").json()
    assert months == [
        {
            "month": "2026-11",
            "declarations": 1,
            "duty": "1000.00",
            "vat": "1430.00",
            "amount": "2430.00",
            "guaranteed_open": "0.00",
        }
    ]
