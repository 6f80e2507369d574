"""What a trader is told about its lane. Pure.

Selection reasons name risk rules, model scores and percentiles: telling them to the trader
would teach how to slip past targeting. Customs users read the full reason; traders and
brokers (and the notifications sent to them) get the lane and a plain reason only.
"""

from __future__ import annotations

from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from clearway.identity.model import Actor

PLAIN_REASONS: dict[Lane, str] = {
    Lane.GREEN: "released without checks",
    Lane.YELLOW: "selected for a document check",
    Lane.RED: "selected for a physical inspection of the goods",
    Lane.BLUE: "released; customs may audit the declaration after clearance",
}
# The commands whose reason is the selection's (or an officer's re-routing) reason.
LANE_COMMANDS = frozenset({Command.ASSIGN_LANE.value, Command.REROUTE.value})


def plain_lane_reason(lane: str | None) -> str:
    """The lane and its plain meaning, e.g. ``red lane: selected for a physical inspection…``."""
    if not lane:
        return ""
    return f"{lane} lane: {PLAIN_REASONS[Lane(lane)]}"


def lane_reason_for(actor: Actor, lane: str | None, reason: str) -> str:
    """The declaration's lane reason as this actor may read it."""
    if actor.is_customs or not reason:
        return reason
    return plain_lane_reason(lane)


def event_reason_for(actor: Actor | None, command: str, lane: str | None, reason: str) -> str:
    """A timeline line's reason as this actor (None: the trader told by notification) may read
    it; only the lane commands' reasons are withheld, an amendment request's stays readable."""
    if command not in LANE_COMMANDS or (actor is not None and actor.is_customs):
        return reason
    return plain_lane_reason(lane) or reason
