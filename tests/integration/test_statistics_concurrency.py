"""Releases of one enterprise in one month, committed at the same time, all land in the sums.

Each release re-derives the enterprise's month of ``trade_monthly``; without the enterprise
lock two of them would insert the same keys and one release would be refused.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import CreditLevelInput
from clearway.enterprises.model import CreditLevel
from clearway.statistics import commands, trade
from tests.builders import ADMIN, INSPECTOR, RISK, make_declaration, seed_district

PARALLEL = 6


def test_parallel_releases_and_a_credit_change_all_count(committed_platform: Platform) -> None:
    platform = committed_platform
    district = seed_district(platform)
    day = platform.clock.now().date()
    refs = []
    for n in range(PARALLEL):
        body = make_declaration(declaration_date=(day - timedelta(days=n % 3)).isoformat())
        with platform.uow() as uow:
            refs.append(services.create(uow, body, district.exporter, platform.clock, 50).id)
        for command, who in (
            (Command.SUBMIT, district.exporter),
            (Command.ACCEPT, RISK),
            (Command.ASSIGN_LANE, RISK),
            (Command.ASSESS_DUTY, INSPECTOR),
        ):
            with platform.uow() as uow:
                action = ActionInput(reason="low risk", lane=Lane.GREEN)
                services.act(
                    uow, refs[-1], command, action, who, platform.clock, platform.submission
                )

    start = threading.Barrier(PARALLEL + 1)
    failures: list[BaseException] = []

    def release(ref: int) -> None:
        start.wait()
        try:
            with platform.uow() as uow:
                services.act(
                    uow,
                    ref,
                    Command.RELEASE,
                    ActionInput(),
                    INSPECTOR,
                    platform.clock,
                    platform.submission,
                )
        except BaseException as exc:  # collected and asserted below
            failures.append(exc)

    def reassess() -> None:
        start.wait()
        try:
            with platform.uow() as uow:
                enterprises.change_credit_level(
                    uow,
                    district.exporter_id,
                    CreditLevelInput(
                        level=CreditLevel.CERTIFIED,
                        effective_from=date(2024, 1, 1),
                        reason="AEO re-assessment",
                    ),
                    ADMIN,
                    platform.clock,
                )
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=release, args=(ref,)) for ref in refs[1:]]
    threads.append(threading.Thread(target=reassess))
    for t in threads:
        t.start()
    start.wait()
    for t in threads:
        t.join(timeout=120)
    assert failures == []
    with platform.uow() as uow:  # the last one alone, after the others
        services.act(
            uow,
            refs[0],
            Command.RELEASE,
            ActionInput(),
            INSPECTOR,
            platform.clock,
            platform.submission,
        )

    query = commands.trade_query(commands.scope(), "credit_level")
    with platform.sessions() as s:
        months = trade.trade(s, ADMIN, query)  # the monthly sums
        items = trade.trade(s, district.exporter, query)  # the item facts, by tenancy
    assert [(r.keys["credit_level"], r.figures.declarations) for r in months.rows] == [
        ("certified", PARALLEL)
    ]
    assert months.total == items.total
