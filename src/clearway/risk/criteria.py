"""The criteria language of risk rules: JSON/YAML-storable conditions, parsed then evaluated.

A criterion is either a combinator — ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": {...}}``
— or a test of one field of the :mod:`catalogue <clearway.risk.catalogue>`::

    {"field": "item.tariff_code", "op": "prefix", "value": "2601"}
    {"field": "item.origin_country", "op": "in_list", "list": "mainstream_ore_origins"}
    {"field": "item.unit_value", "op": "outside_band", "list": "iron_ore_value_control"}
    {"field": "header.total_value", "op": "between", "min": 100000, "max": 5000000}

Parsing refuses unknown fields, operators that do not fit the field's type, values of the wrong
type and lists that do not exist or are of the wrong kind, each with the path of the offending
key inside the rule (``criteria.all.1.field``). Evaluation is pure over a screening context: the
whole tree is tested against each item in turn (with the header, enterprise and history facts),
so item conditions joined by ``all`` must hold on the same item; the first item that satisfies
the tree is the hit, with a readable sentence per test that held.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearway.risk.catalogue import FIELDS, FieldSpec, FieldType, ListKind, ScreeningContext
from clearway.risk.conditions import All, Any_, Criterion, Not, Test
from clearway.risk.lists import ListIndex, NamedList
from clearway.shared.errors import Collector

_VALUE_OPS = {"eq", "ne", "gt", "gte", "lt", "lte", "in", "prefix", "contains"}
_LIST_OPS = {"in_list", "prefix_in_list", "contains_in_list", "outside_band"}
OPERATORS: dict[FieldType, frozenset[str]] = {
    FieldType.TEXT: frozenset(
        {"eq", "ne", "in", "in_list", "prefix", "prefix_in_list", "contains", "contains_in_list"}
    ),
    FieldType.ENUM: frozenset({"eq", "ne", "in"}),
    FieldType.NUMBER: frozenset({"eq", "ne", "gt", "gte", "lt", "lte", "between", "outside_band"}),
    FieldType.BOOLEAN: frozenset({"eq"}),
}
# Which list kinds each list operator accepts (further narrowed by the field's own kinds).
_OP_KINDS: dict[str, frozenset[ListKind]] = {
    "in_list": frozenset(set(ListKind) - {ListKind.VALUE_BANDS}),
    "prefix_in_list": frozenset({ListKind.TARIFF_LINES}),
    "contains_in_list": frozenset({ListKind.BRANDS, ListKind.PARTIES}),
    "outside_band": frozenset({ListKind.VALUE_BANDS}),
}
_MAX_DEPTH, _MAX_NODES = 12, 200


@dataclass(frozen=True)
class Criteria:
    """A parsed rule condition, ready to run against screening contexts."""

    root: Criterion

    @property
    def fields(self) -> frozenset[str]:
        return self.root.fields()

    @property
    def uses_items(self) -> bool:
        return any(f.startswith("item.") for f in self.fields)

    def evaluate(self, context: ScreeningContext) -> Hit | None:
        """The first item (by line) on which the condition holds, with the reasons."""
        for facts in context.item_facts():
            reasons = self.root.match(facts)
            if reasons is not None:
                line = facts.get("item.line_no") if self.uses_items else None
                return Hit(line_no=line, reasons=tuple(reasons))
        return None


@dataclass(frozen=True)
class Hit:
    line_no: int | None
    reasons: tuple[str, ...]

    def text(self) -> str:
        where = f"item {self.line_no}: " if self.line_no is not None else ""
        return where + "; ".join(self.reasons)


def parse_criteria(raw: Any, lists: ListIndex, path: str, errors: Collector) -> Criteria | None:
    """Parse a stored condition; every problem goes to ``errors`` with its path."""
    before = len(errors.errors)
    counter = [0]
    root = _node(raw, lists, path, errors, 0, counter)
    if root is None or len(errors.errors) > before:
        return None
    return Criteria(root)


def _node(
    raw: Any, lists: ListIndex, path: str, errors: Collector, depth: int, counter: list[int]
) -> Criterion | None:
    counter[0] += 1
    if depth > _MAX_DEPTH or counter[0] > _MAX_NODES:
        errors.add(path, "too_complex", f"nest at most {_MAX_DEPTH} deep, {_MAX_NODES} tests")
        return None
    if not isinstance(raw, dict):
        errors.add(path, "type", "a criterion is an object: all, any, not, or a field test")
        return None
    shapes = [k for k in ("all", "any", "not", "field") if k in raw]
    if len(shapes) != 1:
        errors.add(path, "shape", "give exactly one of all, any, not or field")
        return None
    shape = shapes[0]
    if shape == "field":
        return _test(raw, lists, path, errors)
    for key in sorted(set(raw) - {shape}):
        errors.add(f"{path}.{key}", "unknown_key", f"is not allowed beside {shape}")
    inner = raw[shape]
    here = f"{path}.{shape}"
    if shape == "not":
        part = _node(inner, lists, here, errors, depth + 1, counter)
        return None if part is None else Not(part)
    if not isinstance(inner, list) or not inner:
        errors.add(here, "type", f"{shape} takes a non-empty list of criteria")
        return None
    parts = [
        _node(p, lists, f"{here}.{i}", errors, depth + 1, counter) for i, p in enumerate(inner)
    ]
    if any(p is None for p in parts):
        return None
    kept = tuple(p for p in parts if p is not None)
    return All(kept) if shape == "all" else Any_(kept)


def _test(raw: dict[str, Any], lists: ListIndex, path: str, errors: Collector) -> Test | None:
    name, op = raw.get("field"), raw.get("op")
    spec = FIELDS.get(name) if isinstance(name, str) else None
    if spec is None:
        errors.add(f"{path}.field", "unknown_field", f"{name!r} is not a known field")
        return None
    if op not in OPERATORS[spec.type]:
        allowed = ", ".join(sorted(OPERATORS[spec.type]))
        errors.add(f"{path}.op", "operator", f"{op!r} does not apply to {name}; use {allowed}")
        return None
    if op == "outside_band" and ListKind.VALUE_BANDS not in spec.list_kinds:
        errors.add(f"{path}.op", "operator", f"outside_band applies to item.unit_value, not {name}")
        return None
    keys = {"field", "op"} | (
        {"value"} if op in _VALUE_OPS else {"list"} if op in _LIST_OPS else {"min", "max"}
    )
    for key in sorted(set(raw) - keys):
        errors.add(f"{path}.{key}", "unknown_key", f"is not used by {op}")
    if op in _LIST_OPS:
        named = _list(raw.get("list"), spec, op, lists, f"{path}.list", errors)
        return None if named is None else Test(spec, op, named=named)
    if op == "between":
        low = _number(raw.get("min"), f"{path}.min", errors, optional=True)
        high = _number(raw.get("max"), f"{path}.max", errors, optional=True)
        if low is None and high is None:
            errors.add(f"{path}.min", "required", "between needs min, max or both")
            return None
        if low is not None and high is not None and low > high:
            errors.add(f"{path}.min", "range", "min is above max")
            return None
        return Test(spec, op, low=low, high=high)
    value = _value(raw.get("value"), spec, op, f"{path}.value", errors)
    return None if value is None else Test(spec, op, value=value)


def _list(
    name: Any, spec: FieldSpec, op: str, lists: ListIndex, path: str, errors: Collector
) -> NamedList | None:
    if not isinstance(name, str) or not name:
        errors.add(path, "required", f"{op} needs the name of a list")
        return None
    named = lists.get(name)
    if named is None:
        errors.add(path, "unknown_list", f"there is no list named {name!r}")
        return None
    fits = set(spec.list_kinds) & _OP_KINDS[op]
    if named.kind not in fits:
        wanted = " or ".join(sorted(k.value for k in fits)) or "no list"
        errors.add(
            path, "list_kind", f"{name} holds {named.kind.value}; {spec.name} needs {wanted}"
        )
        return None
    return named


def _number(raw: Any, path: str, errors: Collector, optional: bool = False) -> float | None:
    if raw is None and optional:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        errors.add(path, "type", "must be a number")
        return None
    return float(raw)


def _value(raw: Any, spec: FieldSpec, op: str, path: str, errors: Collector) -> Any:
    if op == "in" or (op == "prefix" and isinstance(raw, list)):
        if not isinstance(raw, list) or not raw:
            errors.add(path, "type", f"{op} takes a non-empty list of values")
            return None
        items = [_scalar(v, spec, op, f"{path}.{i}", errors) for i, v in enumerate(raw)]
        return None if any(v is None for v in items) else tuple(items)
    value = _scalar(raw, spec, op, path, errors)
    if value is not None and op == "prefix":
        return (value,)
    return value


def _scalar(raw: Any, spec: FieldSpec, op: str, path: str, errors: Collector) -> Any:
    if spec.type is FieldType.NUMBER:
        return _number(raw, path, errors)
    if spec.type is FieldType.BOOLEAN:
        if not isinstance(raw, bool):
            errors.add(path, "type", f"{spec.name} is true or false")
            return None
        return raw
    if not isinstance(raw, str):
        errors.add(path, "type", f"{spec.name} is compared with text")
        return None
    if spec.type is FieldType.ENUM and raw not in spec.choices:
        errors.add(
            path, "choice", f"{raw!r} is not one of {', '.join(c for c in spec.choices if c)}"
        )
        return None
    if op == "contains":
        if not raw.strip():
            errors.add(path, "required", "give the text to look for")
            return None
        return raw.casefold()
    return raw
