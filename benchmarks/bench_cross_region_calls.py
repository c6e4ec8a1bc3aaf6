"""What a cross-Region restore costs in API calls: plan (in each Region), copy, create and wait, and a rerun.

Run: ``.venv/bin/python benchmarks/bench_cross_region_calls.py [--seed 0] [--json]``

Each row restores ``web-1-snap`` (or the latest automatic snapshot of ``web-1``) from us-east-2 into us-west-2 on a
fresh demo account of the local backend, on a manual clock (nothing really sleeps), with the backend's default
timings (a copy is available after 30 s, operations end after 10 s, instances boot after 20 s) and the waiters'
default pauses (2 s doubling to 5 s, seeded jitter). The calls come from the requests the backend recorded and
are cross-checked with ``RestoreOutcome.api_calls`` (a mismatch exits non-zero); a rerun must send no
CopySnapshot and no create.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from lightsail_restore import CreateInstancesFromSnapshotRequest, LightsailRestoreClient
from lightsail_restore.local import LocalLightsail, ManualClock

START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
STEPS = ("plan", "copy", "create", "wait")


@dataclass(frozen=True)
class Row:
    label: str
    instances: int
    source_region_calls: int
    target_plan_calls: int
    copy_calls: int
    create_calls: int
    wait_calls: int
    total_calls: int
    outcome_api_calls: int
    copy_seconds: float
    wall_ms: float


def _request(kind: str, count: int) -> CreateInstancesFromSnapshotRequest:
    names = [f"dr-{i}" for i in range(count)]
    if kind == "manual":
        return CreateInstancesFromSnapshotRequest.from_manual_snapshot(
            "web-1-snap", instance_names=names, availability_zone="us-west-2a", bundle_id="micro_3_0"
        )
    return CreateInstancesFromSnapshotRequest.from_latest_auto_snapshot(
        "web-1", instance_names=names, availability_zone="us-west-2a", bundle_id="micro_3_0"
    )


def _run(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, kind: str, count: int, label: str
) -> Row:
    backend.clear_requests()
    wall = time.perf_counter()
    outcome = client.restore(
        _request(kind, count), source_region="us-east-2", clock=clock, rng=random.Random(0), instance_quota=25
    )
    wall_ms = (time.perf_counter() - wall) * 1000
    if not outcome.ok or outcome.plan is None:
        raise SystemExit(f"{label}: the restore did not succeed: {outcome.to_dict()}")
    requests = backend.requests
    by_operation = Counter(r.operation for r in requests)
    source = sum(1 for r in requests if r.region == "us-east-2")
    plan_end = outcome.plan.api_calls  # the plan's look-ups come first, in both Regions
    copying = ("CopySnapshot", "GetInstanceSnapshot", "GetOperation", "GetOperationsForResource")
    copy_calls = sum(1 for r in requests[plan_end:] if r.operation in copying)
    creates = by_operation["CreateInstancesFromSnapshot"]
    if label.endswith("rerun") and (by_operation["CopySnapshot"] or by_operation["CreateInstancesFromSnapshot"]):
        raise SystemExit(f"{label}: a rerun sent {dict(by_operation)}")
    if outcome.api_calls != len(requests):
        raise SystemExit(f"{label}: the outcome counts {outcome.api_calls} calls, the backend {len(requests)}")
    return Row(
        label=label,
        instances=count,
        source_region_calls=source,
        target_plan_calls=plan_end - source,
        copy_calls=copy_calls,
        create_calls=creates,
        wait_calls=len(requests) - plan_end - copy_calls - creates,
        total_calls=len(requests),
        outcome_api_calls=outcome.api_calls,
        copy_seconds=round(outcome.copy.elapsed, 1) if outcome.copy else 0.0,
        wall_ms=round(wall_ms, 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = []
    for kind in ("manual", "latest"):
        for count in (1, 20):
            clock = ManualClock(START)
            backend = LocalLightsail.demo(clock=clock)
            backend.instance_quota = 25
            client = LightsailRestoreClient(backend.client("us-west-2"), region_client=backend.client)
            rows.append(_run(backend, client, clock, kind, count, f"{kind}, {count}"))
            rows.append(_run(backend, client, clock, kind, count, f"{kind}, {count}, rerun"))
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
        return
    head = ("rows", "source", "target plan", "copy", "create", "wait", "total", "copy s", "ms")
    print(" | ".join(head))
    for r in rows:
        print(
            f"{r.label} | {r.source_region_calls} | {r.target_plan_calls} | {r.copy_calls} | {r.create_calls} | "
            f"{r.wait_calls} | {r.total_calls} | {r.copy_seconds} | {r.wall_ms}"
        )


if __name__ == "__main__":
    main()
