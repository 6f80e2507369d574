"""RFC 9457 problem details: the one place domain and request errors become HTTP answers."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from clearway.shared.errors import ClearwayError

PROBLEM_BASE = "https://clearway.dev/problems/"
MEDIA_TYPE = "application/problem+json"


def problem(
    status: int,
    title: str,
    detail: str,
    kind: str,
    errors: list[dict[str, str]] | None = None,
    instance: str | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 429 and extra.get("retry_after") is not None:
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "form"):
        parts = parts[1:] if parts[0] == "body" else parts
    return ".".join(parts) or "body"


def validation_errors(raw: list[Any]) -> list[dict[str, str]]:
    """Pydantic's errors as {path, rule, message}, the same shape domain rules use."""
    out = []
    for err in raw:
        message = str(err.get("msg", "invalid"))
        if err.get("type") == "extra_forbidden":
            message = "is not a known field"
        out.append(
            {
                "path": _path(err.get("loc", ())),
                "rule": str(err.get("type", "invalid")),
                "message": message,
            }
        )
    return out


# PostgreSQL's query_canceled: the statement ran past ``statement_timeout``.
QUERY_CANCELED = "57014"


def timed_out(exc: OperationalError) -> bool:
    """Whether the database cancelled the statement for running past its time bound."""
    return getattr(exc.orig, "sqlstate", None) == QUERY_CANCELED


# PostgreSQL's disk_full; SQLite says it in words (SQLITE_FULL).
DISK_FULL = "53100"
SQLITE_FULL = "database or disk is full"


def out_of_space(exc: OperationalError) -> int | None:
    """The status for a database that could not write for want of space, else None.

    SQLite's file is the district's storage itself, so a full one is 507 Insufficient Storage;
    PostgreSQL's full disk is a server's trouble the operator clears, so 503 as any outage.
    """
    if getattr(exc.orig, "sqlstate", None) == DISK_FULL:
        return 503
    if SQLITE_FULL in str(exc.orig):
        return 507
    return None


def install(app: FastAPI) -> None:
    """Register the handlers; after this nothing a client sends can produce a traceback."""

    @app.exception_handler(ClearwayError)
    async def _domain(request: Request, exc: ClearwayError) -> JSONResponse:
        return problem(
            exc.status,
            exc.title,
            exc.detail,
            exc.kind,
            [e.as_dict() for e in exc.errors],
            instance=request.url.path,
            **exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _request(request: Request, exc: RequestValidationError) -> JSONResponse:
        raw = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in raw):
            where = raw[0].get("ctx", {}).get("error", "")
            return problem(
                400,
                "Malformed JSON",
                f"the body is not valid JSON: {where}".strip(),
                "malformed-json",
                instance=request.url.path,
            )
        errors = validation_errors(raw)
        return problem(
            422,
            "Validation failed",
            f"the request breaks {len(errors)} rule(s)",
            "validation",
            errors,
            instance=request.url.path,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(
            exc.status_code, str(exc.detail), str(exc.detail), "http", instance=request.url.path
        )

    @app.exception_handler(DataError)
    async def _unstorable(request: Request, exc: DataError) -> JSONResponse:
        # The last guard behind the bounds of clearway.shared.bounds: a value the database
        # refused to store (a number past its column, a character it cannot hold). The
        # transaction rolled back; the bounds name the field, so reaching here is a gap in them.
        import logging

        logging.getLogger("clearway.api").warning("value refused by the database: %s", exc.orig)
        return problem(
            422,
            "Value out of range",
            "a value does not fit the column it is stored in, so nothing was changed",
            "value-out-of-range",
            [{"path": "body", "rule": "storage.range", "message": "a value is out of range"}],
            instance=request.url.path,
        )

    @app.exception_handler(OperationalError)
    async def _database(request: Request, exc: OperationalError) -> JSONResponse:
        # A connection lost to a restart or failover, or a database too busy to take the
        # request: the transaction rolled back, and sending the same request again is safe.
        import logging

        if timed_out(exc):
            logging.getLogger("clearway.api").warning("statement timed out on %s", request.url)
            answer = problem(
                503,
                "Request took too long",
                "the database stopped the request at its time bound, so nothing was changed; "
                "narrow the request or retry later",
                "statement-timeout",
                instance=request.url.path,
            )
            answer.headers["Retry-After"] = "5"
            return answer
        full = out_of_space(exc)
        if full is not None:
            logging.getLogger("clearway.api").error("database out of space: %s", exc.orig)
            answer = problem(
                full,
                "Database out of space",
                "the database has no space left to store the request, so nothing was changed; "
                "retry once space has been freed",
                "insufficient-storage",
                instance=request.url.path,
            )
            answer.headers["Retry-After"] = "60"
            return answer
        logging.getLogger("clearway.api").warning("database unavailable: %s", exc.orig)
        answer = problem(
            503,
            "Database unavailable",
            "the database could not complete the request, so nothing was changed; retry shortly",
            "database-unavailable",
            instance=request.url.path,
        )
        answer.headers["Retry-After"] = "1"
        return answer

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Never leak internals; the server log has the traceback.
        import logging

        logging.getLogger("clearway.api").exception("unhandled error on %s", request.url.path)
        return problem(
            500,
            "Internal error",
            "the server could not complete the request",
            "internal",
            instance=request.url.path,
        )
