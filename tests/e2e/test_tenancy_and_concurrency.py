"""Tenancy matrix over HTTP, and races: 20 officers on one declaration, 1,000 creations."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from clearway.identity.model import Role
from tests.builders import HORGOS, ORDOS, declaration_body
from tests.e2e.conftest import LiveApi

SEES = {  # who sees the exporter's declaration (A) and the broker-lodged import (B)
    "exporter": (True, False),
    "importer": (False, True),
    "broker": (False, True),
    "other_broker": (False, False),
    "risk": (True, True),
    "inspector": (True, True),
    "liaison": (True, True),
    "admin": (True, True),
    # Officers of office-bound roles see their own office's declarations only:
    # A is lodged at Ordos (0291), B at Horgos (7909).
    "horgos_inspector": (False, True),
    "ordos_liaison": (True, False),
}
OFFICERS = {
    "horgos_inspector": (Role.INSPECTION_OFFICER, HORGOS),
    "ordos_liaison": (Role.LIAISON_OFFICER, ORDOS),
}
CUSTOMS = ("risk", "inspector", "liaison", "admin", *OFFICERS)
DOC = {"doc_type": "invoice", "number": "INV-1", "issuer": "Nordvolt", "issue_date": "2026-11-01"}


@pytest.fixture()
def pair(live: LiveApi) -> tuple[int, int]:
    with live.client("exporter") as exporter, live.client("broker") as broker:
        a = exporter.post("/api/v1/declarations", json=declaration_body()).json()["id"]
        b = broker.post(
            "/api/v1/declarations",
            json=declaration_body(flow="import", trader_id=live.district.importer_id),
        ).json()["id"]
    return a, b


@pytest.mark.parametrize("who", list(SEES))
def test_tenancy_matrix(live: LiveApi, pair: tuple[int, int], who: str) -> None:
    customs = who in CUSTOMS
    if who in OFFICERS:
        role, office = OFFICERS[who]
        live.sign_up(who, role, office_code=office)
    with live.client(who) as c:
        listed = {d["id"] for d in c.get("/api/v1/declarations").json()["items"]}
        for declaration_id, visible in zip(pair, SEES[who], strict=True):
            base = f"/api/v1/declarations/{declaration_id}"
            expected = 200 if visible else 404
            assert c.get(base).status_code == expected
            assert c.get(base + "/events").status_code == expected
            assert (declaration_id in listed) is visible
            amend = c.put(
                base,
                json=declaration_body()
                if declaration_id == pair[0]
                else declaration_body(flow="import", trader_id=live.district.importer_id),
            )
            if not visible:
                assert amend.status_code == 404
            elif who == "admin" or not customs:
                assert amend.status_code == 200, amend.text
            else:
                assert amend.status_code == 403
            doc = c.post(base + "/documents", json=DOC)
            assert doc.status_code == (201 if visible else 404)
            submit = c.post(base + "/actions/submit")
            assert submit.status_code == ((200 if not customs else 403) if visible else 404)
            accept = c.post(base + "/actions/accept")
            assert accept.status_code in (
                (404,) if not visible else (403,) if not customs or "liaison" in who else (200, 409)
            )
        enterprise = c.get(f"/api/v1/enterprises/{live.district.exporter_id}")
        assert enterprise.status_code == (200 if customs or who == "exporter" else 404)


def test_twenty_officers_race_one_winner(live: LiveApi) -> None:
    with live.client("exporter") as exporter:
        number = exporter.post("/api/v1/declarations", json=declaration_body()).json()["number"]
        exporter.post(f"/api/v1/declarations/{number}/actions/submit")

    def accept(_: int) -> int:
        with live.client("risk") as risk:
            return risk.post(f"/api/v1/declarations/{number}/actions/accept").status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(accept, range(20)))
    assert codes.count(200) == 1 and codes.count(409) == 19
    with live.client("risk") as risk:
        events = risk.get(f"/api/v1/declarations/{number}/events").json()
    assert [e["command"] for e in events] == ["submit", "accept"]


def test_thousand_concurrent_creations_no_gap_no_duplicate(live: LiveApi) -> None:
    body = declaration_body()

    def lodge(n: int) -> Any:
        with httpx.Client(
            base_url=live.url,
            timeout=120,
            headers={"Authorization": f"Bearer {live.tokens['exporter']}"},
        ) as c:
            response = c.post("/api/v1/declarations", json=body)
            return response.status_code, response.json().get("number")

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(lodge, range(1000)))
    assert {code for code, _ in results} == {201}
    sequences = sorted(int(number[-6:]) for _, number in results)
    assert sequences == list(range(1, 1001))
