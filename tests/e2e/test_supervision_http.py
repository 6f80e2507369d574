"""Supervision over HTTP: eligibility, two-step and centralized declaration, breaches, tenancy.

Enterprises at several credit levels: advanced certified (exporter), regular (importer) and a
dishonest importer added here; problem JSON names the rule of every refusal.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from clearway.bootstrap import Platform
from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Role
from clearway.shared.clock import FixedClock
from tests.builders import (
    HORGOS,
    NOW,
    ORDOS,
    declaration_body,
    ore_item,
    register_enterprise,
)
from tests.e2e.conftest import LiveApi
from tests.supervision_support import allowing_general_goods

V1 = "/api/v1"


@pytest.fixture()
def committed_platform(committed_platform: Platform) -> Platform:
    """A district that opens centralized declaration at Horgos to general goods (iron ore);
    Ordos keeps Decree 169's categories."""
    return allowing_general_goods(committed_platform)


def _rules(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return [(e["path"], e["rule"]) for e in response.json()["errors"]]


def _dishonest(live: LiveApi) -> str:
    """A dishonest importer with a user of its own; returns its token name."""
    platform = live.platform
    enterprise = register_enterprise(
        platform, 31, "伊犁远河商贸有限公司", [EnterpriseRole.TRADER], CreditLevel.DISHONEST
    )
    return live.sign_up("yuanhe", Role.ENTERPRISE_USER, enterprise)


def _guarantee(live: LiveApi, enterprise_id: int) -> str:
    with live.client("admin") as admin:
        filed = admin.post(
            f"{V1}/bonded/guarantees",
            json={
                "enterprise_id": enterprise_id,
                "office_code": HORGOS,
                "amount": "500000.00",
                "valid_from": "2026-01-01",
                "valid_to": "2027-12-31",
            },
        )
    assert filed.status_code == 201, filed.text
    return str(filed.json()["number"])


def _summary(guarantee: str | None, inspection_required: bool = True) -> dict[str, Any]:
    items = [ore_item(value="860000.00", kg="1000000")]
    return {
        "declaration": declaration_body("import", items=items),
        "taxable": True,
        "guarantee": guarantee,
        "inspection_required": inspection_required,  # iron ore lines carry condition A
    }


def _complete(number: str, value: str = "800000.00") -> dict[str, Any]:
    return {
        "summary": number,
        "items": [ore_item(value=value, kg="1000000")],
        "total_value": value,
        "net_weight": "1000000",
        "gross_weight": "1000000",
    }


def test_eligibility_answers_with_reasons_and_tenancy(live: LiveApi) -> None:
    d = live.district
    dishonest = _dishonest(live)
    with live.client("importer") as importer:
        mine = importer.get(f"{V1}/eligibility")
        assert mine.status_code == 200, mine.text
        decisions = {x["facility"]: x for x in mine.json()["decisions"]}
        assert mine.json()["credit_level"] == "regular"
        assert decisions["two_step"]["allowed"] and decisions["centralized"]["allowed"]
        assert not decisions["direct_pickup"]["allowed"]
        assert "credit level regular" in decisions["direct_pickup"]["reasons"][0]
        ore = importer.get(
            f"{V1}/eligibility",
            params={"facility": "first_release", "tariff_code": ["2601111000", "8507600030"]},
        )
        [decision] = ore.json()["decisions"]
        assert not decision["allowed"] and "8507600030" in decision["reasons"][0]
        assert (
            importer.get(f"{V1}/eligibility", params={"enterprise_id": d.exporter_id}).status_code
            == 404
        )
    with live.client(dishonest) as yuanhe:
        refused = yuanhe.get(f"{V1}/eligibility", params={"facility": "two_step"}).json()
        assert refused["decisions"][0]["allowed"] is False
    with live.client("risk") as risk:
        top = risk.get(
            f"{V1}/eligibility",
            params={
                "enterprise_id": d.exporter_id,
                "facility": "direct_pickup",
                "office_code": HORGOS,
            },
        )
        assert top.json()["decisions"][0] == {
            "facility": "direct_pickup",
            "allowed": True,
            "reasons": [],
        }
        assert _rules(risk.get(f"{V1}/eligibility")) == [("enterprise_id", "required")]


def test_two_step_end_to_end(live: LiveApi) -> None:
    d = live.district
    guarantee = _guarantee(live, d.importer_id)
    dishonest = _dishonest(live)
    dishonest_guarantee = _guarantee(live, live.actors[dishonest].enterprise_id or 0)
    with live.client(dishonest) as yuanhe:
        refused = yuanhe.post(f"{V1}/two-step/summaries", json=_summary(dishonest_guarantee))
        assert refused.status_code == 422
        assert _rules(refused) == [("declaration.trader_id", "eligibility.two_step")]
        assert yuanhe.get(f"{V1}/declarations").json()["total"] == 0
    with live.client("importer") as importer:
        understated = importer.post(
            f"{V1}/two-step/summaries", json=_summary(guarantee, inspection_required=False)
        )
        assert understated.status_code == 422
        assert _rules(understated) == [("inspection_required", "two_step.statutory_inspection")]
        assert importer.get(f"{V1}/declarations").json()["total"] == 0
        key = {"Idempotency-Key": "summary-1"}
        lodged = importer.post(f"{V1}/two-step/summaries", json=_summary(guarantee), headers=key)
        again = importer.post(f"{V1}/two-step/summaries", json=_summary(guarantee), headers=key)
        assert lodged.status_code == 201, lodged.text
        assert again.json() == lodged.json()
        summary = lodged.json()
        number = summary["number"]
        assert summary["reserved_amount"] == "111800.00" and summary["status"] == "open"
        assert len(importer.get(f"{V1}/two-step/summaries").json()) == 1
        early = importer.post(f"{V1}/two-step/summaries/{number}/pickup")
        assert _rules(early) == [("declaration", "two_step.not_accepted")]
    with live.client("risk") as risk:
        assert risk.post(f"{V1}/declarations/{number}/actions/accept").status_code == 200
        lane = {"lane": "green", "reason": "pre-arrival screening"}
        assert (
            risk.post(f"{V1}/declarations/{number}/actions/assign_lane", json=lane).status_code
            == 200
        )
    with live.client("broker") as broker:  # sees what it declared, not its principal's own
        assert broker.get(f"{V1}/two-step/summaries/{number}").status_code == 404
    with live.client("other_broker") as other:
        assert other.get(f"{V1}/two-step/summaries/{number}").status_code == 404
        assert other.get(f"{V1}/two-step/summaries").json() == []
    with live.client("importer") as importer:
        picked = importer.post(
            f"{V1}/two-step/summaries/{number}/pickup", json={"reason": "truck at gate"}
        )
        assert picked.status_code == 200, picked.text
        body = picked.json()
        assert body["declaration_status"] == "released"
        assert datetime.fromisoformat(body["complete_due_at"]) == NOW + timedelta(days=14)
        done = importer.post(f"{V1}/two-step/completes", json=_complete(number))
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "closed" and done.json()["restored_amount"] == "7800.00"
        closed = importer.post(f"{V1}/two-step/completes", json=_complete(number))
        assert _rules(closed) == [("summary", "two_step.closed")]
        unknown = importer.post(f"{V1}/two-step/completes", json=_complete("7909-2026-I-999999"))
        assert _rules(unknown) == [("summary", "two_step.unknown_summary")]
        shown = importer.get(f"{V1}/declarations/{number}").json()
        assert shown["status"] == "closed" and shown["facilitation_mode"] == "two_step"
    with live.client("exporter") as exporter:
        assert exporter.get(f"{V1}/two-step/summaries/{number}").status_code == 404


def test_overdue_complete_becomes_a_breach_an_officer_can_lift(live: LiveApi) -> None:
    from clearway.jobs.runner import run_jobs

    d = live.district
    guarantee = _guarantee(live, d.importer_id)
    with live.client("importer") as importer:
        number = importer.post(f"{V1}/two-step/summaries", json=_summary(guarantee)).json()[
            "number"
        ]
    with live.client("risk") as risk:
        risk.post(f"{V1}/declarations/{number}/actions/accept")
        risk.post(
            f"{V1}/declarations/{number}/actions/assign_lane",
            json={"lane": "green", "reason": "ok"},
        )
    with live.client("importer") as importer:
        assert importer.post(f"{V1}/two-step/summaries/{number}/pickup").status_code == 200
    clock = live.platform.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=14, seconds=1))
    [run] = run_jobs(live.platform, ["supervision.two_step_overdue"])
    assert run.outcome == "ok" and run.summary.startswith("1 overdue")
    with live.client("importer") as importer:
        assert importer.get(f"{V1}/two-step/summaries/{number}").json()["overdue"] is True
        [breach] = importer.get(f"{V1}/supervision/breaches").json()
        assert breach["reference"] == number and breach["kind"] == "two_step.complete_overdue"
        inbox = importer.get(f"{V1}/notifications/inbox").json()
        assert any(m["event_type"] == "supervision.breach_recorded" for m in inbox["items"])
        forbidden = importer.post(
            f"{V1}/supervision/breaches/{breach['id']}/lift", json={"reason": "x"}
        )
        assert forbidden.status_code == 403
    with live.client("exporter") as exporter:
        assert exporter.get(f"{V1}/supervision/breaches").json() == []
    with live.client("liaison") as liaison:
        lifted = liaison.post(
            f"{V1}/supervision/breaches/{breach['id']}/lift",
            json={"reason": "border closed by snow"},
        )
        assert lifted.status_code == 200 and lifted.json()["lifted_by"] == "liaison"


def test_centralized_end_to_end(live: LiveApi) -> None:
    d = live.district
    guarantee = _guarantee(live, d.importer_id)
    filing_body = {
        "flow": "import",
        "office_code": HORGOS,
        "port_code": "7909",
        "transport_mode": "rail",
        "trade_country": "KZ",
        "currency": "CNY",
        "goods_category": "general",
        "guarantee": guarantee,
    }
    with live.client("exporter") as exporter:  # Ordos: general goods are not Decree 169's
        ordos = {**filing_body, "flow": "export", "office_code": ORDOS, "port_code": "0291"}
        refused = exporter.post(f"{V1}/centralized/filings", json=ordos)
        assert refused.status_code == 422
        assert _rules(refused) == [("goods_category", "centralized.goods_category")]
        by_rail = {**ordos, "goods_category": "bonded_road", "regime": "bonded"}
        assert _rules(exporter.post(f"{V1}/centralized/filings", json=by_rail)) == [
            ("transport_mode", "centralized.bonded_road")
        ]
    with live.client("importer") as importer:
        filed = importer.post(f"{V1}/centralized/filings", json=filing_body)
        assert filed.status_code == 201, filed.text
        filing = filed.json()["number"]
        shipment = {
            "filing": filing,
            "entry_at": (NOW - timedelta(days=2)).isoformat(),
            "transport_means": "X9001",
            "total_value": "430000.00",
            "net_weight": "500000",
            "gross_weight": "500000",
            "items": [ore_item(value="430000.00", kg="500000")],
        }
        listed = importer.post(f"{V1}/centralized/lists", json=shipment)
        assert listed.status_code == 201, listed.text
        assert listed.json()["reserved_amount"] == "55900.00"
        late = {**shipment, "entry_at": (NOW - timedelta(days=15)).isoformat()}
        assert _rules(importer.post(f"{V1}/centralized/lists", json=late)) == [
            ("entry_at", "centralized.import_list_deadline")
        ]
        shown = importer.get(f"{V1}/centralized/filings/{filing}").json()
        assert shown["periods"][0]["period"] == "2026-11" and shown["periods"][0]["open_lists"] == 1
        assert shown["periods"][0]["due_at"].startswith("2026-12-10T16:00")
        made = importer.post(
            f"{V1}/centralized/consolidations", json={"filing": filing, "period": "2026-11"}
        )
        assert made.status_code == 201, made.text
        consolidated = made.json()
        assert consolidated["lists"] == [listed.json()["number"]]
        declaration = importer.get(f"{V1}/declarations/{consolidated['declaration']}").json()
        assert declaration["facilitation_mode"] == "centralized"
    with live.client("exporter") as exporter:
        assert exporter.get(f"{V1}/centralized/filings/{filing}").status_code == 404
        foreign = exporter.post(f"{V1}/centralized/lists", json=shipment)
        assert _rules(foreign) == [("filing", "centralized.unknown_filing")]
    with live.client("risk") as risk:
        number = consolidated["declaration"]
        risk.post(f"{V1}/declarations/{number}/actions/accept")
        risk.post(
            f"{V1}/declarations/{number}/actions/assign_lane",
            json={"lane": "yellow", "reason": "doc check"},
        )
        assessed = risk.post(f"{V1}/centralized/consolidations/{number}/assess")
        assert assessed.status_code == 200, assessed.text
        assert assessed.json()["status"] == "paid" and assessed.json()["duty_amount"] == "55900.00"


@pytest.mark.parametrize("who", ["importer", "risk"])
def test_unknown_facility_is_a_validation_problem(live: LiveApi, who: str) -> None:
    with live.client(who) as client:
        response = client.get(
            f"{V1}/eligibility", params={"facility": "teleport", "enterprise_id": 1}
        )
    assert response.status_code == 422


def test_a_list_outside_its_filings_goods_category_is_refused(live: LiveApi) -> None:
    from sqlalchemy import func, select

    from clearway.supervision.tables import centralized_lists

    guarantee = _guarantee(live, live.district.importer_id)
    with live.client("importer") as importer:
        filed = importer.post(
            f"{V1}/centralized/filings",
            json={
                "flow": "import",
                "office_code": HORGOS,
                "port_code": "7909",
                "transport_mode": "rail",
                "trade_country": "KZ",
                "currency": "CNY",
                "goods_category": "perishable",
                "guarantee": guarantee,
            },
        )
        assert filed.status_code == 201, filed.text
        refused = importer.post(
            f"{V1}/centralized/lists",
            json={
                "filing": filed.json()["number"],
                "entry_at": (NOW - timedelta(days=2)).isoformat(),
                "transport_means": "X9001",
                "total_value": "430000.00",
                "net_weight": "500000",
                "gross_weight": "500000",
                "items": [ore_item(value="430000.00", kg="500000")],
            },
        )
    assert refused.status_code == 422
    assert _rules(refused) == [("items[0].tariff_code", "centralized.goods_category_mismatch")]
    with live.platform.sessions() as s:
        assert s.scalar(select(func.count()).select_from(centralized_lists)) == 0
