"""Durations a scenario states: a distribution of hours with the source it comes from. Pure.

Every wait in the simulated port is one of these, read from the scenario file, so no duration
is a constant hidden in code and each carries the note saying where its figure comes from
(a published report, a regulation, or plainly an assumption).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

DistributionName = Literal["fixed", "uniform", "triangular", "exponential", "lognormal"]
# The parameters each distribution needs (hours); others given are refused as noise.
NEEDS: dict[str, tuple[str, ...]] = {
    "fixed": ("value",),
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "exponential": ("mean",),
    "lognormal": ("mean", "sd"),
}


class Duration(BaseModel):
    """A duration in hours: its distribution, parameters and source note."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    distribution: DistributionName
    value: float | None = None
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = None
    source: str = Field(min_length=3)

    @model_validator(mode="after")
    def _parameters(self) -> Duration:
        needed = NEEDS[self.distribution]
        for name in ("value", "low", "mode", "high", "mean", "sd"):
            given = getattr(self, name)
            if name in needed and given is None:
                raise PydanticCustomError(
                    "required",
                    "{name} is required for {dist}",
                    {"name": name, "dist": self.distribution},
                )
            if name not in needed and given is not None:
                raise PydanticCustomError(
                    "not_a_parameter",
                    "{name} is not a parameter of {dist}",
                    {"name": name, "dist": self.distribution},
                )
            if given is not None and given < 0:
                raise PydanticCustomError(
                    "non_negative",
                    "{name} is a duration and cannot be negative ({value} h)",
                    {"name": name, "value": given},
                )
        if self.low is not None and self.high is not None and self.low > self.high:
            raise PydanticCustomError("order", "low must not exceed high", {})
        if self.mode is not None and not (self.low or 0) <= self.mode <= (self.high or 0):
            raise PydanticCustomError("order", "mode must lie between low and high", {})
        if self.distribution == "lognormal" and not self.mean:
            raise PydanticCustomError("positive", "a lognormal mean must be above zero", {})
        return self

    def sampler(self, rng: random.Random) -> Sampler:
        """A fast draw function bound to *rng* (the simulator draws millions of these)."""
        return Sampler.of(self, rng)


class Sampler:
    """Draws hours from one duration; lognormal parameters are converted once."""

    __slots__ = ("draw", "mean_hours")

    def __init__(self, draw: Callable[[], float], mean_hours: float) -> None:
        self.draw = draw
        self.mean_hours = mean_hours

    def __call__(self) -> float:
        return self.draw()

    @classmethod
    def of(cls, d: Duration, rng: random.Random) -> Sampler:
        if d.distribution == "fixed":
            v = d.value or 0.0
            return cls(lambda: v, v)
        if d.distribution == "uniform":
            lo, hi = d.low or 0.0, d.high or 0.0
            return cls(lambda: rng.uniform(lo, hi), (lo + hi) / 2)
        if d.distribution == "triangular":
            lo, mo, hi = d.low or 0.0, d.mode or 0.0, d.high or 0.0
            return cls(lambda: rng.triangular(lo, hi, mo), (lo + mo + hi) / 3)
        if d.distribution == "exponential":
            mean = d.mean or 0.0
            if mean == 0:
                return cls(lambda: 0.0, 0.0)
            return cls(lambda: rng.expovariate(1.0 / mean), mean)
        mean, sd = d.mean or 0.0, d.sd or 0.0
        # Parameters of the underlying normal for the stated mean and standard deviation.
        sigma = math.sqrt(math.log(1.0 + (sd / mean) ** 2))
        mu = math.log(mean) - sigma**2 / 2
        return cls(lambda: rng.lognormvariate(mu, sigma), mean)
