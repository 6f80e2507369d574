"""The read side of stored simulation runs: the list, and one run's release-time figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clearway.shared.errors import NotFound
from clearway.simulation.study import figures
from clearway.simulation.tables import simulated_release_facts, simulation_runs
from clearway.statistics.release_time import DurationFigures, SegmentFigures
from clearway.statistics.tables import segment_column
from clearway.statistics.trs import RELEASE_TIME, SEGMENTS

r, f = simulation_runs.c, simulated_release_facts.c


@dataclass(frozen=True)
class StoredRun:
    id: int
    scenario: str
    title: str
    port: str
    year: int
    seed: int
    declarations: int
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class RunFigures:
    """A stored run's release time and segments, as the release-time page shows real ones."""

    run: StoredRun
    release_time: DurationFigures
    segments: list[SegmentFigures]


_RUN = (
    r.id,
    r.scenario,
    r.title,
    r.port,
    r.year,
    r.seed,
    r.declarations,
    r.created_at,
    r.created_by,
)


def runs(session: Session, limit: int = 50) -> list[StoredRun]:
    """The latest stored runs, newest first."""
    rows = session.execute(select(*_RUN).order_by(r.id.desc()).limit(limit))
    return [StoredRun(*row) for row in rows]


def run_figures(session: Session, run_id: int) -> RunFigures:
    """One run's figures, computed over its simulated facts only."""
    row = session.execute(select(*_RUN).where(r.id == run_id)).first()
    if row is None:
        raise NotFound("simulation run", run_id)
    columns = [f[segment_column(s)] for s in SEGMENTS]
    values = list(zip(*session.execute(select(*columns).where(f.run_id == run_id)), strict=False))
    by_name = {s.name: figures(values[i] if values else ()) for i, s in enumerate(SEGMENTS)}
    return RunFigures(
        run=StoredRun(*row),
        release_time=by_name[RELEASE_TIME.name],
        segments=[SegmentFigures(s.name, s.label, by_name[s.name]) for s in SEGMENTS],
    )
