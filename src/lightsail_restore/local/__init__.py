"""An embedded, in-process Lightsail: a fake for tests and a sandbox for trying restores, with no AWS account.

A real boto3 client talks to it through botocore's ``before-send`` event, so botocore's validator, serializer
and response and error parsers all run; nothing leaves the process. It answers as the recorded real answers do
(``tests/local/recorded``). It keeps state per Region (instances with their firewall, snapshots, automatic
snapshots, disks, key pairs, static IPs, operations), enforces the rules of CreateInstancesFromSnapshot,
CopySnapshot, the firewall and static IP operations with the service's own error types and codes, moves
operations, instances and copies through their states on a clock you control, refuses as real accounts do when
told to, injects faults, records every request, and can live in a file shared by processes. It depends on
nothing else in this library. See ``docs/local.md``.

Example:
    >>> backend = LocalLightsail.demo()
    >>> client = backend.client(region_name="us-east-2")
    >>> client.get_instance_snapshot(instanceSnapshotName="web-1-snap")["instanceSnapshot"]["state"]
    'available'
"""

from __future__ import annotations

from .._clock import Clock, FastClock, ManualClock, SystemClock
from ._backend import LocalLightsail
from ._state import Timings
from ._wire import RecordedRequest

__all__ = [
    "Clock",
    "FastClock",
    "LocalLightsail",
    "ManualClock",
    "RecordedRequest",
    "SystemClock",
    "Timings",
]
