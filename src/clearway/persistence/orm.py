"""Imperative mapping of the domain classes onto the tables, so the domain imports no ORM."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import registry, relationship

from clearway.declarations.model import (
    Declaration,
    DeclarationEvent,
    DeclarationItem,
    Document,
    FacilitationMode,
    Flow,
    Lane,
    TransportMode,
)
from clearway.declarations.status import Status
from clearway.enterprises.model import (
    AuthorisationScope,
    BrokerAuthorisation,
    CreditLevel,
    CreditRecord,
    Enterprise,
)
from clearway.identity.model import Role, User
from clearway.persistence import tables as t
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.orm_bonded import map_bonded
from clearway.persistence.orm_inspection import map_inspection
from clearway.persistence.orm_liaison import map_liaison
from clearway.persistence.orm_ore import map_ore
from clearway.persistence.orm_supervision import map_supervision
from clearway.reference.model import CustomsOffice, ExchangeRate, TariffLine

mapper_registry = registry()
_mapped = False


def start_mappers() -> None:
    """Map once per process; safe to call from every entry point."""
    global _mapped
    if _mapped:
        return
    _mapped = True
    reg = mapper_registry
    reg.map_imperatively(TariffLine, t.tariff_lines)
    reg.map_imperatively(ExchangeRate, t.exchange_rates)
    reg.map_imperatively(CustomsOffice, t.customs_offices)
    reg.map_imperatively(
        CreditRecord,
        t.credit_records,
        properties={
            "level": t.credit_records.c.level,
        },
    )
    reg.map_imperatively(
        Enterprise,
        t.enterprises,
        properties={
            "credit_history": relationship(
                CreditRecord,
                order_by=t.credit_records.c.effective_from,
                lazy="selectin",
                cascade="all, delete-orphan",
            ),
        },
    )
    reg.map_imperatively(BrokerAuthorisation, t.broker_authorisations)
    reg.map_imperatively(User, t.users)
    reg.map_imperatively(DeclarationItem, t.declaration_items)
    reg.map_imperatively(Document, t.declaration_documents)
    reg.map_imperatively(DeclarationEvent, t.declaration_events)
    reg.map_imperatively(
        Declaration,
        t.declarations,
        version_id_col=t.declarations.c.version,
        properties={
            "items": relationship(
                DeclarationItem,
                order_by=t.declaration_items.c.line_no,
                lazy="selectin",
                cascade="all, delete-orphan",
            ),
            "documents": relationship(
                Document,
                order_by=t.declaration_documents.c.id,
                lazy="selectin",
                cascade="all, delete-orphan",
            ),
            "events": relationship(
                DeclarationEvent,
                order_by=t.declaration_events.c.seq,
                lazy="selectin",
                cascade="all, delete-orphan",
            ),
        },
    )
    coerce_enums_on_load(_ENUM_ATTRS)
    map_bonded(reg)
    map_liaison(reg)
    map_ore(reg)
    map_inspection(reg)
    map_supervision(reg)


# Enum-typed attributes are stored as strings and come back as enums on load.
_ENUM_ATTRS: dict[type, dict[str, Any]] = {
    Declaration: {
        "flow": Flow,
        "status": Status,
        "lane": Lane,
        "suspended_from": Status,
        "transport_mode": TransportMode,
        "facilitation_mode": FacilitationMode,
    },
    CreditRecord: {"level": CreditLevel},
    BrokerAuthorisation: {"scope": AuthorisationScope},
    User: {"role": Role},
}
