"""What the cut-over costs in API calls: the plan's read of the source's firewall, then the ``ports`` and ``static-ip``
steps, for 1 and 5 instances from ``web-1-snap``, and again on a rerun (which finds everything done).

Run: ``.venv/bin/python benchmarks/bench_cut_over.py [--json]``

Each row restores into a fresh demo account of the local backend on a manual clock (nothing really sleeps), with
the backend's default timings. The calls of each step are the requests the backend recorded between the end of
one step and the next (the steps are told apart by the operations they send: the wait's lists, the cut-over's
calls); the total is cross-checked with ``RestoreOutcome.api_calls``, and a mismatch exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from _table import table

from lightsail_restore import CreateInstancesFromSnapshotRequest, LightsailRestoreClient
from lightsail_restore.local import LocalLightsail, ManualClock

START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
PORTS = ("GetInstancePortStates", "PutInstancePublicPorts")
STATIC_IP = ("GetStaticIp", "DetachStaticIp", "AttachStaticIp")


@dataclass(frozen=True)
class Row:
    label: str
    instances: int
    plan_port_reads: int
    ports_step: int
    static_ip_step: int
    total_calls: int
    outcome_api_calls: int
    steps: str


def _row(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, label: str, **options: Any
) -> Row:
    names = options.pop("names")
    request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=names, availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    backend.clear_requests()
    outcome = client.restore(request, clock=clock, rng=random.Random(0), **options)
    if not outcome.ok:
        raise SystemExit(f"{label}: the restore did not succeed: {outcome.to_dict()}")
    sent = [r.operation for r in backend.requests]
    if len(sent) != outcome.api_calls:
        raise SystemExit(f"{label}: the backend received {len(sent)} calls, the outcome counts {outcome.api_calls}")
    wait_ends = max(i for i, op in enumerate(sent) if op in ("GetOperations", "GetInstances"))
    after = Counter(sent[wait_ends + 1 :])
    before = Counter(sent[: wait_ends + 1])
    return Row(
        label=label,
        instances=len(names),
        plan_port_reads=before["GetInstancePortStates"],
        ports_step=sum(after[op] for op in PORTS),
        static_ip_step=sum(after[op] for op in STATIC_IP),
        total_calls=len(sent),
        outcome_api_calls=outcome.api_calls,
        steps=", ".join(f"{s.name} {s.status}" for s in outcome.steps[3:]),
    )


def run() -> list[Row]:
    """One instance with its rules and static IP moved, five with the rules copied; each then run again."""
    rows = []
    for label, options in (
        ("1, copy + move", {"names": ["web-2"], "copy_ports": True, "static_ip": "web-ip", "move_static_ip": True}),
        ("5, copy", {"names": [f"node-{i}" for i in range(5)], "copy_ports": True}),
        ("1, no cut-over", {"names": ["web-2"]}),
    ):
        clock = ManualClock(START)
        backend = LocalLightsail.demo(clock=clock)
        client = LightsailRestoreClient(backend.client())
        rows.append(_row(backend, client, clock, label, **dict(options)))
        rows.append(_row(backend, client, clock, f"{label} (rerun)", **dict(options)))
    return rows


def _table(rows: list[Row]) -> str:
    head = ("restore", "instances", "plan: port reads", "ports step", "static-ip step", "total", "api_calls", "steps")
    body = [
        (
            r.label,
            r.instances,
            r.plan_port_reads,
            r.ports_step,
            r.static_ip_step,
            r.total_calls,
            r.outcome_api_calls,
            r.steps,
        )
        for r in rows
    ]
    return table(head, body)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = run()
    print(json.dumps([asdict(r) for r in rows], indent=1) if args.json else _table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
