"""Lifecycles on a controlled clock for the statistics tests: lodge, move, clear to release.

The read models follow through the statistics handlers the platform is built with.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import CreditLevelInput
from clearway.enterprises.model import CreditLevel
from clearway.identity.model import Actor
from clearway.shared.clock import FixedClock
from clearway.statistics import commands, trade
from tests.builders import ADMIN, INSPECTOR, RISK, District, make_declaration

C = Command
T0 = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)


def clock(platform: Platform) -> FixedClock:
    assert isinstance(platform.clock, FixedClock)
    return platform.clock


def lodge(platform: Platform, actor: Actor, at: datetime, **body: Any) -> int:
    clock(platform).set(at - timedelta(hours=1))
    declaration = make_declaration(declaration_date=at.date().isoformat(), **body)
    with platform.uow() as uow:
        return services.create(uow, declaration, actor, platform.clock, 50).id


def act(platform: Platform, ref: int, command: Command, actor: Actor, at: datetime) -> None:
    clock(platform).set(at)
    reason = "selected" if command in (C.ASSIGN_LANE,) else ""
    lane = LANES.get(ref) if command is C.ASSIGN_LANE else None
    with platform.uow() as uow:
        services.act(
            uow,
            ref,
            command,
            ActionInput(reason=reason, lane=lane),
            actor,
            platform.clock,
            platform.submission,
        )


LANES: dict[int, Lane] = {}


def clear(
    platform: Platform,
    d: District,
    start: datetime,
    hours: dict[Command, float],
    flow: str = "export",
    lane: Lane = Lane.GREEN,
    until: Command = C.RELEASE,
    by: Actor | None = None,
    **body: Any,
) -> int:
    """Lodge and move a declaration; ``hours`` are offsets from lodgement (negative: before)."""
    declarant = by or (d.exporter if flow == "export" else d.importer)
    if by is not None:
        body["trader_id"] = d.importer_id
    ref = lodge(platform, declarant, start, flow=flow, **body)
    LANES[ref] = lane
    who = {C.SUBMIT: declarant, C.PAY: declarant, C.ACCEPT: RISK, C.ASSIGN_LANE: RISK}
    for command, offset in sorted(hours.items(), key=lambda kv: kv[1]):
        act(platform, ref, command, who.get(command, INSPECTOR), start + timedelta(hours=offset))
        if command is until:
            break
    return ref


GREEN_EXPORT = {C.SUBMIT: 0, C.ACCEPT: 0.5, C.ASSIGN_LANE: 0.75, C.ASSESS_DUTY: 1.0, C.RELEASE: 2.0}


def customs_trade(platform: Platform, **kw: Any) -> trade.TradeTable:
    group_by = kw.pop("group_by", None)
    hs = kw.pop("hs", None)
    country = kw.pop("country", None)
    query = commands.trade_query(commands.scope(**kw), group_by, hs, country)
    with platform.sessions() as session:
        return trade.trade(session, ADMIN, query)


def recertify(platform: Platform, enterprise_id: int, effective_from: date) -> None:
    """Customs re-assess an AEO exporter as certified from a day (what re-projects its trade)."""
    with platform.uow() as uow:
        enterprises.change_credit_level(
            uow,
            enterprise_id,
            CreditLevelInput(
                level=CreditLevel.CERTIFIED,
                effective_from=effective_from,
                reason="AEO re-assessment",
            ),
            ADMIN,
            platform.clock,
        )
