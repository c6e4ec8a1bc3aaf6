"""The restore's member types for its documents (``Document`` and ``OrderedDocument``: ``lightsail_restore._document``).

A field written otherwise than by its type says so in its annotation: ``Seconds`` (rounded to the millisecond),
``Elapsed`` (the same, as ``elapsedSeconds``), ``Error`` (an error as ``error_to_dict`` writes it), ``Rules`` and
``AS_BOTO3`` (firewall rules as their boto3 dicts), ``Moment`` (a time in ISO 8601 UTC, ``Z``). The restore's
modules import the bases from here too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import Field, PlainSerializer

from .._document import AS_GIVEN, Document, OrderedDocument
from ..errors import LightsailError, LightsailRestoreError
from ..request import PortInfo

__all__ = [
    "AS_BOTO3",
    "AS_GIVEN",
    "Document",
    "Elapsed",
    "Error",
    "Moment",
    "OrderedDocument",
    "Rules",
    "Seconds",
    "error_to_dict",
]


def error_to_dict(error: LightsailRestoreError | None) -> dict[str, Any] | None:
    """An error as JSON-ready data (AWS's code, message, tip and request id when it is AWS's)."""
    if error is None:
        return None
    data: dict[str, Any] = {"type": type(error).__name__, "message": str(error)}
    if isinstance(error, LightsailError):
        data.update(
            errorCode=error.error_code,
            code=error.code,
            message=error.message,
            tip=error.tip,
            requestId=error.request_id,
            httpStatus=error.http_status,
        )
    details = getattr(error, "to_dict", None)  # an error of our own that says more (the readiness gate's check)
    if callable(details):
        data.update(details())
    return data


def _rules(rules: tuple[PortInfo, ...] | None) -> list[Any] | None:
    return None if rules is None else [rule.to_boto3() for rule in rules]


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


Moment = Annotated[datetime | None, PlainSerializer(_iso)]
"""A time, or ``None``, written in ISO 8601 UTC with a ``Z`` (``2026-11-27T01:00:00Z``)."""
Seconds = Annotated[float, PlainSerializer(lambda seconds: round(seconds, 3))]
"""Seconds, written to the millisecond."""
Elapsed = Annotated[Seconds, Field(alias="elapsedSeconds")]
"""Seconds (monotonic time), written as ``elapsedSeconds`` to the millisecond."""
Error = Annotated[LightsailRestoreError | None, PlainSerializer(error_to_dict)]
"""An error, written by ``error_to_dict``."""
AS_BOTO3 = PlainSerializer(_rules)
"""Writes firewall rules as AWS ``PortInfo`` dicts (``None`` stays ``None``)."""
Rules = Annotated[tuple[PortInfo, ...] | None, AS_BOTO3]
"""Firewall rules, or ``None``, written as AWS ``PortInfo`` dicts."""
