"""What every CLI command shares: the platform, the acting user, and one-line errors."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer
from pydantic import ValidationError

from clearway.bootstrap import Platform, build
from clearway.config import Settings, get_settings
from clearway.identity.model import Actor
from clearway.shared.errors import ClearwayError

P = ParamSpec("P")
R = TypeVar("R")

_platform: Platform | None = None


def platform(database_url: str | None = None) -> Platform:
    """The platform for this invocation, built on first use."""
    global _platform
    if _platform is None or database_url:
        settings = Settings(database_url=database_url) if database_url else None
        _platform = build(settings)
    return _platform


def reset() -> None:
    """Forget the cached platform and settings (tests run many invocations in one process)."""
    global _platform
    _platform = None
    get_settings.cache_clear()


def acting_user(username: str | None) -> Actor:
    """The actor a command runs as: a named user, or the platform itself for admin tasks."""
    if username is None:
        return Actor.system("cli")
    from sqlalchemy import select

    from clearway.identity.model import User
    from clearway.identity.services import actor_of
    from clearway.identity.tables import users

    with platform().sessions() as session:
        user = session.scalars(select(User).where(users.c.username == username)).first()
    if user is None:
        fail(f"no user named {username}")
    return actor_of(user, platform().settings.unassigned_officers_district_wide)


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def describe(exc: ClearwayError | ValidationError) -> str:
    """One line naming every broken field and rule."""
    if isinstance(exc, ValidationError):
        # Settings come from CLEARWAY_* variables; their model-wide checks name no field.
        what = "settings" if exc.title == "Settings" else "input"
        parts = [_field_error(e["loc"], e["msg"]) for e in exc.errors()]
        return f"invalid {what}: " + "; ".join(parts)
    return str(exc)


def _field_error(loc: tuple[int | str, ...], message: str) -> str:
    message = message.removeprefix("Value error, ")
    return ".".join(str(p) for p in loc) + f": {message}" if loc else message


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn refusals into one clear line and a non-zero exit instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except (ClearwayError, ValidationError) as exc:
            fail(describe(exc))
        except (OSError, json.JSONDecodeError) as exc:
            fail(str(exc))

    return wrapper


def emit(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
