"""Inspection records move the declaration's milestones; tailored plans open standing windows."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from clearway.bootstrap import Platform
from clearway.declarations.model import Lane
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Status
from clearway.inspection import bookings, plans, queries, records
from clearway.inspection.commands import (
    AttachmentInput,
    BookingInput,
    PlanInput,
    RecordResultInput,
    RecordStartInput,
)
from clearway.inspection.results import RecordKind, Result
from clearway.inspection.status import InspectionPlanStatus, OrderStatus, RecordStatus
from clearway.shared.errors import (
    Conflict,
    IllegalTransition,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from tests.builders import ADMIN, INSPECTOR, RISK
from tests.inspection_support import HORGOS_SITE, ORDOS_SITE, lodge, open_slot, seed_inspection

PHOTO = AttachmentInput(
    file_name="wagon-17.jpg", media_type="image/jpeg", size_bytes=482133, sha256="AB" * 32
)


def _start(platform: Platform, number: str, kind: RecordKind, actor=INSPECTOR):  # type: ignore[no-untyped-def]
    with platform.uow() as uow:
        return records.start(
            uow, RecordStartInput(declaration=number, kind=kind), actor, platform.clock
        )


def _complete(platform: Platform, record_id: int, result: Result, findings: str = "", **kw):  # type: ignore[no-untyped-def]
    with platform.uow() as uow:
        return records.complete(
            uow,
            record_id,
            RecordResultInput(result=result, findings=findings, **kw),
            INSPECTOR,
            platform.clock,
        )


def _milestones(platform: Platform, declaration_id: int) -> list[str | None]:
    with platform.sessions() as s:
        return [e.milestone for e in get_visible(s, INSPECTOR, declaration_id).events]


def _status(platform: Platform, declaration_id: int) -> Status:
    with platform.sessions() as s:
        return get_visible(s, INSPECTOR, declaration_id).status


def test_physical_inspection_conform_marks_e6_and_e6_end(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    open_slot(platform, HORGOS_SITE, 3)
    declaration = lodge(platform, d.importer, Lane.RED, flow="import")
    record = _start(platform, declaration.number, RecordKind.PHYSICAL_INSPECTION)
    assert record.order_id is not None and record.status is RecordStatus.OPEN
    assert _status(platform, declaration.id) is Status.INSPECTION
    with platform.sessions() as s:
        assert queries.get_order(s, INSPECTOR, record.order_id).status is OrderStatus.IN_PROGRESS
    platform.clock.advance(timedelta(hours=2))  # type: ignore[attr-defined]
    done = _complete(platform, record.id, Result.CONFORM, "seals intact", attachments=[PHOTO])
    assert done.result is Result.CONFORM and done.ended_at == platform.clock.now()
    assert [a.sha256 for a in done.attachments] == ["ab" * 32]
    assert _status(platform, declaration.id) is Status.DUTY_ASSESSED
    assert _milestones(platform, declaration.id)[-2:] == ["E6", "E6_END"]
    with platform.sessions() as s:
        assert queries.get_order(s, INSPECTOR, record.order_id).status is OrderStatus.COMPLETED
        # The enterprise reads the result of its own declaration; others do not.
        assert records.get_visible(s, d.importer, record.id).findings == "seals intact"
        assert records.list_visible(s, d.broker) == []  # not the broker of this declaration
        with pytest.raises(NotFound):
            records.get_visible(s, d.exporter, record.id)


def test_physical_inspection_nonconform_suspends_with_the_findings(platform: Platform) -> None:
    setup = seed_inspection(platform)
    declaration = lodge(platform, setup.district.importer, Lane.RED, flow="import")
    record = _start(platform, declaration.number, RecordKind.PHYSICAL_INSPECTION)
    with pytest.raises(RuleViolation) as silent:
        _complete(platform, record.id, Result.NONCONFORM)
    assert silent.value.errors[0].rule == "inspection_record.findings"
    _complete(platform, record.id, Result.NONCONFORM, "wagons 12-14: solid waste mixed in ore")
    with platform.sessions() as s:
        found = get_visible(s, INSPECTOR, declaration.id)
        assert found.status is Status.SUSPENDED and found.suspended_from is Status.INSPECTION
        assert "solid waste" in found.events[-1].reason
    with pytest.raises(Conflict):
        _complete(platform, record.id, Result.CONFORM)


def test_document_check_moves_e5_and_nonconform_requests_amendment(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    yellow = lodge(platform, d.exporter, Lane.YELLOW)
    check = _start(platform, yellow.number, RecordKind.DOCUMENT_CHECK)
    assert _milestones(platform, yellow.id)[-1] == "E5"
    with pytest.raises(Conflict) as twice:
        _start(platform, yellow.number, RecordKind.DOCUMENT_CHECK)
    assert twice.value.extra["rule"] == "inspection_record.open"
    _complete(platform, check.id, Result.NONCONFORM, "UN38.3 summary model differs from item")
    assert _status(platform, yellow.id) is Status.AMENDMENT_REQUESTED
    other = lodge(platform, d.exporter, Lane.YELLOW)
    ok = _start(platform, other.number, RecordKind.DOCUMENT_CHECK)
    _complete(platform, ok.id, Result.CONFORM)
    assert _status(platform, other.id) is Status.DUTY_ASSESSED


def test_red_lane_document_check_waits_for_the_physical_inspection(platform: Platform) -> None:
    setup = seed_inspection(platform)
    red = lodge(platform, setup.district.importer, Lane.RED, flow="import")
    check = _start(platform, red.number, RecordKind.DOCUMENT_CHECK)
    _complete(platform, check.id, Result.CONFORM)
    assert _status(platform, red.id) is Status.DOCUMENT_CHECK
    _start(platform, red.number, RecordKind.PHYSICAL_INSPECTION)
    assert _milestones(platform, red.id)[-2:] == ["E5", "E6"]


def test_refused_moves_write_no_record_and_only_inspectors_record(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    submitted = lodge(platform, d.exporter)  # not yet accepted: no check can begin
    with pytest.raises(IllegalTransition):
        _start(platform, submitted.number, RecordKind.PHYSICAL_INSPECTION)
    for outsider in (RISK, ADMIN, d.exporter):
        with pytest.raises(PermissionDenied):
            _start(platform, submitted.number, RecordKind.DOCUMENT_CHECK, outsider)
    with platform.sessions() as s:
        assert records.list_visible(s, INSPECTOR, submitted.number) == []


def test_duplicate_attachment_is_refused(platform: Platform) -> None:
    setup = seed_inspection(platform)
    red = lodge(platform, setup.district.importer, Lane.RED, flow="import")
    record = _start(platform, red.number, RecordKind.PHYSICAL_INSPECTION)
    with platform.uow() as uow:
        records.add_attachments(uow, record.id, [PHOTO], INSPECTOR, platform.clock)
    with pytest.raises(RuleViolation) as again, platform.uow() as uow:
        records.add_attachments(uow, record.id, [PHOTO], INSPECTOR, platform.clock)
    assert again.value.errors[0].rule == "attachment.duplicate"


def _plan(**overrides: object) -> PlanInput:
    body: dict[str, object] = {
        "site": ORDOS_SITE,
        "weekdays": [2, 4],
        "window_start": time(15, 0),
        "window_end": time(17, 0),
        "expected_lots": 3,
        "valid_from": date(2026, 11, 20),
        "valid_to": date(2027, 1, 8),
        "description": "cells leave the line Tue/Thu afternoons for the Duisburg train",
    }
    body.update(overrides)
    return PlanInput.model_validate(body)


def test_tailored_plan_opens_reserved_windows_skipping_holidays(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    with platform.uow() as uow:
        plan = plans.file_plan(uow, _plan(), d.exporter, platform.clock)
    with platform.sessions() as s:
        windows = plans.windows(s, d.exporter, plan.id)
        with pytest.raises(NotFound):
            plans.windows(s, d.importer, plan.id)
    local = [w.starts_at + timedelta(hours=8) for w in windows]
    assert {t.isoweekday() for t in local} == {2, 4}
    assert {t.time() for t in local} == {time(15, 0)}
    assert date(2026, 12, 31) in {t.date() for t in local}
    assert date(2027, 1, 1) not in {t.date() for t in local}  # a holiday, and a Friday anyway
    assert len(windows) == 14 and all(w.reserved_for_id == d.exporter_id for w in windows)
    # Its own declarations book the windows; nobody else's can.
    mine = lodge(platform, d.exporter, Lane.GREEN)
    with platform.uow() as uow:
        bookings.book(
            uow,
            BookingInput(declaration=mine.number, slot_id=windows[0].id),
            d.exporter,
            platform.clock,
        )
    with platform.uow() as uow:
        withdrawn = plans.withdraw(uow, plan.id, d.exporter, platform.clock)
    assert withdrawn.status is InspectionPlanStatus.WITHDRAWN
    with platform.sessions() as s:
        assert [w.id for w in plans.windows(s, INSPECTOR, plan.id)] == [windows[0].id]


def test_plan_refusals(platform: Platform) -> None:
    setup = seed_inspection(platform)
    d = setup.district
    cases = [
        (_plan(window_end=time(14, 0)), "plan.window"),
        (_plan(valid_to=date(2026, 11, 1)), "plan.period"),
        (_plan(valid_to=date(2027, 12, 31)), "plan.period"),
        (_plan(weekdays=[6], valid_to=date(2026, 11, 20)), "plan.no_windows"),
        (_plan(site="NOPE"), "unknown_site"),
    ]
    for body, rule in cases:
        with pytest.raises(RuleViolation) as refused, platform.uow() as uow:
            plans.file_plan(uow, body, d.exporter, platform.clock)
        assert rule in [e.rule for e in refused.value.errors]
    with pytest.raises(PermissionDenied), platform.uow() as uow:
        plans.file_plan(uow, _plan(), d.broker, platform.clock)
    with pytest.raises(RuleViolation), platform.uow() as uow:
        plans.file_plan(uow, _plan(), INSPECTOR, platform.clock)  # customs must name whom
    with platform.uow() as uow:
        filed = plans.file_plan(uow, _plan(enterprise_id=d.exporter_id), INSPECTOR, platform.clock)
    assert filed.filed_by == "inspector"
