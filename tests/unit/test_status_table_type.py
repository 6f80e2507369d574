"""The shared status-table type every lifecycle is built on, on a small lifecycle of its own."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pytest

from clearway.shared.errors import ClearwayError, Conflict, IllegalTransition
from clearway.shared.status_table import (
    PREVIOUS,
    SAME,
    StatusTable,
    already,
    conflict,
)


class Seal(StrEnum):
    AFFIXED = "affixed"
    CHECKED = "checked"
    HELD = "held"
    BROKEN = "broken"


class SealCommand(StrEnum):
    CHECK = "check"
    HOLD = "hold"
    RELEASE = "release"
    NOTE = "note"
    BREAK = "break"


# Written out of enum order on purpose: allowed() follows the table, not the enum.
SEALS: StatusTable[Seal, SealCommand, Seal | str] = StatusTable(
    "container seal",
    {
        (Seal.AFFIXED, SealCommand.BREAK): Seal.BROKEN,
        (Seal.AFFIXED, SealCommand.NOTE): SAME,
        (Seal.AFFIXED, SealCommand.CHECK): Seal.CHECKED,
        (Seal.CHECKED, SealCommand.HOLD): Seal.HELD,
        (Seal.HELD, SealCommand.RELEASE): PREVIOUS,
    },
    initial=Seal.AFFIXED,
)


def test_a_legal_command_finds_and_moves_to_its_target() -> None:
    assert SEALS.move(Seal.AFFIXED, SealCommand.CHECK) is Seal.CHECKED
    assert SEALS.find(Seal.CHECKED, SealCommand.HOLD) is Seal.HELD
    assert SEALS.find(Seal.CHECKED, SealCommand.CHECK) is None


def test_an_illegal_command_is_refused_naming_the_status_and_the_command() -> None:
    with pytest.raises(IllegalTransition) as refused:
        SEALS.move(Seal.BROKEN, SealCommand.CHECK)
    error = refused.value
    assert error.status == 409 and error.kind == "illegal-transition"
    assert error.extra["current_status"] == "broken" and error.extra["command"] == "check"
    assert error.detail == "cannot check a container seal whose status is broken"


def test_the_refusal_names_the_record_when_told_which_it_is() -> None:
    with pytest.raises(IllegalTransition) as refused:
        SEALS.move(Seal.HELD, SealCommand.BREAK, subject="seal CN-0042")
    assert refused.value.detail == "cannot break seal CN-0042 whose status is held"


@pytest.mark.parametrize(
    ("name", "subject"), [("inspection order", "an inspection order"), ("gate pass", "a gate pass")]
)
def test_the_lifecycle_is_named_with_its_article(name: str, subject: str) -> None:
    table = StatusTable(
        name, {(Seal.AFFIXED, SealCommand.BREAK): Seal.BROKEN}, initial=Seal.AFFIXED
    )
    assert table.subject == subject


def test_a_lifecycle_may_refuse_in_its_own_words() -> None:
    def refuse(current: Seal, command: SealCommand, subject: str) -> ClearwayError:
        return Conflict(f"{subject}: no {command.value} once {current.value}", rule="seal")

    table = StatusTable(
        "seal",
        {(Seal.AFFIXED, SealCommand.BREAK): Seal.BROKEN},
        initial=Seal.AFFIXED,
        refuse=refuse,
    )
    with pytest.raises(Conflict) as refused:
        table.move(Seal.BROKEN, SealCommand.BREAK)
    assert refused.value.detail == "a seal: no break once broken"
    assert refused.value.extra == {"rule": "seal"}


def test_the_stock_conflict_refusals_carry_the_status_and_the_command() -> None:
    said = conflict(Seal.HELD, SealCommand.CHECK, "an appointment")
    assert isinstance(said, Conflict) and said.status == 409
    assert said.detail == "cannot check an appointment that is held"
    assert said.extra == {"current_status": "held", "command": "check"}
    again = already(Seal.BROKEN, SealCommand.BREAK, "disposal case 7")
    assert again.detail == "disposal case 7 is already broken"
    assert again.extra == {"current_status": "broken", "command": "break"}


def test_allowed_commands_follow_the_table_order() -> None:
    assert SEALS.allowed(Seal.AFFIXED) == [SealCommand.BREAK, SealCommand.NOTE, SealCommand.CHECK]
    assert SEALS.allowed(Seal.BROKEN) == []


def test_statuses_and_commands_are_the_whole_enums_even_without_moves() -> None:
    assert SEALS.statuses == tuple(Seal) and SEALS.commands == tuple(SealCommand)
    assert SEALS.initial is Seal.AFFIXED


def test_the_table_reads_as_the_mapping_it_was_built_from() -> None:
    assert len(SEALS) == 5
    assert next(iter(SEALS)) == (Seal.AFFIXED, SealCommand.BREAK)
    assert SEALS.get((Seal.HELD, SealCommand.RELEASE)) == PREVIOUS
    assert SEALS.get((Seal.HELD, SealCommand.BREAK)) is None
    assert dict(SEALS.items())[(Seal.AFFIXED, SealCommand.NOTE)] == SAME
    assert [c for (s, c) in SEALS if s is Seal.CHECKED] == [SealCommand.HOLD]


def test_sentinels_land_on_the_current_or_the_remembered_status() -> None:
    note = SEALS.move(Seal.AFFIXED, SealCommand.NOTE)
    assert SEALS.land(Seal.AFFIXED, note) is Seal.AFFIXED
    release = SEALS.move(Seal.HELD, SealCommand.RELEASE)
    assert SEALS.land(Seal.HELD, release, previous=Seal.CHECKED) is Seal.CHECKED
    assert SEALS.land(Seal.AFFIXED, SEALS.move(Seal.AFFIXED, SealCommand.CHECK)) is Seal.CHECKED
    assert SEALS.land(Seal.AFFIXED, "checked") is Seal.CHECKED
    with pytest.raises(ValueError, match="remembers no status"):
        SEALS.land(Seal.HELD, release)


def test_sentinels_read_as_their_plain_words() -> None:
    assert SAME == "same" and PREVIOUS == "previous"
    assert {PREVIOUS: 1, SAME: 2}.get("previous") == 1


@dataclass(frozen=True)
class Step:
    target: Seal | str
    note: str = ""


def test_a_payload_table_returns_the_payload_and_lands_on_its_target() -> None:
    steps = StatusTable(
        "seal",
        {
            (Seal.AFFIXED, SealCommand.CHECK): Step(Seal.CHECKED, "E5"),
            (Seal.AFFIXED, SealCommand.NOTE): Step(SAME),
        },
        initial=Seal.AFFIXED,
    )
    step = steps.move(Seal.AFFIXED, SealCommand.CHECK)
    assert step == Step(Seal.CHECKED, "E5")
    assert (
        steps.land(Seal.AFFIXED, steps.move(Seal.AFFIXED, SealCommand.NOTE).target) is Seal.AFFIXED
    )
    with pytest.raises(IllegalTransition):
        steps.move(Seal.CHECKED, SealCommand.CHECK)


class Lane(StrEnum):
    GREEN = "green"


class Odd(StrEnum):
    OPEN = "open"
    SAME = "same"


def test_a_table_that_mixes_lifecycles_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match="no moves"):
        StatusTable("seal", {}, initial=Seal.AFFIXED)
    with pytest.raises(TypeError, match="mixes lifecycles"):
        StatusTable(
            "seal",
            {
                (Seal.AFFIXED, SealCommand.BREAK): Seal.BROKEN,
                (Lane.GREEN, SealCommand.CHECK): Seal.HELD,
            },  # type: ignore[dict-item]
            initial=Seal.AFFIXED,
        )
    with pytest.raises(TypeError, match="leads to"):
        StatusTable("seal", {(Seal.AFFIXED, SealCommand.BREAK): Lane.GREEN}, initial=Seal.AFFIXED)
    with pytest.raises(TypeError, match="leads to"):
        StatusTable(
            "seal", {(Seal.AFFIXED, SealCommand.BREAK): Step(Lane.GREEN)}, initial=Seal.AFFIXED
        )
    with pytest.raises(ValueError, match="read as sentinels"):
        StatusTable("odd", {(Odd.OPEN, SealCommand.NOTE): Odd.OPEN}, initial=Odd.OPEN)
