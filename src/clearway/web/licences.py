"""The licence register page: the licences a user may read with their balance and write-offs,
and for the customs document desk the form that records one as its issuing authority sent it.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from clearway.api.deps import PlatformDep, SessionDep
from clearway.licensing import queries, services
from clearway.licensing.commands import LicenceInput
from clearway.licensing.conditions import licence_conditions
from clearway.licensing.policy import RECORDERS
from clearway.shared.errors import FieldError, RuleViolation
from clearway.web.auth import Viewer, ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.forms import FormDep, FormErrors, pydantic_errors, text
from clearway.web.templating import render

router = web_router("/licences")
FIELDS = tuple(LicenceInput.model_fields)  # the form's inputs are the input model's fields


@router.get("")
def index(request: Request, viewer: ViewerDep, db: SessionDep, done: str = "") -> Response:
    ensure_area(viewer, "licences")
    notice = f"Licence {done} recorded." if done else ""
    return _page(request, viewer, db, 200, notice, {}, FormErrors())


def _page(
    request: Request,
    viewer: Viewer,
    db: Session,
    status: int,
    notice: str,
    values: dict[str, str],
    errors: FormErrors,
) -> Response:
    found = queries.licences(db, viewer.actor)
    return render(
        request,
        "licences/index.html",
        viewer,
        status,
        "licences",
        licences=found,
        drawdowns={x.id: queries.drawdowns(db, x) for x in found},
        conditions=[c for c in licence_conditions() if c.number_required],
        may_record=viewer.actor.role in RECORDERS,
        values=values,
        errors=errors,
        notice=notice,
    )


def _input(form: FormData) -> tuple[dict[str, str], LicenceInput]:
    values = {name: text(form, name).strip() for name in FIELDS}
    scope = [p.strip() for p in values["hs_scope"].split(",") if p.strip()]
    data = {k: v for k, v in values.items() if v} | {"hs_scope": scope}
    return values, LicenceInput.model_validate(data)


@router.post("")
def record(request: Request, form: FormDep, platform: PlatformDep, viewer: ViewerDep) -> Response:
    """Record a licence (document desk); a refusal redraws the form naming each field."""
    ensure_area(viewer, "licences")
    values = {name: text(form, name).strip() for name in FIELDS}
    try:
        values, data = _input(form)
        with platform.uow() as uow:
            done = services.record_licence(uow, data, viewer.actor, platform.clock)
    except (RuleViolation, ValidationError) as refused:
        errors: list[FieldError] = (
            refused.errors
            if isinstance(refused, RuleViolation)
            else pydantic_errors(list(refused.errors()))
        )
        with platform.read_session() as db:
            return _page(request, viewer, db, 422, "", values, FormErrors(errors))
    return RedirectResponse(f"/licences?done={done.number}", status_code=303)
