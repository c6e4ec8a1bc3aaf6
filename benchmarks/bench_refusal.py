"""How long a refusal takes when the input is huge: 100,000 unknown members, and other large mistakes.

Run: ``.venv/bin/python benchmarks/bench_refusal.py [--members 100000] [--repeat 5]``

Each case is refused through ``from_boto3`` and through ``model_validate``, ``--repeat`` times; the best time is
printed with the number of problems named, the number counted, and the size of the message. A refusal names at
most 50 problems (the "did you mean" hint is worked out for those only) and counts the rest. The issue that asked
for this measured 8 s and a 13 MB message for 100,000 unknown members before the bound.
"""

from __future__ import annotations

import argparse
import functools
import time
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from lightsail_restore import CreateInstancesFromSnapshotRequest as Request
from lightsail_restore import RequestValidationError

MANUAL: dict[str, Any] = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}


def cases(members: int) -> dict[str, dict[str, Any]]:
    """The huge inputs: unknown members, bad names, repeated names, bad tags."""
    return {
        f"{members} unknown members": {**MANUAL, **{f"junk{i}": i for i in range(members)}},
        f"{members} unknown members and a bad zone": {
            **MANUAL,
            "availabilityZone": "US-EAST-2A",
            **{f"instanceName{i}": i for i in range(members)},
        },
        f"{members} bad instance names": {**MANUAL, "instanceNames": ["bad name"] * members},
        f"{members} repeated instance names": {**MANUAL, "instanceNames": ["web-2"] * members},
        f"{members // 10} tags with an unknown member": {**MANUAL, "tags": [{"Key": "x"}] * (members // 10)},
    }


def best(call: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` timings of ``call``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def refusal(
    validate: Callable[[dict[str, Any]], object], params: dict[str, Any]
) -> RequestValidationError | ValidationError:
    """The refusal of ``validate``: ours from ``from_boto3``, pydantic's from ``model_validate``."""
    try:
        validate(params)
    except (RequestValidationError, ValidationError) as error:
        return error
    raise AssertionError("accepted")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    for name, params in cases(args.members).items():
        error = refusal(Request.from_boto3, params)
        assert isinstance(error, RequestValidationError)
        seconds = best(functools.partial(refusal, Request.from_boto3, params), args.repeat)
        pydantic_seconds = best(functools.partial(refusal, Request.model_validate, params), args.repeat)
        print(
            f"{name:<45} from_boto3 {seconds * 1e3:8.1f} ms  model_validate {pydantic_seconds * 1e3:8.1f} ms  "
            f"{len(error.issues)} named + {error.omitted} counted, message {len(str(error)):,} characters"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
