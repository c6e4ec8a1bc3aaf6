"""The restore workflow: plan against the account, create, wait, and report every instance's outcome.

Safe to run again after an interruption: instances that an earlier run of the same request created (same name,
same source, same bundle and zone) are recognised by the plan, waited on, and never created twice; a name
taken by anything else is still an error. A partial failure is never lost: the outcome says which instances
succeeded and which failed with AWS's error code and details, and ``RestoreFailedError`` carries it whole.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import LightsailRestoreError
from .preflight import DEFAULT_INSTANCE_QUOTA, Plan, plan
from .request import CreateInstancesFromSnapshotRequest
from .waiter import Clock, InstanceOutcome, InstanceProgress, wait_for_instances

if TYPE_CHECKING:
    from .client import LightsailRestoreClient
    from .response import Operation

__all__ = ["RestoreFailedError", "RestoreOutcome", "run_restore"]


@dataclass(frozen=True)
class RestoreOutcome:
    """What a restore did.

    Attributes:
        instances: One outcome per requested instance, in request order.
        plan: The plan made before creating (``None`` when ``check=False``).
        operations: The operations CreateInstancesFromSnapshot returned (empty if nothing was created).
        request_id: The AWS request id of the create call, for support tickets.
        api_calls: Every API call the restore made: the plan's look-ups, the create call and the polling.
        waited: Whether the restore waited for the instances.
    """

    instances: tuple[InstanceOutcome, ...]
    plan: Plan | None
    operations: tuple[Operation, ...]
    request_id: str | None
    api_calls: int
    waited: bool

    @property
    def succeeded(self) -> tuple[str, ...]:
        """Names of the instances that are running."""
        return tuple(i.name for i in self.instances if i.status == "succeeded")

    @property
    def failed(self) -> tuple[InstanceOutcome, ...]:
        """The instances whose creation failed, with AWS's error code and details."""
        return tuple(i for i in self.instances if i.status == "failed")

    @property
    def timed_out(self) -> tuple[str, ...]:
        """Names of the instances still not running when the timeout came."""
        return tuple(i.name for i in self.instances if i.status == "timed_out")

    @property
    def ok(self) -> bool:
        """Whether no instance failed or timed out."""
        return not self.failed and not self.timed_out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (timestamps as ISO 8601 UTC; ``userData`` never included)."""
        return {
            "ok": self.ok,
            "waited": self.waited,
            "requestId": self.request_id,
            "apiCalls": self.api_calls,
            "instances": [i.to_dict() for i in self.instances],
            "operations": [op.model_dump(mode="json", by_alias=True, exclude_none=True) for op in self.operations],
        }

    def raise_for_failures(self) -> None:
        """Raise ``RestoreFailedError`` when any instance failed or timed out."""
        if not self.ok:
            raise RestoreFailedError(self)


class RestoreFailedError(LightsailRestoreError):
    """Some instances failed or timed out. ``outcome`` holds every instance, the successful ones included."""

    def __init__(self, outcome: RestoreOutcome) -> None:
        self.outcome = outcome
        parts = [
            f"{i.name}: failed ({i.error_code or 'no error code'}: {i.error_details or ''})" for i in outcome.failed
        ]
        parts += [f"{name}: still not running at the timeout" for name in outcome.timed_out]
        ok = ", ".join(outcome.succeeded) or "none"
        super().__init__("restore did not complete: " + "; ".join(parts) + f" (running: {ok})")


def run_restore(
    client: LightsailRestoreClient,
    request: CreateInstancesFromSnapshotRequest,
    *,
    wait: bool = True,
    check: bool = True,
    raise_on_failure: bool = False,
    timeout: float = 900.0,
    delay: float = 2.0,
    max_delay: float = 20.0,
    clock: Clock | None = None,
    progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
    instance_quota: int = DEFAULT_INSTANCE_QUOTA,
    rng: random.Random | None = None,
) -> RestoreOutcome:
    """Plan, create and wait; see ``LightsailRestoreClient.restore``."""
    the_plan = plan(client.lightsail, request, instance_quota=instance_quota) if check else None
    if the_plan is not None:
        the_plan.raise_for_errors()
    resumed = the_plan.already_created if the_plan else ()
    calls = the_plan.api_calls if the_plan else 0
    operations: tuple[Operation, ...] = ()
    request_id = None
    if the_plan is None or the_plan.to_create:
        # a partial resume sends only the rest: the created names and their disk mappings are left out
        send = the_plan.remaining_request() if the_plan is not None and resumed else request
        result = client.create_instances_from_snapshot(send)
        calls += 1
        operations, request_id = result.operations, result.request_id
    if not wait:
        by_name = {op.resource_name: op for op in operations}
        instances = tuple(
            InstanceOutcome(
                name=name,
                status="not_waited",
                operation_id=by_name[name].id if name in by_name else None,
                operation_status=str(by_name[name].status) if name in by_name else None,
                resumed=name in resumed,
            )
            for name in request.instance_names
        )
        outcome = RestoreOutcome(instances, the_plan, operations, request_id, calls, waited=False)
    else:
        waited = wait_for_instances(
            client.lightsail,
            request.instance_names,
            operations=operations,
            resumed=resumed,
            timeout=timeout,
            delay=delay,
            max_delay=max_delay,
            clock=clock,
            progress=progress,
            rng=rng,
        )
        outcome = RestoreOutcome(
            waited.instances, the_plan, operations, request_id, calls + waited.api_calls, waited=True
        )
    if raise_on_failure:
        outcome.raise_for_failures()
    return outcome
