"""The criteria language: what officers may write, what is refused (with paths), what hits."""

from __future__ import annotations

from typing import Any

import pytest

from clearway.risk.catalogue import ListKind, ScreeningContext
from clearway.risk.criteria import Criteria, parse_criteria
from clearway.risk.lists import NamedList, parse_entries
from clearway.shared.errors import Collector


def _list(name: str, kind: ListKind, values: list[Any]) -> NamedList:
    entries, errors = parse_entries(kind, values)
    assert not errors.errors
    return NamedList(name, kind, entries)


LISTS = {
    "mainstream_ore_origins": _list("mainstream_ore_origins", ListKind.COUNTRIES, ["AU", "BR"]),
    "negative": _list("negative", ListKind.TARIFF_LINES, ["7204", "2620"]),
    "brands": _list("brands", ListKind.BRANDS, ["Nordvolt"]),
    "dishonest_brokers": _list("dishonest_brokers", ListKind.ENTERPRISES, ["1506900003"]),
    "ore_values": _list(
        "ore_values",
        ListKind.VALUE_BANDS,
        [
            {
                "tariff_prefix": "2601111000",
                "origin": "KZ",
                "min": 600,
                "max": 1100,
                "per": "tonne",
            },
            {"tariff_prefix": "2601", "origin": "*", "min": 300, "max": 2000, "per": "tonne"},
        ],
    ),
}


def parse(raw: Any) -> Criteria:
    errors = Collector()
    parsed = parse_criteria(raw, LISTS, "criteria", errors)
    assert not errors.errors, errors.errors
    assert parsed is not None
    return parsed


def problems(raw: Any) -> list[tuple[str, str]]:
    errors = Collector()
    assert parse_criteria(raw, LISTS, "criteria", errors) is None
    return [(e.path, e.rule) for e in errors.errors]


def ore(**over: Any) -> dict[str, Any]:
    item = {
        "item.line_no": 1,
        "item.tariff_code": "2601111000",
        "item.hs6": "260111",
        "item.origin_country": "KZ",
        "item.unit_value": 0.86,
        "item.value": 4.3e6,
        "item.goods_name": "Iron ore concentrate",
        "item.specification": "",
        "item.dg_un_number": None,
        "item.is_dangerous_goods": False,
    }
    item.update(over)
    return item


def context(*items: dict[str, Any], **facts: Any) -> ScreeningContext:
    header = {
        "header.flow": "import",
        "header.transport_mode": "rail",
        "header.total_value": 4.3e6,
        "header.facilitation_mode": "standard",
    }
    enterprise = {"enterprise.credit_level": "regular", "enterprise.broker_code": None}
    history = {"history.trader_declarations": 12.0, "history.trader_red_lanes": 1.0}
    for name, value in facts.items():
        scope, field = name.split("__")
        {"header": header, "enterprise": enterprise, "history": history}[scope][
            f"{scope}.{field}"
        ] = value
    return ScreeningContext(
        "7909-2026-I-000001", header, list(items) or [ore()], enterprise, history
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {
                "all": [
                    {"field": "header.flow", "op": "eq", "value": "import"},
                    {"field": "item.weight", "op": "gt", "value": 1},
                ]
            },
            [("criteria.all.1.field", "unknown_field")],
        ),
        ({"field": "item.origin_country", "op": "gt", "value": 3}, [("criteria.op", "operator")]),
        (
            {"field": "header.total_value", "op": "gt", "value": "lots"},
            [("criteria.value", "type")],
        ),
        (
            {"field": "header.transport_mode", "op": "eq", "value": "camel"},
            [("criteria.value", "choice")],
        ),
        (
            {"field": "enterprise.has_broker", "op": "eq", "value": "yes"},
            [("criteria.value", "type")],
        ),
        (
            {"field": "item.origin_country", "op": "in_list", "list": "no_such_list"},
            [("criteria.list", "unknown_list")],
        ),
        (
            {"field": "item.origin_country", "op": "in_list", "list": "negative"},
            [("criteria.list", "list_kind")],
        ),
        (
            {"field": "header.total_value", "op": "outside_band", "list": "ore_values"},
            [("criteria.op", "operator")],
        ),
        ({"any": []}, [("criteria.any", "type")]),
        (
            {"all": [{"not": {"field": "item.hs6", "op": "prefix", "value": 2601}}]},
            [("criteria.all.0.not.value", "type")],
        ),
        (
            {"field": "item.hs6", "op": "eq", "value": "260111", "list": "negative"},
            [("criteria.list", "unknown_key")],
        ),
        (
            {"field": "item.value", "op": "between", "min": 10, "max": 1},
            [("criteria.min", "range")],
        ),
        ({"all": [], "any": []}, [("criteria", "shape")]),
        ("header.flow == import", [("criteria", "type")]),
        (
            {"field": "enterprise.credit_level", "op": "in", "value": ["regular", "bad"]},
            [("criteria.value.1", "choice")],
        ),
    ],
)
def test_refused_criteria_name_the_path(raw: Any, expected: list[tuple[str, str]]) -> None:
    assert problems(raw) == expected


def test_every_broken_test_is_reported_at_once() -> None:
    raw = {
        "any": [
            {"field": "nope", "op": "eq", "value": 1},
            {"field": "item.origin_country", "op": "in_list", "list": "missing"},
        ]
    }
    assert problems(raw) == [
        ("criteria.any.0.field", "unknown_field"),
        ("criteria.any.1.list", "unknown_list"),
    ]


def test_non_mainstream_ore_hits_with_a_readable_reason() -> None:
    rule = parse(
        {
            "all": [
                {"field": "item.tariff_code", "op": "prefix", "value": "2601"},
                {
                    "not": {
                        "field": "item.origin_country",
                        "op": "in_list",
                        "list": "mainstream_ore_origins",
                    }
                },
            ]
        }
    )
    hit = rule.evaluate(context(ore(**{"item.origin_country": "MN"})))
    assert hit is not None and hit.line_no == 1
    assert hit.text() == (
        "item 1: tariff code 2601111000 starts with 2601; "
        "not (origin is on list mainstream_ore_origins)"
    )
    assert rule.evaluate(context(ore(**{"item.origin_country": "AU"}))) is None


def test_item_conditions_under_all_must_hold_on_the_same_item() -> None:
    rule = parse(
        {
            "all": [
                {"field": "item.tariff_code", "op": "prefix", "value": "2601"},
                {"field": "item.origin_country", "op": "eq", "value": "MN"},
            ]
        }
    )
    ore_from_kz = ore()
    other_from_mn = ore(
        **{"item.line_no": 2, "item.tariff_code": "7204100000", "item.origin_country": "MN"}
    )
    assert rule.evaluate(context(ore_from_kz, other_from_mn)) is None
    both = ore(**{"item.line_no": 3, "item.origin_country": "MN"})
    hit = rule.evaluate(context(ore_from_kz, other_from_mn, both))
    assert hit is not None and hit.line_no == 3


@pytest.mark.parametrize(
    ("unit_value", "origin", "hits"),
    [
        (0.86, "KZ", False),
        (0.50, "KZ", True),
        (1.20, "KZ", True),
        (1.20, "MN", False),
        (0.25, "MN", True),
    ],
)
def test_value_band_uses_the_most_specific_line_and_origin(
    unit_value: float, origin: str, hits: bool
) -> None:
    rule = parse({"field": "item.unit_value", "op": "outside_band", "list": "ore_values"})
    item = ore(**{"item.unit_value": unit_value, "item.origin_country": origin})
    hit = rule.evaluate(context(item))
    assert (hit is not None) is hits
    if hit is not None:
        assert "CNY/tonne is outside" in hit.text()


@pytest.mark.parametrize(
    ("raw", "facts", "hits"),
    [
        (
            {"field": "enterprise.credit_level", "op": "in", "value": ["dishonest"]},
            {"enterprise__credit_level": "dishonest"},
            True,
        ),
        ({"field": "enterprise.credit_level", "op": "eq", "value": "dishonest"}, {}, False),
        ({"field": "header.total_value", "op": "between", "min": 1e6}, {}, True),
        ({"field": "header.total_value", "op": "lt", "value": 1e6}, {}, False),
        ({"field": "history.trader_red_lanes", "op": "gte", "value": 1}, {}, True),
        ({"field": "header.facilitation_mode", "op": "eq", "value": "two_step"}, {}, False),
        ({"field": "enterprise.broker_code", "op": "ne", "value": "1506900003"}, {}, False),
        (
            {"field": "enterprise.broker_code", "op": "in_list", "list": "dishonest_brokers"},
            {"enterprise__broker_code": "1506900003"},
            True,
        ),
        (
            {
                "any": [
                    {"field": "header.transport_mode", "op": "eq", "value": "air"},
                    {"field": "header.transport_mode", "op": "eq", "value": "rail"},
                ]
            },
            {},
            True,
        ),
    ],
)
def test_header_enterprise_and_history_tests(
    raw: dict[str, Any], facts: dict[str, Any], hits: bool
) -> None:
    assert (parse(raw).evaluate(context(**facts)) is not None) is hits


def test_text_tests_on_goods_names_ignore_case() -> None:
    battery = ore(**{"item.tariff_code": "8507600030", "item.goods_name": "NORDVOLT cabinet"})
    assert (
        parse({"field": "item.goods_name", "op": "contains_in_list", "list": "brands"}).evaluate(
            context(battery)
        )
        is not None
    )
    assert (
        parse({"field": "item.goods_name", "op": "contains", "value": "Cabinet"}).evaluate(
            context(battery)
        )
        is not None
    )
    assert (
        parse({"field": "item.tariff_code", "op": "prefix_in_list", "list": "negative"}).evaluate(
            context(battery)
        )
        is None
    )


def test_list_entries_are_checked_by_kind() -> None:
    _, errors = parse_entries(ListKind.COUNTRIES, ["KZ", "Kazakhstan", 7])
    assert [(e.path, e.rule) for e in errors.errors] == [
        ("values.1", "country"),
        ("values.2", "type"),
    ]
    _, errors = parse_entries(ListKind.VALUE_BANDS, [{"tariff_prefix": "2601", "min": 5, "max": 1}])
    assert [(e.path, e.rule) for e in errors.errors] == [("values.0.min", "band")]
    entries, errors = parse_entries(ListKind.UN_NUMBERS, ["un3480"])
    assert entries == ("UN3480",) and not errors.errors
