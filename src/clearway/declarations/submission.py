"""Submitting a declaration: the move, the lithium-battery checks, screening and the lane.

This is the whole submission, in the order it runs, in the submitting transaction: nothing is
written when a check refuses, and no declaration is ever left submitted but unscreened. Values
pass in memory from one step to the next (the checks' soft findings become the lanes screening
must reach at least), and the declaration is written once, with every move, before the results
are stored beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from clearway.dangerous_goods.services import SubmissionCheck, lane_floors
from clearway.declarations.model import Declaration
from clearway.declarations.status import Command, Status
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor
from clearway.licensing.writeoff import write_off
from clearway.persistence.db import UnitOfWork
from clearway.risk.screening import RISK_ENGINE, Screener, accept_and_route
from clearway.risk.tables import risk_screenings
from clearway.shared.clock import Clock


class Release(Protocol):
    """Release of a just-routed declaration where the district allows it (``arrivals``)."""

    def __call__(self, session: Session, declaration: Declaration, at: datetime) -> object: ...


@dataclass(frozen=True)
class Submission:
    """What a submission runs after its move: the district's lithium-battery checks, when
    screening is on the screener (``None`` leaves routing to officers), and the automatic
    release of the lanes the district lets go by themselves (``None``: officers release)."""

    lithium_batteries: SubmissionCheck
    screener: Screener | None
    release: Release | None = None


def submit(
    uow: UnitOfWork,
    declaration: Declaration,
    actor: Actor,
    at: datetime,
    submission: Submission,
    reason: str = "",
) -> None:
    """Submit a lodged or amended declaration, screen it and route it, before the commit."""
    declaration.apply(Command.SUBMIT, actor, at, reason=reason)
    lithium = submission.lithium_batteries.assess(declaration)  # hard findings refuse here
    screener, screening = submission.screener, None
    if screener is not None:
        with uow.session.no_autoflush:  # screening reads what is stored; ours is written below
            screening = screener.assess(uow.session, declaration, at, lane_floors(lithium))
        if screener.auto_accept:
            accept_and_route(declaration, screening, at)
            _release(uow.session, declaration, at, submission)
    uow.flush()  # the declaration, its goods and its moves, written once
    write_off(uow.session, declaration, at)  # licences the goods lines call for, drawn down
    submission.lithium_batteries.record(uow.session, declaration, lithium, actor, at)
    if screener is not None and screening is not None:
        screener.record(uow.session, declaration, screening)


def screen_pending(uow: UnitOfWork, submission: Submission, clock: Clock) -> list[str]:
    """Screen every submitted declaration that has no screening since it was lodged
    (submitted while screening was off); each in its own transaction. Their numbers."""
    screener = submission.screener
    if screener is None:
        return []
    d, s = declarations.c, risk_screenings.c
    screened = exists().where(s.declaration_id == d.id, s.screened_at >= d.lodged_at)
    pending = uow.session.scalars(
        select(d.id).where(d.status == Status.SUBMITTED.value, ~screened).order_by(d.id)
    ).all()
    done: list[str] = []
    for declaration_id in pending:
        declaration = uow.session.get(Declaration, declaration_id)
        if declaration is None:
            continue
        at = clock.now()
        floors = lane_floors(submission.lithium_batteries.findings(declaration))
        screening = screener.assess(uow.session, declaration, at, floors)
        if screener.auto_accept:
            accept_and_route(declaration, screening, at)
            _release(uow.session, declaration, at, submission)
        uow.flush()
        screener.record(uow.session, declaration, screening)
        uow.commit()
        done.append(declaration.number)
    return done


def _release(session: Session, declaration: Declaration, at: datetime, sub: Submission) -> None:
    """Green and blue lanes release themselves when the district says so and the duty is
    covered; written with the declaration's other moves (hence no autoflush)."""
    if sub.release is not None:
        with session.no_autoflush:
            sub.release(session, declaration, at)


__all__ = ["RISK_ENGINE", "Submission", "screen_pending", "submit"]
