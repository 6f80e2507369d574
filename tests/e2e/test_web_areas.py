"""Portal areas over HTTP: brokers' principals, documents, risk pages, worklist, inbox, books."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.identity.model import Role
from clearway.identity.services import create_user
from clearway.notifications.tables import inbox_messages
from tests.bonded_builders import seed_zone
from tests.builders import ADMIN, NOW, declaration_body
from tests.e2e.conftest import PASSWORD, LiveApi
from tests.e2e.web_support import Portal, form_of_body, token_of


@pytest.fixture()
def portal(live: LiveApi) -> Iterator[Portal]:
    p = Portal(live)
    yield p
    p.close()


def _signed_in(live: LiveApi, who: str) -> Portal:
    p = Portal(live)
    assert p.sign_in(who).status_code == 303
    return p


def _lodge(portal: Portal, submit: bool = False, **overrides: object) -> str:
    form = form_of_body(declaration_body(**overrides))
    if submit:
        form["intent"] = "submit"
    answer = portal.post("/declarations/new", form)
    assert answer.status_code == 303, answer.text
    return str(re.search(r"/declarations/([^?#]+)", answer.headers["location"]).group(1))


def test_broker_declares_only_for_principals_that_mandated_it(live: LiveApi) -> None:
    broker = _signed_in(live, "broker")
    form_page = broker.get("/declarations/new").text
    assert f'<option value="{live.district.importer_id}"' in form_page
    assert f'<option value="{live.district.exporter_id}"' not in form_page
    body = declaration_body(flow="import", trader_id=live.district.exporter_id)
    refused = broker.post("/declarations/new", form_of_body(body))
    assert refused.status_code == 422
    assert 'id="f-trader_id-error">enterprise' in refused.text
    assert "broker_authorisation" in refused.text
    body["trader_id"] = live.district.importer_id
    assert broker.post("/declarations/new", form_of_body(body)).status_code == 303
    assert "新疆天山钢铁贸易有限公司" in broker.get("/declarations").text
    broker.close()


def test_documents_are_attached_with_inline_errors(portal: Portal) -> None:
    portal.sign_in("exporter")
    number = _lodge(portal)
    doc = {
        "doc_type": "un38_3_test_summary",
        "number": "UN38.3-2026-0042",
        "issuer": "宁德测试中心",
        "issue_date": "2026-10-01",
        "valid_until": "2026-09-01",
    }
    refused = portal.post(f"/declarations/{number}/documents", doc)
    assert refused.status_code == 422
    assert 'id="doc_valid_until-error">is before issue_date' in refused.text
    assert 'value="UN38.3-2026-0042"' in refused.text
    doc["valid_until"] = "2027-10-01"
    assert portal.post(f"/declarations/{number}/documents", doc).status_code == 303
    page = portal.get(f"/declarations/{number}?done=document").text
    assert "Document attached." in page and "UN38.3-2026-0042" in page and "宁德测试中心" in page


def test_risk_officer_accepts_routes_and_edits_rules(live: LiveApi, portal: Portal) -> None:
    portal.sign_in("exporter")
    number = _lodge(portal, submit=True)
    risk = _signed_in(live, "risk")
    queue = risk.get("/risk/queue").text
    assert f'id="q-{number}"' in queue
    accepted = risk.post(
        f"/declarations/{number}/actions/accept", {"expected_version": "2", "back": "/risk/queue"}
    )
    assert accepted.status_code == 303
    assert accepted.headers["location"] == "/risk/queue?done=accept"
    assert "Done: accept." in risk.get(accepted.headers["location"]).text
    unreasoned = risk.post(
        f"/declarations/{number}/actions/assign_lane", {"expected_version": "3", "lane": "red"}
    )
    assert unreasoned.status_code == 422
    assert "assign_lane needs a reason" in unreasoned.text
    routed = risk.post(
        f"/declarations/{number}/actions/assign_lane",
        {"expected_version": "3", "lane": "red", "reason": "包装核查 packaging check"},
    )
    assert routed.status_code == 303
    detail = risk.get(f"/declarations/{number}").text
    assert 'class="lane lane-red"' in detail and "包装核查 packaging check" in detail

    rule = {
        "rule_code": "BATTERY-CHECK",
        "description": "Battery exports: document check",
        "criteria": "all:\n  - {field: item.tariff_code, op: prefix, value: '8507'}\n"
        "  - {field: item.colour, op: eq, value: red}\n",
        "effect.lane": "yellow",
    }
    refused = risk.post("/risk/rules/new", rule)
    assert refused.status_code == 422
    assert "criteria.all.1.field" in refused.text and "unknown_field" in refused.text
    broken = risk.post("/risk/rules/new", {**rule, "criteria": "all: [unclosed"})
    assert broken.status_code == 422 and "not valid YAML or JSON at line" in broken.text
    rule["criteria"] = '{"field": "item.tariff_code", "op": "prefix", "value": "8507"}'
    backtest = risk.post(
        "/risk/backtest",
        {**rule, "backtest_from": "2026-01-01", "backtest_to": "2026-12-31"},
    )
    assert backtest.status_code == 200 and 'id="backtest-summary"' in backtest.text
    assert "<html" not in backtest.text  # a fragment for htmx
    created = risk.post("/risk/rules/new", rule)
    assert created.status_code == 303
    page = risk.get(created.headers["location"]).text
    assert "Rule created as a draft" in page and "BATTERY-CHECK" in page
    stats = risk.get("/risk/stats?date_from=2026-01-01&date_to=not-a-date")
    assert stats.status_code == 200 and "Not a date, default used: date_to" in stats.text
    risk.close()


def test_inspector_worklist_refuses_a_stale_command(live: LiveApi, portal: Portal) -> None:
    portal.sign_in("exporter")
    number = _lodge(portal, submit=True)
    risk = _signed_in(live, "risk")
    risk.post(f"/declarations/{number}/actions/accept", {"expected_version": "2"})
    risk.post(
        f"/declarations/{number}/actions/assign_lane",
        {"expected_version": "3", "lane": "red", "reason": "physical check"},
    )
    inspector = _signed_in(live, "inspector")
    worklist = inspector.get("/worklist").text
    assert f'id="w-{number}"' in worklist and "Begin inspection" in worklist
    stale = inspector.post(
        f"/declarations/{number}/actions/begin_inspection", {"expected_version": "3"}
    )
    assert stale.status_code == 409
    assert "not 3: it changed meanwhile" in stale.text and "risk assessed" in stale.text
    done = inspector.post(
        f"/declarations/{number}/actions/begin_inspection",
        {"expected_version": "4", "back": "/worklist"},
    )
    assert done.headers["location"] == "/worklist?done=begin_inspection"
    assert "Done: begin inspection." in inspector.get(done.headers["location"]).text
    # A declarant cannot give an officer's command: 403 page, nothing changed.
    assert portal.post(f"/declarations/{number}/actions/release", {}).status_code == 403
    risk.close()
    inspector.close()


def test_inbox_lists_and_marks_read_only_ones_own(live: LiveApi, portal: Portal) -> None:
    with live.platform.engine.begin() as conn:
        ids = [
            conn.execute(
                insert(inbox_messages)
                .values(
                    enterprise_id=enterprise,
                    event_id=str(uuid.uuid4()),
                    event_type="declaration.status_changed",
                    title=title,
                    link="/api/v1/declarations/0291-2026-E-000001",
                    created_at=NOW,
                )
                .returning(inbox_messages.c.id)
            ).scalar_one()
            for enterprise, title in (
                (live.district.exporter_id, "申报已放行 released"),
                (live.district.importer_id, "Importer's own news"),
            )
        ]
    portal.sign_in("exporter")
    inbox = portal.get("/notifications").text
    assert "申报已放行 released" in inbox and "Importer's own news" not in inbox
    assert 'href="/declarations/0291-2026-E-000001"' in inbox
    assert 'aria-label="1 unread"' in inbox
    assert portal.post(f"/notifications/{ids[1]}/read", {}).status_code == 404
    assert portal.post(f"/notifications/{ids[0]}/read", {}).status_code == 303
    assert "No unread notifications." in portal.get("/notifications?unread=true").text


@pytest.fixture()
def zone_client(committed_platform: Platform) -> Iterator[tuple[TestClient, str, str]]:
    zone = seed_zone(committed_platform)
    for username, enterprise in (("maker", zone.maker_id), ("other-zone", zone.other_id)):
        with committed_platform.uow() as uow:
            create_user(
                uow,
                username,
                PASSWORD,
                username,
                Role.ENTERPRISE_USER,
                enterprise,
                ADMIN,
                committed_platform.clock,
            )
    with TestClient(create_app(committed_platform)) as client:
        yield client, zone.book, zone.other_book


def test_account_books_are_the_zone_enterprises_own(
    zone_client: tuple[TestClient, str, str],
) -> None:
    client, book, other_book = zone_client
    token = token_of(client.get("/sign-in").text)
    signed = client.post(
        "/sign-in",
        data={"username": "maker", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert signed.status_code == 303
    assert 'href="/bonded/books"' in client.get("/").text
    books = client.get("/bonded/books").text
    assert book in books and other_book not in books
    page = client.get(f"/bonded/books/{book}")
    assert page.status_code == 200 and "储能电池柜 Energy storage cabinet" in page.text
    assert "No movement has been posted" in page.text
    assert client.get(f"/bonded/books/{other_book}").status_code == 404
