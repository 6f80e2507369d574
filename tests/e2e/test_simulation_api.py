"""The simulator over HTTP: what-if runs, comparison, stored runs, refusals naming the field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.identity.model import Role
from clearway.simulation.tables import simulated_release_facts, simulation_runs
from tests.builders import bearer, real_user, seed_district
from tests.conftest import rewired

API = "/api/v1/simulation"


class Api:
    def __init__(self, client: TestClient, platform: Platform, exporter_id: int) -> None:
        self.client, self.platform = client, platform
        self.risk = bearer(platform, real_user(platform, "risk", Role.RISK_OFFICER))
        self.inspector = bearer(platform, real_user(platform, "inspector", Role.INSPECTION_OFFICER))
        self.trader = bearer(
            platform, real_user(platform, "trader", Role.ENTERPRISE_USER, exporter_id)
        )

    def post(self, who: dict[str, str], body: Any) -> Any:
        return self.client.post(f"{API}/runs", json=body, headers=who)

    def stored(self) -> tuple[int, int]:
        with self.platform.uow() as uow:
            runs = uow.session.scalar(select(func.count()).select_from(simulation_runs))
            facts = uow.session.scalar(select(func.count()).select_from(simulated_release_facts))
        return int(runs or 0), int(facts or 0)


@pytest.fixture()
def api(platform: Platform) -> Iterator[Api]:
    district = seed_district(platform)
    wired = rewired(platform, simulation_max_declarations=2000)
    with TestClient(create_app(wired)) as client:
        yield Api(client, wired, district.exporter_id)


def test_a_what_if_run_answers_the_study_and_a_stored_one_reads_back(api: Api) -> None:
    body = {"scenario": "horgos-2024", "parameters": {"days": 7, "measures.direct_pickup": False}}
    answer = api.post(api.inspector, body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["declarations_simulated"] == 84 and answer.json()["run_id"] is None
    assert api.stored() == (0, 0)
    kept = api.post(api.risk, {**body, "store": True})
    assert kept.status_code == 200, kept.text
    run_id = kept.json()["run_id"]
    figures = api.client.get(f"{API}/runs/{run_id}", headers=api.inspector).json()
    assert figures["release_time"]["count"] == kept.json()["release_time"]["count"]
    listed = api.client.get(f"{API}/runs", headers=api.inspector).json()
    assert [r["id"] for r in listed] == [run_id]


def test_compare_gives_the_ratios_and_the_measure_table(api: Api) -> None:
    answer = api.client.get(
        f"{API}/compare", params={"port": "ordos", "before": "baseline", "after": "2024"},
        headers=api.risk,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    out = answer.json()
    assert out["mean_release_time_ratio"] > 1
    assert [m["measure"] for m in out["measures"]] == [
        "bonded_warehousing", "tailored_inspection", "appointments",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "path", "rule"),
    [
        ({"scenario": "horgos-2019", "parameters": {"durations.lab.low": -3}},
         "durations.lab", "non_negative"),
        ({"scenario": "horgos-2019", "parameters": {"officers.lab.count": 0}},
         "officers.lab", "at_least_one"),
        ({"scenario": "horgos-2019", "parameters": {"measures.teleport": True}},
         "measures.teleport", "unknown_value"),
        ({"scenario": "horgos-2019", "parameters": {"days": 365}}, "days", "too_large"),
        ({"scenario": "atlantis-2019"}, "scenario", "unknown_scenario"),
        ({"scenario": "../etc/passwd"}, "scenario", "string_pattern_mismatch"),
    ],
)  # fmt: skip
def test_bad_input_answers_4xx_naming_the_field_and_stores_nothing(
    api: Api, body: dict[str, Any], path: str, rule: str
) -> None:
    answer = api.post(api.risk, {**body, "store": True})
    assert 400 <= answer.status_code < 500, answer.text
    problem = answer.json()
    found = [(e["path"], e.get("rule")) for e in problem.get("errors", [])]
    assert any(p.endswith(path) for p, _ in found), problem
    assert api.stored() == (0, 0)


def test_traders_may_not_run_it_and_inspectors_may_not_store(api: Api) -> None:
    assert api.post(api.trader, {"scenario": "ordos-2024"}).status_code == 403
    refused = api.post(api.inspector, {"scenario": "ordos-2024", "store": True})
    assert refused.status_code == 403
    assert api.stored() == (0, 0)
    assert api.client.get(f"{API}/runs/999999", headers=api.risk).status_code == 404
