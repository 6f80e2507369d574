"""Any statistics table as CSV or as an XLSX workbook (one sheet per table).

Every result of ``trade.py`` and ``release_time.py`` can describe itself as one or more
:class:`Sheet`; the API, the CLI and the web pages export through here, so a figure reads the
same on screen, in a CSV and in a spreadsheet. Amounts stay exact: ``Decimal`` cells are
written as numbers with their scale, never through float formatting.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

Cell = str | int | float | Decimal | date | datetime | bool | None

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    """A titled table: column names and rows of plain cells."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell)


def to_csv(sheets: Sequence[Sheet]) -> str:
    """One table as plain CSV; several as titled blocks separated by an empty line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if n:
                writer.writerow([])
            writer.writerow([f"# {sheet.title}"])
        writer.writerow(sheet.columns)
        for row in sheet.rows:
            writer.writerow([_text(c) for c in row])
    return out.getvalue()


def _xlsx_cell(cell: Cell) -> Any:
    if isinstance(cell, datetime):
        # Spreadsheets keep no time zone; the figures are in UTC and the header says so.
        return cell.replace(tzinfo=None)
    return cell


def _sheet_title(title: str, taken: set[str]) -> str:
    cleaned = "".join(ch if ch not in "[]:*?/\\" else " " for ch in title).strip() or "table"
    base, n, name = cleaned[:31], 2, cleaned[:31]
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per table, header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for sheet in sheets:
        ws = book.create_sheet(_sheet_title(sheet.title, taken))
        ws.append(list(sheet.columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for row in sheet.rows:
            ws.append([_xlsx_cell(c) for c in row])
        for n, name in enumerate(sheet.columns, start=1):
            width = max([len(str(name)), *(len(_text(r[n - 1])) for r in sheet.rows[:200])])
            ws.column_dimensions[ws.cell(1, n).column_letter].width = min(60, width + 2)
    if not sheets:
        book.create_sheet("empty")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
