"""The what-if page: run a shipped scenario with changed parameters, bounded in size.

The form changes what a district would change first (each measure on or off, the days
simulated, the seed, the officers on duty); the run goes through the same use case as the API
(``simulation.services.what_if``), so a refused parameter names the scenario file, the path in
it and the rule. A risk officer may keep the run, which the release-time page then shows beside
the real figures (``?simulated=ID``).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from clearway.api.deps import PlatformDep, SessionDep
from clearway.shared.errors import RuleViolation
from clearway.simulation import policy, queries, services
from clearway.simulation import scenario as scenarios
from clearway.simulation.scenario import Measure
from clearway.web.auth import Viewer, ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.forms import FormDep, FormErrors, text
from clearway.web.templating import render

router = web_router("/simulation")
# Form field → scenario parameter path, for the plain numbers the form offers.
NUMBERS = {
    "days": "days",
    "seed": "seed",
    "document_check_officers": "officers.document_check.count",
    "inspection_officers": "officers.inspection.count",
}
SWITCH = {"on": True, "off": False}


def _overrides(form: FormData) -> dict[str, Any]:
    """The parameters the form changes; empty fields keep the scenario's own value."""
    out: dict[str, Any] = {}
    for field, path in NUMBERS.items():
        raw = text(form, field).strip()
        if raw:
            try:
                out[path] = int(raw)
            except ValueError:
                raise RuleViolation.single(field, "integer", "a whole number") from None
    for m in Measure:
        choice = text(form, f"measure.{m.value}")
        if choice in SWITCH:
            out[f"measures.{m.value}"] = SWITCH[choice]
    return out


def _page(
    request: Request,
    viewer: Viewer,
    db: Any,
    status_code: int = 200,
    **context: Any,
) -> Response:
    return render(
        request,
        "simulation/what_if.html",
        viewer,
        status_code=status_code,
        active="simulation",
        scenarios=scenarios.shipped_names(),
        measures=[m.value for m in Measure],
        runs=queries.runs(db, limit=20),
        may_store=viewer.actor.role in policy.STORES,
        form=context.pop("form", {}),
        **context,
    )


@router.get("")
def what_if_page(request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    """The form and the stored runs."""
    ensure_area(viewer, "simulation")
    return _page(request, viewer, db, result=None, errors=FormErrors())


@router.post("/run")
def run(
    request: Request, platform: PlatformDep, viewer: ViewerDep, form: FormDep, db: SessionDep
) -> Response:
    """Run the scenario with the form's changes: the result fragment (or the whole page)."""
    ensure_area(viewer, "simulation")
    name = text(form, "scenario")
    store = text(form, "store") == "yes"
    try:
        with platform.uow() as uow:
            study, run_id = services.what_if(
                uow,
                viewer.actor,
                name,
                _overrides(form),
                platform.settings.simulation_max_declarations,
                store,
                platform.clock.now(),
            )
    except RuleViolation as refused:
        context: dict[str, Any] = {"result": None, "errors": FormErrors(refused.errors)}
        context["refusal"] = refused.detail
        status = 422
    else:
        context = {"result": study, "run_id": run_id, "errors": FormErrors()}
        status = 200
    if request.headers.get("hx-request"):
        return render(request, "simulation/_result.html", viewer, status_code=status, **context)
    return _page(request, viewer, db, status_code=status, form=dict(form), **context)
