"""A real HTTP server on loopback over a committed database, with a user per role."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.identity.model import Actor, Role
from clearway.identity.services import actor_of, create_user
from clearway.identity.tokens import issue_token
from tests.builders import ADMIN, District, seed_district

PASSWORD = "clearway-test-pw"


@dataclass
class LiveApi:
    url: str
    platform: Platform
    district: District
    tokens: dict[str, str]
    actors: dict[str, Actor]

    def client(self, who: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


USERS = (
    ("exporter", Role.ENTERPRISE_USER, "exporter_id"),
    ("importer", Role.ENTERPRISE_USER, "importer_id"),
    ("broker", Role.BROKER_USER, "broker_id"),
    ("other_broker", Role.BROKER_USER, "other_broker_id"),
    ("risk", Role.RISK_OFFICER, None),
    ("inspector", Role.INSPECTION_OFFICER, None),
    ("liaison", Role.LIAISON_OFFICER, None),
    ("admin", Role.ADMINISTRATOR, None),
)


@pytest.fixture()
def live(committed_platform: Platform) -> Iterator[LiveApi]:
    platform = committed_platform
    district = seed_district(platform)
    actors: dict[str, Actor] = {}
    for username, role, attr in USERS:
        with platform.uow() as uow:
            user = create_user(
                uow,
                username,
                PASSWORD,
                username.title(),
                role,
                getattr(district, attr) if attr else None,
                ADMIN,
                platform.clock,
            )
            actors[username] = actor_of(user)
    # Tokens must be valid in real time, whatever the platform's business clock says.
    now = __import__("datetime").datetime.now(__import__("datetime").UTC)
    tokens = {
        name: issue_token(a, platform.settings.secret_key, 30, now) for name, a in actors.items()
    }
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(platform), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield LiveApi(f"http://127.0.0.1:{port}", platform, district, tokens, actors)
    server.should_exit = True
    thread.join(timeout=10)
