"""The dated table of supervision-condition codes (监管证件代码) that call for a licence or
permit: which document each code means, who issues it, and whether customs writes off a
numbered licence against the goods.

It ships as ``data/licence_conditions.csv`` (``docs/rules/licences.md``): one row per code and
period (``valid_from`` through ``valid_to``, both included; empty: no end). Codes are single
characters and case matters (GACC uses ``7`` and lower-case letters for other documents). The
statutory-inspection codes (``A``/``B``) are not documents the trader brings: they stay in the
setting ``CLEARWAY_STATUTORY_INSPECTION_CONDITIONS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from clearway.reference.loading import Row, parse_rows, refuse_overlaps
from clearway.shared.periods import in_force

COLUMNS = ("code", "name_zh", "name_en", "issuer", "number_required", "valid_from", "valid_to")
YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class LicenceCondition:
    """One supervision-condition code over one period: the document it calls for."""

    code: str
    name_zh: str
    name_en: str
    issuer: str
    number_required: bool
    valid_from: date
    valid_to: date | None

    def in_force(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)

    @property
    def name(self) -> str:
        return f"{self.name_zh} {self.name_en}"


def parse_licence_conditions(text: str) -> tuple[LicenceCondition, ...]:
    """The rows of the table; a RuleViolation naming each bad line, or a code's overlapping
    periods."""
    rows = parse_rows(text, COLUMNS, _condition)
    refuse_overlaps(rows, lambda row: row.code, "code")
    return tuple(rows)


def _condition(row: Row) -> LicenceCondition | None:
    code = row.text("code")
    if code and not (len(code) == 1 and code.isalnum()):
        row.fail("code", "condition_code", f"'{code}' is not a one-character condition code")
    flag = row.text("number_required").lower()
    if flag and flag not in YES_NO:
        row.fail("number_required", "yes_no", f"'{flag}' is not yes or no")
    valid_from, valid_to = row.period()
    return LicenceCondition(
        code=code,
        name_zh=row.text("name_zh"),
        name_en=row.text("name_en"),
        issuer=row.text("issuer"),
        number_required=YES_NO.get(flag, True),
        valid_from=valid_from or date.min,
        valid_to=valid_to,
    )


@lru_cache(maxsize=1)
def licence_conditions() -> tuple[LicenceCondition, ...]:
    """The table that ships with Clearway, read once."""
    text = (files("clearway.licensing") / "data" / "licence_conditions.csv").read_text("utf-8")
    return parse_licence_conditions(text)


def condition_on(
    code: str, day: date, table: tuple[LicenceCondition, ...] | None = None
) -> LicenceCondition | None:
    """The row of a code in force on a day, if the table lists one."""
    for row in licence_conditions() if table is None else table:
        if row.code == code and row.in_force(day):
            return row
    return None
