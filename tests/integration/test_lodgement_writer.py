"""The lodgement writer on SQLite and PostgreSQL: what it adopts, what it tells, what it takes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from clearway.bootstrap import Platform
from clearway.declarations import numbering, services, timeline
from clearway.declarations.bulk import lodge_batch
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Declaration, DeclarationEvent, Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command, Status
from clearway.declarations.tables import declaration_items, declarations
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
def test_the_adopted_declaration_is_what_loading_it_back_gives(
    platform: Platform, district: District, submit: bool
) -> None:
    data = every_block_declaration()
    with platform.uow() as uow:
        lodged = services.create(uow, data, district.exporter, platform.clock, 50, submit=submit)
        adopted = _whole(lodged)
        assert not uow.session.dirty and not uow.session.new  # nothing left to flush
    with platform.sessions() as s:
        loaded = _whole(get_visible(s, district.exporter, lodged.number))
    assert adopted == loaded
    assert loaded["header"]["status"] is (Status.SUBMITTED if submit else Status.DRAFT)
    assert [e["milestone"] for e in loaded["events"]] == (["E2"] if submit else [])


def test_the_submit_hooks_changes_flush_as_an_update_under_the_version(
    platform: Platform, district: District
) -> None:
    lodged = lodge_routed(platform, district.exporter)
    with platform.sessions() as s:
        stored = get_visible(s, district.exporter, lodged.number)
        assert stored.version == 2 and stored.lane is Lane.GREEN
        assert [e.seq for e in stored.events] == [1, 2, 3]
        assert stored.status is Status.RISK_ASSESSED


def test_followers_hear_every_first_line_once_however_it_was_written(
    platform: Platform, district: District
) -> None:
    heard: list[tuple[int, int, str]] = []

    def follower(session: Session, lines: Sequence[DeclarationEvent]) -> None:
        heard.extend((line.declaration_id, line.seq, line.command) for line in lines)

    timeline.follow(platform.sessions, follower)
    timeline.follow(platform.sessions, follower)  # registering twice still tells once
    try:
        with platform.uow() as uow:
            numbers = lodge_batch(
                uow, [make_declaration()] * 3, district.exporter, platform.clock, 50, submit=True
            )
        with platform.uow() as uow:
            single = services.create(
                uow, make_declaration(), district.exporter, platform.clock, 50, submit=True
            )
        with platform.uow() as uow:  # a line the ORM flushes
            services.act(uow, single.id, Command.ACCEPT, ActionInput(), RISK, platform.clock)
        with platform.uow() as uow:  # drafts have no timeline yet: nothing to tell
            lodge_batch(uow, [make_declaration()], district.exporter, platform.clock, 50)
    finally:
        timeline.unfollow(platform.sessions, follower)
    with platform.sessions() as s:
        ids = [get_visible(s, district.exporter, n).id for n in numbers]
    assert heard == [
        *[(i, 1, "submit") for i in ids],
        (single.id, 1, "submit"),
        (single.id, 2, "accept"),
    ]
    with platform.uow() as uow:
        services.create(uow, make_declaration(), district.exporter, platform.clock, 50, submit=True)
    assert len(heard) == 5  # unfollowed: told no more


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
