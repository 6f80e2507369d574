"""The Idempotency-Key layer on its own, in front of a stand-in application, on both databases.

A retried request gets the first answer; one sent while the first is still running gets 409;
a server error releases the key, so a retry does the work again; an invalid key is refused;
a claim abandoned in progress is released after its timeout; old keys are swept by a job.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select, update
from starlette.types import Receive, Scope, Send

from clearway.api.idempotency import IdempotencyLayer
from clearway.api.limits import RequestGuard
from clearway.api.tables import idempotency_keys
from clearway.bootstrap import Platform
from clearway.identity.model import Role
from clearway.jobs.runner import run_jobs
from clearway.shared.clock import FixedClock
from tests.builders import real_user, token_for


class StandIn:
    """Answers each POST with the next status it is given, counting the calls it served."""

    def __init__(self) -> None:
        self.statuses = [201]
        self.calls = 0
        self.hold: asyncio.Event | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        self.calls += 1
        call = self.calls
        if self.hold is not None:
            await self.hold.wait()
        status = self.statuses[min(call, len(self.statuses)) - 1]
        body = json.dumps({"call": call}).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


CLAIM_TIMEOUT = timedelta(minutes=5)


def _client(platform: Platform, app: StandIn, key: str = "k-1") -> httpx.AsyncClient:
    secret = platform.settings.secret_key
    layer = IdempotencyLayer(
        app, lambda: platform.sessions, secret, platform.clock, CLAIM_TIMEOUT, timedelta(hours=24)
    )
    token = token_for(platform, real_user(platform, "clerk", Role.RISK_OFFICER))
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=RequestGuard(layer, 1_000_000)),
        base_url="http://clearway.test",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )


def _post(client: httpx.AsyncClient, body: dict[str, Any] | None = None, query: str = "") -> Any:
    return client.post("/api/v1/declarations" + query, json=body or {"goods": "cells"})


def _send_in_turn(
    platform: Platform, app: StandIn, *bodies: dict[str, Any] | None
) -> list[httpx.Response]:
    """The same key sent with each body, one request after the other."""

    async def run() -> list[httpx.Response]:
        async with _client(platform, app) as client:
            return [await _post(client, body) for body in bodies]

    return asyncio.run(run())


def test_a_retry_gets_the_first_answer_and_another_body_is_refused(
    committed_platform: Platform,
) -> None:
    app = StandIn()
    first, retry, other = _send_in_turn(committed_platform, app, None, None, {"goods": "x"})
    assert (first.status_code, first.json()) == (201, {"call": 1})
    assert (retry.status_code, retry.json()) == (201, {"call": 1})
    assert retry.headers["idempotent-replayed"] == "true"
    assert other.status_code == 422 and other.json()["type"].endswith("idempotency-key-reused")
    assert app.calls == 1


def test_a_request_sent_while_the_first_runs_is_told_to_wait(
    committed_platform: Platform,
) -> None:
    app = StandIn()
    app.hold = asyncio.Event()

    async def run() -> tuple[httpx.Response, httpx.Response]:
        async with _client(committed_platform, app) as client:
            first = asyncio.create_task(_post(client))
            while app.calls == 0:  # the first holds the key and is working
                await asyncio.sleep(0.01)
            second = await _post(client)
            assert app.hold is not None
            app.hold.set()
            return await first, second

    first, second = asyncio.run(run())
    assert first.status_code == 201
    assert second.status_code == 409 and second.json()["type"].endswith("idempotency-in-progress")
    assert app.calls == 1


def test_a_server_error_releases_the_key_so_a_retry_works_again(
    committed_platform: Platform,
) -> None:
    app = StandIn()
    app.statuses = [503, 201]
    failed, retried = _send_in_turn(committed_platform, app, None, None)
    assert failed.status_code == 503
    assert (retried.status_code, retried.json()) == (201, {"call": 2})
    assert "idempotent-replayed" not in retried.headers


def test_an_empty_or_overlong_key_is_refused_and_nothing_is_done(
    committed_platform: Platform,
) -> None:
    app = StandIn()

    async def run() -> list[httpx.Response]:
        answers = []
        for key in ("", "   ", "k" * 201):
            async with _client(committed_platform, app, key) as client:
                answers.append(await _post(client))
        return answers

    for answer in asyncio.run(run()):
        assert answer.status_code == 400
        problem = answer.json()
        assert problem["type"].endswith("idempotency-key-invalid")
        assert problem["errors"][0]["path"] == "header.Idempotency-Key"
    assert app.calls == 0


def test_the_query_string_is_part_of_the_request(committed_platform: Platform) -> None:
    app = StandIn()

    async def run() -> tuple[httpx.Response, httpx.Response]:
        async with _client(committed_platform, app) as client:
            return await _post(client), await _post(client, query="?submit=true")

    draft, submitted = asyncio.run(run())
    assert draft.status_code == 201
    assert submitted.status_code == 422
    assert submitted.json()["type"].endswith("idempotency-key-reused")
    assert app.calls == 1


def test_a_claim_abandoned_in_progress_is_released_after_its_timeout(
    committed_platform: Platform,
) -> None:
    clock = committed_platform.clock
    assert isinstance(clock, FixedClock)
    app = StandIn()

    async def run() -> list[httpx.Response]:
        async with _client(committed_platform, app) as client:
            first = await _post(client)
            # As if the server stopped after claiming the key and before storing the answer.
            with committed_platform.uow() as uow:
                uow.session.execute(
                    update(idempotency_keys).values(status_code=None, response_body=None)
                )
                uow.commit()
            meanwhile = await _post(client)
            clock.advance(CLAIM_TIMEOUT + timedelta(seconds=1))
            return [first, meanwhile, await _post(client)]

    first, meanwhile, later = asyncio.run(run())
    assert first.status_code == 201
    assert meanwhile.status_code == 409
    assert (later.status_code, later.json()) == (201, {"call": 2})


def test_the_sweep_job_deletes_keys_older_than_the_setting(committed_platform: Platform) -> None:
    clock = committed_platform.clock
    assert isinstance(clock, FixedClock)
    _send_in_turn(committed_platform, StandIn(), None)
    hours = committed_platform.settings.idempotency_hours

    def kept() -> int:
        with committed_platform.reader() as uow:
            return int(uow.session.scalar(select(func.count()).select_from(idempotency_keys)))

    clock.advance(timedelta(hours=hours) - timedelta(minutes=1))
    (young,) = run_jobs(committed_platform, ["idempotency.sweep"])
    assert young.outcome == "ok" and kept() == 1
    clock.advance(timedelta(minutes=2))
    (old,) = run_jobs(committed_platform, ["idempotency.sweep"])
    assert old.summary.startswith("1 idempotency key(s)") and kept() == 0
