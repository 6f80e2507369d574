"""Data-carrying domain errors.

Domain code raises these; each edge (API, web, CLI) translates them exactly once, so the
same refusal reads the same everywhere and nothing a user sends can surface as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldError:
    """One broken rule on one field; `path` is dotted with list indexes (``items.0.quantity``)."""

    path: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "rule": self.rule, "message": self.message}


@dataclass
class ClearwayError(Exception):
    """Base of every refusal the platform gives; carries a readable detail and field errors."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    title: str = "Request refused"
    status: int = 400
    kind: str = "refused"
    extra: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        if not self.errors:
            return self.detail
        parts = "; ".join(f"{e.path}: {e.message}" for e in self.errors)
        return f"{self.detail}: {parts}"


class NotFound(ClearwayError):
    """The thing does not exist, or the caller may not know that it does (tenancy)."""

    def __init__(self, what: str, key: object) -> None:
        super().__init__(
            detail=f"{what} {key} not found", title="Not found", status=404, kind="not-found"
        )


class Conflict(ClearwayError):
    """The request is valid but collides with the current state (version, duplicate, balance)."""

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(
            detail=detail, title="Conflict", status=409, kind="conflict", extra=dict(extra)
        )


class AnswerUnavailable(ClearwayError):
    """The change was committed, but building its answer failed: the change stands, so the
    caller is told it was done (and must not send it again) rather than that it failed."""

    def __init__(self) -> None:
        super().__init__(
            detail="the change was made and committed, but its answer could not be built; "
            "read the resource again instead of sending the change again",
            title="Done; answer unavailable",
            status=202,
            kind="committed-answer-unavailable",
        )


class IllegalTransition(ClearwayError):
    """A lifecycle command that the status table does not allow from the current status."""

    def __init__(self, current: str, command: str, attempted: str | None = None) -> None:
        target = f" (to {attempted})" if attempted else ""
        super().__init__(
            detail=f"cannot {command}{target} a declaration whose status is {current}",
            title="Illegal transition",
            status=409,
            kind="illegal-transition",
            extra={"current_status": current, "command": command, "attempted_status": attempted},
        )


class RuleViolation(ClearwayError):
    """Input breaks one or more business rules; each broken rule names its field."""

    def __init__(self, errors: list[FieldError], detail: str | None = None) -> None:
        super().__init__(
            detail=detail
            or "the request breaks " + ("one rule" if len(errors) == 1 else f"{len(errors)} rules"),
            errors=errors,
            title="Validation failed",
            status=422,
            kind="validation",
        )

    @classmethod
    def single(cls, path: str, rule: str, message: str) -> RuleViolation:
        return cls([FieldError(path, rule, message)])

    def under(self, prefix: str) -> RuleViolation:
        """The same refusal with every field path inside ``prefix`` (as the caller's body
        nests the input that was checked)."""
        errors = [
            FieldError(f"{prefix}.{e.path}" if e.path else prefix, e.rule, e.message)
            for e in self.errors
        ]
        return RuleViolation(errors, self.detail)


class PermissionDenied(ClearwayError):
    """The caller is known but its role may not do this."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail, title="Forbidden", status=403, kind="forbidden")


class Unauthenticated(ClearwayError):
    """No valid credentials were presented."""

    def __init__(self, detail: str = "sign-in required") -> None:
        super().__init__(detail=detail, title="Unauthorized", status=401, kind="unauthenticated")


class TooManyAttempts(ClearwayError):
    """Too many failed attempts lately; the caller may try again after ``retry_after`` seconds."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(
            detail=detail,
            title="Too many attempts",
            status=429,
            kind="too-many-attempts",
            extra={"retry_after": retry_after},
        )
        self.retry_after = retry_after


class Collector:
    """Gathers field errors so a request hears about every broken rule at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: str, rule: str, message: str) -> None:
        self.errors.append(FieldError(path, rule, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise RuleViolation(self.errors)
