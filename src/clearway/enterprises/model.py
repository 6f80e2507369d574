"""Enterprises and the two things about them that drive everything: credit and authorisations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from clearway.enterprises.events import CreditLevelChanged
from clearway.shared.events import EventSource


class CreditLevel(StrEnum):
    """China Customs credit levels under Decree 282 (in force 1 April 2026)."""

    ADVANCED_CERTIFIED = "advanced_certified"
    CERTIFIED = "certified"
    REGULAR = "regular"
    DISHONEST = "dishonest"
    SERIOUSLY_DISHONEST = "seriously_dishonest"

    @property
    def is_aeo(self) -> bool:
        return self in (CreditLevel.ADVANCED_CERTIFIED, CreditLevel.CERTIFIED)

    @property
    def is_dishonest(self) -> bool:
        return self in (CreditLevel.DISHONEST, CreditLevel.SERIOUSLY_DISHONEST)


class EnterpriseRole(StrEnum):
    TRADER = "trader"  # importer / exporter, consignee / consignor
    BROKER = "broker"  # customs broker, "agency company"
    BONDED_ZONE = "bonded_zone"


class AuthorisationScope(StrEnum):
    IMPORT = "import"
    EXPORT = "export"
    BOTH = "both"

    def covers(self, flow: str) -> bool:
        return self == AuthorisationScope.BOTH or self.value == flow


class CreditRecord:
    """One dated credit level; the open record (no end date) is the current one."""

    id: int
    enterprise_id: int
    level: CreditLevel
    effective_from: date
    effective_to: date | None
    decree: str
    reason: str
    recorded_at: datetime
    recorded_by: str

    def __init__(
        self,
        level: CreditLevel,
        effective_from: date,
        decree: str,
        reason: str,
        recorded_at: datetime,
        recorded_by: str,
    ) -> None:
        self.level = level
        self.effective_from = effective_from
        self.effective_to = None
        self.decree = decree
        self.reason = reason
        self.recorded_at = recorded_at
        self.recorded_by = recorded_by

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


class Enterprise(EventSource):
    """A legal person known to customs; its name is kept exactly as registered (often Chinese)."""

    id: int
    uscc: str
    customs_code: str
    name: str
    name_en: str
    roles: str  # comma-separated EnterpriseRole values
    address: str
    created_at: datetime
    credit_history: list[CreditRecord]

    def __init__(
        self,
        uscc: str,
        customs_code: str,
        name: str,
        name_en: str,
        roles: list[EnterpriseRole],
        address: str,
        created_at: datetime,
    ) -> None:
        self.uscc = uscc
        self.customs_code = customs_code
        self.name = name
        self.name_en = name_en
        self.roles = ",".join(sorted(r.value for r in roles))
        self.address = address
        self.created_at = created_at
        self.credit_history = []

    @property
    def role_list(self) -> list[EnterpriseRole]:
        return [EnterpriseRole(r) for r in self.roles.split(",") if r]

    def has_role(self, role: EnterpriseRole) -> bool:
        return role in self.role_list

    def credit_level_on(self, day: date) -> CreditLevel:
        """Level in force on a day; an enterprise with no record yet is treated as regular."""
        for record in self.credit_history:
            if record.in_force_on(day):
                return record.level
        return CreditLevel.REGULAR

    def change_credit_level(self, record: CreditRecord) -> None:
        """Close the record in force and open the new one; history is never rewritten."""
        for existing in self.credit_history:
            if existing.effective_to is None:
                if record.effective_from <= existing.effective_from:
                    from clearway.shared.errors import RuleViolation

                    raise RuleViolation.single(
                        "effective_from",
                        "after_current",
                        f"must be after {existing.effective_from.isoformat()}, the start of the "
                        "level in force",
                    )
                existing.effective_to = record.effective_from
        self.credit_history.append(record)
        self.record_event(CreditLevelChanged(self, record.effective_from))


class BrokerAuthorisation:
    """A principal's mandate letting a broker declare for it, for a flow scope and period."""

    id: int
    broker_id: int
    principal_id: int
    scope: AuthorisationScope
    valid_from: date
    valid_to: date
    revoked_at: datetime | None
    created_at: datetime

    def __init__(
        self,
        broker_id: int,
        principal_id: int,
        scope: AuthorisationScope,
        valid_from: date,
        valid_to: date,
        created_at: datetime,
    ) -> None:
        self.broker_id = broker_id
        self.principal_id = principal_id
        self.scope = scope
        self.valid_from = valid_from
        self.valid_to = valid_to
        self.revoked_at = None
        self.created_at = created_at

    def covers(self, flow: str, day: date) -> bool:
        return (
            self.revoked_at is None
            and self.scope.covers(flow)
            and self.valid_from <= day <= self.valid_to
        )
