"""Pydantic errors -> ``Issue``s with AWS paths, rule ids and messages that never carry the input."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Issue

__all__ = ["aws_path", "issues_from_validation_error"]

_BUILTIN_RULES: Mapping[str, str] = {
    "missing": "required",
    "extra_forbidden": "unknown_member",
    "literal_error": "enum",
    "sequence_str": "type",
    "is_instance_of": "type",
}


def _strip(annotation: Any) -> Any:
    """Drop ``Annotated`` and ``None`` from a union, leaving the container or model type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _field(model: type[BaseModel], segment: str) -> tuple[str, Any] | None:
    for name, info in model.model_fields.items():
        if segment in (name, info.alias):
            return (info.alias or name), info.annotation
    return None


def aws_path(loc: Sequence[str | int], model: type[BaseModel]) -> str:
    """The AWS path of a pydantic error location, e.g. ``addOns[0].autoSnapshotAddOnRequest.snapshotTimeOfDay``.

    Walks the model's fields, so a location given in Python names or in AWS names maps to the same path, and
    user-supplied map keys are kept as data (``attachedDiskMapping['data-disk'][0].newDiskName``).
    """
    path = ""
    current: Any = model
    for segment in loc:
        kind = _strip(current)
        origin = typing.get_origin(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(segment, str):
            found = _field(kind, segment)
            if found is None:
                path += f".{segment}" if path else segment
                current = None
                continue
            alias, current = found
            path += f".{alias}" if path else alias
        elif origin in (dict, Mapping, typing.Mapping) or (isinstance(origin, type) and issubclass(origin, Mapping)):
            path += f"[{segment!r}]"
            current = typing.get_args(kind)[1]
        elif segment == "[key]":
            continue
        elif isinstance(segment, int):
            path += f"[{segment}]"
            args = typing.get_args(kind)
            current = args[0] if args else None
        else:
            path += f".{segment}" if path else str(segment)
            current = None
    return path


def _message(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    kind = error["type"]
    loc: tuple[str | int, ...] = tuple(error["loc"])
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        parent = _parent_model(loc[:-1], model)
        known = [info.alias or name for name, info in parent.model_fields.items()] if parent else []
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else f"; the members are {', '.join(known)}"
        shape = parent.__name__ if parent else "this shape"
        return f"is not a member of {shape}{hint}"
    message = str(error["msg"])
    if message.startswith("Input should be"):
        message = "must be" + message[len("Input should be") :]
    return message


def _parent_model(loc: Sequence[str | int], model: type[BaseModel]) -> type[BaseModel] | None:
    current: Any = model
    for segment in loc:
        kind = _strip(current)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(segment, str):
            found = _field(kind, segment)
            current = found[1] if found else None
        elif isinstance(segment, int) or typing.get_origin(kind) is not None:
            args = typing.get_args(kind)
            current = args[-1] if args else None
        else:
            return None
    kind = _strip(current)
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def issues_from_validation_error(exc: ValidationError, model: type[BaseModel]) -> list[Issue]:
    """Every error of ``exc`` as an ``Issue`` (AWS path, rule id, message), without the input values."""
    issues: list[Issue] = []
    for error in exc.errors(include_input=False, include_url=False, include_context=False):
        kind = str(error["type"])
        builtin_type_error = kind.endswith("_type") and not kind.startswith("X")
        rule = _BUILTIN_RULES.get(kind, "type" if builtin_type_error else kind)
        issues.append(Issue(aws_path(error["loc"], model), rule, _message(error, model)))
    return issues
