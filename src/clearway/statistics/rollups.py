"""Which read model answers a trade query exactly: pure rules over the query, no database.

``trade_facts`` answers everything. The monthly rollups (``monthly.py``) answer whole months
only, and sums add up only where no declaration is counted twice: ``trade_monthly`` (one row
per declaration and month) when every grouping and filter is per declaration;
``trade_monthly_items`` when one item attribute is grouped or filtered on, because its rows
count the declarations with an item of *one* code — two codes of one declaration in one group
(or in the total) would count it twice.
"""

from __future__ import annotations

from datetime import timedelta

from clearway.statistics.commands import Scope, TradeDimension, TradeQuery

D = TradeDimension
# Digits of each HS level; a prefix of another length has no rollup rows of its own.
HS_DIGITS: dict[TradeDimension, int] = {
    D.HS_CHAPTER: 2,
    D.HS_HEADING: 4,
    D.HS_SUBHEADING: 6,
    D.HS_LINE: 10,
}


def whole_months(scope: Scope) -> bool:
    """The period starts on a first and ends on a last day of a month (or is open)."""
    starts = scope.date_from is None or scope.date_from.day == 1
    ends = scope.date_to is None or (scope.date_to + timedelta(days=1)).day == 1
    return starts and ends


def item_level(query: TradeQuery) -> bool:
    """Whether the query groups or filters on an attribute of the items, not the declaration."""
    return bool(query.hs_prefix or query.country) or not all(
        d.per_declaration for d in query.group_by
    )


def filter_grain(query: TradeQuery) -> TradeDimension | None:
    """The item attribute the query's filter names (the partner country, or the HS level of
    the prefix): its rows of that one code hold exactly the declarations in scope."""
    if query.country:
        return D.PARTNER_COUNTRY
    if query.hs_prefix:
        return next((d for d, n in HS_DIGITS.items() if n == len(query.hs_prefix)), None)
    return None


def item_grain(query: TradeQuery) -> TradeDimension | None:
    """The item attribute whose rows answer an item-level query, if any: one attribute at
    most, grouped or filtered on, and an HS prefix the length of a level. Grouping by an HS
    level and filtering on a prefix reads the finer of the two (its codes give the coarser)."""
    grouped = [d for d in query.group_by if not d.per_declaration]
    filtered = filter_grain(query)
    if len(grouped) > 1 or (query.hs_prefix and (filtered is None or query.country)):
        return None
    if not grouped or filtered is None:
        return grouped[0] if grouped else filtered
    group = grouped[0]
    if group in HS_DIGITS and filtered in HS_DIGITS:
        return max(group, filtered, key=HS_DIGITS.__getitem__)
    return group if group == filtered else None
