"""When the read models are re-derived: once per commit, after the transaction's last line.

A submission that is screened and routed in the same transaction gains three timeline lines
(submitted, accepted, lane assigned); the statistics must show where it ended, re-derived once,
and a transaction that rolls back must leave nothing behind for the session's next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import select

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.model import Declaration
from clearway.declarations.status import Command
from clearway.statistics.tables import release_facts
from tests.builders import District, lodge_routed, make_declaration
from tests.builders import seed_district as seed
from tests.statements import statements_sent
from tests.statistics_support import T0, clock


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed(platform)


@contextmanager
def _rederivations(platform: Platform) -> Iterator[list[str]]:
    """The statements that re-derive ``release_facts`` while the block runs (listed when it
    ends)."""
    with statements_sent(platform.engine) as sent:
        seen: list[str] = []
        yield seen
    seen.extend(s for s in sent if s.lstrip().upper().startswith("INSERT INTO RELEASE_FACTS"))


def _release_fact(platform: Platform, declaration_id: int) -> tuple[Any, ...] | None:
    r = release_facts.c
    with platform.sessions() as s:
        row = s.execute(
            select(r.status, r.lane, r.e3_at, r.e4_at).where(r.declaration_id == declaration_id)
        ).first()
    return None if row is None else tuple(row)


def test_a_submission_routed_in_its_own_transaction_is_rederived_once_as_it_ended(
    platform: Platform, district: District
) -> None:
    clock(platform).set(T0)
    with _rederivations(platform) as rederived:
        lodged = lodge_routed(platform, district.exporter)
    assert len(rederived) == 1
    status, lane, accepted_at, routed_at = _release_fact(platform, lodged.id) or (None,) * 4
    assert (status, lane) == ("risk_assessed", "green")
    assert accepted_at is not None and routed_at is not None


def test_a_rolled_back_transaction_leaves_nothing_for_the_sessions_next_one(
    platform: Platform, district: District
) -> None:
    clock(platform).set(T0)
    with platform.uow() as uow:
        draft = services.create(uow, make_declaration(), district.exporter, platform.clock, 50)
    with platform.sessions() as session:
        declaration = session.get(Declaration, draft.id)
        assert declaration is not None
        declaration.apply(Command.SUBMIT, district.exporter, T0)
        session.flush()  # the line is written and its declaration marked ...
        session.rollback()  # ... then abandoned
        with _rederivations(platform) as rederived:
            session.commit()  # the session's next transaction has nothing to re-derive
    assert rederived == []
    assert _release_fact(platform, draft.id) is None  # a draft has no timeline to count
