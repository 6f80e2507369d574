"""The post-clearance audit page: the officer's queue, take a task, close it with a finding.

The same use cases as the API and the CLI; a bad finding comes back on the page with each
field's message (422), nothing written; another office's task is the portal's 404.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from clearway.api.deps import PlatformDep, SessionDep
from clearway.postclearance import queries, services
from clearway.postclearance.commands import FindingInput
from clearway.postclearance.rules import Finding, FindingKind
from clearway.postclearance.status import AuditStatus
from clearway.shared.errors import RuleViolation
from clearway.web.auth import Viewer, ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.forms import FormDep, pydantic_errors, text
from clearway.web.templating import render

router = web_router("/post-clearance")
AREA = "post-clearance"
DONE = {"taken": "Task taken: it is yours to close.", "closed": "Audit closed with its finding."}


@router.get("")
def index(
    request: Request, viewer: ViewerDep, db: SessionDep, status: str = "", done: str = ""
) -> Response:
    ensure_area(viewer, AREA)
    chosen = AuditStatus(status) if status in {s.value for s in AuditStatus} else None
    return _page(request, viewer, db, 200, DONE.get(done, ""), chosen)


def _page(
    request: Request,
    viewer: Viewer,
    db: Session,
    code: int,
    notice: str,
    status: AuditStatus | None = None,
) -> Response:
    total, rows = queries.list_visible(db, viewer.actor, status, 200, 0)
    return render(
        request,
        "post_clearance.html",
        viewer,
        code,
        AREA,
        total=total,
        rows=rows,
        status=status.value if status else "",
        statuses=list(AuditStatus),
        findings=list(Finding),
        kinds=list(FindingKind),
        notice=notice,
    )


@router.post("/{task_id}/take")
def take(task_id: int, platform: PlatformDep, viewer: ViewerDep) -> Response:
    ensure_area(viewer, AREA)
    with platform.uow() as uow:
        services.take(uow, task_id, viewer.actor, platform.clock)
    return RedirectResponse("/post-clearance?done=taken", status_code=303)


@router.post("/{task_id}/close")
def close(
    request: Request, task_id: int, form: FormDep, platform: PlatformDep, viewer: ViewerDep
) -> Response:
    """Close the task held with the finding chosen; refusals come back on the page."""
    ensure_area(viewer, AREA)
    try:
        finding = FindingInput.model_validate(
            {
                "finding": text(form, "finding"),
                "kind": text(form, "kind") or None,
                "revenue_raised": text(form, "revenue_raised").strip() or None,
                "note": text(form, "note"),
            }
        )
        with platform.uow() as uow:
            services.close(uow, task_id, finding, viewer.actor, platform.clock)
    except (RuleViolation, ValidationError) as refused:
        errors = (
            refused.errors
            if isinstance(refused, RuleViolation)
            else pydantic_errors(list(refused.errors()))
        )
        with platform.read_session() as db:
            notice = "; ".join(f"{e.path}: {e.message}" for e in errors)
            return _page(request, viewer, db, 422, f"audit {task_id} not closed — {notice}")
    return RedirectResponse("/post-clearance?done=closed", status_code=303)
