"""The goods each centralized-declaration goods category covers, as a dated table.

Decree 169 names the goods centralized declaration is for (perishable goods, time-sensitive
publications, dangerous goods, bonded goods through road ports) but gives no tariff codes. The
shipped table ``data/centralized_goods.csv`` reads the perishable and publication categories
as HS prefixes (one row per category, prefix and period; ``valid_to`` empty: no end); a
district replaces it with its own reading. Dangerous goods are told by the item itself (it
declares a UN number), and general and bonded-road goods by the filing's scope, not the goods
(docs/rules/centralized_declaration.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from clearway.reference.loading import Row, parse_rows, refuse_overlaps
from clearway.shared.periods import in_force
from clearway.supervision.model import GoodsCategory

COLUMNS = ("category", "hs_prefix", "valid_from", "valid_to", "note")


@dataclass(frozen=True)
class CategoryGoods:
    """Goods under one HS prefix belong to a category over one period."""

    category: GoodsCategory
    hs_prefix: str
    valid_from: date
    valid_to: date | None

    def in_force(self, day: date) -> bool:
        return in_force(self.valid_from, self.valid_to, day)


def parse_category_goods(text: str) -> tuple[CategoryGoods, ...]:
    """The rows of the table; a RuleViolation naming each bad line or overlapping periods."""
    rows = parse_rows(text, COLUMNS, _row)
    refuse_overlaps(rows, lambda r: f"{r.category.value}:{r.hs_prefix}", "category and prefix")
    return tuple(rows)


def _row(row: Row) -> CategoryGoods | None:
    category, prefix = row.text("category"), row.text("hs_prefix")
    if category and category not in set(GoodsCategory):
        row.fail("category", "category", f"'{category}' is not one of {', '.join(GoodsCategory)}")
        return None
    if prefix and not (prefix.isdigit() and 2 <= len(prefix) <= 10):
        row.fail("hs_prefix", "hs_prefix", f"'{prefix}' is not 2 to 10 digits of a tariff code")
    valid_from, valid_to = row.period()
    return CategoryGoods(GoodsCategory(category), prefix, valid_from or date.min, valid_to)


@lru_cache(maxsize=1)
def category_goods() -> tuple[CategoryGoods, ...]:
    """The shipped table, read once per process."""
    text = (files("clearway.supervision") / "data" / "centralized_goods.csv").read_text("utf-8")
    return parse_category_goods(text)


def prefixes_of(category: GoodsCategory, day: date) -> list[str]:
    """The HS prefixes of a category's goods in force on ``day``."""
    return [r.hs_prefix for r in category_goods() if r.category is category and r.in_force(day)]
