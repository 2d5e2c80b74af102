"""One measurement: wrk sends a list of requests to a server for a few seconds."""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk") / "targets.lua"


@dataclass(frozen=True)
class Target:
    """What to send: (method, path, cookie, body) lines, and the status every answer must have."""

    name: str
    lines: tuple[tuple[str, str, str, str], ...]
    status: int = 200
    signed_in: bool = True


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def measure(base: str, target: Target, connections: int, seconds: int) -> Result:
    """wrk with `connections` connections, on up to two threads, for `seconds`."""
    threads = min(connections, 2)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv") as listing:
        listing.writelines("\t".join(line) + "\n" for line in target.lines)
        listing.flush()
        completed = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
             "-s", str(SCRIPT), base, "--", listing.name, str(target.status), str(threads)],
            capture_output=True, text=True, check=True)
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return Result(requests=figures["requests"], seconds=figures["seconds"],
                  errors=figures["errors"] + figures["unexpected"], p50_ms=figures["p50_ms"], p99_ms=figures["p99_ms"])
