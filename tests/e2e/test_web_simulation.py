"""The what-if page and the release-time page with a stored simulation run beside the real."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from clearway.simulation.tables import simulation_runs
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal


def _portal(live: LiveApi, who: str) -> Iterator[Portal]:
    p = Portal(live)
    assert p.sign_in(who).status_code == 303
    yield p
    p.close()


@pytest.fixture()
def risk(live: LiveApi) -> Iterator[Portal]:
    yield from _portal(live, "risk")


def _runs(live: LiveApi) -> int:
    with live.platform.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(simulation_runs)) or 0)


def test_a_what_if_run_shows_its_study_and_a_kept_run_sits_beside_the_real_figures(
    live: LiveApi, risk: Portal
) -> None:
    page = risk.get("/simulation")
    assert (
        page.status_code == 200
        and "horgos-2019" in page.text
        and "No run has been stored" in page.text
    )
    form = {"scenario": "horgos-2024", "days": "7", "measure.direct_pickup": "off"}
    fragment = risk.http.post(
        "/simulation/run", data={**form, "csrf_token": risk.csrf}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200, fragment.text
    assert 'id="simulated-count">84<' in fragment.text and "<html" not in fragment.text
    assert _runs(live) == 0
    kept = risk.post("/simulation/run", {**form, "store": "yes"})
    assert kept.status_code == 200 and "Stored as run" in kept.text
    assert _runs(live) == 1
    with live.platform.uow() as uow:
        run_id = uow.session.scalar(select(simulation_runs.c.id))
    study = risk.get(f"/statistics/release-time?simulated={run_id}")
    assert study.status_code == 200 and "/statistics/release-time/simulated?" in study.text
    panel = risk.get(
        f"/statistics/release-time/simulated?simulated={run_id}", headers={"HX-Request": "true"}
    )
    assert panel.status_code == 200 and 'id="simulated-table"' in panel.text
    assert "horgos-2024" in panel.text


def test_a_refused_parameter_names_the_file_path_and_rule_and_keeps_nothing(
    live: LiveApi, risk: Portal
) -> None:
    answer = risk.post(
        "/simulation/run", {"scenario": "horgos-2019", "inspection_officers": "0", "store": "yes"}
    )
    assert answer.status_code == 422
    assert "horgos-2019.yaml" in answer.text and "officers.inspection" in answer.text
    assert "at_least_one" in answer.text
    too_long = risk.post("/simulation/run", {"scenario": "horgos-2019", "days": "401"})
    assert too_long.status_code == 422 and "less_than_equal" in too_long.text
    assert _runs(live) == 0
    bad_run = risk.get("/statistics/release-time?simulated=abc")
    assert bad_run.status_code == 422


def test_traders_have_no_simulator_and_a_write_without_token_is_refused(live: LiveApi) -> None:
    for p in _portal(live, "exporter"):
        assert p.get("/simulation").status_code == 403
        assert "/simulation" not in p.get("/").text
    for p in _portal(live, "inspector"):
        assert (
            p.post("/simulation/run", {"scenario": "ordos-2024"}, csrf="forged").status_code == 403
        )
        refused = p.post("/simulation/run", {"scenario": "ordos-2024", "days": "3", "store": "yes"})
        assert refused.status_code == 403
    assert _runs(live) == 0
