"""Statements the busiest paths send, held to a recorded baseline on each database.

A path that grows past its count fails here. To change a baseline on purpose, run with
``CLEARWAY_RECORD_QUERY_COUNTS=1`` and commit ``tests/fixtures/query_counts.json`` with the
change that explains it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.identity.model import Role
from clearway.identity.services import create_user
from tests.builders import ADMIN, District, bearer, make_declaration, real_user, seed_district
from tests.conftest import rewired
from tests.e2e.web_support import token_of
from tests.statements import statements_sent

BASELINE = Path(__file__).parents[1] / "fixtures" / "query_counts.json"
RECORD = os.environ.get("CLEARWAY_RECORD_QUERY_COUNTS") == "1"
_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def counted(platform: Platform) -> Iterator[list[str]]:
    """The statements sent while the block runs, transaction control left out (listed when it
    ends)."""
    with statements_sent(platform.engine) as sent:
        work: list[str] = []
        yield work
    work.extend(s for s in sent if not s.lstrip().upper().startswith(_CONTROL))


def _held(backend: str, name: str, count: int) -> None:
    recorded: dict[str, dict[str, int]] = json.loads(BASELINE.read_text("utf-8"))
    if RECORD:
        recorded.setdefault(backend, {})[name] = count
        BASELINE.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", "utf-8")
        return
    allowed = recorded[backend][name]
    assert count <= allowed, f"{name} sends {count} statements on {backend}, baseline {allowed}"


def _backend(platform: Platform) -> str:
    return platform.engine.dialect.name


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed_district(platform)


def test_a_screened_submission(platform: Platform, district: District) -> None:
    wired = rewired(platform)  # checks, screening, automatic lane and every handler
    lodge = services.create
    with wired.uow() as uow:  # warm: the rule set and reference lookups read once
        lodge(uow, make_declaration(), district.exporter, wired.clock, 50, wired.submission)
    with counted(wired) as sent, wired.uow() as uow:
        lodge(uow, make_declaration(), district.exporter, wired.clock, 50, wired.submission)
    _held(_backend(platform), "submission_screened", len(sent))


def _reads(platform: Platform) -> Callable[[str], int]:
    headers = bearer(platform, real_user(platform, "risk", Role.RISK_OFFICER))
    client = TestClient(create_app(platform))

    def read(path: str) -> int:
        with counted(platform) as sent:
            answer = client.get(path, headers=headers)
        assert answer.status_code == 200, answer.text
        return len(sent)

    return read


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("declaration_detail", "/api/v1/declarations/{number}"),
        ("declaration_list", "/api/v1/declarations?limit=50"),
        ("release_time_summary", "/api/v1/statistics/release-time"),
    ],
)
def test_a_read(platform: Platform, district: District, name: str, path: str) -> None:
    wired = rewired(platform)
    with wired.uow() as uow:
        number = services.create(
            uow, make_declaration(), district.exporter, wired.clock, 50, wired.submission
        ).number
    read = _reads(wired)
    read(path.format(number=number))  # warm
    _held(_backend(platform), name, read(path.format(number=number)))


def test_the_portal_declaration_page(platform: Platform, district: District) -> None:
    """The page an officer opens most: the declaration loaded once, with its screening,
    facilitation panels and timeline."""
    wired = rewired(platform)
    with wired.uow() as uow:
        number = services.create(
            uow, make_declaration(), district.exporter, wired.clock, 50, wired.submission
        ).number
        create_user(
            uow, "risk1", "portal-pw-1", "Risk", Role.RISK_OFFICER, None, ADMIN, wired.clock
        )
    browser = TestClient(create_app(wired))
    page = browser.get("/sign-in")
    signed = browser.post(
        "/sign-in",
        data={"username": "risk1", "password": "portal-pw-1", "csrf_token": token_of(page.text)},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text

    def read() -> int:
        with counted(wired) as sent:
            answer = browser.get(f"/declarations/{number}")
        assert answer.status_code == 200, answer.text
        return len(sent)

    read()  # warm
    _held(_backend(platform), "portal_declaration_detail", read())
