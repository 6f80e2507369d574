"""Green and blue lanes release themselves: no officer looks at goods the risk engine cleared.

A declaration the risk engine routes to a lane the district releases automatically
(``CLEARWAY_AUTO_RELEASE_GREEN``, ``CLEARWAY_AUTO_RELEASE_BLUE``) is released in the submitting
transaction by the platform (actor ``system``, milestone E8) when its duty and VAT are covered —
nothing due, paid, or secured now by one of the trader's guarantees
(:func:`~clearway.arrivals.release.release_if_covered`). Otherwise it waits, risk assessed,
for payment and an officer, as before. A blue release opens its post-clearance audit task
through the event handler ``bootstrap`` registers, whoever releases it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from clearway.arrivals.release import Released, release_if_covered
from clearway.config import Settings
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.status import Status
from clearway.identity.model import Actor

SYSTEM = Actor.system()


@dataclass(frozen=True)
class LaneRelease:
    """The lanes a district releases on submission."""

    lanes: frozenset[Lane]

    def __call__(self, session: Session, declaration: Declaration, at: datetime) -> Released | None:
        """Release a just-routed declaration of one of the lanes if its duty is covered;
        None when the lane is not one of them."""
        lane = declaration.lane
        if declaration.status is not Status.RISK_ASSESSED or lane not in self.lanes:
            return None
        why = f"{lane.value} lane: released on submission, duty and VAT covered"
        return release_if_covered(session, declaration, SYSTEM, at, why)


def lane_release_for(settings: Settings) -> LaneRelease | None:
    """The district's automatic release, or None when it releases no lane by itself."""
    lanes = {Lane.GREEN} if settings.auto_release_green else set()
    if settings.auto_release_blue:
        lanes.add(Lane.BLUE)
    return LaneRelease(frozenset(lanes)) if lanes else None
