"""Lithium-battery checks inside the submitting transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.dangerous_goods import queries
from clearway.dangerous_goods.tables import dangerous_goods_checks
from clearway.declarations import services as declarations
from clearway.declarations.commands import ActionInput, DeclarationInput
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.status import Command, Status
from clearway.risk.tables import risk_screenings
from clearway.shared.errors import RuleViolation
from tests.builders import RISK, District, make_declaration, seed_district
from tests.dangerous_goods_support import (
    ALL_SOFT,
    BAD_RULES,
    QUIET,
    bad_export,
    certificates,
    lithium_export,
    lithium_item,
    wired,
)


@pytest.fixture()
def district(platform: Platform) -> District:
    return seed_district(platform)


def lodge(platform: Platform, district: District, body: dict[str, Any]) -> str:
    with platform.uow() as uow:
        return declarations.create(
            uow, DeclarationInput.model_validate(body), district.exporter, platform.clock, 50
        ).number


def submit(platform: Platform, district: District, number: str) -> Declaration:
    with platform.uow() as uow:
        return declarations.act(
            uow,
            number,
            Command.SUBMIT,
            ActionInput(),
            district.exporter,
            platform.clock,
            platform.submission,
        )


def rows(platform: Platform, table: Any, number: str) -> int:
    with platform.sessions() as s:
        d = s.scalars(select(Declaration).where(Declaration.number == number)).one()  # type: ignore[arg-type]
        return int(
            s.execute(
                select(func.count()).select_from(table).where(table.c.declaration_id == d.id)
            ).scalar_one()
        )


def test_a_clean_lithium_export_passes_and_its_check_is_stored(
    platform: Platform, district: District
) -> None:
    p = wired(platform, **QUIET)
    number = lodge(p, district, lithium_export())
    done = submit(p, district, number)
    assert done.status is Status.RISK_ASSESSED and done.lane is Lane.GREEN
    with p.sessions() as s:
        [stored] = queries.checks_of(s, district.exporter, number)
    assert stored.outcome == "passed" and stored.findings == [] and stored.lines_checked == 1
    assert stored.severities["damaged"] == "soft" and stored.lane_floor is None
    assert stored.shipping_date == done.declaration_date and stored.submitted_by == "exporter"


def test_hard_findings_refuse_the_submission_listing_every_check_and_change_nothing(
    platform: Platform, district: District
) -> None:
    p = wired(platform, **QUIET)
    number = lodge(p, district, bad_export())
    with p.sessions() as s:
        before = s.scalars(select(Declaration).where(Declaration.number == number)).one()  # type: ignore[arg-type]
        version, events = before.version, len(before.events)
    with pytest.raises(RuleViolation) as refused:
        submit(p, district, number)
    errors = refused.value.errors
    assert {e.rule for e in errors} == BAD_RULES
    assert {e.path for e in errors} >= {
        "items.0.dangerous_goods.un_number",
        "items.0.dangerous_goods.packaging_category",
        "items.0.dangerous_goods.state_of_charge_pct",
        "documents.2.issue_date",
    }
    with p.sessions() as s:
        after = s.scalars(select(Declaration).where(Declaration.number == number)).one()  # type: ignore[arg-type]
        assert after.status is Status.DRAFT and after.lodged_at is None
        assert after.version == version and len(after.events) == events
    assert rows(p, dangerous_goods_checks, number) == 0
    assert rows(p, risk_screenings, number) == 0


def test_soft_findings_let_it_through_at_least_to_their_lane_with_the_reasons(
    platform: Platform, district: District
) -> None:
    p = wired(platform, **QUIET, **ALL_SOFT)
    number = lodge(p, district, bad_export())
    done = submit(p, district, number)
    assert done.status is Status.RISK_ASSESSED and done.lane is Lane.RED
    assert "submission check" in done.lane_reason
    for rule in BAD_RULES:
        assert rule in done.lane_reason
    with p.sessions() as s:
        [stored] = queries.checks_of(s, district.exporter, number)
        reasons = s.execute(
            select(risk_screenings.c.reasons, risk_screenings.c.selected_by).where(
                risk_screenings.c.declaration_id == done.id
            )
        ).one()
    assert stored.outcome == "routed" and stored.lane_floor == "red"
    assert {f["rule"] for f in stored.findings} == BAD_RULES
    assert reasons.selected_by == "submission_check"
    assert {r["kind"] for r in reasons.reasons} == {"submission_check"}


def test_a_soft_documents_finding_routes_to_the_yellow_lane(
    platform: Platform, district: District
) -> None:
    p = wired(platform, **QUIET, dg_checks={"documents": "soft"})
    ship = make_declaration().declaration_date
    body = lithium_export(documents=certificates(appraisal_issued=ship - timedelta(days=400)))
    done = submit(p, district, lodge(p, district, body))
    assert done.lane is Lane.YELLOW and "dg.appraisal_validity" in done.lane_reason


def test_checks_turned_off_let_the_goods_through_unflagged(
    platform: Platform, district: District
) -> None:
    checks = ("un_number", "sp188", "documents", "state_of_charge", "damaged", "air_packing")
    off = {c: "off" for c in checks}
    p = wired(platform, **QUIET, dg_checks=off)
    done = submit(p, district, lodge(p, district, bad_export()))
    assert done.lane is Lane.GREEN
    with p.sessions() as s:
        [stored] = queries.checks_of(s, district.exporter, done.number)
    assert stored.outcome == "passed" and set(stored.severities.values()) == {"off"}


def test_imports_are_not_checked(platform: Platform, district: District) -> None:
    p = wired(platform, **QUIET)
    with p.uow() as uow:
        number = declarations.create(
            uow,
            make_declaration(flow="import", trader_id=district.importer_id),
            district.broker,
            p.clock,
            50,
        ).number
    with p.uow() as uow:
        declarations.act(
            uow, number, Command.SUBMIT, ActionInput(), district.broker, p.clock, p.submission
        )
    assert rows(p, dangerous_goods_checks, number) == 0


def test_an_amended_declaration_is_checked_again_and_old_findings_no_longer_count(
    platform: Platform, district: District
) -> None:
    p = wired(platform, **QUIET, **ALL_SOFT)
    number = lodge(p, district, bad_export())
    assert submit(p, district, number).lane is Lane.RED
    with p.uow() as uow:
        declarations.act(
            uow,
            number,
            Command.REQUEST_AMENDMENT,
            ActionInput(reason="lithium-battery findings: correct and resubmit"),
            RISK,
            p.clock,
            p.submission,
        )
    p.clock.advance(timedelta(hours=2))  # type: ignore[attr-defined]
    with p.uow() as uow:
        declarations.update(
            uow,
            number,
            DeclarationInput.model_validate(lithium_export(items=[lithium_item()])),
            district.exporter,
            p.clock,
            50,
            None,
        )
    again = submit(p, district, number)
    assert again.lane is Lane.GREEN
    with p.sessions() as s:
        latest, first = queries.checks_of(s, district.exporter, number)
    assert (latest.outcome, first.outcome) == ("passed", "routed")


def test_stored_checks_follow_declaration_tenancy(platform: Platform, district: District) -> None:
    from clearway.shared.errors import NotFound

    p = wired(platform, **QUIET)
    number = lodge(p, district, lithium_export())
    submit(p, district, number)
    with p.sessions() as s:
        assert len(queries.checks_of(s, RISK, number)) == 1
        with pytest.raises(NotFound):
            queries.checks_of(s, district.importer, number)


def test_demo_lithium_exports_pass_route_and_stay_draft(
    platform: Platform, district: District
) -> None:
    from clearway.demo.dangerous_goods import seed_dangerous_goods
    from clearway.demo.days import DemoDays

    p = wired(platform, **QUIET)
    ids = {"qingyuan": district.exporter_id, "beijiang": district.exporter_id}
    actors = {"exporter": district.exporter, "baoshui": district.exporter}
    passing, routed, draft = seed_dangerous_goods(p, ids, actors, DemoDays.of(p.clock.now()))
    with p.sessions() as s:
        found = {
            d.number: d
            for d in s.scalars(
                select(Declaration).where(Declaration.number.in_([passing, routed, draft]))
            )  # type: ignore[attr-defined]
        }
        assert found[passing].status is Status.RISK_ASSESSED
        assert queries.checks_of(s, RISK, passing)[0].outcome == "passed"
        assert found[routed].lane is Lane.RED and "dg.damaged" in found[routed].lane_reason
        assert found[draft].status is Status.DRAFT
    with pytest.raises(RuleViolation) as refused:
        submit(p, district, draft)
    assert {e.rule for e in refused.value.errors} == {
        "dg.un_number_tariff",
        "dg.sp188_packaging",
        "dg.state_of_charge",
        "dg.appraisal_validity",
        "dg.air_quantity_per_package",  # 48 kg packs: above the 35 kg of PI965 Section IA
    }
