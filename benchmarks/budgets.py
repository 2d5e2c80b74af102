"""The budgets of issue 9, as ratios to the control measured in the same run (machines here swing
in speed by up to 2x from minute to minute; a ratio between neighbouring measurements does not)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from benchmarks.load import Result

THROUGHPUT_SIGNED_IN = 0.5  # at least this share of the control's requests per second
THROUGHPUT_PUBLIC = 0.8
P50_ONE_CONNECTION = 3.0  # at most this multiple of the control's median latency, one connection
P99_SIXTEEN_CONNECTIONS = 2.5  # at most this multiple of the control's 99th percentile, 16 connections
SCALE_NOISE = 0.75  # with 1,000,000 persons a ratio keeps at least this share of its value at 1,000
WORKER_MEMORY_MB = 150


@dataclass(frozen=True)
class Round:
    """One page measured right after the control, at 16 connections and then at one."""

    control_busy: Result
    portal_busy: Result
    control_alone: Result
    portal_alone: Result


@dataclass(frozen=True)
class PageFigures:
    name: str
    signed_in: bool
    rounds: tuple[Round, ...]

    def median(self, ratio) -> float:
        return statistics.median(ratio(r) for r in self.rounds)

    @property
    def throughput(self) -> float:
        return self.median(lambda r: r.portal_busy.per_second / r.control_busy.per_second)

    @property
    def p50(self) -> float:
        return self.median(lambda r: r.portal_alone.p50_ms / r.control_alone.p50_ms)

    @property
    def p99(self) -> float:
        return self.median(lambda r: r.portal_busy.p99_ms / r.control_busy.p99_ms)

    @property
    def errors(self) -> int:
        return sum(result.errors for r in self.rounds
                   for result in (r.control_busy, r.portal_busy, r.control_alone, r.portal_alone))

    def verdicts(self) -> list[tuple[str, bool]]:
        floor = THROUGHPUT_SIGNED_IN if self.signed_in else THROUGHPUT_PUBLIC
        return [
            (f"throughput {self.throughput:.2f} of the control (at least {floor})", self.throughput >= floor),
            (f"p50 at 1 connection {self.p50:.2f}x the control's (at most {P50_ONE_CONNECTION})",
             self.p50 <= P50_ONE_CONNECTION),
            (f"p99 at 16 connections {self.p99:.2f}x the control's (at most {P99_SIXTEEN_CONNECTIONS})",
             self.p99 <= P99_SIXTEEN_CONNECTIONS),
            (f"{self.errors} errors (none allowed)", self.errors == 0),
        ]


def scale_verdict(small: PageFigures, large: PageFigures) -> tuple[str, bool]:
    """The page keeps its throughput ratio when the registry grows (the indexes do their work)."""
    share = large.throughput / small.throughput
    return (f"throughput ratio {large.throughput:.2f} at the larger registry, {share:.0%} of {small.throughput:.2f}"
            f" at the smaller (at least {SCALE_NOISE:.0%})", share >= SCALE_NOISE)


def memory_verdict(peaks_mb: list[float]) -> tuple[str, bool]:
    worst = max(peaks_mb)
    return (f"largest worker peak {worst:.0f} MB of {', '.join(f'{p:.0f}' for p in peaks_mb)}"
            f" (under {WORKER_MEMORY_MB})", worst < WORKER_MEMORY_MB)
