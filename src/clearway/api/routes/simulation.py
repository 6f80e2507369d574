"""The facilitation simulator: shipped scenarios, what-if runs, comparisons, stored runs.

Customs roles run it; risk officers and administrators may keep a run beside the real
figures. Runs in a request are bounded by ``CLEARWAY_SIMULATION_MAX_DECLARATIONS``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query

from clearway.api.deps import ActorDep, PlatformDep, SessionDep, UowDep
from clearway.api.schemas_simulation import (
    ComparisonPublic,
    RunFiguresPublic,
    SimulationInput,
    StoredRunPublic,
    StudyPublic,
)
from clearway.shared.bounds import Id
from clearway.simulation import policy, queries, services
from clearway.simulation import scenario as scenarios

router = APIRouter(prefix="/simulation", tags=["simulation"])
NAME = r"^[a-z0-9][a-z0-9-]{0,30}$"


@router.get("/scenarios")
def list_scenarios(actor: ActorDep) -> list[str]:
    """The scenarios shipped with Clearway."""
    policy.ensure_may_simulate(actor)
    return scenarios.shipped_names()


@router.post("/runs", response_model=StudyPublic)
def run(body: SimulationInput, actor: ActorDep, uow: UowDep, platform: PlatformDep) -> StudyPublic:
    """Run a shipped scenario with changed parameters; ``store`` keeps it for the portal."""
    limit = platform.settings.simulation_max_declarations
    study, run_id = services.what_if(
        uow, actor, body.scenario, body.parameters, limit, body.store, platform.clock.now()
    )
    return StudyPublic.model_validate({**asdict(study), "run_id": run_id})


@router.get("/compare", response_model=ComparisonPublic)
def compare(
    actor: ActorDep,
    platform: PlatformDep,
    port: Annotated[str, Query(pattern=NAME)],
    before: Annotated[str, Query(pattern=NAME)],
    after: Annotated[str, Query(pattern=NAME)],
) -> ComparisonPublic:
    """PORT-BEFORE against PORT-AFTER: ratios, per-segment means, each measure alone."""
    policy.ensure_may_simulate(actor)
    limit = platform.settings.simulation_max_declarations
    found = services.compare(port, before, after, limit=limit)
    return ComparisonPublic.model_validate(asdict(found))


@router.get("/runs", response_model=list[StoredRunPublic])
def stored_runs(actor: ActorDep, session: SessionDep) -> list[StoredRunPublic]:
    """The latest stored runs, newest first."""
    policy.ensure_may_simulate(actor)
    return [StoredRunPublic.model_validate(r) for r in queries.runs(session)]


@router.get("/runs/{run_id}", response_model=RunFiguresPublic)
def stored_run(run_id: Id, actor: ActorDep, session: SessionDep) -> RunFiguresPublic:
    """One stored run's release-time figures, computed over its simulated facts only."""
    policy.ensure_may_simulate(actor)
    return RunFiguresPublic.model_validate(queries.run_figures(session, run_id))
