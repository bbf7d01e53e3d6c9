"""How the bench times things (SPEC §7): each measurement runs interleaved with its floor, several
times, and is reported as the median with the spread (fastest, slowest), not only the best run.

Interleaving matters on a shared machine: a busy moment slows the floor and the measurement alike,
so their ratio stays meaningful even when the absolute times wander.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import Callable

RUNS = 5


@dataclass
class Measurement:
    """One SPEC §7 figure: medians of value and floor (seconds, or MB for memory), their spreads."""

    name: str
    floor: float | None
    value: float | None
    target: str               # in words, e.g. "ratio <= 1.5" or "value < 0.05 s"
    met: bool | None          # None: reported without a SPEC target
    note: str = ""
    floor_spread: tuple[float, float] | None = None
    value_spread: tuple[float, float] | None = None
    runs: int = 1

    @property
    def ratio(self) -> float | None:
        if self.floor and self.value is not None:
            return self.value / self.floor
        return None

    def to_json(self) -> dict:
        return {"floor": self.floor, "value": self.value, "ratio": self.ratio, "target": self.target,
                "met": self.met, "note": self.note, "runs": self.runs,
                "spread": {"floor": list(self.floor_spread) if self.floor_spread else None,
                           "value": list(self.value_spread) if self.value_spread else None}}

    @classmethod
    def from_json(cls, name: str, data: dict) -> "Measurement":
        spread = data.get("spread") or {}
        return cls(name, data["floor"], data["value"], data["target"], data["met"], data.get("note", ""),
                   tuple(spread["floor"]) if spread.get("floor") else None,
                   tuple(spread["value"]) if spread.get("value") else None, data.get("runs", 1))


@dataclass
class Sample:
    """The times of one thing over several runs."""

    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.times), max(self.times)


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    """``fn`` as a step that returns its own duration."""
    def step() -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    return step


def interleaved(steps: dict[str, Callable[[], float]], runs: int = RUNS) -> dict[str, Sample]:
    """Run every step once per round, in turn, for ``runs`` rounds. A step returns the seconds it
    took for the part that counts (setting up a fresh copy, say, is left out of its own timing)."""
    samples = {name: Sample() for name in steps}
    for _ in range(runs):
        for name, step in steps.items():
            samples[name].times.append(step())
    return samples


def measurement(name: str, floor: Sample, value: Sample, *, target: str, met: Callable[[float, float], bool] | None,
                note: str) -> Measurement:
    """A Measurement from the two samples; ``met(value, floor)`` judges the medians."""
    return Measurement(name, floor.median, value.median, target,
                       None if met is None else bool(met(value.median, floor.median)), note,
                       floor.spread, value.spread, len(value.times))
