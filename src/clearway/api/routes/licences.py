"""The licence register: licences customs records from their issuing authorities, their
balance and write-offs, and the dated supervision-condition table they are judged by."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_licensing import (
    ConditionPublic,
    DrawdownPublic,
    LicenceDetail,
    LicencePublic,
)
from clearway.licensing import queries, services
from clearway.licensing.commands import LicenceInput
from clearway.licensing.conditions import licence_conditions
from clearway.licensing.model import Licence
from clearway.shared.bounds import Id

router = APIRouter(prefix="/licences", tags=["licences"])
Number = Annotated[str, Path(min_length=1, max_length=40)]


@router.get("/conditions", response_model=list[ConditionPublic])
def conditions(actor: ActorDep) -> list[ConditionPublic]:
    """The supervision-condition codes and the documents they call for, every period."""
    return [ConditionPublic.model_validate(c, from_attributes=True) for c in licence_conditions()]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=LicencePublic)
def record(body: LicenceInput, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> Licence:
    """Record a licence as its issuing authority sent it (customs document desk)."""
    return services.record_licence(uow, body, actor, platform.clock)


@router.get("", response_model=list[LicencePublic])
def list_licences(actor: ActorDep, session: SessionDep, holder: Id | None = None) -> list[Licence]:
    """The licences the caller may read (an enterprise: those it holds), newest first."""
    return queries.licences(session, actor, holder)


@router.get("/{number}", response_model=LicenceDetail)
def show(number: Number, actor: ActorDep, session: SessionDep) -> LicenceDetail:
    """One licence with its balance and every write-off against it."""
    licence = queries.licence(session, actor, number)
    return LicenceDetail(
        **LicencePublic.model_validate(licence).model_dump(),
        drawdowns=[DrawdownPublic.model_validate(d) for d in queries.drawdowns(session, licence)],
    )
