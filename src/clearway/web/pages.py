"""The landing page; the portal for officers and enterprises grows here."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select

from clearway import __version__
from clearway.api.deps import SessionDep
from clearway.persistence.tables import declarations, enterprises

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def landing(request: Request, session: SessionDep) -> HTMLResponse:
    """What this district runs, with links to the API and its documentation."""
    by_status: dict[str, int] = dict(
        session.execute(
            select(declarations.c.status, func.count()).group_by(declarations.c.status)
        ).all()
    )
    count = session.execute(select(func.count()).select_from(enterprises)).scalar_one()
    return templates.TemplateResponse(
        request,
        "landing.html",
        {
            "version": __version__,
            "by_status": sorted(by_status.items()),
            "enterprises": count,
            "total": sum(by_status.values()),
        },
    )
