"""JSON-ready documents of the library's dataclasses, written by pydantic instead of by hand.

A frozen dataclass that subclasses ``Document`` gets ``to_dict()``: each field in the order declared, under its
camelCase name (``operation_id`` -> ``operationId``), through a pydantic ``TypeAdapter`` of the class (built once per
class, on the first call). A field that is written otherwise says so in its annotation:

- another name: ``Annotated[..., Field(alias="staticIpFrom")]``; left out: ``Annotated[..., Field(exclude=True)]``,
  or only when it is ``None``: ``Field(exclude_if=...)``;
- ``AS_GIVEN``: a number as it was given (pydantic writes a whole number in a ``float`` field as ``5.0``; AWS's
  ``5`` stays ``5``); the restore's own member types are in ``restore/_document.py`` (``Elapsed``, ``Error``, ...).

A nested ``Document`` is written by its own rules. A member computed from the fields is a property marked
``@computed_field`` (written after the fields; ``alias=`` names a private one); a document whose members are not in
that order names them, by their written names, in ``MEMBERS`` (``OrderedDocument``: those first, the others after
them in their order).

This module imports only pydantic, so the request models (the health checks) and the command's start-up (a
refusal's ``Problem``) can use it without loading the workflow or the AWS SDK.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ConfigDict, PlainSerializer, SerializerFunctionWrapHandler, TypeAdapter, model_serializer
from pydantic.alias_generators import to_camel

__all__ = ["AS_GIVEN", "Document", "OrderedDocument"]

AS_GIVEN = PlainSerializer(lambda value: value)
"""Writes a value as it is (a ``float`` field holding ``5`` writes ``5``, not pydantic's ``5.0``)."""


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
