"""Direct pickup / direct loading on SQLite and PostgreSQL: released on arrival, or why not.

Iron ore that qualifies waits at the train for its on-site inspection (outcome
``awaiting_onsite``) and is released on the conforming result (tests/integration/
test_direct_pickup_onsite.py covers that requirement and the officer's waiver).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from clearway.arrivals import services
from clearway.arrivals.commands import ArrivalInput
from clearway.arrivals.model import ArrivalRecord, PickupOutcome
from clearway.arrivals.tables import arrival_records
from clearway.bonded import payments
from clearway.bonded.tables import tax_guarantees
from clearway.bootstrap import Platform
from clearway.brokerage import services as brokerage
from clearway.brokerage.model import TrainConsist
from clearway.brokerage.screening import screen_for
from clearway.brokerage.status import TrainStatus
from clearway.declarations.model import Lane
from clearway.declarations.status import Command, Status
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import AuthorisationInput
from clearway.enterprises.model import AuthorisationScope
from clearway.ore import services as ore
from clearway.ore.model import OnsiteInspection, ReleaseDecision
from clearway.shared.errors import PermissionDenied, RuleViolation
from tests.builders import ADMIN, HORGOS, INSPECTOR, RISK
from tests.liaison_support import train_input
from tests.ore_support import (
    OreDistrict,
    act,
    declaration,
    guarantee,
    lodge,
    onsite,
    ore_district,
    ore_input,
)

AEO, CERTIFIED, REGULAR, DISHONEST = "advanced_certified", "certified", "regular", "dishonest"
VAT = Decimal("559000.00")  # 13 % on the 4,300,000 CNY of ore_input()


@pytest.fixture()
def district(platform: Platform) -> OreDistrict:
    return ore_district(platform)


def arrive(platform: Platform, means: str = "X9001", **extra: Any) -> ArrivalRecord:
    data = ArrivalInput.model_validate({"office_code": HORGOS, "transport_means": means, **extra})
    with platform.uow() as uow:
        return services.record_arrival(uow, data, INSPECTOR, platform.clock, platform.settings)


def outcomes(arrival: ArrivalRecord) -> dict[str, tuple[PickupOutcome, list[str]]]:
    return {line.declaration_number: (line.outcome, line.reasons) for line in arrival.declarations}


def inspect_at_train(platform: Platform, number: str, **reading: Any) -> OnsiteInspection:
    """The train-side on-site inspection after arrival (conforming unless told otherwise)."""
    with platform.uow() as uow:
        done = ore.record_onsite(
            uow, number, onsite(**reading), INSPECTOR, platform.clock, platform.settings
        )
    return done.inspection


def balance(platform: Platform, guarantee_id: int) -> Decimal:
    g = tax_guarantees.c
    with platform.sessions() as s:
        return Decimal(str(s.execute(select(g.balance).where(g.id == guarantee_id)).scalar_one()))


def test_a_direct_pickup_declaration_lodged_before_arrival_is_released_on_arrival(
    platform: Platform, district: OreDistrict
) -> None:
    held = guarantee(platform, district.ids[AEO], "1000000")
    number = lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup"))
    lodged_at = declaration(platform, number).lodged_at
    platform.clock.advance(timedelta(hours=5))  # type: ignore[attr-defined]
    arrived = platform.clock.now() - timedelta(minutes=10)
    arrival = arrive(platform, arrived_at=arrived.isoformat())
    [(outcome, reasons)] = outcomes(arrival).values()
    assert outcome is PickupOutcome.AWAITING_ONSITE, reasons
    assert reasons[0].startswith("iron ore: released once the train-side on-site inspection")
    assert declaration(platform, number).status is Status.RISK_ASSESSED
    platform.clock.advance(timedelta(minutes=40))  # type: ignore[attr-defined]
    inspection = inspect_at_train(platform, number)
    assert inspection.release_decision is ReleaseDecision.RELEASED
    assert "train-side on-site inspection" in inspection.release_note
    assert "secured by guarantee" in inspection.release_note
    found = declaration(platform, number)
    assert found.status is Status.RELEASED
    # Both timestamps kept for the release-time study: E2 < E1 (pre-arrival) and E1 < E8.
    assert lodged_at is not None and lodged_at < found.arrived_at == arrived
    assert found.released_at == platform.clock.now()
    milestones = [e.milestone for e in found.events if e.milestone]
    assert milestones[-5:] == ["E1", "E6", "E6_END", "E7", "E8"]
    assert balance(platform, held.id) == Decimal("1000000.00") - VAT


def test_each_declaration_on_the_train_hears_why_it_was_or_was_not_released(
    platform: Platform, district: OreDistrict
) -> None:
    guarantee(platform, district.ids[AEO], "5000000")
    guarantee(platform, district.ids[REGULAR], "5000000")
    aeo, regular = district.actors[AEO], district.actors[REGULAR]
    released = lodge(platform, aeo, ore_input(mode="direct_pickup"))
    red = lodge(platform, aeo, ore_input(mode="direct_pickup"), lane=Lane.RED)
    act(platform, red, Command.BEGIN_INSPECTION, INSPECTOR)
    yellow = lodge(platform, aeo, ore_input(mode="direct_pickup"), lane=Lane.YELLOW)
    ineligible = lodge(platform, regular, ore_input(mode="direct_pickup"))
    standard = lodge(platform, aeo, ore_input())
    unpaid = lodge(platform, district.actors[CERTIFIED], ore_input(mode="direct_pickup"))
    other_train = lodge(platform, aeo, ore_input(mode="direct_pickup", means="X9999"))
    platform.clock.advance(timedelta(hours=3))  # type: ignore[attr-defined]
    lines = outcomes(arrive(platform))
    assert set(lines) == {released, red, yellow, ineligible, standard, unpaid}
    assert lines[released][0] is PickupOutcome.AWAITING_ONSITE
    inspect_at_train(platform, released)
    assert lines[red] == (
        PickupOutcome.NOT_RELEASED,
        [
            "selected for physical inspection (red lane)",
            "the declaration is inspection, not awaiting release",
        ],
    )
    assert lines[yellow][1] == ["selected for a document check (yellow lane)"]
    assert lines[ineligible][0] is PickupOutcome.NOT_RELEASED
    assert lines[ineligible][1][0].startswith(
        "not eligible for direct pickup: credit level regular may not use direct pickup"
    )
    assert lines[standard] == (
        PickupOutcome.ARRIVAL_RECORDED,
        ["standard declaration: arrival recorded"],
    )
    # Certified is not eligible by default either; make it eligible to see the duty refusal.
    assert "credit level certified" in lines[unpaid][1][0]
    statuses = {n: declaration(platform, n) for n in lines}
    assert statuses[released].status is Status.RELEASED
    for n in (red, yellow, ineligible, standard, unpaid):
        assert statuses[n].status is not Status.RELEASED and statuses[n].arrived_at is not None
    assert declaration(platform, other_train).arrived_at is None


def test_nothing_covering_the_duty_means_no_release_and_nothing_drawn(
    platform: Platform, district: OreDistrict
) -> None:
    small = guarantee(platform, district.ids[AEO], "100000")  # less than the VAT due
    number = lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup"))
    platform.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    [(outcome, _)] = outcomes(arrive(platform)).values()
    assert outcome is PickupOutcome.AWAITING_ONSITE
    inspection = inspect_at_train(platform, number)
    assert inspection.release_decision is ReleaseDecision.AWAITING_DUTY
    assert inspection.release_note == (
        f"duty and VAT of {VAT} CNY are not paid and no tax guarantee of the trader valid on "
        f"{platform.clock.now().date()} has that much left; released once they are paid"
    )
    found = declaration(platform, number)
    assert found.status is Status.DUTY_ASSESSED and found.arrived_at is not None
    assert balance(platform, small.id) == Decimal("100000.00")


def test_a_declaration_already_paid_is_released_without_a_guarantee(
    platform: Platform, district: OreDistrict
) -> None:
    aeo = district.actors[AEO]
    number = lodge(platform, aeo, ore_input(mode="direct_pickup"))
    act(platform, number, Command.ASSESS_DUTY, INSPECTOR)
    with platform.uow() as uow:
        payments.pay(uow, number, aeo, platform.clock)
    platform.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    [(outcome, _)] = outcomes(arrive(platform)).values()
    assert outcome is PickupOutcome.AWAITING_ONSITE
    assert inspect_at_train(platform, number).release_decision is ReleaseDecision.RELEASED
    assert declaration(platform, number).status is Status.RELEASED


def test_only_a_declaration_lodged_before_the_arrival_is_released(
    platform: Platform, district: OreDistrict
) -> None:
    guarantee(platform, district.ids[AEO], "5000000")
    trains = ("X9001", "X9002", "X9003")
    numbers = [
        lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup", means=t))
        for t in trains
    ]
    lodged = declaration(platform, numbers[0]).lodged_at
    assert lodged is not None
    platform.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    second = timedelta(seconds=1)
    for train, arrived_at, released in (
        ("X9001", lodged - second, False),
        ("X9002", lodged, False),
        ("X9003", lodged + second, True),
    ):
        [(outcome, reasons)] = outcomes(arrive(platform, train, arrived_at=arrived_at)).values()
        assert (outcome is PickupOutcome.AWAITING_ONSITE) is released, reasons
        if not released:
            assert reasons == [
                f"lodged at {lodged.isoformat()}, not before the arrival at "
                f"{arrived_at.isoformat()}"
            ]


def test_ore_that_must_be_sampled_is_sampled_at_the_train_before_release(
    platform: Platform, district: OreDistrict
) -> None:
    guarantee(platform, district.ids[AEO], "1000000")
    with platform.uow() as uow:  # the classification is stored at screening; file one by hand
        from clearway.ore.classify import classification_of

        number = lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup", origin="IN"))
        found = declaration(platform, number)
        uow.session.add(found)
        from clearway.enterprises.model import CreditLevel

        row = classification_of(
            uow.session,
            platform.settings,
            found,
            CreditLevel.ADVANCED_CERTIFIED,
            "screening",
            "risk-engine",
            platform.clock.now(),
        )
        uow.session.add(row)
        uow.commit()
    platform.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    [(outcome, reasons)] = outcomes(arrive(platform)).values()
    # The samples are taken at the train-side on-site inspection, which release waits for.
    assert outcome is PickupOutcome.AWAITING_ONSITE
    assert reasons[0].endswith("; ore category C: samples must be taken on site before release")
    with pytest.raises(RuleViolation) as refused:
        inspect_at_train(platform, number, sampling_done=False, samples=[])
    assert refused.value.errors[0].rule == "ore.sampling_required"
    assert inspect_at_train(platform, number).release_decision is ReleaseDecision.RELEASED


def test_a_brokerage_train_arrives_with_the_declaration_linked_to_it(
    platform: Platform, district: OreDistrict
) -> None:
    aeo_id = district.ids[AEO]
    with platform.uow() as uow:
        enterprises.authorise_broker(
            uow,
            aeo_id,
            AuthorisationInput(
                broker_id=district.base.broker_id,
                scope=AuthorisationScope.IMPORT,
                valid_from=date(2026, 1, 1),
                valid_to=date(2027, 12, 31),
            ),
            ADMIN,
            platform.clock,
        )
    guarantee(platform, aeo_id, "1000000")
    number = lodge(  # the broker declares, so it may link its train to the declaration
        platform,
        district.base.broker,
        ore_input(mode="direct_pickup", means="卡车", trader_id=aeo_id),
    )
    with platform.uow() as uow:
        train = brokerage.record_train(
            uow,
            train_input(principal_id=aeo_id, office_code=HORGOS, declaration=number),
            district.base.broker,
            platform.clock,
            screen_for(platform),
        )
    platform.clock.advance(timedelta(hours=2))  # type: ignore[attr-defined]
    arrival = arrive(platform, "X8017")
    assert arrival.train_id == train.id
    outcome, reasons = outcomes(arrival)[number]
    assert outcome is PickupOutcome.AWAITING_ONSITE, reasons
    with platform.sessions() as s:
        reloaded = s.get(TrainConsist, train.id)
        assert reloaded is not None and reloaded.status is TrainStatus.ARRIVED


def test_bad_arrivals_are_refused_naming_the_rule_and_nothing_is_written(
    platform: Platform, district: OreDistrict
) -> None:
    lodge(platform, district.actors[AEO], ore_input(mode="direct_pickup"))

    def rules(**body: Any) -> list[tuple[str, str]]:
        with pytest.raises(RuleViolation) as refused:
            arrive(platform, **body)
        return [(e.path, e.rule) for e in refused.value.errors]

    assert rules(means="NO-SUCH-TRAIN") == [("transport_means", "arrival.nothing_expected")]
    assert rules(arrived_at=(platform.clock.now() + timedelta(seconds=1)).isoformat()) == [
        ("arrived_at", "not_future")
    ]
    with pytest.raises(RuleViolation) as unknown, platform.uow() as uow:
        services.record_arrival(
            uow,
            ArrivalInput(office_code="9999", transport_means="X9001"),
            INSPECTOR,
            platform.clock,
            platform.settings,
        )
    assert unknown.value.errors[0].rule == "unknown_office"
    for who in (district.actors[AEO], RISK):
        with pytest.raises(PermissionDenied), platform.uow() as uow:
            services.record_arrival(
                uow,
                ArrivalInput(office_code=HORGOS, transport_means="X9001"),
                who,
                platform.clock,
                platform.settings,
            )
    with platform.sessions() as s:
        assert s.execute(select(func.count()).select_from(arrival_records)).scalar_one() == 0
