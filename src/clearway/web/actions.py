"""Lifecycle commands from the portal: which a viewer may give, and giving one.

What is offered is :func:`clearway.declarations.policy.commands_for`: what the current status
allows *and* the viewer may give, so the buttons never promise what the service would refuse.
Giving one goes through the same :func:`clearway.declarations.services.act` as the API, with
the version the page showed.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from starlette.datastructures import FormData

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import ActionInput
from clearway.declarations.model import REASON_REQUIRED, Declaration
from clearway.declarations.policy import commands_for
from clearway.declarations.status import Command
from clearway.identity.model import Actor
from clearway.shared.errors import RuleViolation
from clearway.web.forms import pydantic_errors, text

LABELS = {
    Command.REROUTE: "Re-route",
    Command.ASSIGN_LANE: "Assign lane",
    Command.BEGIN_DOCUMENT_CHECK: "Begin document check",
    Command.BEGIN_INSPECTION: "Begin inspection",
    Command.ASSESS_DUTY: "Assess duty",
    Command.REQUEST_AMENDMENT: "Request amendment",
    Command.RECORD_MANIFEST: "Record manifest",
    Command.RECORD_ARRIVAL: "Record arrival",
}
_LANE_COMMANDS = frozenset({Command.ASSIGN_LANE, Command.REROUTE})
_STOPPING = frozenset({Command.REJECT, Command.CANCEL, Command.SUSPEND})
# What a page says after a write that redirected to it with ``?done=<code>``.
DONE = {
    "saved": "Draft saved.",
    "submitted": "Declaration submitted.",
    "document": "Document attached.",
    "booked": "Inspection slot booked.",
    "rescheduled": "Booking moved to the new slot.",
    "cancelled": "Booking cancelled.",
    "record_started": "Inspection record opened; the declaration moved to its check.",
    "record_completed": "Result recorded; the declaration moved on.",
    "appointment": "Appointment requested; customs will confirm or decline it.",
    "completed": "Complete declaration lodged under the summary's number.",
    **{c.value: f"Done: {LABELS.get(c, c.value.replace('_', ' ')).lower()}." for c in Command},
}


def notice_for(done: str) -> str:
    return DONE.get(done, "")


@dataclass(frozen=True)
class ActionView:
    """One command as a button (and the reason, lane or duty inputs it needs)."""

    command: str
    label: str
    needs_reason: bool
    needs_lane: bool
    takes_duty: bool
    stops: bool


def view_of(command: Command) -> ActionView:
    return ActionView(
        command=command.value,
        label=LABELS.get(command, command.value.replace("_", " ").capitalize()),
        needs_reason=command in REASON_REQUIRED,
        needs_lane=command in _LANE_COMMANDS,
        takes_duty=command is Command.ASSESS_DUTY,
        stops=command in _STOPPING,
    )


def allowed(actor: Actor, declaration: Declaration) -> list[ActionView]:
    return [view_of(command) for command in commands_for(actor, declaration)]


def action_input(form: FormData) -> ActionInput:
    """The command's reason, lane, duty and the version the page showed, typed as the API's."""
    raw = {
        "reason": text(form, "reason"),
        "lane": text(form, "lane") or None,
        "expected_version": text(form, "expected_version") or None,
        "duty_amount": text(form, "duty_amount").strip() or None,
    }
    try:
        return ActionInput.model_validate(raw)
    except ValidationError as invalid:
        raise RuleViolation(pydantic_errors(list(invalid.errors()))) from invalid


def give(
    platform: Platform, actor: Actor, ref: str, command: Command, form: FormData
) -> Declaration:
    """Give the command in one transaction; refusals propagate for the page to show."""
    action = action_input(form)
    with platform.uow() as uow:
        return services.act(uow, ref, command, action, actor, platform.clock, platform.submission)
