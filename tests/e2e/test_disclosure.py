"""Traders see their lane plainly and only the commands they may give; customs see it all."""

from __future__ import annotations

from typing import Any

import httpx

from clearway.declarations.disclosure import plain_lane_reason
from tests.builders import declaration_body
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal

V1 = "/api/v1"
TARGETING = "R-DG-7 v3 undervalued cells [score 0.912 at percentile 0.975]"
SECRETS = ("R-DG-7", "score", "percentile")


def _act(client: httpx.Client, number: str, command: str, **body: Any) -> dict[str, Any]:
    answer = client.post(f"{V1}/declarations/{number}/actions/{command}", json=body or None)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _red(live: LiveApi) -> str:
    """An export the risk officer sent to the red lane with a targeting reason."""
    with live.client("exporter") as exporter:
        number = str(exporter.post(f"{V1}/declarations", json=declaration_body()).json()["number"])
        _act(exporter, number, "submit")
    with live.client("risk") as risk:
        _act(risk, number, "accept", reason="lodged")
        _act(risk, number, "assign_lane", lane="red", reason=TARGETING)
    return number


def test_traders_read_the_lane_and_a_plain_reason_only(live: LiveApi) -> None:
    number = _red(live)
    with live.client("exporter") as exporter:
        seen = exporter.get(f"{V1}/declarations/{number}").json()
        timeline = exporter.get(f"{V1}/declarations/{number}/events").json()
        inbox = exporter.get(f"{V1}/notifications/inbox?limit=50").json()
    assert seen["lane"] == "red"
    assert (
        seen["lane_reason"]
        == plain_lane_reason("red")
        == ("red lane: selected for a physical inspection of the goods")
    )
    for told in (
        [e["reason"] for e in seen["events"]],
        [e["reason"] for e in timeline],
        [m["body"] or "" for m in inbox["items"]],
    ):
        assert told and not any(secret in text for text in told for secret in SECRETS)
    assert plain_lane_reason("red") in [e["reason"] for e in timeline]
    with live.client("risk") as risk:
        officer = risk.get(f"{V1}/declarations/{number}").json()
    assert officer["lane_reason"] == TARGETING
    assert TARGETING in [e["reason"] for e in officer["events"]]

    trader, customs = Portal(live), Portal(live)
    assert trader.sign_in("exporter").status_code == 303
    assert customs.sign_in("risk").status_code == 303
    page = trader.get(f"/declarations/{number}").text
    assert plain_lane_reason("red") in page
    assert not any(secret in page for secret in SECRETS)
    assert TARGETING in customs.get(f"/declarations/{number}").text
    trader.close()
    customs.close()


def test_allowed_commands_are_only_those_the_caller_may_give(live: LiveApi) -> None:
    with live.client("exporter") as exporter:
        number = str(exporter.post(f"{V1}/declarations", json=declaration_body()).json()["number"])
        draft = exporter.get(f"{V1}/declarations/{number}").json()
        submitted = _act(exporter, number, "submit")
    assert set(draft["allowed_commands"]) == {
        "submit",
        "cancel",
        "record_manifest",
        "record_arrival",
    }
    assert "accept" not in submitted["allowed_commands"]
    assert set(submitted["allowed_commands"]) <= {"cancel", "record_manifest", "record_arrival"}
    with live.client("risk") as risk:
        officer = risk.get(f"{V1}/declarations/{number}").json()
    assert {"accept", "reject"} <= set(officer["allowed_commands"])
    assert "cancel" not in officer["allowed_commands"]  # administrators cancel
    with live.client("admin") as admin:
        assert "cancel" in admin.get(f"{V1}/declarations/{number}").json()["allowed_commands"]
    # What is offered is what is done: every command the exporter is offered succeeds.
    with live.client("exporter") as exporter:
        for command in submitted["allowed_commands"]:
            if command == "cancel":
                continue
            offered = exporter.post(f"{V1}/declarations/{number}/actions/{command}")
            assert offered.status_code != 403, command
