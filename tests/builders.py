"""Builders in customs terms, shared by the integration and end-to-end tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import DeclarationInput
from clearway.declarations.model import Declaration, Lane
from clearway.declarations.status import Command
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import AuthorisationInput, EnterpriseInput
from clearway.enterprises.model import AuthorisationScope, CreditLevel, EnterpriseRole
from clearway.enterprises.rules import make_uscc
from clearway.identity.model import Actor, Role, User
from clearway.identity.services import actor_of, create_user
from clearway.identity.tables import users
from clearway.identity.tokens import issue_token
from clearway.reference.model import CustomsOffice
from clearway.reference.services import SessionReference
from clearway.setup.steps import load_reference_defaults

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
TODAY = NOW.date()
ORDOS, HORGOS = "0291", "7909"
ADMIN = Actor(user_id=None, username="admin", role=Role.ADMINISTRATOR)
RISK = Actor(user_id=None, username="risk", role=Role.RISK_OFFICER)
INSPECTOR = Actor(user_id=None, username="inspector", role=Role.INSPECTION_OFFICER)
# Every user the tests create signs in with this password.
PASSWORD = "clearway-test-pw"


def real_user(
    platform: Platform,
    username: str,
    role: Role,
    enterprise_id: int | None = None,
    office_code: str | None = None,
) -> Actor:
    """The actor of a real user row, created as an administrator would unless it exists.

    The API checks every bearer token against the users table, so a token a test sends must
    speak for a user that is really there, with the token's role and enterprise.
    """
    with platform.uow() as uow:
        user = uow.session.scalars(select(User).where(users.c.username == username)).first()
        if user is None:
            user = create_user(
                uow,
                username,
                PASSWORD,
                username.title(),
                role,
                enterprise_id,
                ADMIN,
                platform.clock,
                office_code,
            )
        return actor_of(user, platform.settings.unassigned_officers_district_wide)


def token_for(platform: Platform, actor: Actor) -> str:
    """A bearer token for a real user's actor (see :func:`real_user`), valid in real time."""
    assert actor.user_id is not None, "tokens are for real users: build the actor with real_user"
    return issue_token(actor, platform.settings.secret_key, 30, datetime.now(UTC))


def bearer(platform: Platform, actor: Actor) -> dict[str, str]:
    """The Authorization header of a token for a real user's actor."""
    return {"Authorization": f"Bearer {token_for(platform, actor)}"}


@dataclass
class District:
    """A small district: two traders, a broker mandated by one of them, one unmandated broker."""

    exporter_id: int
    importer_id: int
    broker_id: int
    other_broker_id: int
    exporter: Actor
    importer: Actor
    broker: Actor
    other_broker: Actor


def register_enterprise(
    platform: Platform,
    n: int,
    name: str,
    roles: list[EnterpriseRole],
    level: CreditLevel = CreditLevel.REGULAR,
) -> int:
    with platform.uow() as uow:
        return enterprises.register(
            uow,
            EnterpriseInput(
                uscc=make_uscc(f"9115060000000{n:04d}"),
                customs_code=f"15069{n:05d}",
                name=name,
                roles=roles,
                credit_level=level,
                credit_since=date(2020, 1, 1),
            ),
            ADMIN,
            platform.clock,
        ).id


def seed_district(platform: Platform) -> District:
    load_reference_defaults(platform, ADMIN)
    with platform.uow() as uow:
        uow.session.add(
            CustomsOffice(
                code=ORDOS,
                name="鄂尔多斯海关",
                name_en="Ordos Customs",
                port="Ordos Comprehensive Bonded Zone",
            )
        )
        uow.session.add(
            CustomsOffice(
                code=HORGOS, name="霍尔果斯海关", name_en="Horgos Customs", port="Horgos rail port"
            )
        )
        uow.commit()
    trader = [EnterpriseRole.TRADER]
    exporter = register_enterprise(
        platform, 1, "鄂尔多斯清源锂电科技有限公司", trader, CreditLevel.ADVANCED_CERTIFIED
    )
    importer = register_enterprise(platform, 2, "新疆天山钢铁贸易有限公司", trader)
    brokers = [EnterpriseRole.BROKER]
    broker = register_enterprise(platform, 3, "霍尔果斯中哈物流报关有限公司", brokers)
    other = register_enterprise(platform, 4, "Other Brokerage Ltd.", brokers)
    with platform.uow() as uow:
        enterprises.authorise_broker(
            uow,
            importer,
            AuthorisationInput(
                broker_id=broker,
                scope=AuthorisationScope.IMPORT,
                valid_from=date(2024, 1, 1),
                valid_to=date(2027, 12, 31),
            ),
            ADMIN,
            platform.clock,
        )
    return District(
        exporter_id=exporter,
        importer_id=importer,
        broker_id=broker,
        other_broker_id=other,
        exporter=Actor(
            user_id=None, username="exporter", role=Role.ENTERPRISE_USER, enterprise_id=exporter
        ),
        importer=Actor(
            user_id=None, username="importer", role=Role.ENTERPRISE_USER, enterprise_id=importer
        ),
        broker=Actor(user_id=None, username="broker", role=Role.BROKER_USER, enterprise_id=broker),
        other_broker=Actor(
            user_id=None, username="other", role=Role.BROKER_USER, enterprise_id=other
        ),
    )


def battery_item(value: str = "420000.00", **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "tariff_code": "8507600030",
        "goods_name": "储能电池柜 Energy storage cabinet",
        "quantity": "2",
        "unit": "pcs",
        "net_weight": "5800",
        "gross_weight": "6200",
        "value": value,
        "origin_country": "CN",
        "destination_country": "DE",
        "dangerous_goods": {
            "un_number": "UN3480",
            "name": "LITHIUM ION BATTERIES",
            "packaging_category": "II",
            "packaging_spec": "4G box",
        },
    }
    item.update(overrides)
    return item


def ore_item(value: str = "4300000.00", kg: str = "5000000", **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "tariff_code": "2601111000",
        "goods_name": "铁精矿粉 Iron ore concentrate",
        "quantity": kg,
        "unit": "kg",
        "net_weight": kg,
        "gross_weight": kg,
        "value": value,
        "origin_country": "KZ",
        "destination_country": "CN",
        "ore": {"grain_size_class": "<0.8mm", "fe_pct": "64.5", "moisture_pct": "9.5"},
    }
    item.update(overrides)
    return item


def declaration_body(
    flow: str = "export", items: list[dict[str, Any]] | None = None, **overrides: Any
) -> dict[str, Any]:
    """A valid declaration body; totals follow the items unless overridden."""
    items = items if items is not None else ([battery_item()] if flow == "export" else [ore_item()])
    body: dict[str, Any] = {
        "flow": flow,
        "office_code": ORDOS if flow == "export" else HORGOS,
        "port_code": "0291" if flow == "export" else "7909",
        "transport_mode": "rail",
        "transport_means": "X8001",
        "supervision_mode": "0110",
        "trade_country": "DE" if flow == "export" else "KZ",
        "currency": "CNY",
        "total_value": str(sum(Decimal(str(i["value"])) for i in items)),
        "net_weight": str(sum(Decimal(str(i["net_weight"])) for i in items)),
        "gross_weight": str(sum(Decimal(str(i["gross_weight"])) for i in items)),
        "packages": 1,
        "overseas_party": "Nordvolt Energy GmbH",
        "declaration_date": TODAY.isoformat(),
        "items": items,
    }
    body.update(overrides)
    return body


def make_declaration(**overrides: Any) -> DeclarationInput:
    return DeclarationInput.model_validate(declaration_body(**overrides))


def every_block_declaration() -> DeclarationInput:
    """A declaration using every part a lodgement stores: battery and ore items, a document."""
    doc = {
        "doc_type": "un38_3_summary",
        "number": "T-1",
        "issuer": "Lab",
        "issue_date": "2024-01-02",
    }
    return make_declaration(items=[battery_item(), ore_item()], documents=[doc])


def lodge_routed(platform: Platform, actor: Actor) -> Declaration:
    """A declaration lodged, submitted, accepted and routed green by a risk officer in one
    transaction, as screening with auto-accept would."""
    with platform.uow() as uow:
        now = platform.clock.now()
        reference = SessionReference(uow.session)
        declaration = services.build(uow.session, make_declaration(), actor, now, reference, 50)
        services.lodge(uow, declaration, actor, now, platform.submission)
        declaration.apply(Command.ACCEPT, RISK, now)
        declaration.apply(Command.ASSIGN_LANE, RISK, now, reason="selected", lane=Lane.GREEN)
        uow.commit()
        return declaration
