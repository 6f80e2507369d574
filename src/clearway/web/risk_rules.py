"""Risk rules in the portal: the list, the editor (criteria as YAML or JSON) and the backtest.

The editor builds the API's own :class:`~clearway.risk.commands.RuleInput` and calls the same
services, so a broken criterion is reported with the same path (``criteria.all.1.field``)
beside the criteria text. The backtest runs the criteria being edited over a past period,
with a progress indicator while it runs.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import yaml
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from clearway.api.deps import PlatformDep, SessionDep
from clearway.bootstrap import Platform
from clearway.declarations.model import Flow, Lane
from clearway.risk import services
from clearway.risk.backtest import backtest
from clearway.risk.commands import BacktestInput, RuleChange, RuleInput
from clearway.risk.rules import RiskRule, RuleStatus
from clearway.shared.errors import Conflict, FieldError, RuleViolation
from clearway.web.auth import Viewer, ViewerDep, ensure_area
from clearway.web.csrf import web_router
from clearway.web.forms import FormDep, FormErrors, pydantic_errors, text
from clearway.web.templating import render

router = web_router("/risk")
DONE = {
    "created": "Rule created as a draft (version 1).",
    "saved": "Saved as a new draft version; the active version keeps running until this one "
    "is activated.",
    "activated": "Activated: this version is in force.",
    "retired": "Retired.",
}


def criteria_of(source: str) -> Any:
    """Criteria typed as YAML (JSON is YAML too); a syntax error names the line."""
    try:
        parsed = yaml.safe_load(source) if source.strip() else None
    except yaml.YAMLError as broken:
        mark = getattr(broken, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise RuleViolation.single(
            "criteria", "syntax", f"not valid YAML or JSON{where}"
        ) from broken
    if not isinstance(parsed, dict):
        raise RuleViolation.single(
            "criteria", "required", "give a criteria tree: all / any / not, or a field test"
        )
    return parsed


def _rule_body(form: FormData, with_code: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "description": text(form, "description"),
        "criteria": criteria_of(text(form, "criteria")),
        "effect": {
            "lane": text(form, "effect.lane") or None,
            "score": text(form, "effect.score").strip() or "0",
            "selection_rate": text(form, "effect.selection_rate").strip() or "1",
            "max_hits_without_selection": text(form, "effect.max_hits_without_selection").strip()
            or None,
        },
        "instructions": [x.strip() for x in text(form, "instructions").splitlines() if x.strip()],
        "valid_from": text(form, "valid_from") or None,
        "valid_to": text(form, "valid_to") or None,
    }
    if with_code:
        body["rule_code"] = text(form, "rule_code").strip()
    return body


def _values(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str)}


def values_of(rule: RiskRule) -> dict[str, str]:
    effect = rule.effect
    return {
        "rule_code": rule.rule_code,
        "description": rule.description,
        "criteria": yaml.safe_dump(rule.criteria, allow_unicode=True, sort_keys=False),
        "effect.lane": effect.lane.value if effect.lane else "",
        "effect.score": str(effect.score),
        "effect.selection_rate": str(effect.selection_rate),
        "effect.max_hits_without_selection": str(effect.max_hits_without_selection or ""),
        "instructions": "\n".join(rule.instructions),
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
    }


@router.get("/rules")
def rules(request: Request, viewer: ViewerDep, db: SessionDep, status: str = "") -> Response:
    ensure_area(viewer, "rules")
    chosen = RuleStatus(status) if status in {s.value for s in RuleStatus} else None
    return render(
        request,
        "risk/rules.html",
        viewer,
        active="rules",
        rules=services.list_rules(db, viewer.actor, chosen),
        status=status,
        statuses=[s.value for s in RuleStatus],
    )


def _editor(
    request: Request,
    platform: Platform,
    viewer: Viewer,
    values: dict[str, str],
    rule: RiskRule | None = None,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
    notice: str = "",
) -> Response:
    today = platform.clock.now().date()
    return render(
        request,
        "risk/rule_form.html",
        viewer,
        status_code=status_code,
        active="rules",
        rule=rule,
        notice=notice,
        values=values,
        errors=FormErrors(errors),
        lanes=[x.value for x in Lane],
        flows=[x.value for x in Flow],
        backtest_from=(today - timedelta(days=365)).isoformat(),
        backtest_to=today.isoformat(),
    )


@router.get("/rules/new")
def new_rule(request: Request, platform: PlatformDep, viewer: ViewerDep) -> Response:
    ensure_area(viewer, "rules")
    start = {"effect.selection_rate": "1", "effect.score": "0"}
    return _editor(request, platform, viewer, start)


@router.post("/rules/new")
def create_rule(
    request: Request, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    ensure_area(viewer, "rules")
    try:
        try:
            data = RuleInput.model_validate(_rule_body(form, with_code=True))
        except ValidationError as invalid:
            raise RuleViolation(pydantic_errors(list(invalid.errors()))) from invalid
        with platform.uow() as uow:
            created = services.create_rule(uow, data, viewer.actor, platform.clock)
    except (RuleViolation, Conflict) as refused:
        errors = refused.errors or [FieldError("rule_code", "exists", refused.detail)]
        return _editor(request, platform, viewer, _values(form), None, errors, 422)
    return RedirectResponse(f"/risk/rules/{created.id}?done=created", status_code=303)


@router.get("/rules/{rule_id}")
def rule_page(
    request: Request,
    rule_id: int,
    platform: PlatformDep,
    viewer: ViewerDep,
    db: SessionDep,
    done: str = "",
) -> Response:
    """A rule version, and the editor for its next version."""
    ensure_area(viewer, "rules")
    rule = services.read_rule(db, viewer.actor, rule_id)
    return _editor(request, platform, viewer, values_of(rule), rule, notice=DONE.get(done, ""))


@router.post("/rules/{rule_id}")
def change_rule(
    request: Request, rule_id: int, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    """Save the edited content as the rule's next version, a draft."""
    ensure_area(viewer, "rules")
    with platform.read_session() as db:
        base = services.read_rule(db, viewer.actor, rule_id)
    try:
        try:
            data = RuleChange.model_validate(_rule_body(form, with_code=False))
        except ValidationError as invalid:
            raise RuleViolation(pydantic_errors(list(invalid.errors()))) from invalid
        with platform.uow() as uow:
            saved = services.change_rule(uow, rule_id, data, viewer.actor, platform.clock)
    except RuleViolation as refused:
        values = {**_values(form), "rule_code": base.rule_code}
        return _editor(request, platform, viewer, values, base, refused.errors, 422)
    return RedirectResponse(f"/risk/rules/{saved.id}?done=saved", status_code=303)


@router.post("/rules/{rule_id}/{command}")
def move_rule(
    request: Request,
    rule_id: int,
    command: str,
    platform: PlatformDep,
    viewer: ViewerDep,
    form: FormDep,
) -> Response:
    """Activate a draft (retiring the version it replaces) or retire a version."""
    ensure_area(viewer, "rules")
    try:
        with platform.uow() as uow:
            if command == "activate":
                services.activate_rule(uow, rule_id, viewer.actor, platform.clock)
            elif command == "retire":
                reason = text(form, "reason")
                services.retire_rule(uow, rule_id, viewer.actor, platform.clock, reason)
            else:
                return RedirectResponse(f"/risk/rules/{rule_id}", status_code=303)
    except Conflict as refused:
        with platform.read_session() as db:
            rule = services.read_rule(db, viewer.actor, rule_id)
        errors = [FieldError("status", "conflict", refused.detail)]
        return _editor(request, platform, viewer, values_of(rule), rule, errors, 409)
    return RedirectResponse(f"/risk/rules/{rule_id}?done={command}d", status_code=303)


@router.post("/backtest")
def run_backtest(
    request: Request, platform: PlatformDep, viewer: ViewerDep, form: FormDep
) -> Response:
    """What the criteria on the form would have hit over the period (an htmx fragment)."""
    ensure_area(viewer, "rules")
    raw = {
        "date_from": text(form, "backtest_from"),
        "date_to": text(form, "backtest_to"),
        "office_code": text(form, "backtest_office").strip() or None,
        "flow": text(form, "backtest_flow") or None,
    }
    try:
        raw["criteria"] = criteria_of(text(form, "criteria"))
        try:
            data = BacktestInput.model_validate(raw)
        except ValidationError as invalid:
            raise RuleViolation(pydantic_errors(list(invalid.errors()))) from invalid
        with platform.read_session() as db:
            result = backtest(db, viewer.actor, data)
    except RuleViolation as refused:
        return render(
            request, "risk/_backtest.html", viewer, result=None, errors=FormErrors(refused.errors)
        )
    return render(request, "risk/_backtest.html", viewer, result=result, errors=FormErrors())
