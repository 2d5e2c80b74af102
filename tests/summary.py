"""What a run of the suite did, in numbers: tests passed and failed, page states audited in the
browser with axe-core, and keyboard journeys run. `make test` prints one line for its passes
together (README, Tests):

    python -m tests.summary DIRECTORY

Each pass writes its figures to DIRECTORY when TEST_SUMMARY_DIR names it (the `pytest_*` hooks in
tests/conftest.py); under pytest-xdist the workers' figures reach the main process with each
test's report.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

# Kinds of work a test process counts as it goes (`counted`), reported with each test.
AUDITED = "pages audited"
TALLY: Counter = Counter()
REPORTED = "summary"  # the user property that carries a test's counts


def counted(kind: str) -> None:
    TALLY[kind] += 1


def take() -> dict[str, int]:
    """The counts since the last call, for the report of the test that just ended."""
    taken = dict(TALLY)
    TALLY.clear()
    return taken


class Figures:
    """The figures of one pass, from its test reports."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.started = time.monotonic()

    def add(self, report) -> None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            outcome = "passed" if report.passed else "skipped" if report.skipped else "failed"
            self.counts[outcome] += 1
            if report.passed and "journeys" in report.keywords:
                self.counts["journeys"] += 1
        elif report.when == "teardown" and report.failed:
            self.counts["failed"] += 1
        for name, value in report.user_properties:
            if name == REPORTED:
                self.counts.update(value)

    def write(self, directory: Path, name: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        figures = {**self.counts, "seconds": round(time.monotonic() - self.started)}
        (directory / f"{name}.json").write_text(json.dumps(figures))


def line(counts: Counter) -> str:
    return (f"{counts['passed'] + counts['failed']} tests run, {counts[AUDITED]} browser pages audited, "
            f"{counts['journeys']} journeys run")


def main(directory: str) -> int:
    total: Counter = Counter()
    passes = sorted(Path(directory).glob("*.json"), key=lambda path: path.stat().st_mtime)  # in the order run
    for path in passes:
        figures = Counter(json.loads(path.read_text()))
        print(f"pass {path.stem}: {line(figures)}, {figures.pop('seconds')} s")
        total.update(figures)
    print(f"make test, {len(passes)} passes: {line(total)}")
    # The plain closing line CI reads.
    print(f"summary: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    return 0 if passes and not total["failed"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
