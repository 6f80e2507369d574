"""Risk rule and named-list use cases: create, change, activate and retire, audited.

Only risk officers and administrators change rules and lists; every change writes an audit
line in the same transaction. A change never edits a rule in place: it writes a new draft
version, which takes effect when activated (the previously active version is then retired).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.identity.model import Actor, Role
from clearway.persistence.db import UnitOfWork
from clearway.risk.commands import ListValuesInput, NamedListInput, RuleChange, RuleInput
from clearway.risk.lists import ListIndex, NamedList, parse_entries
from clearway.risk.rules import RiskRule, check_rule
from clearway.risk.ruleset import all_lists, get_rule, rules_where
from clearway.risk.status import RULE_TRANSITIONS, RuleCommand, RuleStatus
from clearway.risk.tables import risk_named_lists, risk_rules
from clearway.shared.clock import Clock
from clearway.shared.errors import Conflict, NotFound, PermissionDenied

RISK_STAFF = frozenset({Role.RISK_OFFICER, Role.ADMINISTRATOR})


def ensure_risk_staff(actor: Actor) -> None:
    if actor.role not in RISK_STAFF:
        raise PermissionDenied(f"a {actor.role.label} may not manage risk rules")


def ensure_customs(actor: Actor) -> None:
    if not actor.is_customs:
        raise PermissionDenied("risk rules and screening results are for customs only")


def content_of(data: RuleChange, today: date) -> dict[str, Any]:
    return {
        "description": data.description,
        "criteria": data.criteria,
        "effect": data.effect.to_effect().as_dict(),
        "instructions": list(data.instructions),
        "valid_from": data.valid_from or today,
        "valid_to": data.valid_to,
    }


def check_input(data: RuleChange, lists: ListIndex, today: date, prefix: str = "") -> None:
    check_rule(
        data.criteria,
        data.effect.to_effect(),
        data.instructions,
        data.valid_from or today,
        data.valid_to,
        lists,
        prefix,
    )


def write_version(
    session: Session, code: str, version: int, content: dict[str, Any], actor: Actor, at: datetime
) -> int:
    rule_id = session.execute(
        insert(risk_rules)
        .values(
            rule_code=code,
            version=version,
            status=RULE_TRANSITIONS.initial.value,
            author=actor.username,
            created_at=at,
            **content,
        )
        .returning(risk_rules.c.id)
    ).scalar_one()
    audit = {**content, "rule_code": code, "version": version}
    audit["valid_from"] = content["valid_from"].isoformat()
    audit["valid_to"] = content["valid_to"].isoformat() if content["valid_to"] else None
    action = "risk_rule.created" if version == 1 else "risk_rule.changed"
    record(session, actor, at, action, "risk_rule", rule_id, audit)
    return int(rule_id)


def _latest_version(session: Session, code: str) -> int:
    r = risk_rules.c
    found = session.execute(select(func.max(r.version)).where(r.rule_code == code)).scalar()
    return int(found or 0)


def create_rule(uow: UnitOfWork, data: RuleInput, actor: Actor, clock: Clock) -> RiskRule:
    """Write version 1 of a new rule as a draft."""
    ensure_risk_staff(actor)
    now = clock.now()
    check_input(data, all_lists(uow.session), now.date())
    if _latest_version(uow.session, data.rule_code):
        raise Conflict(f"rule {data.rule_code} exists; change it with a new version")
    rule_id = write_version(
        uow.session, data.rule_code, 1, content_of(data, now.date()), actor, now
    )
    uow.commit()
    return get_rule(uow.session, rule_id)


def change_rule(
    uow: UnitOfWork, rule_id: int, data: RuleChange, actor: Actor, clock: Clock
) -> RiskRule:
    """Write the next version of a rule as a draft; the active version keeps running."""
    ensure_risk_staff(actor)
    base = get_rule(uow.session, rule_id)
    now = clock.now()
    check_input(data, all_lists(uow.session), now.date())
    version = _latest_version(uow.session, base.rule_code) + 1
    new_id = write_version(
        uow.session, base.rule_code, version, content_of(data, now.date()), actor, now
    )
    uow.commit()
    return get_rule(uow.session, new_id)


def _target(rule: RiskRule, command: RuleCommand) -> RuleStatus:
    """The status the rule status table moves a version to, or its refusal naming the version."""
    return RULE_TRANSITIONS.move(
        rule.status, command, subject=f"rule {rule.rule_code} version {rule.version}"
    )


def _write_move(
    session: Session, rule: RiskRule, command: RuleCommand, actor: Actor, at: datetime, why: str
) -> None:
    """Write the table's move of one version and its audit line."""
    target = _target(rule, command)
    session.execute(
        update(risk_rules).where(risk_rules.c.id == rule.id).values(status=target.value)
    )
    record(
        session,
        actor,
        at,
        f"risk_rule.{'activated' if target is RuleStatus.ACTIVE else 'retired'}",
        "risk_rule",
        rule.id,
        {
            "rule_code": rule.rule_code,
            "version": rule.version,
            "from": rule.status.value,
            "to": target.value,
            "reason": why,
        },
    )


def activate(session: Session, rule: RiskRule, actor: Actor, at: datetime, why: str) -> None:
    """Activate a draft and retire the version of the same rule code it replaces."""
    _target(rule, RuleCommand.ACTIVATE)  # refuse before anything is retired
    r = risk_rules.c
    for old in rules_where(
        session, r.rule_code == rule.rule_code, r.status == RuleStatus.ACTIVE.value
    ):
        _write_move(session, old, RuleCommand.RETIRE, actor, at, f"replaced by {rule.label}")
    _write_move(session, rule, RuleCommand.ACTIVATE, actor, at, why)


def activate_rule(uow: UnitOfWork, rule_id: int, actor: Actor, clock: Clock) -> RiskRule:
    """Put a draft version in force, retiring the version of the same rule it replaces."""
    ensure_risk_staff(actor)
    activate(uow.session, get_rule(uow.session, rule_id), actor, clock.now(), "")
    uow.commit()
    return get_rule(uow.session, rule_id)


def retire_rule(
    uow: UnitOfWork, rule_id: int, actor: Actor, clock: Clock, reason: str = ""
) -> RiskRule:
    """Take a version out of force (or discard a draft); its history stays."""
    ensure_risk_staff(actor)
    rule = get_rule(uow.session, rule_id)
    _write_move(uow.session, rule, RuleCommand.RETIRE, actor, clock.now(), reason)
    uow.commit()
    return get_rule(uow.session, rule_id)


def list_rules(
    session: Session, actor: Actor, status: RuleStatus | None = None, code: str | None = None
) -> list[RiskRule]:
    ensure_customs(actor)
    r = risk_rules.c
    conditions = []
    if status is not None:
        conditions.append(r.status == status.value)
    if code is not None:
        conditions.append(r.rule_code == code)
    return rules_where(session, *conditions)


def read_rule(session: Session, actor: Actor, rule_id: int) -> RiskRule:
    ensure_customs(actor)
    return get_rule(session, rule_id)


# --- named lists -------------------------------------------------------------------------


def create_list(uow: UnitOfWork, data: NamedListInput, actor: Actor, clock: Clock) -> NamedList:
    """A new named list at version 1."""
    ensure_risk_staff(actor)
    entries, errors = parse_entries(data.kind, data.values)
    errors.raise_if_any()
    if data.name in all_lists(uow.session):
        raise Conflict(f"a list named {data.name} exists; replace its values instead")
    insert_list(
        uow.session,
        NamedList(data.name, data.kind, entries, 1, data.description),
        actor,
        clock.now(),
    )
    uow.commit()
    return get_list(uow.session, actor, data.name)


def replace_list(
    uow: UnitOfWork, name: str, data: ListValuesInput, actor: Actor, clock: Clock
) -> NamedList:
    """New values for a list; the version goes up and the audit keeps the old values."""
    ensure_risk_staff(actor)
    current = get_list(uow.session, actor, name)
    entries, errors = parse_entries(current.kind, data.values)
    errors.raise_if_any()
    description = current.description if data.description is None else data.description
    new = NamedList(name, current.kind, entries, current.version + 1, description)
    update_list(uow.session, current, new, actor, clock.now())
    uow.commit()
    return get_list(uow.session, actor, name)


def insert_list(session: Session, new: NamedList, actor: Actor, now: datetime) -> None:
    session.execute(
        insert(risk_named_lists).values(
            name=new.name,
            kind=new.kind.value,
            description=new.description,
            entries=new.raw_entries(),
            version=1,
            updated_by=actor.username,
            updated_at=now,
        )
    )
    record(
        session,
        actor,
        now,
        "risk_list.created",
        "risk_list",
        new.name,
        {"kind": new.kind.value, "values": new.raw_entries()},
    )


def update_list(
    session: Session, old: NamedList, new: NamedList, actor: Actor, now: datetime
) -> None:
    session.execute(
        update(risk_named_lists)
        .where(risk_named_lists.c.name == old.name)
        .values(
            entries=new.raw_entries(),
            description=new.description,
            version=old.version + 1,
            updated_by=actor.username,
            updated_at=now,
        )
    )
    record(
        session,
        actor,
        now,
        "risk_list.changed",
        "risk_list",
        old.name,
        {"version": old.version + 1, "before": old.raw_entries(), "after": new.raw_entries()},
    )


def get_list(session: Session, actor: Actor, name: str) -> NamedList:
    ensure_customs(actor)
    found = all_lists(session).get(name)
    if found is None:
        raise NotFound("risk list", name)
    return found


def list_lists(session: Session, actor: Actor) -> list[NamedList]:
    ensure_customs(actor)
    return list(all_lists(session).values())
