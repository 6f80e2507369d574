"""The declaration form: drawn from the API's own input model, read back into that model.

Inputs are generated from :class:`~clearway.declarations.commands.DeclarationInput` (header),
:class:`ItemInput` and its dangerous-goods and ore blocks, and named by the field paths the
rules report, so the form validates with exactly the API's rules and a field added to the
model appears on the form without touching this module. Item rows are keyed by any integer
in the form (rows can be added and removed); once read they are renumbered 0…n-1, which is
the numbering error paths use.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from clearway.declarations.commands import (
    DangerousGoodsInput,
    DeclarationInput,
    ItemInput,
    OreInput,
)
from clearway.declarations.model import Declaration
from clearway.shared.errors import FieldError
from clearway.web.forms import pydantic_errors

# Header inputs drawn apart: the trader is chosen from the user's principals, the lists below.
# The earlier single facilitation mode is the API's; the form asks for the set of measures.
_HEADER_APART = {"items", "documents", "trader_id", "facilitation_mode"}
BLOCKS: dict[str, tuple[str, type[BaseModel]]] = {
    "dangerous_goods": ("Dangerous goods", DangerousGoodsInput),
    "ore": ("Ore", OreInput),
}
# Column prefix of each block on a stored item (the blocks are flat columns there).
COLUMN_PREFIX = {"dangerous_goods": "dg_", "ore": "ore_"}
LABELS = {
    "flow": "Flow",
    "office_code": "Customs office",
    "port_code": "Port",
    "transport_means": "Transport means (train, vehicle, flight)",
    "supervision_mode": "Supervision mode",
    "trade_country": "Trade country",
    "total_value": "Total value",
    "price_terms": "Price terms (Incoterms 2020) 成交方式",
    "freight": "Freight 运费",
    "insurance": "Insurance 保费",
    "other_charges": "Other charges 杂费",
    "deductions": "Deductions 扣除费用",
    "gross_weight": "Gross weight (kg)",
    "net_weight": "Net weight (kg)",
    "overseas_party": "Overseas party",
    "facilitation_measures": "Facilitation measures (any together)",
    "tariff_code": "Tariff code",
    "origin_country": "Origin country",
    "destination_country": "Destination country",
    "licence_number": "Licence or permit number 许可证件编号",
    "un_number": "UN number",
    "name": "Dangerous goods name",
    "state_of_charge_pct": "State of charge (%)",
    "watt_hours": "Watt-hours per battery",
    "lithium_grams": "Lithium content (g)",
    "fe_pct": "Fe content (%)",
    "moisture_pct": "Moisture (%)",
}
HINTS = {
    "office_code": "4 digits, e.g. 0291",
    "supervision_mode": "4 digits, e.g. 0110",
    "trade_country": "ISO code, e.g. DE",
    "currency": "ISO code, e.g. CNY",
    "insurance": "empty on an import: 3 per mille of price plus freight",
    "deductions": "costs after the border (import) or after loading (export) in the price",
    "tariff_code": "10 digits",
    "origin_country": "ISO code",
    "destination_country": "ISO code",
    "licence_number": "when the tariff line's supervision conditions call for one",
    "un_number": "e.g. UN3480",
    "packaging_category": "I, II, III or excepted",
}
_WIDE = {"goods_name", "specification", "overseas_party", "name", "packaging_spec"}


@dataclass(frozen=True)
class Input:
    """One form input: its path-name, label, kind and choices."""

    name: str
    label: str
    kind: str  # text | decimal | integer | date | select | checkbox | multi (a set of choices)
    required: bool
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    wide: bool = False
    default: str = ""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | set | frozenset):  # a set of choices, as the form sends it
        return ",".join(sorted(_text(v) for v in value))
    return str(value)


def _plain(annotation: Any) -> tuple[Any, bool]:
    """The type inside Optional[...] / Annotated[...], and whether None is allowed."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            annotation = args[0]
        elif origin is not None and hasattr(annotation, "__metadata__"):
            annotation = get_args(annotation)[0]
        else:
            return annotation, optional


def _choices(kind: type[Enum]) -> tuple[tuple[str, str], ...]:
    return tuple((str(m.value), str(m.value).replace("_", " ")) for m in kind)


def inputs_of(model: type[BaseModel], exclude: set[str] | None = None) -> list[Input]:
    """The inputs of a model's fields, in the model's order."""
    out = []
    for name, info in model.model_fields.items():
        if exclude and name in exclude:
            continue
        kind_type, optional = _plain(info.annotation)
        choices: tuple[tuple[str, str], ...] = ()
        listed = get_args(kind_type)[0] if get_origin(kind_type) is list else None
        if isinstance(listed, type) and issubclass(listed, Enum):
            kind = "multi"
            choices = _choices(listed)
        elif isinstance(kind_type, type) and issubclass(kind_type, Enum):
            kind = "select"
            choices = _choices(kind_type)
        elif kind_type is bool:
            kind = "checkbox"
        elif kind_type is date:
            kind = "date"
        elif kind_type is Decimal or kind_type is float:
            kind = "decimal"
        elif kind_type is int:
            kind = "integer"
        else:
            kind = "text"
        out.append(
            Input(
                name=name,
                label=LABELS.get(name, name.replace("_", " ").capitalize()),
                kind=kind,
                required=info.is_required() and not optional,
                hint=HINTS.get(name, ""),
                choices=choices,
                wide=name in _WIDE,
                default="" if info.is_required() else _text(info.default),
            )
        )
    return out


HEADER = inputs_of(DeclarationInput, _HEADER_APART)
ITEM = inputs_of(ItemInput, set(BLOCKS))
BLOCK_INPUTS = {block: inputs_of(model) for block, (_, model) in BLOCKS.items()}


@dataclass
class DeclarationForm:
    """Values by path, the item row keys, and errors: what the template draws."""

    values: dict[str, str] = field(default_factory=dict)
    rows: list[int] = field(default_factory=lambda: [0])
    errors: list[FieldError] = field(default_factory=list)

    def next_row(self) -> int:
        return max(self.rows, default=-1) + 1


def _row_keys(form: FormData) -> list[int]:
    keys = {int(m.group(1)) for k in form if (m := re.match(r"^items\.(\d+)\.", k))}
    return sorted(keys)


def _take(form: FormData, prefix: str, inputs: list[Input]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for spec in inputs:
        value = form.get(prefix + spec.name)
        if spec.kind == "multi":
            chosen = [v for v in form.getlist(prefix + spec.name) if isinstance(v, str) and v]
            if chosen:
                raw[spec.name] = chosen
        elif spec.kind == "checkbox":
            if value is not None:
                raw[spec.name] = True
        elif isinstance(value, str) and value.strip() != "":
            raw[spec.name] = value.strip() if spec.kind != "text" else value
    return raw


def read(form: FormData, drop_row: int | None = None) -> tuple[dict[str, Any], DeclarationForm]:
    """The form as the API's request body, and the form redrawn from it with rows renumbered."""
    body = _take(form, "", HEADER)
    trader = form.get("trader_id")
    if isinstance(trader, str) and trader.strip():
        body["trader_id"] = trader.strip()
    items = []
    for key in _row_keys(form):
        if key == drop_row:
            continue
        prefix = f"items.{key}."
        item = _take(form, prefix, ITEM)
        for block in BLOCKS:
            taken = _take(form, f"{prefix}{block}.", BLOCK_INPUTS[block])
            if taken:
                item[block] = taken
        items.append(item)
    body["items"] = items
    return body, redraw(body)


def redraw(body: dict[str, Any]) -> DeclarationForm:
    values = {k: _text(v) for k, v in body.items() if k not in ("items", "documents")}
    for index, item in enumerate(body.get("items", [])):
        for name, value in item.items():
            if isinstance(value, dict):
                for sub, v in value.items():
                    values[f"items.{index}.{name}.{sub}"] = _text(v)
            else:
                values[f"items.{index}.{name}"] = _text(value)
    return DeclarationForm(values=values, rows=list(range(len(body.get("items", [])))))


def validate(body: dict[str, Any]) -> tuple[DeclarationInput | None, list[FieldError]]:
    """The typed input, or the shape errors worded exactly as the API words them."""
    try:
        return DeclarationInput.model_validate(body), []
    except ValidationError as invalid:
        return None, pydantic_errors(list(invalid.errors()))


def of_declaration(declaration: Declaration) -> DeclarationForm:
    """A stored declaration as form values (for amending a draft)."""
    values = {
        spec.name: _text(getattr(declaration, spec.name, None))
        for spec in HEADER
        if hasattr(declaration, spec.name)
    }
    values["trader_id"] = str(declaration.trader_id)
    for index, item in enumerate(declaration.items):
        for spec in ITEM:
            values[f"items.{index}.{spec.name}"] = _text(getattr(item, spec.name, None))
        for block, prefix in COLUMN_PREFIX.items():
            for spec in BLOCK_INPUTS[block]:
                value = getattr(item, prefix + spec.name, None)
                if value is not None:
                    values[f"items.{index}.{block}.{spec.name}"] = _text(value)
    return DeclarationForm(values=values, rows=list(range(len(declaration.items))) or [0])


def block_facts(item: object) -> list[tuple[str, list[tuple[str, str]]]]:
    """The dangerous-goods and ore blocks of a stored item as (title, [(label, value)])."""
    out = []
    for block, (title, _) in BLOCKS.items():
        facts = [
            (spec.label, _text(value))
            for spec in BLOCK_INPUTS[block]
            if (value := getattr(item, COLUMN_PREFIX[block] + spec.name, None)) is not None
            and value is not False
            and value != ""
        ]
        if facts:
            out.append((title, facts))
    return out


def documents_of(declaration: Declaration) -> list[dict[str, Any]]:
    """The attached documents as input, so amending the content keeps them."""
    return [
        {
            "doc_type": doc.doc_type,
            "number": doc.number,
            "issuer": doc.issuer,
            "issue_date": doc.issue_date,
            "valid_until": doc.valid_until,
        }
        for doc in declaration.documents
    ]


def known_paths(form: DeclarationForm) -> set[str]:
    """Paths that have an input on the form (error summary links go to them)."""
    paths = {spec.name for spec in HEADER} | {"trader_id"}
    for row in form.rows:
        paths |= {f"items.{row}.{spec.name}" for spec in ITEM}
        for block, specs in BLOCK_INPUTS.items():
            paths |= {f"items.{row}.{block}.{spec.name}" for spec in specs}
    return paths
