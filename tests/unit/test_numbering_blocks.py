"""Numbers handed out a block per counter, in the order the declarations came."""

from __future__ import annotations

from clearway.declarations import numbering
from clearway.persistence.statements import _native


def test_each_counter_numbers_its_own_declarations_in_order() -> None:
    keys = [("0291", 2024, "E"), ("7909", 2024, "I"), ("0291", 2024, "E")]
    blocks = numbering.blocks(keys)
    assert [(b.key, b.positions) for b in blocks] == [
        (("0291", 2024, "E"), [0, 2]),
        (("7909", 2024, "I"), [1]),
    ]
    assert blocks[0].bump[1] == ("0291", 2024, "E", 2, 2)
    assert numbering.numbered(blocks, [12, 5], len(keys)) == [
        "0291-2024-E-000011",
        "7909-2024-I-000005",
        "0291-2024-E-000012",
    ]


def test_fixed_statements_speak_each_drivers_placeholders() -> None:
    sql = "INSERT INTO t (a, b) VALUES (?, ?)"
    assert _native("qmark", sql) == sql
    assert _native("pyformat", sql) == "INSERT INTO t (a, b) VALUES (%s, %s)"
    assert _native("format", "SELECT '100%' WHERE a = ?") == "SELECT '100%%' WHERE a = %s"
