"""Iron ore and direct pickup end to end over HTTP, for importers at several credit levels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from clearway.enterprises.model import CreditLevel, EnterpriseRole
from clearway.identity.model import Role
from tests.builders import HORGOS, declaration_body, ore_item, register_enterprise
from tests.conftest import rewired
from tests.e2e.conftest import LiveApi

API = "/api/v1"


def importer(live: LiveApi, username: str, level: CreditLevel, n: int) -> int:
    """An importer at `level` with a signed-in user of its own."""
    enterprise_id = register_enterprise(
        live.platform, n, f"Ore importer {username}", [EnterpriseRole.TRADER], level
    )
    live.sign_up(username, Role.ENTERPRISE_USER, enterprise_id)
    return enterprise_id


@pytest.fixture()
def ore_live(live: LiveApi) -> LiveApi:
    """Screening stores results (and ore categories) at submission; officers route by hand."""
    wired = rewired(live.platform, auto_accept=False)
    live.platform.settings, live.platform.submission = wired.settings, wired.submission
    importer(live, "tianshan", CreditLevel.ADVANCED_CERTIFIED, 21)
    importer(live, "yuanhe", CreditLevel.DISHONEST, 22)
    return live


def body(mode: str, means: str = "X9101", **item: Any) -> dict[str, Any]:
    line = ore_item(**item)
    line["ore"] = {
        "grain_size_class": "<0.8mm",
        "fe_pct": "64.5",
        "moisture_pct": "9.5",
        "brand": "SSGPO concentrate",
    }
    return declaration_body(
        flow="import",
        items=[line],
        facilitation_mode=mode,
        transport_means=means,
        overseas_party="Steppe Iron Mining JSC",
    )


def lodge(live: LiveApi, who: str, data: dict[str, Any], lane: str = "green") -> str:
    with live.client(who) as client, live.client("risk") as risk:
        created = client.post(f"{API}/declarations", json=data)
        assert created.status_code == 201, created.text
        number = created.json()["number"]
        assert client.post(f"{API}/declarations/{number}/actions/submit").status_code == 200
        assert risk.post(f"{API}/declarations/{number}/actions/accept").status_code == 200
        routed = risk.post(
            f"{API}/declarations/{number}/actions/assign_lane",
            json={"lane": lane, "reason": "routed for the test"},
        )
        assert routed.status_code == 200, routed.text
    return number


def file_guarantee(live: LiveApi, who: str, amount: str = "2000000") -> None:
    enterprise_id = live.actors[who].enterprise_id
    with live.client("admin") as admin:
        filed = admin.post(
            f"{API}/bonded/guarantees",
            json={
                "enterprise_id": enterprise_id,
                "office_code": HORGOS,
                "amount": amount,
                "valid_from": "2026-01-01",
                "valid_to": "2027-12-31",
            },
        )
        assert filed.status_code == 201, filed.text


def onsite(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "location": "Horgos rail yard",
        "nuclide_bq_per_g": "0.3",
        "foreign_inclusions": False,
        "solid_waste": False,
        "document_mismatch": False,
        "measured_weight_kg": "5020000",
        "sampling_done": True,
        "samples": [{"sample_id": "HG-26-0001", "lab": "Horgos customs lab"}],
    }
    data.update(overrides)
    return data


def rules(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.headers["content-type"].startswith("application/problem+json")
    return [(e["path"], e["rule"]) for e in response.json()["errors"]]


def test_first_release_lab_failure_and_disposal_over_http(ore_live: LiveApi) -> None:
    live = ore_live
    file_guarantee(live, "tianshan")
    number = lodge(live, "tianshan", body("first_release"))
    with live.client("tianshan") as own:
        record = own.get(f"{API}/ore/declarations/{number}").json()
        assert record["classification"]["category"] == "A"
        assert record["classification"]["trigger"] == "screening"
        refused = own.post(f"{API}/ore/declarations/{number}/onsite-inspections", json=onsite())
        assert refused.status_code == 403
    with live.client("risk") as risk:
        screening = risk.get(f"{API}/risk/declarations/{number}/screening")
        assert screening.status_code == 200, screening.text
        assert screening.json()["instructions"] == record["classification"]["instructions"]
    with live.client("inspector") as inspector:
        bad = inspector.post(
            f"{API}/ore/declarations/{number}/onsite-inspections",
            json=onsite(nuclide_bq_per_g=None, sampling_done=True, samples=[]),
        )
        assert bad.status_code == 422
        assert rules(bad) == [
            ("nuclide_bq_per_g", "ore.radiation_reading"),
            ("samples", "required"),
        ]
        done = inspector.post(f"{API}/ore/declarations/{number}/onsite-inspections", json=onsite())
        assert done.status_code == 201, done.text
        result = done.json()
        assert result["inspection"]["release_decision"] == "released"
        assert result["declaration"]["status"] == "released"
        assert [s["sample_id"] for s in result["samples"]] == ["HG-26-0001"]
        unknown = inspector.post(
            f"{API}/ore/lab-results", json={"sample_id": "HG-26-9999", "fe_pct": "62"}
        )
        assert unknown.status_code == 422
        assert rules(unknown) == [("sample_id", "ore.unknown_sample")]
        failed = inspector.post(
            f"{API}/ore/lab-results",
            json={
                "sample_id": "HG-26-0001",
                "fe_pct": "62.8",
                "moisture_pct": "9.9",
                "as_pct": "0.3",
            },
        )
        assert failed.status_code == 201, failed.text
        outcome = failed.json()
        assert not outcome["result"]["conforming"]
        assert outcome["result"]["deviations"]["fe"]["points"] == "-1.70"
        case = outcome["disposal_case"]
        assert case["suggested_measure"] == "return" and case["status"] == "open"
        assert not case["overdue"]
        again = inspector.post(
            f"{API}/ore/lab-results", json={"sample_id": "HG-26-0001", "fe_pct": "62"}
        )
        assert again.status_code == 409
    with live.client("tianshan") as own, live.client("importer") as other:
        assert own.get(f"{API}/ore/disposal-cases").json()["total"] == 1
        assert other.get(f"{API}/ore/disposal-cases").json()["total"] == 0
        assert other.get(f"{API}/ore/disposal-cases/{case['id']}").status_code == 404
        assert other.get(f"{API}/ore/declarations/{number}").status_code == 404
        assert other.get(f"{API}/ore/samples/HG-26-0001").status_code == 404
        sample = own.get(f"{API}/ore/samples/HG-26-0001").json()
        assert sample["status"] == "nonconforming" and sample["result"]["as_pct"] == "0.3000"
        inbox = own.get(f"{API}/notifications/inbox").json()["items"]
        assert any(m["event_type"] == "ore.disposal_opened" for m in inbox)
    with live.client("inspector") as inspector:
        closed = inspector.post(
            f"{API}/ore/disposal-cases/{case['id']}/outcome",
            json={"measure": "return", "outcome": "returned to Kazakhstan by train X9120"},
        )
        assert closed.status_code == 200 and closed.json()["status"] == "closed"
        assert inspector.get(f"{API}/ore/limits").json()["radiation_bq_per_g"] == "1.0"


def test_goods_detained_on_site_and_the_category_of_a_dishonest_importer(
    ore_live: LiveApi,
) -> None:
    live = ore_live
    number = lodge(live, "yuanhe", body("standard", means="X9102"))
    with live.client("yuanhe") as own:
        assert (
            own.get(f"{API}/ore/declarations/{number}").json()["classification"]["category"] == "C"
        )
    with live.client("inspector") as inspector:
        unsampled = inspector.post(
            f"{API}/ore/declarations/{number}/onsite-inspections",
            json=onsite(sampling_done=False, samples=[]),
        )
        assert rules(unsampled) == [("sampling_done", "ore.sampling_required")]
        detained = inspector.post(
            f"{API}/ore/declarations/{number}/onsite-inspections",
            json=onsite(solid_waste=True, portal_usv_per_h="0.9", nuclide_bq_per_g=None),
        )
        assert detained.status_code == 201, detained.text
        result = detained.json()
        assert result["inspection"]["outcome"] == "detained"
        assert [f["code"] for f in result["inspection"]["findings"]] == [
            "radiation_alarm",
            "solid_waste",
        ]
        assert result["declaration"]["status"] == "suspended"
        classified = inspector.post(f"{API}/ore/declarations/{number}/classify")
        assert classified.status_code == 200 and classified.json()["category"] == "C"


def test_direct_pickup_on_a_train_arrival_over_http(ore_live: LiveApi) -> None:
    live = ore_live
    file_guarantee(live, "tianshan")
    released = lodge(live, "tianshan", body("direct_pickup", means="X8123"))
    with live.client("broker") as broker:  # the regular importer, through its broker
        asked = {**body("direct_pickup", means="X8123"), "trader_id": live.district.importer_id}
        ineligible = broker.post(f"{API}/declarations", json=asked)
        # Refused at lodgement, naming the measure and its rule; nothing is written.
        assert rules(ineligible) == [("facilitation_mode", "eligibility.direct_pickup")]
        assert "credit level regular may not use direct pickup" in ineligible.text
        created = broker.post(f"{API}/declarations", json={**asked, "facilitation_mode": None})
        assert created.status_code == 201, created.text
        refused = created.json()["number"]
        assert broker.post(f"{API}/declarations/{refused}/actions/submit").status_code == 200
    with live.client("risk") as risk:
        risk.post(f"{API}/declarations/{refused}/actions/accept")
        risk.post(
            f"{API}/declarations/{refused}/actions/assign_lane",
            json={"lane": "green", "reason": "low risk"},
        )
    live.platform.clock.advance(timedelta(hours=4))  # type: ignore[attr-defined]
    with live.client("tianshan") as own:
        assert (
            own.post(
                f"{API}/arrivals", json={"office_code": HORGOS, "transport_means": "X8123"}
            ).status_code
            == 403
        )
    with live.client("inspector") as inspector:
        nothing = inspector.post(
            f"{API}/arrivals", json={"office_code": HORGOS, "transport_means": "X0000"}
        )
        assert rules(nothing) == [("transport_means", "arrival.nothing_expected")]
        arrived = inspector.post(
            f"{API}/arrivals", json={"office_code": HORGOS, "transport_means": "X8123"}
        )
        assert arrived.status_code == 201, arrived.text
        lines = {line["declaration_number"]: line for line in arrived.json()["declarations"]}
        # Iron ore waits at the train for its on-site inspection, then it is released.
        assert lines[released]["outcome"] == "awaiting_onsite"
        assert lines[refused]["outcome"] == "arrival_recorded"
        done = inspector.post(
            f"{API}/ore/declarations/{released}/onsite-inspections",
            json=onsite(samples=[{"sample_id": "HG-26-0123", "lab": "Horgos customs lab"}]),
        )
        assert done.status_code == 201, done.text
        assert done.json()["inspection"]["release_decision"] == "released"
    with live.client("tianshan") as own, live.client("importer") as other:
        mine = own.get(f"{API}/arrivals").json()
        assert [[d["declaration_number"] for d in a["declarations"]] for a in mine] == [[released]]
        theirs = other.get(f"{API}/arrivals/{arrived.json()['id']}").json()
        assert [d["declaration_number"] for d in theirs["declarations"]] == [refused]
        timeline = own.get(f"{API}/declarations/{released}").json()
        assert timeline["status"] == "released"
        assert timeline["arrived_at"] is not None and timeline["released_at"] is not None


def test_provisional_price_then_final_price_with_its_notice_over_http(ore_live: LiveApi) -> None:
    live = ore_live
    file_guarantee(live, "tianshan")
    terms = {
        "pricing_basis": "Platts IODEX 62% Fe CFR North China",
        "quotational_period_start": "2026-11-01",
        "quotational_period_end": "2026-11-30",
        "provisional_unit_price": "780.00",
        "fe_basis_pct": "62.00",
        "moisture_basis_pct": "8.00",
    }
    with live.client("tianshan") as own:
        number = own.post(f"{API}/declarations", json=body("first_release")).json()["number"]
        price = f"{API}/ore/declarations/{number}/provisional-price"
        negative = own.put(price, json=terms | {"provisional_unit_price": "-1"})
        assert negative.status_code == 422
        assert [path for path, _ in rules(negative)] == ["provisional_unit_price"]
        assert own.get(price).status_code == 404  # nothing written
        stated = own.put(price, json=terms)
        assert stated.status_code == 200, stated.text
        assert stated.json()["final_due_on"] == "2026-12-30"
    with live.client("risk") as risk, live.client("tianshan") as own:
        assert own.post(f"{API}/declarations/{number}/actions/submit").status_code == 200
        assert risk.post(f"{API}/declarations/{number}/actions/accept").status_code == 200
        routed = risk.post(
            f"{API}/declarations/{number}/actions/assign_lane",
            json={"lane": "green", "reason": "routed for the test"},
        )
        assert routed.status_code == 200, routed.text
    final_price = f"{API}/ore/declarations/{number}/final-price"
    lines = {"lines": [{"line_no": 1, "price": "4400000.00"}]}
    with live.client("inspector") as inspector, live.client("tianshan") as own:
        done = inspector.post(f"{API}/ore/declarations/{number}/onsite-inspections", json=onsite())
        assert done.json()["declaration"]["status"] == "released", done.text
        early = own.post(final_price, json=lines)
        assert early.status_code == 422
        assert rules(early) == [
            ("lab_result", "ore.lab_result_required"),
            ("quotational_period_end", "ore.quotational_period_open"),
        ]
        lab = {"sample_id": "HG-26-0001", "fe_pct": "63.1", "moisture_pct": "8.6"}
        assert inspector.post(f"{API}/ore/lab-results", json=lab).status_code == 201
    live.platform.clock.advance(timedelta(days=11))  # type: ignore[attr-defined]
    with live.client("tianshan") as own, live.client("importer") as other:
        bad = own.post(final_price, json={"lines": [{"line_no": 1, "price": "-5"}]})
        assert bad.status_code == 422 and [p for p, _ in rules(bad)] == ["lines.0.price"]
        assert own.get(price).json()["status"] == "provisional"
        settled = own.post(final_price, json=lines)
        assert settled.status_code == 201, settled.text
        notice = settled.json()
        assert notice["settlement"] == "supplementary" and notice["late"] is False
        assert notice["vat_difference"] == "13000.00"  # 13 % VAT on 100,000 CNY more
        assert notice["notice_lines"][0]["final_vat"] == "572000.00"
        assert own.post(final_price, json=lines).status_code == 409
        inbox = own.get(f"{API}/notifications/inbox").json()["items"]
        assert any(m["event_type"] == "ore.final_price_notice" for m in inbox)
        assert other.get(price).status_code == 404
        plain = own.post(f"{API}/declarations", json=body("standard", means="X9109")).json()
        refused = own.post(f"{API}/ore/declarations/{plain['number']}/final-price", json=lines)
        assert rules(refused) == [("declaration", "ore.not_provisional")]


def _guarantee_number(live: LiveApi, who: str) -> str:
    with live.client("admin") as admin:
        filed = admin.post(
            f"{API}/bonded/guarantees",
            json={
                "enterprise_id": live.actors[who].enterprise_id,
                "office_code": HORGOS,
                "amount": "2000000",
                "valid_from": "2026-01-01",
                "valid_to": "2027-12-31",
            },
        )
        assert filed.status_code == 201, filed.text
        return str(filed.json()["number"])


def _stacked_summary(guarantee: str, measures: list[str], **header: Any) -> dict[str, Any]:
    declaration = {**body("standard", means="X8200"), **header}
    declaration.pop("facilitation_mode")
    declaration["facilitation_measures"] = measures
    return {
        "declaration": declaration,
        "taxable": True,
        "guarantee": guarantee,
        "inspection_required": True,  # iron ore lines carry condition A
    }


def test_a_two_step_summary_stacks_first_release_and_direct_pickup_over_http(
    ore_live: LiveApi,
) -> None:
    live = ore_live
    guarantee = _guarantee_number(live, "tianshan")
    with live.client("tianshan") as own:
        lodged = own.post(
            f"{API}/two-step/summaries",
            json=_stacked_summary(guarantee, ["first_release", "direct_pickup"]),
        )
        assert lodged.status_code == 201, lodged.text
        number = lodged.json()["number"]
        shown = own.get(f"{API}/declarations/{number}").json()
    assert shown["facilitation_measures"] == ["direct_pickup", "first_release", "two_step"]
    assert shown["facilitation_mode"] == "direct_pickup+first_release+two_step"


def test_a_measure_the_importer_may_not_use_is_refused_by_its_index_and_nothing_is_written(
    ore_live: LiveApi,
) -> None:
    live = ore_live
    guarantee = _guarantee_number(live, "importer")  # a regular importer
    with live.client("importer") as regular, live.client("admin") as admin:
        before = admin.get(f"{API}/declarations").json()["total"]
        refused = regular.post(
            f"{API}/two-step/summaries",
            json=_stacked_summary(guarantee, ["first_release", "direct_pickup"]),
        )
        assert refused.status_code == 422, refused.text
        assert rules(refused) == [
            ("declaration.facilitation_measures.1", "eligibility.direct_pickup")
        ]
        twice = regular.post(
            f"{API}/declarations",
            json={**body("standard"), "facilitation_measures": ["first_release", "first_release"]},
        )
        assert rules(twice) == [("facilitation_measures.1", "measures.duplicate")]
        own_procedure = regular.post(
            f"{API}/declarations",
            json={**body("standard"), "facilitation_measures": ["first_release", "two_step"]},
        )
        assert rules(own_procedure) == [("facilitation_measures.1", "own_procedure")]
        assert admin.get(f"{API}/declarations").json()["total"] == before
