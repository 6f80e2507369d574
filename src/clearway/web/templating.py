"""Jinja2 environment of the portal: autoescaped templates, display filters, one render call.

Every page goes through :func:`render`, which hands the layout the signed-in viewer, its
navigation and its CSRF token, so no page can forget them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from clearway import __version__
from clearway.web.nav import entries_for

if TYPE_CHECKING:
    from clearway.web.auth import Viewer

HTMX = "vendor/htmx-2.0.11.min.js"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
_env = templates.env
_env.trim_blocks = True
_env.lstrip_blocks = True


def label(value: object) -> str:
    """An enum value or code as words: ``document_check`` → ``document check``."""
    return "" if value is None else str(value).replace("_", " ")


def number(value: object, places: int | None = None) -> str:
    """A Decimal or number with thousands separators, exactly as stored unless rounded."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places))
    text = f"{amount:,f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def when(value: datetime | None, tz: str = "Asia/Shanghai") -> str:
    """An instant in the district's time zone, to the minute, with the zone's abbreviation."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(tz))
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")


def count(value: int) -> str:
    """A capped count (see :data:`clearway.web.queries.COUNT_CAP`) as people read it."""
    from clearway.web.queries import COUNT_CAP

    return f"more than {COUNT_CAP:,}" if value > COUNT_CAP else f"{value:,}"


_env.filters.update(label=label, number=number, percent=percent, when=when, count=count)


def render(
    request: Request,
    name: str,
    viewer: Viewer | None,
    status_code: int = 200,
    active: str = "",
    **context: Any,
) -> HTMLResponse:
    """A page (or an htmx fragment) with the layout's context filled in."""
    platform = request.app.state.platform
    base = {
        "viewer": viewer,
        "nav": entries_for(viewer.actor.role, viewer.features) if viewer else [],
        "csrf": viewer.csrf if viewer else context.pop("csrf", ""),
        "active": active,
        "version": __version__,
        "htmx": HTMX,
        "tz": platform.settings.bonded_report_timezone,
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)
