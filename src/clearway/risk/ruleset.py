"""Reading rules and named lists from storage, and the active rule set screening runs with.

Rows become the frozen domain values of :mod:`clearway.risk.rules` and
:mod:`clearway.risk.lists`; the active set is compiled once per rule-set version and reused
until an officer changes a rule or a list.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import Session

from clearway.risk.catalogue import HISTORY_FIELDS, ListKind
from clearway.risk.lists import NamedList, parse_entries
from clearway.risk.rules import Effect, RiskRule, RuleStatus, check_rule, ruleset_version
from clearway.risk.tables import risk_named_lists, risk_rules
from clearway.shared.errors import NotFound, RuleViolation

log = logging.getLogger("clearway.risk")


def rule_from_row(row: Mapping[Any, Any]) -> RiskRule:
    return RiskRule(
        id=row["id"],
        rule_code=row["rule_code"],
        version=row["version"],
        status=RuleStatus(row["status"]),
        description=row["description"],
        criteria=row["criteria"],
        effect=Effect.from_dict(row["effect"]),
        instructions=tuple(row["instructions"]),
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        author=row["author"],
        created_at=row["created_at"],
    )


def list_from_row(row: Mapping[Any, Any]) -> NamedList:
    kind = ListKind(row["kind"])
    entries, _ = parse_entries(kind, row["entries"])
    return NamedList(row["name"], kind, entries, row["version"], row["description"])


def get_rule(session: Session, rule_id: int) -> RiskRule:
    row = session.execute(select(risk_rules).where(risk_rules.c.id == rule_id)).mappings().first()
    if row is None:
        raise NotFound("risk rule", rule_id)
    return rule_from_row(row)


def all_lists(session: Session) -> dict[str, NamedList]:
    rows = session.execute(select(risk_named_lists).order_by(risk_named_lists.c.name)).mappings()
    return {row["name"]: list_from_row(row) for row in rows}


def rules_where(session: Session, *conditions: Any) -> list[RiskRule]:
    r = risk_rules.c
    rows = session.execute(
        select(risk_rules).where(*conditions).order_by(r.rule_code, r.version)
    ).mappings()
    return [rule_from_row(row) for row in rows]


@dataclass(frozen=True)
class ActiveRuleSet:
    """Active rule versions with their compiled criteria, the lists, and the set's version."""

    version: str
    rules: tuple[RiskRule, ...]
    lists: Mapping[str, NamedList]

    def in_force_on(self, day: date) -> list[RiskRule]:
        return [r for r in self.rules if r.in_force_on(day)]

    @property
    def uses_history(self) -> bool:
        """Whether any rule reads history facts (which cost queries to gather)."""
        return any(
            r.compiled is not None and r.compiled.fields & HISTORY_FIELDS for r in self.rules
        )


_r, _n = risk_rules.c, risk_named_lists.c
# What the active set's version is made of, rules and lists in one round trip: a submission asks
# it on every screening (built once, as it never changes).
_VERSIONS = union_all(
    select(literal("r"), _r.rule_code, _r.version).where(_r.status == RuleStatus.ACTIVE.value),
    select(literal("l"), _n.name, _n.version),
)


def load_active(session: Session, cache: dict[str, ActiveRuleSet] | None = None) -> ActiveRuleSet:
    """The active rules and every list, compiled; reused from ``cache`` while unchanged."""
    r = risk_rules.c
    if cache:
        pairs = session.execute(_VERSIONS).all()
        version = ruleset_version(
            [(p[1], p[2]) for p in pairs if p[0] == "r"],
            [(p[1], p[2]) for p in pairs if p[0] == "l"],
        )
        found = cache.get(version)  # one lookup: other threads may replace the entry
        if found is not None:
            return found
    rules = rules_where(session, r.status == RuleStatus.ACTIVE.value)
    lists = all_lists(session)
    compiled: list[RiskRule] = []
    for rule in rules:
        try:
            criteria = check_rule(
                rule.criteria,
                rule.effect,
                rule.instructions,
                rule.valid_from,
                rule.valid_to,
                lists,
            )
        except RuleViolation as exc:  # stored rules were checked; never stop clearance
            log.error("active rule %s no longer parses and is skipped: %s", rule.label, exc)
            continue
        compiled.append(replace(rule, compiled=criteria))
    version = ruleset_version(
        [(x.rule_code, x.version) for x in rules], [(x.name, x.version) for x in lists.values()]
    )
    active = ActiveRuleSet(version, tuple(compiled), lists)
    if cache is not None:
        cache.clear()
        cache[version] = active
    return active
