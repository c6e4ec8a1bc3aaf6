"""What the tool adds to recovery time: how long after an instance is ready the restore notices, and at what cost.

Run: ``.venv/bin/python benchmarks/bench_ready_latency.py [--runs 200] [--boot 150] [--json]``

Each run restores one instance from ``web-1-snap`` into a fresh demo account of the local backend on a manual
clock (nothing really sleeps), with the instance booting ``--boot`` seconds and its status checks ``ok``
``--checks`` seconds later, and moves ``web-ip`` onto it (so the readiness gate reads the status checks), with the
library's default pacing and a seeded jitter (seed = the run's number). Two delays are measured on the clock:

- ``running``: from the moment the instance is ``running`` to the first read that sees it (the wait notices);
- ``checks``: from the moment its status checks are ``ok`` to the first ``GetInstance`` that reads them (the
  gate notices).

It prints the median and the 90th percentile of each, and the calls a restore made (median and worst), and exits
non-zero when a restore did not succeed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from datetime import UTC, datetime
from typing import Any

from lightsail_restore import CreateInstancesFromSnapshotRequest, LightsailRestoreClient
from lightsail_restore.local import LocalLightsail, ManualClock, Timings

START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
READS = {"GetInstances", "GetInstance"}


def _one(seed: int, boot: float, checks: float) -> tuple[float, float, int]:
    clock = ManualClock(START)
    backend = LocalLightsail.demo(clock=clock, timings=Timings(boot_seconds=boot, checks_seconds=checks))
    boto = backend.client()
    calls: list[tuple[str, float]] = []

    def record(model: Any, **_: Any) -> None:
        calls.append((model.name, clock.monotonic()))

    boto.meta.events.register("before-call.lightsail", record)
    request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=["web-2"], availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    outcome = LightsailRestoreClient(boto).restore(
        request, clock=clock, rng=random.Random(seed), static_ip="web-ip", move_static_ip=True
    )
    if not outcome.ok:
        raise SystemExit(f"run {seed}: the restore did not succeed: {outcome.steps}")
    created = next(t for name, t in calls if name == "CreateInstancesFromSnapshot")
    running, ok = created + boot, created + boot + checks
    seen_running = next(t for name, t in calls if name in READS and t >= running)
    seen_ok = next(t for name, t in calls if name == "GetInstance" and t >= ok)
    return seen_running - running, seen_ok - ok, len(calls)


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main() -> None:
    """Run the restores and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--boot", type=float, default=150.0)
    parser.add_argument("--checks", type=float, default=10.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [_one(seed, args.boot, args.checks) for seed in range(args.runs)]
    running = [r[0] for r in results]
    checks = [r[1] for r in results]
    calls = [r[2] for r in results]
    figures = {
        "runs": args.runs,
        "bootSeconds": args.boot,
        "checksSeconds": args.checks,
        "runningMedian": round(statistics.median(running), 2),
        "runningP90": round(_p90(running), 2),
        "checksMedian": round(statistics.median(checks), 2),
        "checksP90": round(_p90(checks), 2),
        "callsMedian": statistics.median(calls),
        "callsMax": max(calls),
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{args.runs} restores, boot {args.boot:g} s, status checks ok {args.checks:g} s after running")
    print(f"noticed running:   median {figures['runningMedian']} s, p90 {figures['runningP90']} s")
    print(f"noticed checks ok: median {figures['checksMedian']} s, p90 {figures['checksP90']} s")
    print(f"calls per restore: median {figures['callsMedian']}, max {figures['callsMax']}")


if __name__ == "__main__":
    main()
