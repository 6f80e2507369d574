"""Zone movements and the trade mode over HTTP: a domestic → zone entry released is not trade,
it is reported under its own heading; trade mode groups and filters; bad input answers 422."""

from __future__ import annotations

import pytest

from tests.builders import battery_item, declaration_body
from tests.e2e.conftest import LiveApi
from tests.e2e.test_statistics_api import RELEASE, _clear, _get


@pytest.fixture()
def zone_and_trade(live: LiveApi) -> LiveApi:
    day = live.platform.clock.now().date().isoformat()
    entry = battery_item(destination_country="CN")
    body = declaration_body(
        "export", [entry], declaration_date=day, supervision_mode="5100", trade_country="CN"
    )
    _clear(live, "exporter", body, RELEASE)
    _clear(live, "exporter", declaration_body("export", declaration_date=day), RELEASE)
    return live


def test_a_zone_entry_leaves_trade_and_has_its_own_heading(zone_and_trade: LiveApi) -> None:
    traded = _get(zone_and_trade, "risk", "/trade", group_by="trade_mode").json()
    assert traded["heading"] == "trade"
    assert [r["keys"]["trade_mode"] for r in traded["rows"]] == ["0110"]
    assert traded["rows"][0]["labels"]["trade_mode"] == "一般贸易 General trade"
    assert traded["total"]["declarations"] == 1
    assert traded["total"]["statistical_value_cny"] == traded["total"]["value_cny"] == "420000.00"
    cn = _get(zone_and_trade, "risk", "/trade", country="CN").json()
    assert cn["total"]["declarations"] == 0  # no export to China from the zone entry
    zone = _get(zone_and_trade, "risk", "/trade", heading="zone_movement", group_by="month")
    assert zone.status_code == 200, zone.text
    assert zone.json()["total"]["declarations"] == 1
    assert zone.json()["total"]["value_cny"] == "420000.00"
    only = _get(zone_and_trade, "exporter", "/trade", trade_mode="5100").json()
    assert only["total"]["declarations"] == 0  # the mode is under the zone heading, not trade


def test_bad_trade_mode_and_heading_answer_422(zone_and_trade: LiveApi) -> None:
    bad = _get(zone_and_trade, "risk", "/trade", trade_mode="51A0")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["path"] == "trade_mode"
    assert _get(zone_and_trade, "risk", "/trade", heading="elsewhere").status_code == 422
