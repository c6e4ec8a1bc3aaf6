"""The operations the local service answers, and the one function that answers a request against a state.

Each private module of the backend that answers operations says which in its own ``OPERATIONS`` table (AWS
operation name: handler); this module finds the tables (``operations()``), so a module answering a new operation
needs no line here. Every operation but a read (``Get*``) changes the state (``mutating``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Any

from ._call import Call
from ._errors import ServiceError
from ._refusals import check_request

__all__ = ["Handler", "answer", "mutating", "operations"]

Handler = Callable[[Call, Mapping[str, Any]], dict[str, Any]]
"""Answers one operation: the call (the state, the Region, the time) and the request's parameters."""


@cache
def operations() -> Mapping[str, Handler]:
    """Every operation the local service answers, by AWS operation name: the ``OPERATIONS`` of each module here.

    Found on first use, not at import: the backend's modules import this one.

    Raises:
        RuntimeError: Two modules answer one operation.
    """
    package = __name__.rpartition(".")[0]
    found: dict[str, Handler] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(importlib.import_module(package).__path__)):
        table: Mapping[str, Handler] = getattr(importlib.import_module(f"{package}.{module}"), "OPERATIONS", {})
        if clash := sorted(set(found) & set(table)):
            raise RuntimeError(f"{clash[0]} is answered by two modules of the local backend, {module} and another")
        found.update(table)
    return dict(sorted(found.items()))


def mutating(operation: str) -> bool:
    """Whether ``operation`` changes the state (a file-backed backend saves after it): every one but a read."""
    return not operation.startswith("Get")


def answer(
    state: dict[str, Any], operation: str, params: Mapping[str, Any], *, region: str, now: datetime, page_size: int
) -> dict[str, Any]:
    """Answer one request against ``state`` (changed in place by a mutating operation).

    Raises:
        ServiceError: The service's error answer; a refusal preset that applies (``_refusals``); an operation
            the backend does not implement answers ``InvalidAction`` (HTTP 400) naming it.
    """
    handlers = operations()
    handler = handlers.get(operation)
    if handler is None:
        raise ServiceError(
            "InvalidAction",
            f"The local Lightsail backend does not implement {operation}. It answers: {', '.join(handlers)}",
            code="InvalidAction",
        )
    check_request(state, operation, params, region)
    return handler(Call(state, region, now, page_size), params)
