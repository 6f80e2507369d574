"""The OpenAPI document as the API really answers: every refusal an operation can give.

FastAPI documents the success and a 422 in its own shape; the answers made by the error
handlers (:mod:`clearway.api.problems`) and the request layers (:mod:`clearway.api.limits`,
:mod:`clearway.api.idempotency`) are added here, each as ``application/problem+json`` with the
one :data:`PROBLEM` schema. Which refusals apply follows from what the operation takes: a body
can be malformed, too large or of the wrong type; a token can be missing or lack the role;
a path names a record that may not exist or not be the caller's; a write may conflict; a
database can be unavailable (503) or, for a write, out of space (507).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from clearway.api.problems import MEDIA_TYPE

PROBLEM: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `errors` names each field and the rule it broke.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "rule", "message"],
                "properties": {
                    "path": {"type": "string"},
                    "rule": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}

REFUSALS: dict[str, str] = {
    "400": "Malformed JSON, a JSON key given twice, an invalid Idempotency-Key, or a refused "
    "request",
    "401": "No token, or a token that is expired or whose user is gone or inactive",
    "403": "The caller's role or enterprise may not do this",
    "404": "No such record, or not the caller's to see",
    "409": "Conflict: the record's status forbids it, or the same Idempotency-Key is in progress",
    "413": "The body is larger than the limit",
    "415": "The body is not application/json",
    "422": "Validation failed: each error names the field and the rule",
    "429": "Too many tries; wait for Retry-After",
    "503": "The database is unavailable or stopped the request at its time bound; nothing was "
    "changed",
    "507": "The database is out of space; nothing was changed",
}
WRITES = frozenset({"post", "put", "patch", "delete"})
SIGN_IN = "/auth/token"


def refusals(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    """The statuses other than success that ``operation`` can answer."""
    body = "requestBody" in operation
    write = method in WRITES
    params = operation.get("parameters", [])
    statuses = ["503"]
    if body or write:
        statuses += ["400"]
    if "security" in operation:
        statuses += ["401", "403"]
    if any(p.get("in") == "path" for p in params) or "security" in operation:
        statuses += ["404"]
    if write:
        statuses += ["409", "507"]
    if body:
        statuses += ["413", "415"]
    if body or params or write:
        statuses += ["422"]
    if path.endswith(SIGN_IN):
        statuses += ["401", "429"]
    return sorted(set(statuses))


def truthful(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with every operation's refusals documented as problem JSON."""
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    reference = {"$ref": "#/components/schemas/Problem"}
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status in refusals(path, method, operation):
                responses[status] = {
                    "description": REFUSALS[status],
                    "content": {MEDIA_TYPE: {"schema": reference}},
                }
    return doc


def install(app: FastAPI) -> None:
    """Serve the truthful document at ``app.openapi_url`` (built once, on first request)."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = truthful(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
