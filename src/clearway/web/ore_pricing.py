"""Provisional ore pricing from the portal: state the provisional price on a draft, declare
the final price once the lab and the quotational period allow it.

Both forms call the use cases the API calls (:mod:`clearway.ore.pricing_services`); a refusal
redraws the declaration page with the errors beside the form that caused it, naming the field
and the rule, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

from clearway.api.deps import PlatformDep
from clearway.bootstrap import Platform
from clearway.ore import pricing_services
from clearway.ore.commands import FinalPriceInput, ProvisionalPriceInput
from clearway.web.auth import Viewer, ViewerDep
from clearway.web.csrf import web_router
from clearway.web.detail import panel_write
from clearway.web.forms import FormDep, text
from clearway.web.inspection import typed

router = web_router()
TERMS = (
    "pricing_basis",
    "quotational_period_start",
    "quotational_period_end",
    "provisional_unit_price",
    "fe_basis_pct",
    "moisture_basis_pct",
)


def _write(
    request: Request,
    platform: Platform,
    viewer: Viewer,
    ref: str,
    form_key: str,
    change: Callable[[], object],
    values: dict[str, str],
) -> Response:
    """A form of the ore pricing panel: back to the panel when done."""
    done_url = f"/declarations/{ref}?done={form_key}#ore-pricing"
    return panel_write(
        request, platform, viewer, ref, form_key, "declaration", change, done_url, values
    )


@router.post("/declarations/{ref}/ore/provisional-price")
def state_provisional(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    values = {name: text(form, name).strip() for name in TERMS}

    def change() -> None:
        data = typed(ProvisionalPriceInput, {k: v or None for k, v in values.items()})
        with platform.uow() as uow:
            pricing_services.state_provisional(uow, ref, data, viewer.actor, platform.clock)

    return _write(request, platform, viewer, ref, "provisional_price", change, values)


@router.post("/declarations/{ref}/ore/final-price")
def declare_final(
    request: Request, ref: str, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    """One price input per item, named ``lines.N.price`` with ``lines.N.line_no`` beside it."""
    values = {k: str(v).strip() for k, v in form.items() if k.startswith(("lines.", "final_"))}
    count = sum(1 for k in values if k.endswith(".line_no"))
    lines = [
        {"line_no": values.get(f"lines.{n}.line_no"), "price": values.get(f"lines.{n}.price")}
        for n in range(count)
    ]

    def change() -> None:
        raw = {"lines": lines, "final_unit_price": values.get("final_unit_price") or None}
        data = typed(FinalPriceInput, raw)
        with platform.uow() as uow:
            pricing_services.declare_final(
                uow, ref, data, viewer.actor, platform.clock, platform.settings
            )

    return _write(request, platform, viewer, ref, "final_price", change, values)
