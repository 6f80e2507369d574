"""Officers belong to offices: the administrator assigns them (API, CLI, portal), and from the
officer's next request its declarations and work queues are its office's only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform
from clearway.cli import common
from clearway.cli.main import app as cli_app
from clearway.identity.model import Role
from tests.builders import HORGOS, ORDOS, declaration_body
from tests.e2e.conftest import LiveApi, serve
from tests.e2e.web_support import Portal

V1 = "/api/v1"


def _lodged(live: LiveApi) -> tuple[str, str]:
    """An Ordos export and a Horgos import, both submitted."""
    with live.client("exporter") as exporter, live.client("broker") as broker:
        ordos = exporter.post(f"{V1}/declarations?submit=true", json=declaration_body()).json()
        horgos = broker.post(
            f"{V1}/declarations?submit=true",
            json=declaration_body(flow="import", trader_id=live.district.importer_id),
        ).json()
    return ordos["number"], horgos["number"]


def _listed(client: httpx.Client) -> set[str]:
    return {d["number"] for d in client.get(f"{V1}/declarations").json()["items"]}


def _office(live: LiveApi, username: str, office: str | None) -> httpx.Response:
    with live.client("admin") as admin:
        return admin.put(f"{V1}/users/{username}/office", json={"office_code": office})


def _audited(live: LiveApi) -> int:
    with live.platform.sessions() as db:
        stmt = select(func.count()).where(audit_events.c.action == "user.office_assigned")
        return int(db.execute(stmt).scalar_one())


def test_an_assigned_office_limits_the_officer_from_its_next_request(live: LiveApi) -> None:
    ordos, horgos = _lodged(live)
    with live.client("inspector") as inspector:
        assert {ordos, horgos} <= _listed(inspector)  # not yet assigned: the whole district
        assigned = _office(live, "inspector", HORGOS)
        assert assigned.status_code == 200 and assigned.json()["office_code"] == HORGOS
        assert horgos in _listed(inspector) and ordos not in _listed(inspector)
        assert inspector.get(f"{V1}/declarations/{ordos}").status_code == 404
        assert inspector.post(f"{V1}/declarations/{ordos}/actions/accept").status_code == 404
        assert inspector.post(f"{V1}/declarations/{horgos}/actions/accept").status_code == 200
        assert _office(live, "inspector", None).json()["office_code"] is None
        assert ordos in _listed(inspector)
    with live.client("risk") as risk:  # district-wide roles see both offices
        assert {ordos, horgos} <= _listed(risk)
    assert _audited(live) == 2


def test_offices_are_refused_to_the_wrong_users_with_the_rule(live: LiveApi) -> None:
    with live.client("inspector") as inspector:
        assert (
            inspector.put(f"{V1}/users/liaison/office", json={"office_code": ORDOS}).status_code
            == 403
        )
    for username, office, rule in (
        ("risk", ORDOS, "office_bound"),
        ("exporter", ORDOS, "office_bound"),
        ("inspector", "9999", "exists"),
    ):
        refused = _office(live, username, office)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["rule"] == rule
    for bad in ("07909", "ab\x00c", 7909):
        assert _office(live, "inspector", bad).status_code == 422  # type: ignore[arg-type]
    assert _office(live, "nobody", ORDOS).status_code == 404
    with live.client("admin") as admin:
        created = admin.post(
            f"{V1}/users",
            json={
                "username": "zhao",
                "password": "long-enough-pw",
                "full_name": "Zhao",
                "role": "liaison_officer",
                "office_code": ORDOS,
            },
        )
        assert created.status_code == 201 and created.json()["office_code"] == ORDOS
    assert _audited(live) == 0


def test_the_cli_assigns_and_withdraws_an_office(live: LiveApi) -> None:
    live.sign_up("ma", Role.INSPECTION_OFFICER)
    ordos, horgos = _lodged(live)
    runner = CliRunner()
    common._platform = live.platform
    try:
        done = runner.invoke(cli_app, ["users", "assign-office", "ma", ORDOS])
        assert done.exit_code == 0 and f"ma works at office {ORDOS}" in done.output
        with live.client("ma") as ma:
            assert ordos in _listed(ma) and horgos not in _listed(ma)
        wrong = runner.invoke(cli_app, ["users", "assign-office", "risk", ORDOS])
        assert wrong.exit_code == 2 and "works across the district" in wrong.output
        assert wrong.output.count("\n") == 1
        back = runner.invoke(cli_app, ["users", "assign-office", "ma"])
        assert back.exit_code == 0 and "(none)" in back.output
    finally:
        common.reset()
    assert _audited(live) == 2


def test_the_users_page_assigns_an_office(live: LiveApi) -> None:
    admin = Portal(live)
    assert admin.sign_in("admin").status_code == 303
    page = admin.get("/users")
    assert 'action="/users/inspector/office"' in page.text and "隶属海关" in page.text
    assert 'action="/users/risk/office"' not in page.text  # district-wide: no office to set
    done = admin.post("/users/inspector/office", {"office_code": HORGOS})
    assert done.status_code == 303 and done.headers["location"] == "/users?done=office"
    assert f'value="{HORGOS}" selected' in admin.get("/users").text
    refused = admin.post("/users/inspector/office", {"office_code": "12"})
    assert refused.status_code == 422 and "office_code" in refused.text
    admin.close()
    ordos, horgos = _lodged(live)
    with live.client("inspector") as inspector:
        assert horgos in _listed(inspector) and ordos not in _listed(inspector)


@pytest.fixture()
def strict(committed_platform: Platform) -> Iterator[LiveApi]:
    """The district on the default rule: an officer without an office sees no office's work."""
    settings = committed_platform.settings.model_copy(
        update={"unassigned_officers_district_wide": False}
    )
    yield from serve(replace(committed_platform, settings=settings))


def test_an_officer_without_an_office_sees_no_office_work_until_assigned(
    strict: LiveApi,
) -> None:
    ordos, horgos = _lodged(strict)
    strict.sign_up("wu", Role.INSPECTION_OFFICER)  # created without an office
    with strict.client("wu") as wu, strict.client("risk") as risk:
        me = wu.get(f"{V1}/auth/me").json()
        assert me["office_code"] is None and "no customs office is assigned" in me["office_notice"]
        assert _listed(wu) == set()
        assert wu.get(f"{V1}/declarations/{horgos}").status_code == 404
        assert wu.post(f"{V1}/declarations/{horgos}/actions/accept").status_code == 404
        assert risk.get(f"{V1}/auth/me").json()["office_notice"] is None  # district-wide
        assert {ordos, horgos} <= _listed(risk)
        assert _office(strict, "wu", HORGOS).status_code == 200
        assert wu.get(f"{V1}/auth/me").json()["office_notice"] is None
        assert horgos in _listed(wu) and ordos not in _listed(wu)
        assert wu.post(f"{V1}/declarations/{horgos}/actions/accept").status_code == 200
    portal = Portal(strict)
    assert portal.sign_in("inspector").status_code == 303
    assert 'id="awaiting-office"' in portal.get("/").text
    assert _office(strict, "inspector", ORDOS).status_code == 200
    assert 'id="awaiting-office"' not in portal.get("/").text
    portal.close()
