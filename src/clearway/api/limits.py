"""Request guards that run before routing: URL text, body size, content type and duplicate
JSON keys."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from pydantic_core import PydanticCustomError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clearway.api.problems import MEDIA_TYPE, PROBLEM_BASE
from clearway.shared.bounds import plain_text

FORM_PATHS = ("/api/v1/auth/token",)


async def send_problem(
    send: Send,
    status: int,
    title: str,
    detail: str,
    kind: str,
    errors: list[dict[str, str]] | None = None,
) -> None:
    """A problem answer from an ASGI layer, before (or instead of) any route."""
    problem: dict[str, object] = {
        "type": PROBLEM_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        problem["errors"] = errors
    body = json.dumps(problem).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class DuplicateKey(ValueError):
    """A JSON object that names the same member twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_members(pairs: list[tuple[str, object]]) -> dict[str, object]:
    members = dict(pairs)
    if len(members) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return members


def duplicate_key(body: bytes) -> str | None:
    """The first member named twice in one object of a JSON body, if any.

    JSON parsers keep the last of two same-named members, so ``{"quantity": 1, "quantity":
    1000}`` would be read as one thing by us and another by a proxy or an auditor's tool.
    A body that is not JSON at all is left for the validation to refuse.
    """
    try:
        json.loads(body, object_pairs_hook=_unique_members)
    except DuplicateKey as exc:
        return exc.key
    except ValueError:
        return None
    return None


def unplain_url(scope: Scope) -> dict[str, str] | None:
    """The first path segment or query value of an API request that is not plain text.

    Every path and query parameter is text before it is anything else, and the same rule as
    for every text field holds (:func:`clearway.shared.bounds.plain_text`): a NUL, another
    control character or only blanks. PostgreSQL cannot even compare text with a NUL in it,
    so one check here covers every route's string parameters, present and future.
    """
    path: str = scope["path"]
    query = scope.get("query_string", b"").decode("utf-8", errors="replace")
    where = [("path", segment) for segment in path.split("/")]
    where += [("query." + k, v) for k, v in parse_qsl(query, keep_blank_values=True)]
    for name, value in where:
        try:
            plain_text(value)
        except PydanticCustomError as refused:
            return {"path": name, "rule": refused.type, "message": refused.message()}
    return None


class RequestGuard:
    """Refuse API addresses with control characters or blank values (422), oversized bodies
    (413), non-JSON API writes (415) and JSON bodies naming a member twice (400) before any
    work is done."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope["path"]).startswith("/api/"):
            refused = unplain_url(scope)
            if refused is not None:
                await send_problem(
                    send,
                    422,
                    "Validation failed",
                    "the request breaks 1 rule(s)",
                    "validation",
                    [refused],
                )
                return
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        path: str = scope["path"]
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if (
            path.startswith("/api/")
            and path not in FORM_PATHS
            and body
            and content_type != "application/json"
        ):
            await send_problem(
                send,
                415,
                "Unsupported media type",
                f"send the body as application/json, not {content_type or 'an unlabelled body'}",
                "unsupported-media-type",
            )
            return
        if path.startswith("/api/") and content_type == "application/json" and body:
            twice = duplicate_key(body)
            if twice is not None:
                await send_problem(
                    send,
                    400,
                    "Duplicate JSON key",
                    f"the member {twice!r} appears twice in one object of the body",
                    "duplicate-key",
                )
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        scope.setdefault("state", {})["raw_body"] = body
        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        await send_problem(
            send,
            413,
            "Payload too large",
            f"the body exceeds the limit of {self.max_body_bytes} bytes",
            "payload-too-large",
        )


def header(scope: Scope, name: str) -> str | None:
    for key, value in scope["headers"]:
        if key.decode().lower() == name:
            return str(value.decode())
    return None
