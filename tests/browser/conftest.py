"""Playwright on Debian's headless Chromium against a live portal on loopback.

One browser for the whole session; one live server per database backend, seeded with a small
district like the demo's (two traders, brokers, the starter risk rules, screening on submit)
and a user per role. The tests skip with a message when Playwright or Chromium is missing.
Screenshots go to ``CLEARWAY_TEST_ARTIFACTS`` (default ``var/test-artifacts``)/browser/.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy.engine import Engine

from clearway.api.app import create_app
from clearway.bootstrap import Platform, schema
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.identity.model import Actor
from clearway.identity.services import actor_of, create_user
from clearway.risk.transfer import default_ruleset, import_ruleset
from tests.builders import ADMIN, RISK, District, make_declaration, seed_district
from tests.conftest import platform_for
from tests.e2e.conftest import PASSWORD, USERS, _free_port

CHROMIUM = os.environ.get("CLEARWAY_TEST_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CLEARWAY_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module (never downloaded: Debian's own). Not per session:
    Playwright's sync API keeps an event loop running while it is open, and tests after the
    browser ones that call ``asyncio.run`` would fail under it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests skipped: the playwright package is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        launched.close()


@dataclass
class LivePortal:
    url: str
    platform: Platform
    district: District
    actors: dict[str, Actor]
    backend: str
    shots: list[Path] = field(default_factory=list)

    def lodged(self, who: str = "exporter", **overrides: Any) -> str:
        """A submitted (and so screened and routed) declaration, made through the services."""
        actor = self.actors[who]
        data = make_declaration(**overrides)
        with self.platform.uow() as uow:
            number = declarations.create(uow, data, actor, self.platform.clock, 50).number
        self.act(number, Command.SUBMIT, actor)
        return number

    def act(self, number: str, command: Command, actor: Actor, **action: Any) -> None:
        with self.platform.uow() as uow:
            declarations.act(
                uow,
                number,
                command,
                ActionInput(**action),
                actor,
                self.platform.clock,
                self.platform.submission,
            )

    def shot(self, page: Any, name: str) -> Path:
        folder = ARTIFACTS / "browser"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.backend}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.shots.append(path)
        return path


@pytest.fixture(scope="module")
def portal_server(engine: Engine, browser: Any) -> Iterator[LivePortal]:
    """A committed database with the district, the starter rules and a user per role."""
    platform = platform_for(engine, auto_accept=True)
    district = seed_district(platform)
    with platform.uow() as uow:
        import_ruleset(uow, default_ruleset(), ADMIN, platform.clock, True)
    actors: dict[str, Actor] = {}
    for username, role, attr in USERS:
        with platform.uow() as uow:
            user = create_user(
                uow,
                username,
                PASSWORD,
                f"{username.title()} 测试",
                role,
                getattr(district, attr) if attr else None,
                ADMIN,
                platform.clock,
            )
            actors[username] = actor_of(user, platform.settings.unassigned_officers_district_wide)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(platform), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    backend = engine.dialect.name
    live = LivePortal(f"http://127.0.0.1:{port}", platform, district, actors, backend)
    # Demo-like history: one declaration of the broker's principal already routed red.
    number = live.lodged("broker", flow="import", trader_id=district.importer_id)
    live.act(number, Command.REROUTE, RISK, lane=Lane.RED, reason="radiation screening")
    yield live
    server.should_exit = True
    thread.join(timeout=10)
    with engine.begin() as conn:
        for table in reversed(schema().sorted_tables):
            conn.execute(table.delete())


@pytest.fixture()
def page(browser: Any, portal_server: LivePortal) -> Iterator[Any]:
    """A fresh browser context (no cookies) at laptop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Any, portal: LivePortal, username: str) -> None:
    page.goto(portal.url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("nav[aria-label=Main]")
