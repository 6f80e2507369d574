"""Completing a two-step summary from the portal: the complete declaration's items and totals.

The form starts from the summary's own items (drawn by the declaration form's generated item
inputs, so each input is named by its field path) and is lodged with
:func:`clearway.supervision.two_step.complete`, the use case the API calls: a refusal (goods not
picked up yet, summary closed, a bad item) lands beside its input and nothing is written.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from clearway.api.deps import PlatformDep
from clearway.bootstrap import Platform
from clearway.declarations.model import Declaration
from clearway.declarations.queries import get_visible
from clearway.shared.errors import ClearwayError, FieldError
from clearway.supervision import two_step
from clearway.supervision.commands import CompleteInput
from clearway.web import declaration_form as dform
from clearway.web.auth import Viewer, ViewerDep
from clearway.web.csrf import web_router
from clearway.web.facilitation import refusal
from clearway.web.forms import FormDep, FormErrors, text
from clearway.web.inspection import typed
from clearway.web.templating import render

router = web_router("/declarations")
TOTALS = (
    ("total_value", "Total value"),
    ("net_weight", "Net weight (kg)"),
    ("gross_weight", "Gross weight (kg)"),
    ("packages", "Packages"),
)


def _page(
    request: Request,
    platform: Platform,
    viewer: Viewer,
    ref: str,
    form: dform.DeclarationForm | None = None,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    with platform.read_session() as db:
        declaration: Declaration = get_visible(db, viewer.actor, ref)
        summary = two_step.summary_of(db, declaration)
        drawn = form or dform.of_declaration(declaration)
        if form is None:
            drawn.values["packages"] = str(declaration.packages or 1)
        return render(
            request,
            "declarations/complete.html",
            viewer,
            status_code=status_code,
            active="declarations",
            d=declaration,
            summary=summary,
            form=drawn,
            errors=FormErrors(errors),
            item_inputs=dform.ITEM,
            blocks=dform.BLOCKS,
            block_inputs=dform.BLOCK_INPUTS,
            totals=TOTALS,
            added_row=None,
        )


@router.get("/{ref}/complete")
def complete_form(request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep) -> Response:
    return _page(request, platform, viewer, ref)


@router.post("/{ref}/complete")
def complete(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    removed = text(form, "remove_item")
    body, drawn = dform.read(form, drop_row=int(removed) if removed.isdigit() else None)
    totals = {name: text(form, name).strip() or None for name, _ in TOTALS}
    drawn.values.update({k: v or "" for k, v in totals.items()})
    if removed.isdigit():  # a row removed without scripts: redraw, lodge nothing
        return _page(request, platform, viewer, ref, drawn)
    raw = {"summary": ref, "items": body["items"], **{k: v for k, v in totals.items() if v}}
    try:
        data = typed(CompleteInput, raw)
        with platform.uow() as uow:
            two_step.complete(uow, data, viewer.actor, platform.clock, platform.settings)
    except ClearwayError as refused:
        return _page(request, platform, viewer, ref, drawn, refusal(refused, "summary"), 422)
    return RedirectResponse(f"/declarations/{ref}?done=completed#two-step", status_code=303)
