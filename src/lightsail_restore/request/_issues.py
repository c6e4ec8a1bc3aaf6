"""Refusals: pydantic errors and broken rules as ``Issue``s with AWS paths, rule ids and input-free messages.

Every refusal goes through here, bounded: at most ``MAX_ISSUES`` problems are named (the costly "did you mean"
hint is computed for those only), the rest are counted. The same translation serves both faces of a refusal:
``refusal`` gives the pydantic ``ValidationError`` that ``model_validate`` raises (error types are our rule
ids, inputs dropped), and ``refused`` gives the ``RequestValidationError`` of ``from_boto3``. Translating an
already translated error changes nothing, so a request model and its callers can both apply it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from ..errors import Issue, RequestValidationError

__all__ = [
    "MAX_ISSUES",
    "TOO_MANY_PROBLEMS",
    "Loc",
    "Violation",
    "aws_path",
    "issues_from_validation_error",
    "refusal",
    "refused",
    "unknown_member_errors",
]

MAX_ISSUES: Final = 50
"""The most problems one refusal names; the others are only counted ("and N more")."""
TOO_MANY_PROBLEMS: Final = "too_many_problems"
"""The error type, in a pydantic ``ValidationError``, of the entry counting the problems left unnamed."""

Loc = tuple[str | int, ...]

_PYDANTIC_TYPES: Final = frozenset(typing.get_args(ErrorType))
_TYPE_ERRORS: Final = frozenset({"sequence_str", "is_instance_of", "is_subclass_of", "string_unicode"})


LIST_MESSAGE: Final = "must be a list ([...] in JSON)"
_OBJECT = "must be an object ({...} in JSON)"
_BOOLEAN = "must be true or false"
_PLAIN: Final = {
    "list_type": LIST_MESSAGE,
    "sequence_str": LIST_MESSAGE,
    "is_instance_of": LIST_MESSAGE,  # of Sequence only
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "string_type": "must be text (a JSON string)",
    "string_unicode": "must be UTF-8 text",
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
}
"""pydantic's type errors said plainly: its own words speak Python (``'str' instances are not allowed as a Sequence
value``, ``must be a valid dictionary or instance of AutoSnapshotAddOnRequest``)."""


class Violation(NamedTuple):
    """One broken rule: where (a location in Python field names), which rule, and what is allowed."""

    loc: Loc
    rule: str
    message: str


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


def _field(model: type[BaseModel], segment: str) -> tuple[str, str, Any] | None:
    """The (Python name, AWS name, annotation) of the field spelt ``segment`` either way."""
    for name, info in model.model_fields.items():
        if segment == name or segment == info.alias:
            return name, (info.alias or name), info.annotation
    return None


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _is_mapping(origin: Any) -> bool:
    return origin in (dict, Mapping, typing.Mapping) or (isinstance(origin, type) and issubclass(origin, Mapping))


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
        if _is_model(kind) and isinstance(segment, str):
            found = _field(kind, segment)
            if found is None:
                path += f".{segment}" if path else segment
                current = None
                continue
            _, alias, current = found
            path += f".{alias}" if path else alias
        elif _is_mapping(origin):
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


def _parent_model(loc: Sequence[str | int], model: type[BaseModel]) -> type[BaseModel] | None:
    current: Any = model
    for segment in loc:
        kind = _strip(current)
        if _is_model(kind) and isinstance(segment, str):
            found = _field(kind, segment)
            current = found[2] if found else None
        elif _is_mapping(typing.get_origin(kind)):
            current = typing.get_args(kind)[1]
        elif isinstance(segment, int):
            args = typing.get_args(kind)
            current = args[0] if args else None
        else:
            return None
    kind = _strip(current)
    return kind if _is_model(kind) else None


def _extra_member(loc: Loc, model: type[BaseModel]) -> tuple[Loc, str, str]:
    """An ``extra_forbidden`` error: a member given twice (both spellings), or an unknown member with a hint."""
    parent = _parent_model(loc[:-1], model)
    key = loc[-1]
    if parent is None:
        return loc, "unknown_member", "is not a member of this shape"
    found = _field(parent, key) if isinstance(key, str) else None
    if found is not None:
        # pydantic took one spelling as the member and calls the other one extra: the member was given twice.
        name, alias, _ = found
        return (*loc[:-1], name), "given_twice", f"given twice: as {alias} and {name}"
    import difflib  # only a refusal needs it: kept out of the import of the package

    known = [info.alias or name for name, info in parent.model_fields.items()]
    guess = difflib.get_close_matches(str(key), known, n=1)
    hint = f"; did you mean {guess[0]!r}?" if guess else f"; the members are {', '.join(known)}"
    return loc, "unknown_member", f"is not a member of {parent.__name__}{hint}"


def _translate(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[Loc, str, str]:
    """(location, rule id, message) of one pydantic error; our own errors (custom types) pass unchanged."""
    kind = str(error["type"])
    loc: Loc = tuple(error["loc"])
    message = str(error["msg"])
    if kind not in _PYDANTIC_TYPES and kind not in _TYPE_ERRORS:  # sequence_str comes from pydantic, not the core
        return loc, kind, message
    if kind == "missing":
        return loc, "required", "is required"
    if kind == "extra_forbidden":
        return _extra_member(loc, model)
    if kind == "literal_error":
        rule = "enum"
    elif kind.endswith("_type") or kind in _TYPE_ERRORS:
        rule = "type"
    else:
        rule = kind
    plain = _PLAIN.get(kind)
    if kind == "is_instance_of" and (error.get("ctx") or {}).get("class") != "Sequence":
        plain = None
    if plain is not None:
        return loc, rule, plain
    if message.startswith("Input should be"):
        message = "must be" + message[len("Input should be") :]
    return loc, rule, message


def _errors(exc: ValidationError) -> list[Any]:
    return exc.errors(include_url=False, include_context=True, include_input=False)


def _bounded(
    found: Iterable[Mapping[str, Any]], model: type[BaseModel], total: int
) -> tuple[list[tuple[Loc, str, str]], int]:
    """The first ``MAX_ISSUES`` problems translated, and how many more there are (counted, not translated)."""
    named: list[tuple[Loc, str, str]] = []
    omitted = 0
    for error in found:
        if error["type"] == TOO_MANY_PROBLEMS:  # an already bounded refusal: keep its count
            omitted += int(error["ctx"]["omitted"])
            total -= 1
            continue
        if len(named) == MAX_ISSUES:
            break
        named.append(_translate(error, model))
    return named, omitted + max(0, total - len(named))


def _more(omitted: int) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError(
            TOO_MANY_PROBLEMS,
            "and {omitted} more problems, not listed (a refusal names at most " + str(MAX_ISSUES) + ")",
            {"omitted": omitted},
        ),
        loc=(),
        input=None,
    )


def refusal(
    problems: ValidationError | Sequence[Violation | Mapping[str, Any]],
    model: type[BaseModel],
    *,
    omitted: int = 0,
) -> ValidationError:
    """The pydantic ``ValidationError`` of a refusal: rule ids as error types, no input, at most ``MAX_ISSUES``.

    Args:
        problems: pydantic's error (translated here), or broken rules, or pydantic error dicts.
        model: The model validated (to find AWS names, shapes and hints).
        omitted: Problems known but not in ``problems`` (counted in the "and N more" entry).

    Returns:
        The error to raise (``hide_input``; a last ``too_many_problems`` entry when problems were left out).
    """
    if isinstance(problems, ValidationError):
        found: Sequence[Mapping[str, Any]] = _errors(problems)
        total = problems.error_count()
    else:
        found = [{"type": p.rule, "loc": p.loc, "msg": p.message} if isinstance(p, Violation) else p for p in problems]
        total = len(found)
    named, more = _bounded(found, model, total)
    details = [
        InitErrorDetails(type=PydanticCustomError(rule, message), loc=loc, input=None) for loc, rule, message in named
    ]
    if more + omitted:
        details.append(_more(more + omitted))
    return ValidationError.from_exception_data(model.__name__, details, hide_input=True)


def unknown_member_errors(keys: Iterable[str], limit: int) -> list[dict[str, Any]]:
    """pydantic-style ``extra_forbidden`` errors for the first ``limit`` of ``keys`` (top-level members)."""
    out: list[dict[str, Any]] = []
    for key in keys:
        if len(out) >= limit:
            break
        out.append({"type": "extra_forbidden", "loc": (key,), "msg": "Extra inputs are not permitted"})
    return out


def _issues(exc: ValidationError, model: type[BaseModel]) -> tuple[list[Issue], int]:
    named, omitted = _bounded(_errors(exc), model, exc.error_count())
    return [Issue(aws_path(loc, model), rule, message) for loc, rule, message in named], omitted


def issues_from_validation_error(exc: ValidationError, model: type[BaseModel]) -> list[Issue]:
    """The first ``MAX_ISSUES`` errors of ``exc`` as ``Issue``s (AWS path, rule id, message), without the input."""
    return _issues(exc, model)[0]


def refused(exc: ValidationError, model: type[BaseModel]) -> RequestValidationError:
    """The ``RequestValidationError`` for pydantic's ``exc``: bounded issues with AWS paths, and the count left out."""
    issues, omitted = _issues(exc, model)
    return RequestValidationError(issues, omitted=omitted)
