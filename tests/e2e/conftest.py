"""A real HTTP server on loopback over a committed database, with a user per role."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from clearway.api.app import create_app
from clearway.benchmarks.server import served_in_thread
from clearway.bootstrap import Platform
from clearway.identity.model import Actor, Role
from tests.builders import PASSWORD, District, real_user, seed_district, token_for

__all__ = ["PASSWORD", "USERS", "LiveApi", "serve"]


@dataclass
class LiveApi:
    url: str
    platform: Platform
    district: District
    tokens: dict[str, str]
    actors: dict[str, Actor]

    def sign_up(
        self,
        username: str,
        role: Role,
        enterprise_id: int | None = None,
        office_code: str | None = None,
    ) -> str:
        """A further real user with a token, for ``client(username)``; returns the username."""
        self.actors[username] = real_user(self.platform, username, role, enterprise_id, office_code)
        self.tokens[username] = token_for(self.platform, self.actors[username])
        return username

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
    yield from serve(committed_platform)


def serve(platform: Platform) -> Iterator[LiveApi]:
    """The test district with a user per role, served over HTTP on ``platform``."""
    district = seed_district(platform)
    actors = {
        username: real_user(platform, username, role, getattr(district, attr) if attr else None)
        for username, role, attr in USERS
    }
    # Tokens must be valid in real time, whatever the platform's business clock says.
    tokens = {name: token_for(platform, actor) for name, actor in actors.items()}
    with served_in_thread(create_app(platform)) as url:
        yield LiveApi(url, platform, district, tokens, actors)
