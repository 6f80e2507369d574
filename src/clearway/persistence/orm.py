"""Imperative mapping of the domain classes onto the tables, so the domain imports no ORM."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import registry, relationship

from clearway.declarations import tables as declaration_tables
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
from clearway.enterprises import tables as enterprise_tables
from clearway.enterprises.model import (
    AuthorisationScope,
    BrokerAuthorisation,
    CreditLevel,
    CreditRecord,
    Enterprise,
)
from clearway.identity import tables as identity_tables
from clearway.identity.model import Role, User
from clearway.persistence.enums import coerce_enums_on_load
from clearway.persistence.orm_bonded import map_bonded
from clearway.persistence.orm_inspection import map_inspection
from clearway.persistence.orm_liaison import map_liaison
from clearway.persistence.orm_ore import map_ore
from clearway.persistence.orm_supervision import map_supervision
from clearway.reference import tables as reference_tables
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
    reg.map_imperatively(TariffLine, reference_tables.tariff_lines)
    reg.map_imperatively(ExchangeRate, reference_tables.exchange_rates)
    reg.map_imperatively(CustomsOffice, reference_tables.customs_offices)
    reg.map_imperatively(
        CreditRecord,
        enterprise_tables.credit_records,
        properties={
            "level": enterprise_tables.credit_records.c.level,
        },
    )
    reg.map_imperatively(
        Enterprise,
        enterprise_tables.enterprises,
        properties={
            "credit_history": relationship(
                CreditRecord,
                order_by=enterprise_tables.credit_records.c.effective_from,
                lazy="selectin",
                cascade="all, delete-orphan",
            ),
        },
    )
    reg.map_imperatively(BrokerAuthorisation, enterprise_tables.broker_authorisations)
    reg.map_imperatively(User, identity_tables.users)
    reg.map_imperatively(DeclarationItem, declaration_tables.declaration_items)
    reg.map_imperatively(Document, declaration_tables.declaration_documents)
    reg.map_imperatively(DeclarationEvent, declaration_tables.declaration_events)
    reg.map_imperatively(
        Declaration,
        declaration_tables.declarations,
        version_id_col=declaration_tables.declarations.c.version,
        properties={
            "items": relationship(
                DeclarationItem,
                order_by=declaration_tables.declaration_items.c.line_no,
                lazy="selectin",
                cascade="all, delete-orphan",
            ),
            "documents": relationship(
                Document,
                order_by=declaration_tables.declaration_documents.c.id,
                lazy="selectin",
                cascade="all, delete-orphan",
            ),
            "events": relationship(
                DeclarationEvent,
                order_by=declaration_tables.declaration_events.c.seq,
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
