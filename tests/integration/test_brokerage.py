"""Broker information platform on SQLite and PostgreSQL: plans, trains, tenancy, the board."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from clearway.audit.tables import audit_events
from clearway.bootstrap import Platform
from clearway.brokerage import queries, services
from clearway.brokerage.commands import LinkInput, TrainEventInput
from clearway.brokerage.screening import BasicPreArrivalScreen, ScreeningResult, ScreeningSubject
from clearway.brokerage.status import ImportPlanStatus, TrainCommand, TrainStatus
from clearway.brokerage.tables import import_plans, train_consists, wagons
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command
from clearway.notifications.tables import outbox_events
from clearway.shared.errors import NotFound, PermissionDenied, RuleViolation
from tests.builders import INSPECTOR, NOW, RISK, TODAY, District, ore_item, seed_district
from tests.liaison_support import (
    act,
    count,
    lodge,
    notifying,
    plan_input,
    train_input,
)
from tests.liaison_support import (
    wagons as wagon_list,
)

SCREEN = BasicPreArrivalScreen()  # mainstream origins: the dated reference list


@pytest.fixture()
def district(platform: Platform) -> District:
    notifying(platform)
    return seed_district(platform)


def _plan(platform: Platform, district: District, **overrides: object) -> int:
    with platform.uow() as uow:
        return services.submit_plan(
            uow,
            plan_input(district.importer_id, **overrides),
            district.broker,
            platform.clock,
            SCREEN,
        ).id


def _rules(exc: RuleViolation) -> list[tuple[str, str]]:
    return [(e.path, e.rule) for e in exc.errors]


def test_a_plan_for_an_enterprise_the_broker_does_not_represent_is_refused(
    platform: Platform, district: District
) -> None:
    for broker, principal in (
        (district.broker, district.exporter_id),  # never mandated
        (district.other_broker, district.importer_id),  # mandated someone else
    ):
        with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
            services.submit_plan(uow, plan_input(principal), broker, platform.clock, SCREEN)
        assert _rules(refused.value) == [("principal_id", "broker_authorisation")]
    with pytest.raises(RuleViolation) as several, platform.uow() as uow:
        services.submit_plan(
            uow,
            plan_input(
                district.importer_id,
                quantity="0",
                office_code="9999",
                arrival_to=(TODAY - timedelta(days=3)).isoformat(),
            ),
            district.broker,
            platform.clock,
            SCREEN,
        )
    assert _rules(several.value) == [
        ("office_code", "unknown_office"),
        ("quantity", "positive"),
        ("arrival_to", "window"),
    ]
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        services.submit_plan(
            uow, plan_input(district.importer_id), district.importer, platform.clock, SCREEN
        )
    assert count(platform, import_plans) == 0 and count(platform, outbox_events) == 0
    assert count(platform, audit_events, audit_events.c.entity == "import_plan") == 0


def test_bad_wagon_lists_and_an_eta_before_departure_write_nothing(
    platform: Platform, district: District
) -> None:
    plan_id = _plan(platform, district)
    bad = wagon_list(3)
    bad.append(dict(bad[0]))
    bad[1]["net_weight"] = "-64000"
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
        services.record_train(
            uow,
            train_input(
                plan_id=plan_id, wagons=bad, eta_border=(NOW - timedelta(days=2)).isoformat()
            ),
            district.broker,
            platform.clock,
            SCREEN,
        )
    assert _rules(refused.value) == [
        ("wagons.1.net_weight", "positive"),
        ("wagons.3.wagon_number", "duplicate_wagon"),
        ("eta_border", "after_departure"),
    ]
    assert count(platform, train_consists) == 0 and count(platform, wagons) == 0
    with platform.sessions() as s:
        assert queries.get_plan(s, district.broker, plan_id).status is ImportPlanStatus.SUBMITTED


def test_plan_train_arrival_and_transshipment_reach_the_declaration_and_the_board(
    platform: Platform, district: District
) -> None:
    plan_id = _plan(platform, district, supplier="Angren Ore LLC", origin_country="UZ")
    with platform.sessions() as s:
        plan = queries.get_plan(s, RISK, plan_id)
        assert plan.risk_level == "medium"
        assert [r["rule"] for r in plan.risk_reasons] == ["non_mainstream_origin", "new_supplier"]
    d = lodge(
        platform, district.broker, flow="import", trader_id=district.importer_id, items=[ore_item()]
    )
    act(platform, d.id, Command.SUBMIT, district.broker)
    with platform.uow() as uow:
        train = services.record_train(
            uow,
            train_input(plan_id=plan_id, wagons=wagon_list(50), declaration=d.number),
            district.broker,
            platform.clock,
            SCREEN,
        )
    with platform.sessions() as s:
        plan = queries.get_plan(s, district.importer, plan_id)
        assert plan.status is ImportPlanStatus.IN_TRANSIT
        assert "weight_mismatch" in [r["rule"] for r in plan.risk_reasons]  # 3.2 kt vs 3.52 kt
        start, end = queries.day_window(TODAY, 3)
        [row] = queries.arrivals_board(s, INSPECTOR, "7909", start, end)
        assert (row.kind, row.train_number, row.wagons, row.declaration_number) == (
            "train",
            "X8017",
            50,
            d.number,
        )
        assert queries.arrivals_board(s, district.exporter, None, start, end) == []
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        services.train_event(
            uow,
            train.id,
            TrainCommand.REVISE_ETA,
            TrainEventInput(eta_border=NOW + timedelta(hours=5)),
            INSPECTOR,
            platform.clock,
        )
    with platform.uow() as uow:
        services.train_event(
            uow, train.id, TrainCommand.RECORD_ARRIVAL, TrainEventInput(), INSPECTOR, platform.clock
        )
    with platform.sessions() as s:
        assert queries.get_plan(s, RISK, plan_id).status is ImportPlanStatus.ARRIVED
        declaration = get_visible(s, INSPECTOR, d.id)
        assert declaration.arrived_at == NOW and declaration.events[-1].milestone == "E1"
    with platform.uow() as uow:
        done = services.train_event(
            uow,
            train.id,
            TrainCommand.RECORD_TRANSSHIPMENT,
            TrainEventInput(),
            district.broker,
            platform.clock,
        )
    assert done.status is TrainStatus.TRANSSHIPPED
    with platform.sessions() as s:
        streams = (
            s.execute(
                select(outbox_events.c.event_type)
                .where(outbox_events.c.stream_key == f"train:{train.id}")
                .order_by(outbox_events.c.id)
            )
            .scalars()
            .all()
        )
    assert list(streams) == ["train.departed", "train.arrived", "train.transshipped"]


def test_brokers_and_importers_see_only_their_own_plans_and_trains(
    platform: Platform, district: District
) -> None:
    plan_id = _plan(platform, district)
    with platform.uow() as uow:
        train = services.record_train(
            uow, train_input(plan_id=plan_id), district.broker, platform.clock, SCREEN
        )
    with platform.sessions() as s:
        for outsider in (district.other_broker, district.exporter):
            with pytest.raises(NotFound):
                queries.get_plan(s, outsider, plan_id)
            with pytest.raises(NotFound):
                queries.get_train(s, outsider, train.id)
            assert queries.list_plans(s, outsider, None, None, 10) == []
        assert [p.id for p in queries.list_plans(s, district.importer, None, None, 10)] == [plan_id]
    with pytest.raises(RuleViolation) as refused, platform.uow() as uow:  # not its declaration
        other = lodge(platform, district.exporter)
        services.link_declaration(
            uow,
            "plan",
            plan_id,
            LinkInput(declaration=other.number),
            district.broker,
            platform.clock,
        )
    assert _rules(refused.value) == [("declaration", "unknown_declaration")]


class _Broken:
    name = "risk-engine/0"

    def screen(self, subject: ScreeningSubject) -> ScreeningResult:
        raise TimeoutError("model server unreachable")


def test_a_failing_screen_leaves_the_plan_unscreened_but_accepted(
    platform: Platform, district: District
) -> None:
    with platform.uow() as uow:
        plan = services.submit_plan(
            uow, plan_input(district.importer_id), district.broker, platform.clock, _Broken()
        )
    assert plan.risk_level == "unscreened" and plan.screened_by == "risk-engine/0"
    with platform.uow() as uow:
        again = services.rescreen(uow, plan.id, RISK, platform.clock, SCREEN)
    assert again.risk_level == "medium" and again.screened_by == SCREEN.name
