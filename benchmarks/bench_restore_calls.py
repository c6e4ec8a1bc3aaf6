"""What a restore costs in API calls: plan, create and wait, for 1, 5 and 20 instances from ``web-1-snap``.

Run: ``.venv/bin/python benchmarks/bench_restore_calls.py [--seed 0] [--json]``

Each size restores into a fresh demo account of the local backend (``lightsail_restore.local``) on a manual
clock (nothing really sleeps), with the backend's default timings (operations end after 10 s, instances boot
after 20 s), the waiter's default pauses (2 s doubling to 5 s, jitter from a seeded random source) and the
Instances quota raised to 25. The total comes from the requests the backend recorded and is cross-checked with
``RestoreOutcome.api_calls``; a mismatch exits non-zero, and so does a polling round that made more than two
calls (one list call a round, both lists in the one round where the operations end). The last rows run the
20-instance restore again (a resume: nothing is created, every instance is recognised by its mark), and a
restore whose create answer is lost (botocore's retry meets the names in use; the second look resumes).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from _table import table

from lightsail_restore import CreateInstancesFromSnapshotRequest, InstanceProgress, LightsailRestoreClient
from lightsail_restore.local import LocalLightsail, ManualClock

START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
QUOTA = 25
SIZES = (1, 5, 20)


@dataclass(frozen=True)
class Row:
    label: str
    instances: int
    plan_calls: int
    create_calls: int
    wait_calls: int
    get_operations: int
    get_instances: int
    get_operation: int
    rounds: int
    max_per_round: int
    total_calls: int
    outcome_api_calls: int
    waited_seconds: float
    wall_ms: float


def _restore(
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    clock: ManualClock,
    request: CreateInstancesFromSnapshotRequest,
    label: str,
    seed: int,
) -> Row:
    backend.clear_requests()
    ends: list[int] = []  # how many requests the backend had received at the end of each polling round

    def count_round(_: Sequence[InstanceProgress]) -> None:
        ends.append(len(backend.requests))

    began, wall = clock.now(), time.perf_counter()
    outcome = client.restore(
        request,
        clock=clock,
        progress=count_round,
        instance_quota=QUOTA,
        rng=random.Random(seed),
    )
    wall_ms = (time.perf_counter() - wall) * 1000
    if not outcome.ok or outcome.plan is None:
        raise SystemExit(f"{label}: the restore did not succeed: {outcome.to_dict()}")
    # the wait begins with its first GetOperations (the plan, a second look and the create never list operations)
    start = next(i for i, r in enumerate(backend.requests) if r.operation == "GetOperations")
    per_round = [end - begin for begin, end in zip([start, *ends], ends, strict=False)]
    waiting = Counter(r.operation for r in backend.requests[start:])
    by_operation = Counter(r.operation for r in backend.requests)
    total = len(backend.requests)
    create = by_operation["CreateInstancesFromSnapshot"]
    plan_calls = total - create - sum(per_round)  # the plan's, and a second look's after a lost answer
    row = Row(
        label=label,
        instances=len(request.instance_names),
        plan_calls=plan_calls,
        create_calls=create,
        wait_calls=sum(per_round),
        get_operations=waiting["GetOperations"],
        get_instances=waiting["GetInstances"],
        get_operation=waiting["GetOperation"],
        rounds=len(per_round),
        max_per_round=max(per_round, default=0),
        total_calls=total,
        outcome_api_calls=outcome.api_calls,
        waited_seconds=(clock.now() - began).total_seconds(),
        wall_ms=wall_ms,
    )
    retried = max(0, create - 1)  # botocore's own retry of a create whose answer was lost: inside one of our calls
    if row.total_calls - retried != row.outcome_api_calls:
        raise SystemExit(f"{label}: the backend received {total} calls, the outcome counts {outcome.api_calls}")
    if row.wait_calls != row.get_operations + row.get_instances + row.get_operation:
        raise SystemExit(f"{label}: unexpected calls while waiting: {dict(by_operation)}")
    if row.max_per_round > 2 or per_round.count(2) > 2:
        raise SystemExit(f"{label}: more than one list call a round: {per_round}")
    return row


def run(seed: int) -> list[Row]:
    """Restore each size into a fresh account; then rerun the largest (a resume)."""
    rows: list[Row] = []
    backend = client = clock = request = None
    for size in SIZES:
        clock = ManualClock(START)
        backend = LocalLightsail.demo(clock=clock)
        backend.instance_quota = QUOTA
        client = LightsailRestoreClient(backend.client())
        request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
            "web-1-snap",
            instance_names=[f"node-{i:02d}" for i in range(size)],
            availability_zone="us-east-2a",
            bundle_id="micro_3_0",
        )
        rows.append(_restore(backend, client, clock, request, str(size), seed))
    assert backend is not None and client is not None and clock is not None and request is not None
    rows.append(_restore(backend, client, clock, request, f"{SIZES[-1]} (rerun)", seed))
    backend.reset()
    backend.instance_quota = QUOTA
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    rows.append(_restore(backend, client, clock, request, f"{SIZES[-1]} (answer lost)", seed))
    return rows


def _table(rows: list[Row]) -> str:
    head = (
        "instances",
        "plan (+look)",
        "create sent",
        "wait",
        "(GetOperations",
        "GetInstances",
        "GetOperation)",
        "rounds",
        "max/round",
        "total",
        "outcome.api_calls",
        "waited s",
        "wall ms",
    )
    body = [
        (
            r.label,
            r.plan_calls,
            r.create_calls,
            r.wait_calls,
            r.get_operations,
            r.get_instances,
            r.get_operation,
            r.rounds,
            r.max_per_round,
            r.total_calls,
            r.outcome_api_calls,
            f"{r.waited_seconds:.1f}",
            f"{r.wall_ms:.0f}",
        )
        for r in rows
    ]
    return table(head, body, numbers=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=0, help="seed of the waiter's jitter")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = run(args.seed)
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=1))
    else:
        print(_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
