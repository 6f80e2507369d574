"""SQL pieces both statistics share: tenancy, the common filters, durations between times."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    FromClause,
    String,
    Subquery,
    Table,
    case,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from clearway.declarations.measures import SEPARATOR, pattern
from clearway.declarations.model import FacilitationMode
from clearway.declarations.queries import visibility
from clearway.declarations.status import Milestone
from clearway.declarations.tables import declarations
from clearway.identity.model import Actor, Role
from clearway.statistics.commands import Scope
from clearway.statistics.trs import Segment


def reads_directly(actor: Actor) -> bool:
    """Whether tenancy needs no join to ``declarations``: customs see everything, and an
    enterprise user's rule (its own declarations) is the trader column every read model has."""
    return actor.is_customs or (
        actor.role is Role.ENTERPRISE_USER and actor.enterprise_id is not None
    )


def visible_from(facts: Table, actor: Actor) -> tuple[FromClause, list[ColumnElement[bool]]]:
    """The read model as the actor may see it: customs the district, an enterprise its own
    declarations, a broker its principals' (the declarations' own visibility rule, joined)."""
    if actor.is_customs:
        return facts, []
    if reads_directly(actor):
        return facts, [facts.c.trader_id == actor.enterprise_id]
    clause = visibility(actor)
    assert clause is not None
    joined = facts.join(declarations, declarations.c.id == facts.c.declaration_id)
    return joined, [clause]


def scope_conditions(facts: Table, scope: Scope) -> list[ColumnElement[bool]]:
    """The shared filters as conditions on a read-model table."""
    c = facts.c
    found: list[ColumnElement[bool]] = []
    for column, value in (
        (c.flow, scope.flow),
        (c.office_code, scope.office_code),
        (c.trader_id, scope.enterprise_id),
        (c.credit_level, scope.credit_level),
        (c.transport_mode, scope.transport_mode),
    ):
        if value is not None:
            found.append(column == getattr(value, "value", value))
    if scope.facilitation_mode is not None:  # uses the measure, among any others
        found.append(c.facilitation_measures.like(pattern(scope.facilitation_mode)))
    if scope.date_from is not None:
        found.append(c.declaration_date >= scope.date_from)
    if scope.date_to is not None:
        found.append(c.declaration_date <= scope.date_to)
    return found


def measure_rows() -> Subquery:
    """One row per facilitation measure (``standard`` included), column ``measure``."""
    names = [select(literal(m.value, String).label("measure")) for m in FacilitationMode]
    return union_all(*names).subquery("measures")


def per_measure(
    facts: FromClause, key: ColumnElement[str]
) -> tuple[FromClause, ColumnElement[str]]:
    """The facts joined to each measure their key holds, and that measure's column: grouped by
    it, a declaration using two measures counts under each (``declarations.measures``)."""
    measures = measure_rows()
    holds = key.like(literal("%" + SEPARATOR) + measures.c.measure + literal(SEPARATOR + "%"))
    return facts.join(measures, holds), measures.c.measure


class seconds_between(FunctionElement[float]):
    """Seconds from the first timestamp to the second, as a double, on either database."""

    type = Float()
    name = "seconds_between"
    inherit_cache = True


@compiles(seconds_between, "postgresql")
def _pg_seconds(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS DOUBLE PRECISION)"


@compiles(seconds_between)
def _sqlite_seconds(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


def segment_seconds(
    segment: Segment, column: Callable[[Milestone], ColumnElement[Any]]
) -> ColumnElement[float]:
    """The SQL twin of ``trs.segment_seconds``: first present start to first present end,
    NULL when an end is missing or the end is before the start."""

    def first(milestones: tuple[Milestone, ...]) -> ColumnElement[Any]:
        columns = [column(m) for m in milestones]
        return columns[0] if len(columns) == 1 else func.coalesce(*columns)

    seconds = seconds_between(first(segment.start), first(segment.end))
    return case((seconds >= 0, seconds))
