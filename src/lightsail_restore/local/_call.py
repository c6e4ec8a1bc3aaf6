"""One request against the state at one instant: the Region's resources and the views that depend on time.

Operations end when their ``_endsAt`` has passed, instances boot ``timings.bootSeconds`` after they are created,
copies become available at their ``_availableAt``, and an instance whose creation was made to fail vanishes when
its operation ends. All of it is computed here, from the clock's time of the request, so nothing runs in the
background. Lists are answered newest first (E5, E7, E9, E10, E11).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ._errors import invalid, not_found
from ._ports import port_info
from ._resources import milliseconds, new_operation

__all__ = ["Call", "newest_first", "public"]


def public(resource: Mapping[str, Any]) -> dict[str, Any]:
    """The resource as the service shows it: without the private ``_`` members."""
    return {k: v for k, v in resource.items() if not k.startswith("_")}


def newest_first(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` by ``createdAt``, newest first; of two created at once, the one stored later comes first."""
    indexed = list(enumerate(items))
    indexed.sort(key=lambda pair: (float(pair[1].get("createdAt", 0)), pair[0]), reverse=True)
    return [item for _, item in indexed]


class Call:
    """A request's view of the state: ``region`` (its resources), ``now`` (epoch seconds) and the page size.

    Raises:
        ServiceError: The Region has no Lightsail (InvalidInputException).
    """

    def __init__(self, state: dict[str, Any], region: str, now: datetime, page_size: int) -> None:
        if region not in state["regions"]:
            raise invalid(f"Lightsail is not available in {region}")
        self.state = state
        self.region = region
        self.res: dict[str, Any] = state["regions"][region]
        self.now = milliseconds(now.timestamp())
        self.page_size = max(1, page_size)
        timings = state["timings"]
        self.operation_seconds = float(timings["operationSeconds"])
        self.boot_seconds = float(timings["bootSeconds"])
        self.copy_seconds = float(timings["copySeconds"])

    # -- operations -------------------------------------------------------------------------------------------
    def operation_view(self, op: Mapping[str, Any]) -> dict[str, Any]:
        """The operation as of now: ``Started`` until it ends, then ``Succeeded`` (or ``Completed``, or ``Failed``)."""
        view = public(op)
        ends_at = float(op["_endsAt"])
        if self.now >= ends_at:
            failure = op.get("_fail")
            status = "Failed" if failure else str(self.state["successStatus"])
            view.update(isTerminal=True, status=status, statusChangedAt=ends_at)
            if failure:
                view.update(errorCode=failure["errorCode"], errorDetails=failure["errorDetails"])
        return view

    def record(
        self,
        where: Mapping[str, str],
        resource_name: str,
        resource_type: str,
        operation_type: str,
        *,
        at: float | None = None,
        seconds: float = 0.0,
        details: str | None = None,
    ) -> dict[str, Any]:
        """Store a new operation of this Region (stored form), starting ``at`` (now) and lasting ``seconds``."""
        start = self.now if at is None else at
        op = new_operation(
            where, resource_name, resource_type, operation_type, start, ends_at=start + seconds, details=details
        )
        self.res["operations"].append(op)
        return op

    # -- instances and disks ----------------------------------------------------------------------------------
    def exists(self, resource: Mapping[str, Any]) -> bool:
        """Whether the instance or disk exists now (one whose creation fails is gone once its operation ends)."""
        fails_at = resource.get("_failsAt")
        return fails_at is None or self.now < float(fails_at)

    def running(self, instance: Mapping[str, Any]) -> bool:
        """Whether the instance has booted."""
        return self.now >= float(instance["_bootAt"]) + self.boot_seconds

    def instance_view(self, instance: Mapping[str, Any]) -> dict[str, Any]:
        """The instance as of now, as GetInstance answers it (E7, E8).

        ``pending`` (code 0) until it has booted, then ``running`` (code 16); its public addresses only once it
        runs (or while a static IP is attached); its attached disks as full disk objects after the system disk;
        no ``addOns`` member when it has none.
        """
        running = self.running(instance)
        view: dict[str, Any] = {}
        for member, value in public(instance).items():
            if member == "addOns" and not value:
                continue
            if member == "publicIpAddress" and not (running or instance.get("isStaticIp")):
                continue
            if member == "ipv6Addresses" and not running:
                continue
            if member == "hardware":
                value = {**value, "disks": [*value["disks"], *self.attached_disks(str(instance["name"]))]}
            if member == "networking":
                value = {**value, "ports": [port_info(rule) for rule in value["ports"]]}
            if member == "username":
                view["state"] = {"code": 16, "name": "running"} if running else {"code": 0, "name": "pending"}
            view[member] = value
        return view

    def instances(self) -> list[dict[str, Any]]:
        """The Region's instances that exist now (stored form)."""
        return [i for i in self.res["instances"].values() if self.exists(i)]

    def instance(self, name: object) -> dict[str, Any] | None:
        """The instance of this name that exists now (stored form), or ``None``."""
        found: dict[str, Any] | None = self.res["instances"].get(name) if isinstance(name, str) else None
        return found if found is not None and self.exists(found) else None

    def existing_instance(self, name: object) -> dict[str, Any]:
        """The instance of this name that exists now (stored form).

        Raises:
            ServiceError: NotFoundException (``DoesNotExist``).
        """
        found = self.instance(name)
        if found is None:
            raise not_found(f"The Instance does not exist: {name}")
        return found

    def disks(self) -> dict[str, dict[str, Any]]:
        """The Region's disks that exist now (stored form), by name."""
        return {name: d for name, d in self.res["disks"].items() if self.exists(d)}

    def attached_disks(self, instance_name: str) -> list[dict[str, Any]]:
        """The disks attached to an instance, oldest first, as GetDisk shows them."""
        attached = [public(d) for d in self.disks().values() if d.get("attachedTo") == instance_name]
        return sorted(attached, key=lambda d: float(d["createdAt"]))

    # -- snapshots --------------------------------------------------------------------------------------------
    def snapshot_view(self, snapshot: Mapping[str, Any]) -> dict[str, Any]:
        """The snapshot as of now: a copy is ``pending`` until ``_availableAt``, ``error`` from ``_failedAt``."""
        view = public(snapshot)
        available_at = snapshot.get("_availableAt")
        failed_at = snapshot.get("_failedAt")
        if available_at is not None and self.now < float(available_at):
            view["state"] = "pending"
        elif failed_at is not None and self.now >= float(failed_at):
            view["state"] = "error"
        return view

    # -- names and pages --------------------------------------------------------------------------------------
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
            raise invalid(f"The pageToken {token} is not valid")
        start = int(token)
        answer: dict[str, Any] = {key: items[start : start + self.page_size]}
        if start + self.page_size < len(items):
            answer["nextPageToken"] = str(start + self.page_size)
        return answer
