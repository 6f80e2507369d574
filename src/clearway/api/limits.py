"""Request guards that run before routing: body size and content type."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clearway.api.problems import MEDIA_TYPE, PROBLEM_BASE

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


class RequestGuard:
    """Refuse oversized bodies (413) and non-JSON API writes (415) before any work is done."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
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
