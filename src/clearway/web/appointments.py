"""Appointment requests for inspection officers: confirm or decline clearance outside office hours.

Decisions go through ``inspection.appointments.act``, the use case the API calls, so the same
rules refuse the same things: a decline without a reason, a request decided or changed since
the page was drawn (the form carries the version it was drawn at), an appointment whose time
has begun. A refusal redraws the list with the error beside that request's form (a missing
reason beside the reason, anything else beside the buttons), and nothing is written.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.api.deps import PlatformDep, SessionDep
from clearway.bootstrap import Platform
from clearway.declarations.tables import declarations
from clearway.inspection import appointments
from clearway.inspection.commands import DecisionInput
from clearway.inspection.status import AppointmentCommand, AppointmentStatus
from clearway.shared.errors import ClearwayError, NotFound, RuleViolation
from clearway.web.auth import Viewer, ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.facilitation import refusal
from clearway.web.forms import FormDep, FormErrors, text
from clearway.web.inspection import typed
from clearway.web.queries import enterprise_names
from clearway.web.templating import render

router = web_router("/inspection")
PAGE = "/inspection/appointments"
LIMIT = 50
DECISIONS = (AppointmentCommand.CONFIRM, AppointmentCommand.DECLINE)
DONE = {AppointmentCommand.CONFIRM: "confirmed", AppointmentCommand.DECLINE: "declined"}


def _page(
    request: Request,
    platform: Platform,
    viewer: Viewer,
    db: Session,
    status: AppointmentStatus,
    code: int = 200,
    notice: str = "",
    refused: dict[int, FormErrors] | None = None,
    reasons: dict[int, str] | None = None,
) -> Response:
    found = appointments.list_visible(db, viewer.actor, status=status.value, limit=LIMIT)
    d = declarations.c
    wanted = {a.declaration_id for a in found if a.declaration_id is not None}
    numbers = {i: n for i, n in db.execute(select(d.id, d.number).where(d.id.in_(wanted)))}
    return render(
        request,
        "inspection/appointments.html",
        viewer,
        status_code=code,
        active="appointments",
        appointments=found,
        numbers=numbers,
        names=enterprise_names(db, [a.enterprise_id for a in found]),
        status=status,
        statuses=[s.value for s in AppointmentStatus],
        notice=notice,
        refused=refused or {},
        reasons=reasons or {},
        tz=platform.settings.office_timezone,
        page=PAGE,
    )


@router.get("/appointments")
def requests_page(
    request: Request,
    platform: PlatformDep,
    viewer: ViewerDep,
    db: SessionDep,
    status: str = AppointmentStatus.REQUESTED.value,
    done: str = "",
) -> Response:
    """The requests still to decide (or those of another status), oldest time first."""
    ensure_area(viewer, "appointments")
    try:
        chosen = AppointmentStatus(status)
    except ValueError:
        raise NotFound("appointment status", status) from None
    notice = f"Appointment {done}." if done in DONE.values() else ""
    return _page(request, platform, viewer, db, chosen, notice=notice)


def _decision(raw: str) -> AppointmentCommand:
    if raw not in {c.value for c in DECISIONS}:
        raise RuleViolation.single("decision", "choice", "confirm or decline the request")
    return AppointmentCommand(raw)


@router.post("/appointments/{appointment_id}/decision")
def decide(
    request: Request,
    appointment_id: int,
    platform: PlatformDep,
    viewer: ViewerDep,
    form: FormDep,
) -> Response:
    """Confirm or decline one request; a refusal comes back beside its form."""
    ensure_area(viewer, "appointments")
    reason = text(form, "reason")
    try:
        command = _decision(text(form, "decision"))
        data = typed(
            DecisionInput, {"reason": reason, "expected_version": text(form, "version") or None}
        )
        with platform.uow() as uow:
            appointments.act(uow, appointment_id, command, data, viewer.actor, platform.clock)
    except NotFound:
        raise
    except ClearwayError as refused:
        with platform.read_session() as db:
            return _page(
                request,
                platform,
                viewer,
                db,
                AppointmentStatus.REQUESTED,
                refused.status if refused.status in (409, 422) else 422,
                f"Nothing was changed: {refused.detail}",
                {appointment_id: FormErrors(refusal(refused, "decision"))},
                {appointment_id: reason},
            )
    target = f"{PAGE}?done={DONE[command]}#appointment-{appointment_id}"
    return RedirectResponse(target, status_code=303)
