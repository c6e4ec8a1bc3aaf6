"""One request against the state at one instant: the Region's resources and the views that depend on time.

Operations end ``timings.operationSeconds`` after they start, instances boot ``timings.bootSeconds`` after
they are created, and an instance whose creation was made to fail vanishes when its operation ends. All of it
is computed here, from the clock's time of the request, so nothing runs in the background.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ._errors import ServiceError, invalid
from ._state import public

__all__ = ["Call"]


class Call:
    """A request's view of the state: ``region`` (its resources), ``now`` (epoch seconds) and the page size.

    Raises:
        ServiceError: The Region has no Lightsail (InvalidInputException).
    """

    def __init__(self, state: dict[str, Any], region: str, now: datetime, page_size: int) -> None:
        if region not in state["regions"]:
            raise ServiceError(
                "InvalidInputException",
                f"Lightsail is not available in {region}",
                tip="Use a Region with Lightsail (GetRegions lists them).",
            )
        self.state = state
        self.region = region
        self.res: dict[str, Any] = state["regions"][region]
        self.now = now.timestamp()
        self.page_size = max(1, page_size)
        timings = state["timings"]
        self.operation_seconds = float(timings["operationSeconds"])
        self.boot_seconds = float(timings["bootSeconds"])

    def operation_view(self, op: Mapping[str, Any]) -> dict[str, Any]:
        """The operation as of now: ``Started`` until it ends, then ``Succeeded`` (or ``Failed``)."""
        view = public(op)
        done_at = float(op["createdAt"]) + self.operation_seconds
        if self.now >= done_at:
            failure = op.get("_fail")
            view.update(status="Failed" if failure else "Succeeded", isTerminal=True, statusChangedAt=done_at)
            if failure:
                view.update(errorCode=failure["errorCode"], errorDetails=failure["errorDetails"])
        return view

    def exists(self, resource: Mapping[str, Any]) -> bool:
        """Whether the instance or disk exists now (one whose creation fails is gone once its operation ends)."""
        fails_at = resource.get("_failsAt")
        return fails_at is None or self.now < float(fails_at)

    def instance_view(self, instance: Mapping[str, Any]) -> dict[str, Any]:
        """The instance as of now: ``pending`` (code 0) until it has booted, then ``running`` (code 16)."""
        view = public(instance)
        running = self.now >= float(instance["_bootAt"]) + self.boot_seconds
        view["state"] = {"code": 16, "name": "running"} if running else {"code": 0, "name": "pending"}
        return view

    def instances(self) -> list[dict[str, Any]]:
        """The Region's instances that exist now (stored form)."""
        return [i for i in self.res["instances"].values() if self.exists(i)]

    def instance(self, name: object) -> dict[str, Any] | None:
        """The instance of this name that exists now (stored form), or ``None``."""
        found: dict[str, Any] | None = self.res["instances"].get(name) if isinstance(name, str) else None
        return found if found is not None and self.exists(found) else None

    def disks(self) -> dict[str, dict[str, Any]]:
        """The Region's disks that exist now (stored form), by name."""
        return {name: d for name, d in self.res["disks"].items() if self.exists(d)}

    def taken_names(self) -> set[str]:
        """Every name in use in the Region: instances, disks, key pairs, static IPs (one namespace)."""
        return {
            *(i["name"] for i in self.instances()),
            *self.disks(),
            *self.res["keyPairs"],
            *self.res["staticIps"],
        }

    def page(self, items: list[Any], key: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """One page of ``items`` under ``key``, from ``pageToken``, with ``nextPageToken`` when more follow.

        Raises:
            ServiceError: The page token is not one this backend gave (InvalidInputException).
        """
        token = params.get("pageToken") or "0"
        if not (isinstance(token, str) and token.isdigit()):
            raise invalid(f"The pageToken {token} is not valid", "Pass the nextPageToken of the previous page.")
        start = int(token)
        answer: dict[str, Any] = {key: items[start : start + self.page_size]}
        if start + self.page_size < len(items):
            answer["nextPageToken"] = str(start + self.page_size)
        return answer
