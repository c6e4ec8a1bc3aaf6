"""The operations the local service answers, and the one function that answers a request against a state."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from ._call import Call
from ._create import create_instances_from_snapshot
from ._errors import ServiceError
from ._reads import READS

__all__ = ["MUTATING", "OPERATIONS", "answer"]

OPERATIONS: Final[dict[str, Callable[[Call, Mapping[str, Any]], dict[str, Any]]]] = {
    **READS,
    "CreateInstancesFromSnapshot": create_instances_from_snapshot,
}
"""Every operation the local service answers, by AWS operation name."""

MUTATING: Final = frozenset({"CreateInstancesFromSnapshot"})
"""The operations that change the state (a file-backed backend saves after them)."""


def answer(
    state: dict[str, Any], operation: str, params: Mapping[str, Any], *, region: str, now: datetime, page_size: int
) -> dict[str, Any]:
    """Answer one request against ``state`` (changed in place by a mutating operation).

    Raises:
        ServiceError: The service's error answer; an operation the backend does not implement answers
            ``InvalidAction`` (HTTP 400) naming it.
    """
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise ServiceError(
            "InvalidAction",
            f"The local Lightsail backend does not implement {operation}",
            tip=f"It answers: {', '.join(sorted(OPERATIONS))}. Use a real AWS account for {operation}.",
            code="InvalidAction",
        )
    return handler(Call(state, region, now, page_size), params)
