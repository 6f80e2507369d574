"""The district's own files read by ``clearway setup``: offices, inspection sites and
enterprises as CSV, each row checked by the same validated input the API uses.

A file is checked whole before anything is written; every bad row is named as
``line N.column`` so a district fixes its file in one pass.
"""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import StringConstraints, ValidationError

from clearway.api.problems import validation_errors
from clearway.enterprises.commands import EnterpriseInput
from clearway.enterprises.rules import customs_code_problem, uscc_problem
from clearway.inspection.commands import SiteInput
from clearway.reference.loading import csv_rows
from clearway.shared.bounds import Input, OfficeCode, Text
from clearway.shared.errors import Collector

M = TypeVar("M", bound=Input)


class OfficeRow(Input):
    """A customs office of the district."""

    code: OfficeCode
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    name_en: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    port: Text(200, 1)  # type: ignore[valid-type]


OFFICE_COLUMNS = ("code", "name", "name_en", "port")
SITE_COLUMNS = ("code", "office_code", "name", "kind", "address")
ENTERPRISE_COLUMNS = (
    "uscc",
    "customs_code",
    "name",
    "name_en",
    "roles",
    "address",
    "credit_level",
    "credit_since",
)


def parse_rows(text: str, model: type[M], columns: tuple[str, ...]) -> list[M]:
    """Every row of a CSV file as ``model``; refused whole, each bad cell named by line."""
    errors = Collector()
    rows: list[M] = []
    for line, values in csv_rows(text, columns, errors):
        raw: dict[str, object] = {
            k: (v or "").strip() for k, v in values.items() if k in columns and (v or "").strip()
        }
        if model is EnterpriseInput:
            raw["roles"] = [r.strip() for r in str(raw.get("roles", "")).split(";") if r.strip()]
        try:
            row = model.model_validate(raw)
        except ValidationError as refused:
            for e in validation_errors(list(refused.errors())):
                errors.add(f"line {line}.{e['path']}", e["rule"], e["message"])
            continue
        if isinstance(row, EnterpriseInput):
            for column, problem in (
                ("uscc", uscc_problem(row.uscc)),
                ("customs_code", customs_code_problem(row.customs_code)),
            ):
                if problem is not None:
                    errors.add(f"line {line}.{column}", column, problem)
        rows.append(row)
    if not rows and not errors.errors:
        errors.add("line 2", "rows", "the file has no rows")
    errors.raise_if_any()
    return rows


def offices(text: str) -> list[OfficeRow]:
    """Columns: code (4 digits), name (Chinese), name_en, port."""
    return parse_rows(text, OfficeRow, OFFICE_COLUMNS)


def sites(text: str) -> list[SiteInput]:
    """Columns: code, office_code, name, kind (as ``clearway inspection add-site``), address."""
    return parse_rows(text, SiteInput, SITE_COLUMNS)


def enterprises(text: str) -> list[EnterpriseInput]:
    """Columns: uscc, customs_code, name, name_en, roles (``;``-separated), address,
    credit_level, credit_since (YYYY-MM-DD)."""
    return parse_rows(text, EnterpriseInput, ENTERPRISE_COLUMNS)
