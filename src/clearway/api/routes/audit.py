"""The audit trail's verification (administrators)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from clearway.api.deps import ActorDep, SessionDep
from clearway.audit.verification import verification_for

router = APIRouter(prefix="/audit", tags=["audit"])


class BrokenLinkPublic(BaseModel):
    table: str
    stream: str
    row_id: int
    problem: str


class VerificationPublic(BaseModel):
    intact: bool
    checked: dict[str, int]
    broken: BrokenLinkPublic | None


@router.get("/verification", response_model=VerificationPublic)
def verification(actor: ActorDep, session: SessionDep) -> VerificationPublic:
    """Walk the hash chains of the audit trail and the declaration timelines; `broken` names
    the first row that was edited, removed or written around the platform."""
    result = verification_for(session, actor)
    broken = result.broken
    return VerificationPublic(
        intact=result.intact,
        checked=result.checked,
        broken=BrokenLinkPublic(**broken.__dict__) if broken else None,
    )
