"""Account books of the bonded zone: a zone enterprise's own books, every book for customs."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from clearway.api.deps import PlatformDep, SessionDep
from clearway.bonded import queries
from clearway.web.auth import ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.queries import enterprise_names
from clearway.web.templating import render

router = web_router("/bonded")
MOVEMENTS = 50


@router.get("/books")
def books(request: Request, viewer: ViewerDep, db: SessionDep) -> Response:
    ensure_area(viewer, "books")
    found = queries.list_books(db, viewer.actor)
    return render(
        request,
        "bonded/books.html",
        viewer,
        active="books",
        books=found,
        names=enterprise_names(db, [b.enterprise_id for b in found]),
    )


@router.get("/books/{ref}")
def book(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, db: SessionDep
) -> Response:
    """Balances now and the latest ledger movements; another enterprise's book is a 404."""
    ensure_area(viewer, "books")
    found = queries.get_book(db, viewer.actor, ref)
    now = platform.clock.now()
    total, _ = queries.movements(db, found, None, None, None, 1, 0)
    offset = max(0, total - MOVEMENTS)
    _, lines = queries.movements(db, found, None, None, None, MOVEMENTS, offset)
    return render(
        request,
        "bonded/book.html",
        viewer,
        active="books",
        book=found,
        owner=enterprise_names(db, [found.enterprise_id]).get(found.enterprise_id, ""),
        balances=queries.balances_at(db, found, now),
        movements=list(reversed(lines)),
        total_movements=total,
        now=now,
    )
