"""The write path on SQLite and PostgreSQL: one way to lodge, events handed to their handlers
by the unit of work before it commits, rolled back with it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from clearway.bootstrap import Platform
from clearway.declarations import numbering, services
from clearway.declarations.bulk import lodge_batch
from clearway.declarations.commands import ActionInput
from clearway.declarations.events import DeclarationMoved
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command, Status
from clearway.declarations.tables import declaration_items, declarations
from clearway.notifications.tables import outbox_events
from clearway.persistence.rows import reserve_ids
from tests.builders import (
    RISK,
    District,
    every_block_declaration,
    lodge_routed,
    make_declaration,
    seed_district,
)


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed_district(platform)


def _columns(obj: object) -> dict[str, Any]:
    return {a.key: getattr(obj, a.key) for a in inspect(obj).mapper.column_attrs}


def _whole(d: Declaration) -> dict[str, Any]:
    return {
        "header": _columns(d),
        "items": [_columns(i) for i in d.items],
        "documents": [_columns(x) for x in d.documents],
        "events": [_columns(e) for e in d.events],
    }


@pytest.mark.parametrize("submit", [False, True])
def test_the_lodged_declaration_is_what_loading_it_back_gives(
    platform: Platform, district: District, submit: bool
) -> None:
    data = every_block_declaration()
    how = platform.submission if submit else None
    with platform.uow() as uow:
        lodged = services.create(uow, data, district.exporter, platform.clock, 50, how)
        kept = _whole(lodged)
        assert not uow.session.dirty and not uow.session.new  # nothing left to flush
    with platform.sessions() as s:
        loaded = _whole(get_visible(s, district.exporter, lodged.number))
    assert kept == loaded
    assert loaded["header"]["status"] is (Status.SUBMITTED if submit else Status.DRAFT)
    assert [e["milestone"] for e in loaded["events"]] == (["E2"] if submit else [])


def test_moves_after_the_lodgement_flush_as_an_update_under_the_version(
    platform: Platform, district: District
) -> None:
    lodged = lodge_routed(platform, district.exporter)
    with platform.sessions() as s:
        stored = get_visible(s, district.exporter, lodged.number)
        assert stored.version == 2 and stored.lane is Lane.GREEN
        assert [e.seq for e in stored.events] == [1, 2, 3]
        assert stored.status is Status.RISK_ASSESSED


def test_handlers_hear_every_move_once_however_it_was_written(
    platform: Platform, district: District
) -> None:
    heard: list[tuple[int, int, str]] = []

    def handler(session: Session, events: Sequence[DeclarationMoved]) -> None:
        heard.extend((e.declaration_id, e.line.seq, e.line.command) for e in events)

    listening = replace(platform, handlers=(*platform.handlers, (DeclarationMoved, handler)))
    submission = listening.submission
    with listening.uow() as uow:
        numbers = lodge_batch(
            uow, [make_declaration()] * 3, district.exporter, listening.clock, 50, submission
        )
    with listening.uow() as uow:
        single = services.create(
            uow, make_declaration(), district.exporter, listening.clock, 50, submission
        )
    with listening.uow() as uow:  # a move of a loaded declaration
        services.act(
            uow,
            single.id,
            Command.ACCEPT,
            ActionInput(),
            RISK,
            listening.clock,
            listening.submission,
        )
    with listening.uow() as uow:  # drafts have no timeline yet: nothing to tell
        lodge_batch(uow, [make_declaration()], district.exporter, listening.clock, 50)
    with platform.sessions() as s:
        ids = [get_visible(s, district.exporter, n).id for n in numbers]
    assert heard == [
        *[(i, 1, "submit") for i in ids],
        (single.id, 1, "submit"),
        (single.id, 2, "accept"),
    ]


def test_a_failing_handler_rolls_the_whole_change_back(
    platform: Platform, district: District
) -> None:
    def broken(session: Session, events: Sequence[DeclarationMoved]) -> None:
        raise RuntimeError("handler down")

    # After the outbox handler has written its rows: they must go too.
    failing = replace(platform, handlers=(*platform.handlers, (DeclarationMoved, broken)))
    before = _counts(platform)
    with failing.uow() as uow, pytest.raises(RuntimeError):
        services.create(
            uow, make_declaration(), district.exporter, failing.clock, 50, failing.submission
        )
    assert _counts(platform) == before


def _counts(platform: Platform) -> tuple[int, int]:
    with platform.sessions() as s:
        lodged = s.execute(select(func.count()).select_from(declarations)).scalar_one()
        told = s.execute(select(func.count()).select_from(outbox_events)).scalar_one()
    return int(lodged), int(told)


def test_ids_and_counter_values_come_back_from_one_reservation(platform: Platform) -> None:
    bump = numbering.Block(("0291", 2031, "E"), [0, 1, 2]).bump
    with platform.uow() as uow:
        ids, (last,) = reserve_ids(
            uow.session, {declarations: 2, declaration_items: 3}, along=[bump]
        )
        ids_again, (last_again,) = reserve_ids(uow.session, {declarations: 0}, along=[bump])
    assert int(last) == 3 and int(last_again) == 6
    assert len(ids[declarations]) == 2 and len(ids[declaration_items]) == 3
    assert ids[declarations] == sorted(set(ids[declarations]))
    assert ids_again == {declarations: []}


def test_a_reader_never_holds_the_writer_lock(committed_platform: Platform) -> None:
    platform = committed_platform
    district = seed_district(platform)
    with platform.read_session() as reading:
        # A page's read transaction stays open while it renders …
        reading.execute(select(func.count()).select_from(declarations)).scalar_one()
        started = time.monotonic()
        with platform.uow() as uow:  # … and a writer on another connection gets in at once.
            services.create(uow, make_declaration(), district.exporter, platform.clock, 50)
        assert time.monotonic() - started < 5
        reading.rollback()
