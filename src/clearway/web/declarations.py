"""Declaration pages: the list, the form (lodge and amend), the detail, documents and commands.

Every write goes through :mod:`clearway.declarations.services`, exactly as the API's; refusals
come back as field errors beside their inputs, a stale page (the declaration moved on) shows
the current state instead of overwriting it, and another tenant's declaration is a 404.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from clearway.api.deps import PlatformDep, SessionDep
from clearway.bootstrap import Platform
from clearway.declarations import services
from clearway.declarations.commands import ActionInput, DocumentInput
from clearway.declarations.model import Declaration
from clearway.declarations.policy import ensure_may_edit
from clearway.declarations.queries import get_visible
from clearway.declarations.status import Command
from clearway.enterprises.model import EnterpriseRole
from clearway.enterprises.services import list_enterprises
from clearway.identity.model import Role
from clearway.shared.errors import ClearwayError, Conflict, IllegalTransition, RuleViolation
from clearway.web import declaration_form as dform
from clearway.web.actions import give, notice_for
from clearway.web.auth import Viewer, ViewerDep, ensure_area, safe_next
from clearway.web.csrf import web_router
from clearway.web.detail import detail_response
from clearway.web.forms import FormDep, FormErrors, pydantic_errors, text
from clearway.web.templating import render

router = web_router("/declarations")


def _traders(db: Session, viewer: Viewer) -> list[tuple[int, str]] | None:
    """Whom the user may declare for: a broker's principals, any trader for an administrator."""
    actor = viewer.actor
    if actor.role is Role.ENTERPRISE_USER:
        return None
    return [
        (e.id, e.name)
        for e in list_enterprises(db, actor)
        if e.has_role(EnterpriseRole.TRADER) and e.id != actor.enterprise_id
    ]


def _form_page(
    request: Request,
    platform: Platform,
    viewer: Viewer,
    form: dform.DeclarationForm,
    declaration: Declaration | None = None,
    status_code: int = 200,
    added_row: int | None = None,
) -> HTMLResponse:
    with platform.read_session() as db:
        traders = _traders(db, viewer)
    return render(
        request,
        "declarations/form.html",
        viewer,
        status_code=status_code,
        active="new-declaration" if declaration is None else "declarations",
        form=form,
        errors=FormErrors(form.errors),
        known=dform.known_paths(form),
        header=dform.HEADER,
        item_inputs=dform.ITEM,
        blocks=dform.BLOCKS,
        block_inputs=dform.BLOCK_INPUTS,
        traders=traders,
        declaration=declaration,
        added_row=added_row,
    )


def _rework(form: FormData) -> tuple[dform.DeclarationForm, int | None] | None:
    """Adding or removing an item row without scripts: redraw, save nothing."""
    if text(form, "add_item"):
        _, drawn = dform.read(form)
        drawn.rows.append(drawn.next_row())
        return drawn, drawn.rows[-1]
    removed = text(form, "remove_item")
    if removed.isdigit():
        _, drawn = dform.read(form, drop_row=int(removed))
        return drawn, None
    return None


@router.get("/new")
def new_form(request: Request, platform: PlatformDep, viewer: ViewerDep) -> Response:
    ensure_area(viewer, "new-declaration")
    today = platform.clock.now().date()
    defaults = {spec.name: spec.default for spec in dform.HEADER if spec.default}
    start = dform.DeclarationForm(
        values={
            **defaults,
            "flow": "export",
            "currency": "CNY",
            "declaration_date": today.isoformat(),
        }
    )
    return _form_page(request, platform, viewer, start)


@router.get("/item-row")
def item_row(request: Request, viewer: ViewerDep, index: int = 0) -> Response:
    """One empty item row (htmx), and the add button moved on to the next row key."""
    return render(
        request,
        "declarations/_item_row_added.html",
        viewer,
        row=max(index, 0),
        form=dform.DeclarationForm(),
        errors=FormErrors(),
        item_inputs=dform.ITEM,
        blocks=dform.BLOCKS,
        block_inputs=dform.BLOCK_INPUTS,
        added_row=max(index, 0),
    )


@router.get("/item-row/removed")
def item_row_removed(viewer: ViewerDep) -> Response:
    """Nothing: htmx deletes the row it was asked from."""
    return HTMLResponse("")


def _after_save(
    request: Request, platform: Platform, viewer: Viewer, saved: Declaration, form: FormData
) -> Response:
    number = saved.number
    if text(form, "intent") != "submit":
        return RedirectResponse(f"/declarations/{number}?done=saved", status_code=303)
    try:
        with platform.uow() as uow:
            services.act(
                uow,
                number,
                Command.SUBMIT,
                ActionInput(expected_version=saved.version),
                viewer.actor,
                platform.clock,
                platform.submission,
            )
    except ClearwayError as refused:
        notice = f"Draft saved, but not submitted: {refused}"
        return detail_response(request, platform, viewer, number, notice, "error", 422)
    return RedirectResponse(f"/declarations/{number}?done=submitted", status_code=303)


@router.post("/new")
def lodge(request: Request, platform: PlatformDep, viewer: ViewerDep, form: FormDep) -> Response:
    ensure_area(viewer, "new-declaration")
    reworked = _rework(form)
    if reworked is not None:
        return _form_page(request, platform, viewer, reworked[0], added_row=reworked[1])
    body, drawn = dform.read(form)
    data, errors = dform.validate(body)
    if data is None:
        drawn.errors = errors
        return _form_page(request, platform, viewer, drawn, status_code=422)
    try:
        with platform.uow() as uow:
            created = services.create(
                uow,
                data,
                viewer.actor,
                platform.clock,
                platform.settings.max_items,
                settings=platform.settings,
            )
    except RuleViolation as refused:
        drawn.errors = refused.errors
        return _form_page(request, platform, viewer, drawn, status_code=422)
    return _after_save(request, platform, viewer, created, form)


@router.get("/{ref}/edit")
def edit_form(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, db: SessionDep
) -> Response:
    declaration = get_visible(db, viewer.actor, ref)
    ensure_may_edit(viewer.actor, declaration)
    if not declaration.editable:
        notice = f"Declaration {declaration.number} is {declaration.status.value} and can no "
        notice += "longer be changed."
        return detail_response(request, platform, viewer, ref, notice, "warn", 409)
    return _form_page(request, platform, viewer, dform.of_declaration(declaration), declaration)


@router.post("/{ref}/edit")
def amend(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    """Save a draft's (or an amendment's) new content, unless it changed since it was shown."""
    with platform.read_session() as db:
        current = get_visible(db, viewer.actor, ref)
        ensure_may_edit(viewer.actor, current)
        documents = dform.documents_of(current)
    reworked = _rework(form)
    if reworked is not None:
        return _form_page(request, platform, viewer, reworked[0], current, added_row=reworked[1])
    body, drawn = dform.read(form)
    data, errors = dform.validate({**body, "documents": documents})
    seen = text(form, "version")
    try:
        if data is None:
            raise RuleViolation(errors)
        with platform.uow() as uow:
            saved = services.update(
                uow,
                ref,
                data,
                viewer.actor,
                platform.clock,
                platform.settings.max_items,
                int(seen) if seen.isdigit() else None,
            )
    except RuleViolation as refused:
        drawn.errors = refused.errors
        return _form_page(request, platform, viewer, drawn, current, status_code=422)
    except Conflict as stale:
        notice = f"Not saved: {stale.detail}. This is the declaration as it stands now."
        return detail_response(request, platform, viewer, ref, notice, "warn", 409)
    return _after_save(request, platform, viewer, saved, form)


@router.get("/{ref}")
def detail(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, done: str = ""
) -> Response:
    """Header, items, documents, lane and reasons, commands, and the timeline."""
    notice = notice_for(done)
    return detail_response(request, platform, viewer, ref, notice, "ok" if notice else "", 200)


@router.post("/{ref}/documents")
def attach(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    raw = {
        k: text(form, k).strip() or None
        for k in ("doc_type", "number", "issuer", "issue_date", "valid_until")
    }
    raw["issuer"] = raw["issuer"] or ""
    try:
        try:
            document = DocumentInput.model_validate(raw)
        except ValidationError as invalid:
            raise RuleViolation(pydantic_errors(list(invalid.errors()))) from invalid
        with platform.uow() as uow:
            services.add_document(uow, ref, document, viewer.actor, platform.clock)
    except RuleViolation as refused:
        return detail_response(
            request,
            platform,
            viewer,
            ref,
            "The document was not attached: see the errors below.",
            "error",
            422,
            doc_errors=refused.errors,
            doc_values={k: text(form, k) for k in raw},
        )
    except Conflict as refused:
        return detail_response(request, platform, viewer, ref, refused.detail, "warn", 409)
    return RedirectResponse(f"/declarations/{ref}?done=document#documents", status_code=303)


@router.post("/{ref}/actions/{command}")
def act(
    request: Request,
    ref: str,
    command: Command,
    platform: PlatformDep,
    viewer: ViewerDep,
    form: FormDep,
) -> Response:
    """Give a lifecycle command with the version the page showed; a stale page is told so."""
    try:
        declaration = give(platform, viewer.actor, ref, command, form)
    except RuleViolation as refused:
        notice = f"Not done: {refused}"
        return detail_response(
            request,
            platform,
            viewer,
            ref,
            notice,
            "error",
            422,
            action_errors={command.value: FormErrors(refused.errors)},
        )
    except (Conflict, IllegalTransition) as stale:
        notice = (
            f"Nothing was changed: {stale.detail}. The declaration moved on since the page "
            "was shown; this is its current state."
        )
        return detail_response(request, platform, viewer, ref, notice, "warn", 409)
    back = safe_next(text(form, "back") or f"/declarations/{declaration.number}")
    joiner = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{joiner}done={command.value}", status_code=303)
