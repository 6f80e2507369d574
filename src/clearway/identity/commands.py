"""Validated inputs of user use cases."""

from __future__ import annotations

from clearway.shared.bounds import Input, OfficeCode


class OfficeInput(Input):
    """The customs office an office-bound officer works at; null withdraws it."""

    office_code: OfficeCode | None
