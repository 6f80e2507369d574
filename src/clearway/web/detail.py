"""The declaration detail page, drawn after a read and after every refused write alike.

A refused or stale write answers with this page in its current state and a notice saying
what happened, so nobody overwrites what they have not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from clearway.bootstrap import Platform
from clearway.dangerous_goods.outcome import Assessment, Outcome
from clearway.declarations.disclosure import event_reason_for, lane_reason_for
from clearway.declarations.model import Declaration, DeclarationEvent, Flow
from clearway.declarations.policy import is_declarant
from clearway.declarations.queries import get_visible
from clearway.declarations.services import assess
from clearway.declarations.valuation import declaration_valuation
from clearway.identity.model import Actor, Role
from clearway.risk.queries import ScreeningView, screening_view
from clearway.shared.errors import ClearwayError, FieldError, NotFound, RuleViolation
from clearway.web import facilitation
from clearway.web.actions import allowed
from clearway.web.auth import Viewer
from clearway.web.declaration_form import block_facts
from clearway.web.facilitation import refusal
from clearway.web.forms import FormErrors
from clearway.web.queries import enterprise_names
from clearway.web.templating import render
from clearway.web.timeline import milestone_label, milestones

ATTACHMENT_ROWS = 3
DOCUMENT_TYPES = (
    "invoice",
    "packing_list",
    "contract",
    "un38_3_test_summary",
    "packaging_performance_sheet",
    "packaging_usage_sheet",
    "certificate_of_origin",
    "licence",
    "rail_waybill",
)


def _screening(db: Session, viewer: Viewer, declaration: Declaration) -> ScreeningView | None:
    """Targeting reasons are for customs; declarants see the lane and its stated reason."""
    if not viewer.actor.is_customs:
        return None
    try:
        return screening_view(db, declaration)
    except NotFound:
        return None


def _reason_of(actor: Actor, event: DeclarationEvent) -> str:
    return event_reason_for(actor, event.command, event.lane, event.reason)


def context(
    db: Session, viewer: Viewer, declaration: Declaration, platform: Platform
) -> dict[str, Any]:
    actor = viewer.actor
    names = enterprise_names(db, [declaration.trader_id, declaration.broker_id])
    declarant = is_declarant(actor, declaration) or actor.role is Role.ADMINISTRATOR
    open_for_documents = not declaration.status.is_final and declaration.released_at is None
    return {
        "d": declaration,
        "lane_reason": lane_reason_for(actor, declaration.lane, declaration.lane_reason),
        "reason_of": lambda e: _reason_of(actor, e),
        "trader": names.get(declaration.trader_id, ""),
        "broker": names.get(declaration.broker_id or 0, ""),
        "actions": allowed(actor, declaration),
        "may_edit": declarant and declaration.editable,
        "may_attach": open_for_documents and (actor.is_customs or declarant),
        "screening": _screening(db, viewer, declaration),
        "milestones": milestones(declaration.events),
        "events": sorted(declaration.events, key=lambda e: e.seq),
        "milestone_label": milestone_label,
        "document_types": DOCUMENT_TYPES,
        "block_facts": block_facts,
        "panels": facilitation.panels(
            db, actor, declaration, platform.settings, platform.clock.now()
        ),
        "record_kinds": facilitation.RECORD_KINDS,
        "results": facilitation.RESULTS,
        "goods_categories": facilitation.GOODS_CATEGORIES,
        "attachment_rows": range(ATTACHMENT_ROWS),
        "dg_pending": _pending_lithium_checks(declaration, platform),
        "valuation": declaration_valuation(declaration),
        **_tax(db, declaration),
    }


def _tax(db: Session, declaration: Declaration) -> dict[str, object]:
    """Duty and VAT per item as assessment would give them (imports only), or the reasons it
    cannot yet, such as a month whose customs rate is not loaded, for the page to show."""
    if declaration.flow is not Flow.IMPORT:
        return {"tax": None, "tax_refusals": []}
    try:
        return {"tax": assess(db, declaration), "tax_refusals": []}
    except RuleViolation as refused:
        return {"tax": None, "tax_refusals": refused.errors}


def _pending_lithium_checks(declaration: Declaration, platform: Platform) -> Assessment | None:
    """What submitting the declaration as it stands would meet, while its content may change:
    the declarant fixes each finding before the submission is refused for it."""
    if not declaration.editable:
        return None
    assessment = platform.submission.lithium_batteries.findings(declaration)
    return None if assessment.outcome is Outcome.NOT_APPLICABLE else assessment


def detail_response(
    request: Request,
    platform: Platform,
    viewer: Viewer,
    ref: str,
    notice: str = "",
    notice_kind: str = "",
    status_code: int = 200,
    doc_errors: list[FieldError] | None = None,
    doc_values: dict[str, str] | None = None,
    action_errors: dict[str, FormErrors] | None = None,
    panel_errors: dict[str, FormErrors] | None = None,
    panel_values: dict[str, str] | None = None,
) -> HTMLResponse:
    with platform.read_session() as db:
        declaration = get_visible(db, viewer.actor, ref)
        page = context(db, viewer, declaration, platform)
        page["panels"].errors = panel_errors or {}
        page["panels"].values = panel_values or {}
        return render(
            request,
            "declarations/detail.html",
            viewer,
            status_code=status_code,
            active="declarations",
            notice=notice,
            notice_kind=notice_kind,
            doc_errors=FormErrors(doc_errors),
            doc_values=doc_values or {},
            action_errors=action_errors or {},
            back="",
            **page,
        )


def panel_write(
    request: Request,
    platform: Platform,
    viewer: Viewer,
    ref: str,
    form_key: str,
    main_field: str,
    change: Callable[[], object],
    done_url: str,
    values: dict[str, str] | None = None,
) -> Response:
    """Run one use case from a form of the declaration page: done, back to *done_url*; refused,
    the page redrawn with the errors beside that form (a refusal not tied to a field is put on
    *main_field*) and nothing written. An unknown or hidden declaration stays a 404."""
    try:
        change()
    except NotFound:
        raise
    except ClearwayError as refused:
        return detail_response(
            request,
            platform,
            viewer,
            ref,
            f"Nothing was changed: {refused.detail}",
            "error",
            refused.status if refused.status in (409, 422) else 422,
            panel_errors={form_key: FormErrors(refusal(refused, main_field))},
            panel_values=values or {},
        )
    return RedirectResponse(done_url, status_code=303)
