"""What the typed layer costs: per call against raw boto3, and at import against boto3 + pydantic.

Run: ``.venv/bin/python benchmarks/bench_client.py [--rounds 30] [--calls 200] [--imports 9]``

Per call: one real boto3 Lightsail client whose HTTP layer is answered in-process by a ``before-send`` handler
(botocore still serializes, signs, runs its retry handler and parses). Three ways of making the same call take
turns in every round (in a shuffled order), so drift in the machine hits all alike:

- ``raw``: ``boto3_client.create_instances_from_snapshot(**kwargs)``;
- ``typed(model)``: ``LightsailRestoreClient.create_instances_from_snapshot(request)``, the model pre-built;
- ``typed(dict)``: the same with the boto3 dict, validated on every call.

Import: ``import lightsail_restore`` against ``import boto3, pydantic`` in fresh interpreters, interleaved.
Targets: under 3% added per call (model form), under 1.3x import time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import boto3
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from lightsail_restore import (
    CreateInstancesFromSnapshotRequest,
    CreateInstancesFromSnapshotResult,
    LightsailRestoreClient,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

KWARGS: dict[str, Any] = {
    "instanceNames": ["web-2", "web-3"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
    "keyPairName": "deploy-key",
    "tags": [{"key": "team", "value": "platform"}],
    "addOns": [{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:00"}}],
    "ipAddressType": "dualstack",
}
ANSWER = json.dumps(
    {
        "operations": [
            {
                "id": f"c3a5f1e2-7b4d-4e8a-9f21-6d0b5e3c4a1{i}",
                "resourceName": name,
                "resourceType": "Instance",
                "createdAt": 1569865914.908,
                "location": {"availabilityZone": "us-east-2a", "regionName": "us-east-2"},
                "isTerminal": False,
                "operationDetails": "web-1-snap",
                "operationType": "CreateInstancesFromSnapshot",
                "status": "Started",
                "statusChangedAt": 1569865914.908,
            }
            for i, name in enumerate(KWARGS["instanceNames"])
        ]
    }
).encode()


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def _answer(request: AWSPreparedRequest, **_: Any) -> AWSResponse:
    headers = HTTPHeaders()
    headers["x-amzn-RequestId"] = "7f4c3b2a-1d2e-4f5a-9b8c-0123456789ab"
    headers["Content-Type"] = "application/x-amz-json-1.1"
    return AWSResponse(request.url, 200, headers, _Body(ANSWER))


def make_client() -> LightsailClient:
    client: LightsailClient = boto3.session.Session().client(
        "lightsail", region_name="us-east-2", aws_access_key_id="x", aws_secret_access_key="y"
    )
    events: Any = client.meta.events
    events.register("before-send.lightsail", _answer)
    return client


def per_call(rounds: int, calls: int) -> tuple[dict[str, float], dict[str, float]]:
    """Per variant: the median µs per call over ``rounds`` interleaved rounds of ``calls`` calls, and the median
    of the per-round ratios to ``raw`` (paired within a round, so load that drifts between rounds cancels out).
    """
    raw_client = make_client()
    typed = LightsailRestoreClient(raw_client)
    request = CreateInstancesFromSnapshotRequest.model_validate(KWARGS)
    variants: dict[str, Callable[[], object]] = {
        "raw": lambda: raw_client.create_instances_from_snapshot(**KWARGS),
        "typed(model)": lambda: typed.create_instances_from_snapshot(request),
        "typed(dict)": lambda: typed.create_instances_from_snapshot(KWARGS),
    }
    assert typed.create_instances_from_snapshot(request).operations[1].resource_name == "web-3"
    for call in variants.values():  # warm up every path (caches, lazy imports)
        for _ in range(max(20, calls // 10)):
            call()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    order = list(variants)
    rng = random.Random(0)
    for _ in range(rounds):
        rng.shuffle(order)
        for name in order:
            call = variants[name]
            start = time.perf_counter()
            for _ in range(calls):
                call()
            samples[name].append((time.perf_counter() - start) / calls * 1e6)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    ratios = {
        name: statistics.median(v / r for v, r in zip(values, samples["raw"], strict=True))
        for name, values in samples.items()
    }
    return medians, ratios


def layer_work(repeat: int = 7, number: int = 2000) -> dict[str, float]:
    """µs of the typed layer's own steps, timed alone (best of ``repeat``): its cost with botocore's noise removed."""
    raw_client = make_client()
    typed = LightsailRestoreClient(raw_client)
    request = CreateInstancesFromSnapshotRequest.model_validate(KWARGS)
    answer = raw_client.create_instances_from_snapshot(**KWARGS)
    steps: dict[str, Callable[[], object]] = {
        "check region": lambda: typed._request(request, {}),
        "to_boto3()": request.to_boto3,
        "result from_boto3()": lambda: CreateInstancesFromSnapshotResult.from_boto3(answer),
        "validate the dict": lambda: CreateInstancesFromSnapshotRequest.model_validate(KWARGS),
    }
    return {name: min(timeit.repeat(step, number=number, repeat=repeat)) / number * 1e6 for name, step in steps.items()}


def import_seconds(statement: str) -> float:
    """Seconds ``statement`` takes in a fresh interpreter (measured inside it, interpreter start-up excluded)."""
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def import_times(runs: int) -> dict[str, float]:
    """Median import time of each statement over ``runs`` interleaved fresh interpreters."""
    statements = {
        "boto3+pydantic": "import boto3, pydantic",
        "lightsail_restore": "import lightsail_restore",
        "lightsail_restore+boto3": "import lightsail_restore, boto3",
    }
    samples: dict[str, list[float]] = {name: [] for name in statements}
    for statement in statements.values():  # warm the file system cache and .pyc files
        import_seconds(statement)
    for _ in range(runs):
        for name, statement in statements.items():
            samples[name].append(import_seconds(statement))
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--imports", type=int, default=9)
    args = parser.parse_args(argv)

    per, ratios = per_call(args.rounds, args.calls)
    raw = per["raw"]
    print(f"per call (median of {args.rounds} interleaved rounds x {args.calls} calls; added = median paired ratio):")
    for name, micros in per.items():
        added = "" if name == "raw" else f"  added {100 * (ratios[name] - 1):+6.1f}%  ({micros - raw:+7.1f} µs median)"
        print(f"  {name:<14} {micros:8.1f} µs{added}")
    work = layer_work()
    print("the layer's own steps, timed alone (best of 7):")
    for name, micros in work.items():
        print(f"  {name:<22} {micros:6.1f} µs  {100 * micros / raw:5.1f}% of a raw call")
    floor = work["check region"] + work["to_boto3()"] + work["result from_boto3()"]
    print(f"  model form in all      {floor:6.1f} µs  {100 * floor / raw:5.1f}% of a raw call")

    imports = import_times(args.imports)
    base = imports["boto3+pydantic"]
    print(f"import (median of {args.imports} fresh interpreters):")
    for name, seconds in imports.items():
        print(f"  {name:<24} {seconds * 1e3:7.1f} ms  {seconds / base:5.2f}x")

    added_model = ratios["typed(model)"] - 1
    ratio = imports["lightsail_restore"] / base
    print(f"targets: added per call {100 * added_model:.1f}% (< 3%): {'ok' if added_model < 0.03 else 'MISSED'}; ")
    print(f"         import {ratio:.2f}x (< 1.3x): {'ok' if ratio < 1.3 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
