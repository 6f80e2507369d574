"""Request and response shapes of the facilitation simulator."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clearway.api.schemas_statistics import DurationFiguresPublic, SegmentPublic

# A parameter path (``measures.two_step``, ``officers.inspection.count``) and a plain value.
PATH = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+){0,5}$"
Value = bool | int | float | str


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class SimulationInput(BaseModel):
    """A shipped scenario, the parameters changed, and whether to keep the run."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    parameters: dict[str, Value] = Field(default_factory=dict, max_length=40)
    store: bool = False

    @field_validator("parameters")
    @classmethod
    def _paths(cls, value: dict[str, Value]) -> dict[str, Value]:
        import re

        for key, given in value.items():
            if not re.match(PATH, key):
                raise ValueError(f"{key!r} is not a parameter path such as measures.two_step")
            if isinstance(given, str) and len(given) > 200:
                raise ValueError(f"{key}: text values are at most 200 characters")
        return value


class StudyPublic(_Out):
    scenario: str
    title: str
    port: str
    year: int
    declarations_simulated: int
    released: int
    pre_arrival: int
    final_statuses: dict[str, int]
    release_time: DurationFiguresPublic
    segments: dict[str, DurationFiguresPublic]
    by_lane: dict[str, DurationFiguresPublic]
    by_credit_level: dict[str, DurationFiguresPublic]
    by_facilitation_mode: dict[str, DurationFiguresPublic]
    run_id: int | None = None


class MeasureEffectPublic(_Out):
    measure: str
    mean_hours: float | None
    p90_hours: float | None
    mean_change_hours: float | None
    p90_change_hours: float | None
    mean_ratio: float | None
    without_mean_hours: float | None
    without_p90_hours: float | None
    without_mean_change_hours: float | None
    without_p90_change_hours: float | None


class ComparisonPublic(_Out):
    mean_release_time_ratio: float | None
    median_release_time_ratio: float | None
    p90_release_time_ratio: float | None
    declarations_simulated: int
    segment_means: dict[str, dict[str, float | None]]
    measures: list[MeasureEffectPublic]
    before: StudyPublic
    after: StudyPublic


class StoredRunPublic(_Out):
    id: int
    scenario: str
    title: str
    port: str
    year: int
    seed: int
    declarations: int
    created_at: datetime
    created_by: str


class RunFiguresPublic(_Out):
    run: StoredRunPublic
    release_time: DurationFiguresPublic
    segments: list[SegmentPublic]
