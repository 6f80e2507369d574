"""Rule sets as files: export the lists and rules in force, import them elsewhere.

A rule set moves between environments (test district → production, one port → the other) as a
JSON or YAML document. Import checks every list and rule first — errors name their place in
the file (``rules.2.criteria.all.1.field``) — then writes lists and a new draft version of each
rule whose content changed, all in one transaction; ``activate`` puts them in force at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from clearway.identity.model import Actor
from clearway.persistence.db import UnitOfWork
from clearway.risk.commands import RULESET_FORMAT, RuleInput, RuleSetFile
from clearway.risk.lists import NamedList, parse_entries
from clearway.risk.rules import RiskRule, RuleStatus
from clearway.risk.ruleset import all_lists, get_rule, rules_where
from clearway.risk.services import (
    activate,
    check_input,
    content_of,
    ensure_customs,
    ensure_risk_staff,
    insert_list,
    update_list,
    write_version,
)
from clearway.risk.tables import risk_rules
from clearway.shared.clock import Clock
from clearway.shared.errors import Collector, RuleViolation


@dataclass
class ImportSummary:
    lists_created: list[str] = field(default_factory=list)
    lists_changed: list[str] = field(default_factory=list)
    rules_created: list[str] = field(default_factory=list)
    rules_changed: list[str] = field(default_factory=list)
    rules_unchanged: list[str] = field(default_factory=list)
    rules_activated: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return asdict(self)


def export_ruleset(session: Session, actor: Actor, drafts: bool = False) -> dict[str, Any]:
    """Lists and active rules (with ``drafts``, draft versions too) as plain data."""
    ensure_customs(actor)
    wanted = {RuleStatus.ACTIVE} | ({RuleStatus.DRAFT} if drafts else set())
    return {
        "format": RULESET_FORMAT,
        "lists": [
            {
                "name": n.name,
                "kind": n.kind.value,
                "description": n.description,
                "values": n.raw_entries(),
            }
            for n in all_lists(session).values()
        ],
        "rules": [rule_dict(r) for r in rules_where(session) if r.status in wanted],
    }


def rule_dict(rule: RiskRule) -> dict[str, Any]:
    """A rule version as it appears in a rule-set file."""
    return {
        "rule_code": rule.rule_code,
        "description": rule.description,
        "criteria": rule.criteria,
        "effect": rule.effect.as_dict(),
        "instructions": list(rule.instructions),
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
    }


def import_ruleset(
    uow: UnitOfWork,
    raw: RuleSetFile | Mapping[str, Any],
    actor: Actor,
    clock: Clock,
    activate_all: bool = False,
) -> ImportSummary:
    """Check everything, then write lists and changed rules as drafts (or active ones)."""
    ensure_risk_staff(actor)
    data = raw if isinstance(raw, RuleSetFile) else RuleSetFile.model_validate(raw)
    if data.format != RULESET_FORMAT:
        raise RuleViolation.single("format", "format", f"expected {RULESET_FORMAT}")
    session, now, summary = uow.session, clock.now(), ImportSummary()
    existing = all_lists(session)
    errors, merged = Collector(), dict(existing)
    for i, item in enumerate(data.lists):
        entries, found = parse_entries(item.kind, item.values, f"lists.{i}.values")
        errors.errors += found.errors
        old = existing.get(item.name)
        if old is not None and old.kind is not item.kind:
            errors.add(f"lists.{i}.kind", "immutable", f"{item.name} holds {old.kind.value}")
        version = old.version + 1 if old else 1
        merged[item.name] = NamedList(item.name, item.kind, entries, version, item.description)
    for i, rule in enumerate(data.rules):
        try:
            check_input(rule, merged, now.date(), f"rules.{i}.")
        except RuleViolation as exc:
            errors.errors += exc.errors
    errors.raise_if_any()
    for item in data.lists:
        old, new = existing.get(item.name), merged[item.name]
        if old is None:
            insert_list(session, new, actor, now)
            summary.lists_created.append(item.name)
        elif old.raw_entries() != new.raw_entries() or old.description != new.description:
            update_list(session, old, new, actor, now)
            summary.lists_changed.append(item.name)
    for rule in data.rules:
        imported = get_rule(session, _import_rule(session, rule, actor, now, summary))
        if activate_all and imported.status is RuleStatus.DRAFT:
            activate(session, imported, actor, now, "rule-set import")
            summary.rules_activated.append(rule.rule_code)
    uow.commit()
    return summary


def _import_rule(
    session: Session, rule: RuleInput, actor: Actor, now: datetime, summary: ImportSummary
) -> int:
    content = content_of(rule, now.date())
    versions = rules_where(session, risk_rules.c.rule_code == rule.rule_code)
    if not versions:
        summary.rules_created.append(rule.rule_code)
        return write_version(session, rule.rule_code, 1, content, actor, now)
    last = versions[-1]
    wanted = {
        **content,
        "rule_code": rule.rule_code,
        "valid_from": content["valid_from"].isoformat(),
        "valid_to": content["valid_to"].isoformat() if content["valid_to"] else None,
    }
    if rule_dict(last) == wanted and last.status is not RuleStatus.RETIRED:
        summary.rules_unchanged.append(rule.rule_code)
        return last.id
    summary.rules_changed.append(rule.rule_code)
    return write_version(session, rule.rule_code, last.version + 1, content, actor, now)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError as exc:
        raise RuleViolation.single(
            "format", "yaml_unavailable", "YAML needs PyYAML installed; use JSON"
        ) from exc
    return yaml


def parse_text(text: str, fmt: str) -> dict[str, Any]:
    """A rule-set document from JSON or YAML text; malformed text is a RuleViolation."""
    load = _yaml().safe_load if fmt == "yaml" else json.loads
    try:
        data = load(text)
    except Exception as exc:  # json.JSONDecodeError or yaml.YAMLError
        raise RuleViolation.single("file", "syntax", f"not valid {fmt.upper()}: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleViolation.single("file", "type", "a rule set is an object with lists and rules")
    return data


def dump_text(data: Mapping[str, Any], fmt: str) -> str:
    """A rule-set document as JSON (or YAML when PyYAML is installed)."""
    if fmt == "yaml":
        return str(_yaml().safe_dump(dict(data), allow_unicode=True, sort_keys=False))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def default_ruleset() -> dict[str, Any]:
    """The starter rule set for Ordos and Horgos shipped in the package."""
    text = (resources.files("clearway.risk") / "data" / "default_rules.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
