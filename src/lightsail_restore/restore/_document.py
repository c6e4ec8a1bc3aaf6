"""JSON-ready documents of the restore's dataclasses, written by pydantic instead of by hand.

A frozen dataclass that subclasses ``Document`` gets ``to_dict()``: each field in the order declared, under its
camelCase name (``operation_id`` -> ``operationId``), through a pydantic ``TypeAdapter`` of the class (built once per
class, on the first call). A field that is written otherwise says so in its annotation:

- another name: ``Annotated[..., Field(alias="staticIpFrom")]``; left out: ``Annotated[..., Field(exclude=True)]``;
- ``Elapsed`` (seconds, rounded to the millisecond, as ``elapsedSeconds``), ``Error`` (an error as ``error_to_dict``
  writes it), ``Rules`` and ``AS_BOTO3`` (firewall rules as their boto3 dicts).

A nested ``Document`` is written by its own rules. A member computed from the fields is a property marked
``@computed_field`` (written after the fields); a document whose members are not in that order names them, by their
written names, in ``MEMBERS`` (``OrderedDocument``: those first, the others after them in their order).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import ConfigDict, Field, PlainSerializer, SerializerFunctionWrapHandler, TypeAdapter, model_serializer
from pydantic.alias_generators import to_camel

from ..errors import LightsailError, LightsailRestoreError
from ..request import PortInfo

__all__ = ["AS_BOTO3", "Document", "Elapsed", "Error", "OrderedDocument", "Rules", "error_to_dict"]


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


Elapsed = Annotated[float, Field(alias="elapsedSeconds"), PlainSerializer(lambda seconds: round(seconds, 3))]
"""Seconds (monotonic time), written as ``elapsedSeconds`` to the millisecond."""
Error = Annotated[LightsailRestoreError | None, PlainSerializer(error_to_dict)]
"""An error, written by ``error_to_dict``."""
AS_BOTO3 = PlainSerializer(_rules)
"""Writes firewall rules as AWS ``PortInfo`` dicts (``None`` stays ``None``)."""
Rules = Annotated[tuple[PortInfo, ...] | None, AS_BOTO3]
"""Firewall rules, or ``None``, written as AWS ``PortInfo`` dicts."""


class Document:
    """Gives a dataclass ``to_dict()``: its fields in order, by their camelCase names (see the module)."""

    __slots__ = ()
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(
        alias_generator=to_camel, serialize_by_alias=True, arbitrary_types_allowed=True
    )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        kind = type(self)
        adapter = _ADAPTERS.get(kind) or _ADAPTERS.setdefault(kind, TypeAdapter(kind))
        data: dict[str, Any] = adapter.dump_python(self, mode="json")
        return data


class OrderedDocument(Document):
    """A ``Document`` whose members named in ``MEMBERS`` (by their written names) come first, in that order."""

    __slots__ = ()
    MEMBERS: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _in_order(self, write: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = write(self)
        return {**{name: data.pop(name) for name in self.MEMBERS}, **data}


_ADAPTERS: dict[type[Document], TypeAdapter[Any]] = {}
"""Each class's adapter, built on its first ``to_dict()``."""
