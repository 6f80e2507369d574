"""Idempotency-Key claims a crashed server left in progress, through the real API, both databases.

A server killed after committing a lodgement but before storing its answer leaves the claim
in progress with the "work committed" mark its transaction wrote: the retry replays the
declaration (read again) and lodges nothing twice. A server killed before committing leaves
an unmarked claim: once it is older than ``CLEARWAY_IDEMPOTENCY_CLAIM_SECONDS`` it is released
and the retry lodges the declaration. Keys outlive their keeping only by
``CLEARWAY_IDEMPOTENCY_HOURS``.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Table, func, insert, select, update

from clearway.api.app import create_app
from clearway.api.idempotency import fingerprint
from clearway.api.tables import idempotency_keys
from clearway.bootstrap import Platform
from clearway.declarations.tables import declarations
from clearway.identity.model import Role
from clearway.shared.clock import FixedClock
from tests.builders import bearer, declaration_body, real_user, seed_district

API = "/api/v1/declarations"


def _trader(platform: Platform, key: str) -> tuple[TestClient, dict[str, str]]:
    seeded = seed_district(platform)
    actor = real_user(platform, "exporter", Role.ENTERPRISE_USER, seeded.exporter_id)
    return TestClient(create_app(platform)), bearer(platform, actor) | {"Idempotency-Key": key}


def _count(platform: Platform, table: Table = declarations) -> int:
    with platform.reader() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(table)))


def _crash_before_the_answer_was_stored(platform: Platform) -> None:
    with platform.uow() as uow:
        uow.session.execute(update(idempotency_keys).values(status_code=None, response_body=None))
        uow.commit()


def test_work_committed_before_a_crash_is_replayed_not_done_again(
    committed_platform: Platform,
) -> None:
    client, headers = _trader(committed_platform, "lodge-1")
    first = client.post(API, json=declaration_body(), headers=headers)
    assert first.status_code == 201, first.text
    with committed_platform.reader() as uow:
        (mark,) = uow.session.execute(
            select(idempotency_keys.c.committed_at, idempotency_keys.c.committed_location)
        ).all()
    assert mark.committed_at is not None
    assert mark.committed_location == f"{API}/{first.json()['id']}"
    _crash_before_the_answer_was_stored(committed_platform)
    # At once, without waiting for the claim timeout: the mark says the work is done.
    retry = client.post(API, json=declaration_body(), headers=headers)
    assert retry.status_code == 200, retry.text
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.headers["content-location"] == mark.committed_location
    assert retry.json()["number"] == first.json()["number"]
    clock = committed_platform.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(seconds=committed_platform.settings.idempotency_claim_seconds + 1))
    later = client.post(API, json=declaration_body(), headers=headers)
    assert later.status_code == 200 and later.json()["id"] == first.json()["id"]
    assert _count(committed_platform) == 1


def test_a_committed_claim_without_a_location_answers_done_and_lodges_nothing(
    committed_platform: Platform,
) -> None:
    client, headers = _trader(committed_platform, "lodge-2")
    assert client.post(API, json=declaration_body(), headers=headers).status_code == 201
    _crash_before_the_answer_was_stored(committed_platform)
    with committed_platform.uow() as uow:
        uow.session.execute(update(idempotency_keys).values(committed_location=None))
        uow.commit()
    retry = client.post(API, json=declaration_body(), headers=headers)
    assert retry.status_code == 202
    assert retry.json()["type"].endswith("/committed-answer-unavailable")
    assert _count(committed_platform) == 1


def test_a_claim_whose_work_never_committed_is_released_after_its_timeout(
    committed_platform: Platform,
) -> None:
    client, headers = _trader(committed_platform, "lodge-3")
    clock = committed_platform.clock
    assert isinstance(clock, FixedClock)
    body = declaration_body()
    # What a server killed before its work committed leaves: a claim, no mark, no declaration.
    request = client.build_request("POST", API, json=body, headers=headers)
    scope = {"method": "POST", "path": API, "query_string": b""}
    with committed_platform.uow() as uow:
        uow.session.execute(
            insert(idempotency_keys).values(
                principal="exporter",
                key="lodge-3",
                request_hash=fingerprint(scope, request.content),
                created_at=clock.now(),
            )
        )
        uow.commit()
    meanwhile = client.post(API, json=body, headers=headers)
    assert meanwhile.status_code == 409, meanwhile.text
    clock.advance(timedelta(seconds=committed_platform.settings.idempotency_claim_seconds + 1))
    retry = client.post(API, json=body, headers=headers)
    assert retry.status_code == 201, retry.text
    assert _count(committed_platform) == 1
    with committed_platform.reader() as uow:
        row = uow.session.execute(select(idempotency_keys)).one()
    assert (row.status_code, row.committed_at is not None) == (201, True)


def test_a_key_is_kept_for_the_hours_the_setting_names(committed_platform: Platform) -> None:
    client, headers = _trader(committed_platform, "lodge-4")
    clock = committed_platform.clock
    assert isinstance(clock, FixedClock)
    assert client.post(API, json=declaration_body(), headers=headers).status_code == 201
    hours = timedelta(hours=committed_platform.settings.idempotency_hours)
    clock.advance(hours - timedelta(minutes=1))
    kept = client.post(API, json=declaration_body(), headers=headers)
    assert kept.status_code == 201 and kept.headers["idempotent-replayed"] == "true"
    clock.advance(timedelta(minutes=2))
    again = client.post(API, json=declaration_body(), headers=headers)
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert _count(committed_platform) == 2
