"""Every lifecycle's status table, entry by entry: legal moves land on their target, every
other (status, command) pair is refused with a 409 naming the status and the command."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import itertools
import pkgutil
from enum import StrEnum
from typing import Any

import pytest

import clearway
from clearway.shared.errors import ClearwayError
from clearway.shared.status_table import PREVIOUS, SAME, StatusTable


def _status_modules() -> list[Any]:
    """Each domain's ``status`` module, where its lifecycles are declared."""
    found = []
    for domain in pkgutil.iter_modules(clearway.__path__):
        name = f"clearway.{domain.name}.status"
        if domain.ispkg and importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return found


MODULES = _status_modules()
TABLES: dict[str, StatusTable[Any, Any, Any]] = {
    f"{module.__name__.split('.')[1]}.{name}": value
    for module in MODULES
    for name, value in vars(module).items()
    if isinstance(value, StatusTable) and name != "TRANSITIONS"  # declarations' alias
}


def _landing(target: Any) -> Any:
    return getattr(target, "target", target)  # the declaration's Move carries its target


def test_every_lifecycle_named_in_the_platform_has_its_table() -> None:
    assert {name.split(".")[0] for name in TABLES} >= {
        "bonded",
        "brokerage",
        "declarations",
        "inspection",
        "liaison",
        "notifications",
        "ore",
        "postclearance",
        "risk",
        "supervision",
    }
    assert len(TABLES) == 21  # the ore provisional price is the 21st


def test_every_status_enum_of_a_status_module_is_one_tables_statuses() -> None:
    covered = {table.statuses for table in TABLES.values()}
    enums = {
        value
        for module in MODULES
        for name, value in vars(module).items()
        if inspect.isclass(value)
        and issubclass(value, StrEnum)
        and name.endswith("Status")
        and value.__module__ == module.__name__
    }
    assert enums and all(tuple(e) in covered for e in enums)


LEGAL = [
    pytest.param(table, status, command, target, id=f"{name}:{status}:{command}")
    for name, table in TABLES.items()
    for (status, command), target in table.items()
]


@pytest.mark.parametrize(("table", "status", "command", "target"), LEGAL)
def test_each_legal_move_lands_on_its_target(
    table: StatusTable[Any, Any, Any], status: Any, command: Any, target: Any
) -> None:
    assert table.move(status, command) == target == table.find(status, command)
    assert command in table.allowed(status)
    landing = _landing(target)
    remembered = table.initial
    landed = table.land(status, landing, previous=remembered)
    if landing == SAME:
        assert landed is status
    elif landing == PREVIOUS:
        assert landed is remembered
    else:
        assert landed is landing and landed in table.statuses


ILLEGAL = [
    pytest.param(table, status, command, id=f"{name}:{status}:{command}")
    for name, table in TABLES.items()
    for status, command in itertools.product(table.statuses, table.commands)
    if (status, command) not in table
]


@pytest.mark.parametrize(("table", "status", "command"), ILLEGAL)
def test_each_illegal_pair_is_refused_naming_the_status_and_the_command(
    table: StatusTable[Any, Any, Any], status: Any, command: Any
) -> None:
    assert table.find(status, command) is None
    with pytest.raises(ClearwayError) as refused:
        table.move(status, command)
    error = refused.value
    assert error.status == 409
    assert error.extra["current_status"] == status.value
    assert error.extra["command"] == command.value
    assert status.value in error.detail


@pytest.mark.parametrize("name", list(TABLES))
def test_every_status_is_reached_from_the_initial_one(name: str) -> None:
    table = TABLES[name]
    reached, frontier = {table.initial}, [table.initial]
    while frontier:
        current = frontier.pop()
        for (status, _command), target in table.items():
            landing = _landing(target)
            if status is current and landing in table.statuses and landing not in reached:
                reached.add(landing)
                frontier.append(landing)
    assert reached == set(table.statuses)
