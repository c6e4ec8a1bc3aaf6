"""The shape of the local state: plain JSON-ready dicts, account settings, then one set of resources per Region.

Resources are stored as the service answers them (camelCase members, timestamps as epoch seconds), plus a few
private members whose names start with ``_`` (when an instance boots, when an operation ends, when a copy is
available); the read operations strip those. Statuses that move with time are not stored: they are computed from
the clock when read. ``_check.py`` holds the rules a loaded state must follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from ._catalogue import REGIONS

__all__ = ["COLLECTIONS", "STATE_VERSION", "SUCCESS_STATUSES", "Timings", "empty_refusals", "empty_state", "new_region"]

STATE_VERSION: Final = 2
"""The ``version`` member of a saved state (2 since the firewall, static IPs, copies and refusal presets)."""

SUCCESS_STATUSES: Final = ("Succeeded", "Completed")
"""The statuses a successful operation may end in (E16's OperationStatus; Terraform waits for both, E17)."""

COLLECTIONS: Final = ("instances", "instanceSnapshots", "autoSnapshots", "keyPairs", "disks", "staticIps")
"""A Region's resources by name (``operations`` is a list beside them)."""


@dataclass(frozen=True)
class Timings:
    """How long the local service takes.

    Attributes:
        operation_seconds: From a creation until its operation is terminal (``Started`` -> ``Succeeded``).
        boot_seconds: From a creation until the instance is ``running`` (``pending`` before).
        copy_seconds: From a CopySnapshot (or a CreateInstanceSnapshot) until the snapshot is ``available`` and its
            operations terminal.
        checks_seconds: From ``running`` until the status checks (``includeHealthStatus``) are ``ok``
            (``initializing`` before).
    """

    operation_seconds: float = 10.0
    boot_seconds: float = 20.0
    copy_seconds: float = 30.0
    checks_seconds: float = 10.0

    def to_json(self) -> dict[str, float]:
        """The timings as the state file holds them."""
        return {
            "operationSeconds": self.operation_seconds,
            "bootSeconds": self.boot_seconds,
            "copySeconds": self.copy_seconds,
            "checksSeconds": self.checks_seconds,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Timings:
        """The timings of a state file's ``timings`` member (a file from before ``checksSeconds``: the default)."""
        checks = float(raw.get("checksSeconds", cls.checks_seconds))
        return cls(float(raw["operationSeconds"]), float(raw["bootSeconds"]), float(raw["copySeconds"]), checks)


def new_region() -> dict[str, Any]:
    """An empty Region: no resources."""
    return {**{name: {} for name in COLLECTIONS}, "operations": []}


def empty_refusals() -> dict[str, Any]:
    """No refusal preset: every plan size, no access denied, no Region in setup, nothing impaired, no zone full."""
    return {"planSizeCap": None, "accessDenied": [], "regionSetup": [], "impaired": [], "capacity": []}


def empty_state(timings: Timings | None = None, instance_quota: int = 20) -> dict[str, Any]:
    """A state with every Region and no resources."""
    return {
        "version": STATE_VERSION,
        "timings": (timings or Timings()).to_json(),
        "instanceQuota": instance_quota,
        "successStatus": SUCCESS_STATUSES[0],
        "failOperations": {},
        "failAutoSnapshots": [],
        "refusals": empty_refusals(),
        "regions": {name: new_region() for name in REGIONS},
    }
