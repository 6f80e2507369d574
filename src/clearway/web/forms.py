"""Reading HTML forms: the parsed form as a dependency, and form names for field paths.

Field paths are the ones domain rules and Pydantic report (``items.1.tariff_code``); form
inputs are *named* by those same paths, so an error lands next to the input it names without
any mapping table, and the error summary links to the input's id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from clearway.api.problems import validation_errors
from clearway.shared.errors import FieldError


async def _form(request: Request) -> FormData:
    return await request.form()


FormDep = Annotated[FormData, Depends(_form)]


def text(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value if isinstance(value, str) else default


def input_id(path: str) -> str:
    """The id of the input named by a field path (ids may not contain dots in CSS selectors)."""
    return "f-" + path.replace(".", "-")


def pydantic_errors(raw: list[object]) -> list[FieldError]:
    """Pydantic's complaints as field errors, worded exactly as the API words them."""
    return [FieldError(e["path"], e["rule"], e["message"]) for e in validation_errors(raw)]


class FormErrors:
    """Field errors by path, for templates: the message of a field and the unplaced rest."""

    def __init__(self, errors: list[FieldError] | None = None) -> None:
        self.errors = list(errors or [])
        self.by_path: dict[str, list[FieldError]] = {}
        for e in self.errors:
            self.by_path.setdefault(e.path, []).append(e)
        self.placed: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.errors)

    def of(self, path: str) -> str:
        """The message(s) for a field; marks them as shown beside it."""
        found = self.by_path.get(path)
        if not found:
            return ""
        self.placed.add(path)
        return "; ".join(f"{e.message} ({e.rule})" for e in found)

    def has(self, path: str) -> bool:
        return path in self.by_path

    def under(self, prefix: str) -> str:
        """Messages for a field and everything inside it (``criteria`` and ``criteria.all.0``),
        each naming its path, for inputs that hold a whole structure (a criteria text)."""
        found = [e for e in self.errors if e.path == prefix or e.path.startswith(prefix + ".")]
        self.placed.update(e.path for e in found)
        return "; ".join(
            f"{e.path}: {e.message} ({e.rule})" if e.path != prefix else f"{e.message} ({e.rule})"
            for e in found
        )

    def has_under(self, prefix: str) -> bool:
        return any(e.path == prefix or e.path.startswith(prefix + ".") for e in self.errors)
