"""Broker information rules without a database: wagons, times, windows, screening, statuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from clearway.brokerage.model import TrainConsist, Wagon
from clearway.brokerage.rules import plan_problems, train_time_problems, wagon_problems
from clearway.brokerage.screening import BasicPreArrivalScreen, RiskLevel, ScreeningSubject
from clearway.brokerage.status import (
    IMPORT_PLAN_TRANSITIONS,
    TRAIN_TRANSITIONS,
    ImportPlanStatus,
    PlanCommand,
    TrainCommand,
    TrainStatus,
)
from clearway.enterprises.model import CreditLevel
from clearway.shared.errors import Collector, Conflict, RuleViolation

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
KG = Decimal("64000")


def _rules(errors: Collector) -> list[tuple[str, str]]:
    return [(e.path, e.rule) for e in errors.errors]


def test_wagon_list_refuses_duplicates_and_weights_that_are_not_positive() -> None:
    errors = Collector()
    wagon_problems(
        errors,
        [("60801700", KG), ("60801701", Decimal("-5")), ("60801700", KG), ("60801702", Decimal(0))],
    )
    assert _rules(errors) == [
        ("wagons.1.net_weight", "positive"),
        ("wagons.2.wagon_number", "duplicate_wagon"),
        ("wagons.3.net_weight", "positive"),
    ]
    empty = Collector()
    wagon_problems(empty, [])
    assert _rules(empty) == [("wagons", "min_items")]


def test_eta_before_departure_and_bad_windows_are_refused() -> None:
    errors = Collector()
    train_time_problems(errors, NOW, NOW - timedelta(minutes=1))
    plan_problems(errors, Decimal(0), date(2026, 11, 25), date(2026, 11, 24), NOW.date())
    plan_problems(errors, KG, date(2026, 11, 1), date(2026, 11, 2), NOW.date())
    assert _rules(errors) == [
        ("eta_border", "after_departure"),
        ("quantity", "positive"),
        ("arrival_to", "window"),
        ("arrival_to", "future"),
    ]


def _train() -> TrainConsist:
    return TrainConsist(
        wagons=[Wagon(1, "60801700", KG)],
        departed_at=NOW - timedelta(hours=20),
        eta_border=NOW + timedelta(hours=2),
        updated_at=NOW,
    )


def test_train_events_keep_their_chronology() -> None:
    train = _train()
    with pytest.raises(RuleViolation) as refused:
        train.apply(TrainCommand.REVISE_ETA, NOW, NOW, eta=NOW - timedelta(days=2))
    assert refused.value.errors[0].rule == "after_departure"
    with pytest.raises(RuleViolation):
        train.apply(TrainCommand.RECORD_ARRIVAL, NOW + timedelta(hours=1), NOW)  # future
    with pytest.raises(Conflict):
        train.apply(TrainCommand.RECORD_TRANSSHIPMENT, NOW, NOW)  # not arrived yet
    train.apply(TrainCommand.RECORD_ARRIVAL, NOW - timedelta(hours=1), NOW)
    with pytest.raises(RuleViolation):
        train.apply(TrainCommand.RECORD_TRANSSHIPMENT, NOW - timedelta(hours=2), NOW)
    train.apply(TrainCommand.RECORD_TRANSSHIPMENT, NOW, NOW)
    assert train.status is TrainStatus.TRANSSHIPPED and train.net_weight == KG


@pytest.mark.parametrize("status", list(ImportPlanStatus))
@pytest.mark.parametrize("command", list(PlanCommand))
def test_plan_status_table(status: ImportPlanStatus, command: PlanCommand) -> None:
    assert IMPORT_PLAN_TRANSITIONS.find(status, command) == IMPORT_PLAN_TRANSITIONS.get(
        (status, command)
    )
    if status in (ImportPlanStatus.ARRIVED, ImportPlanStatus.CANCELLED):
        assert IMPORT_PLAN_TRANSITIONS.find(status, command) is None


@pytest.mark.parametrize("status", list(TrainStatus))
@pytest.mark.parametrize("command", list(TrainCommand))
def test_train_status_table(status: TrainStatus, command: TrainCommand) -> None:
    assert TRAIN_TRANSITIONS.find(status, command) == TRAIN_TRANSITIONS.get((status, command))


def _subject(**overrides: object) -> ScreeningSubject:
    fields: dict[str, object] = {
        "plan_id": 1,
        "principal_id": 2,
        "credit_level": CreditLevel.REGULAR,
        "tariff_code": "2601111000",
        "origin_country": "KZ",
        "supplier": "Sokolov-Sarbai",
        "quantity": Decimal("3520000"),
        "unit": "kg",
        "supplier_history": 4,
    }
    fields.update(overrides)
    return ScreeningSubject(**fields)  # type: ignore[arg-type]


def test_basic_screen_explains_every_hit() -> None:
    screen = BasicPreArrivalScreen()
    assert screen.screen(_subject()).level is RiskLevel.LOW
    odd = screen.screen(_subject(origin_country="UZ", mainstream_origin=False, supplier_history=0))
    assert odd.level is RiskLevel.MEDIUM
    assert [r.rule for r in odd.reasons] == ["non_mainstream_origin", "new_supplier"]
    dishonest = screen.screen(_subject(credit_level=CreditLevel.DISHONEST))
    assert dishonest.level is RiskLevel.HIGH and dishonest.reasons[0].rule == "credit_level"
    light = screen.screen(_subject(wagon_weights=(Decimal("3000000"),)))
    assert [r.rule for r in light.reasons] == ["weight_mismatch"]
    close = screen.screen(_subject(wagon_weights=(Decimal("3500000"),)))
    assert close.reasons == ()
    aeo = screen.screen(_subject(credit_level=CreditLevel.ADVANCED_CERTIFIED, supplier_history=0))
    assert aeo.level is RiskLevel.LOW and aeo.reasons[0].rule == "new_supplier"
