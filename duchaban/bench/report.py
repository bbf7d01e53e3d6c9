"""The bench's result as `duchaban bench` shows it: JSON for the closing note, a table for people."""

from __future__ import annotations

from dataclasses import dataclass

from duchaban.bench.timing import Measurement


@dataclass(frozen=True)
class BenchReport:
    """Every SPEC §7 measurement of one bench run, in order."""
    measurements: tuple[Measurement, ...]

    def to_json(self) -> dict:
        """``{name: Measurement.to_json()}``: floor, value, ratio, target, met, note, runs, spread."""
        return {m.name: m.to_json() for m in self.measurements}

    def to_text(self) -> str:
        """One line per measurement: floor, value and ratio (medians), the value's spread, the target and
        whether it was met."""
        lines = [f"{'测量项目':20} {'基准':>8} {'测得':>8} {'倍数':>5}  {'测得范围':>17}  目标 / 是否达到"]
        for m in self.measurements:
            if m.value is None:
                lines.append(f"{m.name:24} {'—':>10} {'—':>10} {'—':>7}  {m.note}")
                continue
            unit = "MB" if m.name.endswith("_mb") else "s"
            ratio = f"{m.ratio:.2f}" if m.ratio is not None else "—"
            spread = f"{m.value_spread[0]:.4f}–{m.value_spread[1]:.4f}{unit}" if m.value_spread else "—"
            met = "—" if m.met is None else "达到" if m.met else "未达到"
            lines.append(f"{m.name:24} {m.floor:>9.4f}{unit} {m.value:>9.4f}{unit} {ratio:>7}  {spread:>21}  "
                         f"{m.target}:{met}")
        lines.append("(交替运行的中位数,与同时测得的基准比较;范围为最快–最慢一次)")
        return "\n".join(lines)
