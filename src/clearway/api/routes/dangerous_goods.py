"""Lithium-battery dangerous-goods checks: try a declaration, and read what submission found.

The same checks run inside every submission of an export declaration (see
``clearway.dangerous_goods.services``); these endpoints let a declarant check first, and let
whoever sees a declaration read why it was routed the way it was.
"""

from __future__ import annotations

from fastapi import APIRouter

from clearway.api.deps import ActorDep, PlatformDep, SessionDep
from clearway.api.schemas_dangerous_goods import CheckResultPublic, StoredCheckPublic
from clearway.dangerous_goods import queries, services
from clearway.dangerous_goods.policy import policy_of
from clearway.declarations.commands import DeclarationInput

router = APIRouter(tags=["dangerous goods"])


@router.post("/dangerous-goods/check", response_model=CheckResultPublic)
def check(body: DeclarationInput, actor: ActorDep, platform: PlatformDep) -> CheckResultPublic:
    """Run the district's lithium-battery checks on a declaration without lodging it."""
    today = platform.clock.now().date()
    return CheckResultPublic.of(*services.check(body, policy_of(platform.settings), today))


@router.get("/declarations/{ref}/dangerous-goods", response_model=list[StoredCheckPublic])
def stored(ref: str, actor: ActorDep, session: SessionDep) -> list[StoredCheckPublic]:
    """The checks stored at each submission of a declaration, newest first."""
    return [StoredCheckPublic.model_validate(c) for c in queries.checks_of(session, actor, ref)]
