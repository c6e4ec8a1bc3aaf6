"""The operations the local service answers, and the one function that answers a request against a state."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from ._alarms import ALARMS
from ._call import Call
from ._copy import copy_snapshot
from ._create import create_instances_from_snapshot
from ._delete import DELETES
from ._errors import ServiceError
from ._firewall import FIREWALL
from ._reads import READS
from ._refusals import check_request
from ._snapshot import create_instance_snapshot
from ._static_ips import STATIC_IPS

__all__ = ["MUTATING", "OPERATIONS", "answer"]

OPERATIONS: Final[dict[str, Callable[[Call, Mapping[str, Any]], dict[str, Any]]]] = {
    **READS,
    **FIREWALL,
    **STATIC_IPS,
    **DELETES,
    **ALARMS,
    "CopySnapshot": copy_snapshot,
    "CreateInstanceSnapshot": create_instance_snapshot,
    "CreateInstancesFromSnapshot": create_instances_from_snapshot,
}
"""Every operation the local service answers, by AWS operation name."""

MUTATING: Final = frozenset(
    {
        "AllocateStaticIp",
        "AttachStaticIp",
        "CloseInstancePublicPorts",
        "CopySnapshot",
        "CreateInstanceSnapshot",
        "CreateInstancesFromSnapshot",
        "DeleteDisk",
        "DeleteInstance",
        "DeleteInstanceSnapshot",
        "DetachStaticIp",
        "OpenInstancePublicPorts",
        "PutAlarm",
        "PutInstancePublicPorts",
        "ReleaseStaticIp",
    }
)
"""The operations that change the state (a file-backed backend saves after them)."""


def answer(
    state: dict[str, Any], operation: str, params: Mapping[str, Any], *, region: str, now: datetime, page_size: int
) -> dict[str, Any]:
    """Answer one request against ``state`` (changed in place by a mutating operation).

    Raises:
        ServiceError: The service's error answer; a refusal preset that applies (``_refusals``); an operation
            the backend does not implement answers ``InvalidAction`` (HTTP 400) naming it.
    """
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise ServiceError(
            "InvalidAction",
            f"The local Lightsail backend does not implement {operation}. It answers: {', '.join(sorted(OPERATIONS))}",
            code="InvalidAction",
        )
    check_request(state, operation, params, region)
    return handler(Call(state, region, now, page_size), params)
