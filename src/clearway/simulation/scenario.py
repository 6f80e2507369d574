"""A scenario file: the port's timetable, traffic, officers, measures and every duration.

A scenario is YAML. ``extends: NAME`` starts from another shipped scenario and lays this file's
keys over it (mappings merge, anything else replaces), so "Horgos 2024" reads as "Horgos 2019
with these measures on". The whole file is checked before anything runs; each refusal names the
file, the path in it and the rule broken (a negative duration, an unknown measure or
distribution, zero officers, an arrival before the scenario starts).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from clearway.enterprises.model import CreditLevel
from clearway.shared.errors import FieldError, RuleViolation
from clearway.simulation.distributions import Duration


class Measure(StrEnum):
    """The facilitation measures a scenario switches on or off, each alone."""

    PRE_ARRIVAL_LODGEMENT = "pre_arrival_lodgement"
    TWO_STEP = "two_step"
    CLASSIFIED_MANAGEMENT = "classified_management"
    FIRST_RELEASE = "first_release"
    DIRECT_PICKUP = "direct_pickup"
    BONDED_WAREHOUSING = "bonded_warehousing"
    TAILORED_INSPECTION = "tailored_inspection"
    APPOINTMENTS = "appointments"


class Step(StrEnum):
    """Every duration the port model draws; a scenario states each one."""

    MANIFEST_LEAD = "manifest_lead"  # E0 before arrival
    LODGEMENT_LEAD = "lodgement_lead"  # pre-arrival lodgement: E2 before E1
    LODGEMENT_AFTER_ARRIVAL = "lodgement_after_arrival"  # E1 → E2 otherwise
    ACCEPTANCE = "acceptance"  # E2 → E3
    RISK_RESULT = "risk_result"  # E3 → E4
    DOCUMENT_CHECK = "document_check"
    UNLOADING = "unloading"  # into the supervised site (direct pickup skips it)
    YARD_MOVE = "yard_move"  # to the inspection yard (direct pickup and tailored skip it)
    INSPECTION = "inspection"
    INSPECTION_TAILORED = "inspection_tailored"
    DG_PACKAGING_CHECK = "dg_packaging_check"  # exports of dangerous goods, at the port
    LAB = "lab"
    PAYMENT = "payment"
    PAYMENT_GUARANTEED = "payment_guaranteed"  # two-step: tax guarantee filed in advance
    RELEASE = "release"
    TRANSSHIPMENT = "transshipment"  # gauge break or reloading
    DIRECT_RELOADING = "direct_reloading"
    EXIT = "exit"
    COMPLETE_DECLARATION = "complete_declaration"  # two-step step 2 after release


class Share(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    share: float = Field(ge=0, le=1)


class TraderMix(Share):
    credit_level: CreditLevel


class GoodsMix(Share):
    tariff_code: str = Field(pattern=r"^\d{10}$")
    dangerous_goods: bool = False


class Service(BaseModel):
    """A timetabled service: one arrival every ``every_hours`` from ``first_hour`` on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    every_hours: float = Field(gt=0)
    first_hour: float = Field(0, ge=0)
    declarations: int = Field(ge=1, le=10_000)


class Arrival(BaseModel):
    """One recorded arrival (from history) carrying some declarations."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: AwareDatetime
    declarations: int = Field(ge=1, le=10_000)


class Timetable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    services: tuple[Service, ...] = ()
    arrivals: tuple[Arrival, ...] = ()


class OfficeHours(BaseModel):
    """When a team works: local hours ``open``–``close`` on the listed weekdays (0 = Monday)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    open: float = Field(ge=0, le=24)
    close: float = Field(ge=0, le=24)
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)

    @model_validator(mode="after")
    def _order(self) -> OfficeHours:
        if self.close <= self.open:
            raise PydanticCustomError("order", "close must be after open", {})
        if not self.weekdays or any(not 0 <= d <= 6 for d in self.weekdays):
            raise PydanticCustomError("weekday", "weekdays are 0 (Monday) to 6 (Sunday)", {})
        return self


class Team(BaseModel):
    """Officers (or lab benches, or reloading tracks) of one kind and when they work."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    count: int
    hours: OfficeHours | None = None  # None: round the clock
    source: str = Field(min_length=3)

    @model_validator(mode="after")
    def _staffed(self) -> Team:
        if self.count < 1:
            raise PydanticCustomError(
                "at_least_one",
                "a team needs at least one officer (got {count})",
                {"count": self.count},
            )
        return self


class Teams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    document_check: Team
    inspection: Team
    lab: Team
    transshipment: Team


Lanes = Literal["red", "yellow", "blue"]


class Risk(BaseModel):
    """Selectivity's inputs: lane rates per credit level, random quotas, the salt, and the
    tariff prefixes inspected every time while classified management is off."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lane_rates: dict[CreditLevel, dict[Lanes, float]]
    random_quota: dict[str, dict[Lanes, float]] = {}
    salt: str = "clearway-simulation"
    statutory_inspection_prefixes: tuple[str, ...] = ()
    source: str = Field(min_length=3)


class Scenario(BaseModel):
    """A whole scenario, checked; times are hours from ``start``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    title: str
    port: str
    flow: Literal["import", "export"]
    office_code: str = Field(pattern=r"^\d{4}$")
    transport_mode: str
    start: AwareDatetime = Field(
        ge=datetime(2000, 1, 1, tzinfo=UTC), le=datetime(2100, 1, 1, tzinfo=UTC)
    )
    days: float = Field(gt=0, le=400)
    utc_offset_hours: float = Field(8, ge=-12, le=14)
    seed: int = Field(0, ge=0, le=2**31 - 1)
    timetable: Timetable
    traders: tuple[TraderMix, ...] = Field(min_length=1)
    goods: tuple[GoodsMix, ...] = Field(min_length=1)
    measures: dict[Measure, bool]
    pre_arrival_share: dict[CreditLevel, float] = {}
    appointment_notice_hours: dict[CreditLevel, float] = {}
    sampling_share: float = Field(ge=0, le=1)
    lab_failure_share: float = Field(0, ge=0, le=1)
    officers: Teams
    risk: Risk
    durations: dict[Step, Duration]
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        missing = [s.value for s in Step if s not in self.durations]
        if missing:
            raise PydanticCustomError(
                "missing_duration",
                "every step needs a duration; missing: {m}",
                {"m": ", ".join(missing)},
            )
        for label, mix in (("traders", self.traders), ("goods", self.goods)):
            if abs(sum(m.share for m in mix) - 1.0) > 1e-6:
                raise PydanticCustomError(
                    "shares", "{label} shares must add up to 1", {"label": label}
                )
        if not self.timetable.services and not self.timetable.arrivals:
            raise PydanticCustomError("empty_timetable", "the timetable has no arrival", {})
        return self

    def on(self, measure: Measure) -> bool:
        return self.measures.get(measure, False)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(days=self.days)


# Checks pydantic cannot place on a field alone; each names its own path.
def _placed_errors(raw: Mapping[str, Any], scenario: Scenario) -> list[FieldError]:
    errors: list[FieldError] = []
    for i, arrival in enumerate(scenario.timetable.arrivals):
        if arrival.at < scenario.start:
            errors.append(
                FieldError(
                    f"timetable.arrivals.{i}.at",
                    "before_start",
                    f"arrival {arrival.at.isoformat()} is before the scenario start "
                    f"{scenario.start.isoformat()}",
                )
            )
        elif arrival.at >= scenario.end:
            errors.append(
                FieldError(
                    f"timetable.arrivals.{i}.at", "after_end", "arrival is after the horizon"
                )
            )
    for i, service in enumerate(scenario.timetable.services):
        if service.first_hour >= scenario.days * 24:
            errors.append(
                FieldError(
                    f"timetable.services.{i}.first_hour",
                    "after_end",
                    "first arrival is after the horizon",
                )
            )
    return errors


def shipped(name: str) -> str:
    """The text of a scenario shipped with the package (``horgos-2019`` …)."""
    if not name.replace("-", "").isalnum():
        raise RuleViolation.single("scenario", "unknown_scenario", f"no scenario named {name}")
    path = resources.files("clearway.simulation") / "scenarios" / f"{name}.yaml"
    if not path.is_file():
        raise RuleViolation.single("scenario", "unknown_scenario", f"no scenario named {name}")
    return path.read_text(encoding="utf-8")


def shipped_names() -> list[str]:
    folder = resources.files("clearway.simulation") / "scenarios"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Lay *over* on *base*: mappings merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def raw_scenario(text: str, file: str, depth: int = 0) -> dict[str, Any]:
    """The scenario mapping with its ``extends`` chain laid out."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _refused(file, [FieldError("", "yaml", str(exc).splitlines()[0])]) from exc
    if not isinstance(raw, dict):
        raise _refused(file, [FieldError("", "mapping", "a scenario is a YAML mapping")])
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    if depth > 4 or not isinstance(parent, str):
        raise _refused(
            file, [FieldError("extends", "extends", "one scenario name, at most 5 deep")]
        )
    return merge(raw_scenario(shipped(parent), f"{parent}.yaml", depth + 1), raw)


def parse(raw: Mapping[str, Any], file: str) -> Scenario:
    """Check a scenario mapping; every refusal names *file*, the path and the rule."""
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise _refused(file, [_field_error(e) for e in exc.errors()]) from exc
    placed = _placed_errors(raw, scenario)
    if placed:
        raise _refused(file, placed)
    return scenario


def load_text(text: str, file: str, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Parse a scenario's YAML, then lay *overrides* (dotted paths → values) over it."""
    raw = raw_scenario(text, file)
    for path, value in (overrides or {}).items():
        raw = merge(raw, _nested(path.split("."), value))
    return parse(raw, file)


def load_shipped(name: str, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """A shipped scenario by name only (what the API and portal offer: never a file path)."""
    return load_text(shipped(name), f"{name}.yaml", overrides)


def load(name_or_path: str, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """A shipped scenario by name, or a scenario file by path (the command line)."""
    if name_or_path.endswith((".yaml", ".yml")):
        path = Path(name_or_path)
        return load_text(path.read_text(encoding="utf-8"), path.name, overrides)
    return load_shipped(name_or_path, overrides)


def _nested(keys: list[str], value: Any) -> dict[str, Any]:
    return {keys[0]: value} if len(keys) == 1 else {keys[0]: _nested(keys[1:], value)}


def _field_error(e: Any) -> FieldError:
    path = ".".join(
        str(p) for p in e["loc"] if not str(p).startswith("function-") and str(p) != "[key]"
    )
    rule = {
        "literal_error": "unknown_value",
        "enum": "unknown_value",
        "extra_forbidden": "unknown_key",
    }
    return FieldError(path, rule.get(e["type"], e["type"]), e["msg"].removeprefix("Value error, "))


def _refused(file: str, errors: list[FieldError]) -> RuleViolation:
    refusal = RuleViolation(errors, f"scenario {file} is not valid")
    refusal.extra["file"] = file
    return refusal
