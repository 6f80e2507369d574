"""Enterprises, their credit history and broker authorisations."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, status

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas import AuthorisationPublic, CreditRecordPublic, EnterprisePublic
from clearway.enterprises import services
from clearway.enterprises.commands import AuthorisationInput, CreditLevelInput, EnterpriseInput
from clearway.enterprises.model import BrokerAuthorisation, Enterprise
from clearway.shared.bounds import Id

router = APIRouter(prefix="/enterprises", tags=["enterprises"])


def present(enterprise: Enterprise, day: date) -> EnterprisePublic:
    """An enterprise with the credit level in force on a day and its full history."""
    return EnterprisePublic(
        id=enterprise.id,
        uscc=enterprise.uscc,
        customs_code=enterprise.customs_code,
        name=enterprise.name,
        name_en=enterprise.name_en,
        roles=[r.value for r in enterprise.role_list],
        address=enterprise.address,
        credit_level=enterprise.credit_level_on(day).value,
        credit_history=[CreditRecordPublic.model_validate(r) for r in enterprise.credit_history],
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=EnterprisePublic)
def register(
    body: EnterpriseInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> EnterprisePublic:
    """Register an enterprise (USCC check digit validated)."""
    enterprise = services.register(uow, body, actor, platform.clock)
    return present(enterprise, platform.clock.now().date())


@router.get("", response_model=list[EnterprisePublic])
def list_enterprises(
    actor: ActorDep, session: SessionDep, platform: PlatformDep
) -> list[EnterprisePublic]:
    """The register (customs) or the caller's own enterprise and its linked parties."""
    today = platform.clock.now().date()
    return [present(e, today) for e in services.list_enterprises(session, actor)]


@router.get("/{enterprise_id}", response_model=EnterprisePublic)
def read(
    enterprise_id: Id, actor: ActorDep, session: SessionDep, platform: PlatformDep
) -> EnterprisePublic:
    return present(
        services.visible_enterprise(session, actor, enterprise_id), platform.clock.now().date()
    )


@router.post(
    "/{enterprise_id}/credit-levels",
    status_code=status.HTTP_201_CREATED,
    response_model=EnterprisePublic,
)
def change_credit(
    enterprise_id: Id, body: CreditLevelInput, actor: ActorDep, uow: UowDep, platform: PlatformDep
) -> EnterprisePublic:
    """Record a new credit level from a date; the history keeps every earlier level."""
    enterprise = services.change_credit_level(uow, enterprise_id, body, actor, platform.clock)
    return present(enterprise, platform.clock.now().date())


@router.get("/{enterprise_id}/authorisations", response_model=list[AuthorisationPublic])
def authorisations(
    enterprise_id: Id, actor: ActorDep, session: SessionDep
) -> list[BrokerAuthorisation]:
    """Mandates the enterprise gave (as principal) or holds (as broker)."""
    services.visible_enterprise(session, actor, enterprise_id)
    return services.authorisations_of(session, enterprise_id)


@router.post(
    "/{enterprise_id}/authorisations",
    status_code=status.HTTP_201_CREATED,
    response_model=AuthorisationPublic,
)
def authorise(
    enterprise_id: Id,
    body: AuthorisationInput,
    actor: ActorDep,
    uow: UowDep,
    platform: PlatformDep,
) -> BrokerAuthorisation:
    """The principal authorises a broker for a flow scope and period."""
    return services.authorise_broker(uow, enterprise_id, body, actor, platform.clock)
