"""Breakers derived from a request model: its fields' metadata and its rules' shapes, not written per request.

``member_breakers`` breaks one member (a resource name, a wrong type, a required member left out, an unknown
member) choosing the members from the model's fields (their types, whether they are required, their AWS aliases);
``rule_breakers`` breaks each rule the model built with a factory of ``request.rules`` (``exactly_one``,
``at_most_one``, ``only_with``, ``needs_one_of``) from the shape the rule records. Both start from a strategy of
valid boto3 dicts of the model and change only what the rule needs, so a new request model gets them for free.
"""

from __future__ import annotations

import copy
import typing
from collections.abc import Callable
from typing import Annotated, Any

from hypothesis import strategies as st

from ..request._base import OperationRequest
from ..request._types import ResourceName, RestoreDate
from ._breakers import invalid_resource_names, invalid_restore_dates, unknown_member
from ._breaking import Breaker, InvalidInput

__all__ = ["member_breakers", "rule_breakers"]

Params = st.SearchStrategy[dict[str, Any]]
Breakers = tuple[tuple[tuple[str, ...], Breaker], ...]

_WRONG_STRINGS = (7, ["x1"], b"web-1", {"name": "web-1"})
"""Values of the wrong type for a string member (``None`` too when the member is required)."""
_WRONG_BOOLS = ("true", "yes", 1, 0, [True])
"""Values of the wrong type for a strict bool member."""


def _type_of(model: type[OperationRequest], name: str) -> Any:
    """The field's type with its constraints, without ``None`` (``ResourceName`` for ``ResourceName | None``)."""
    info = model.model_fields[name]
    args = [arg for arg in typing.get_args(info.annotation) if arg is not type(None)]
    if type(None) in typing.get_args(info.annotation):
        return args[0]
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _alias(model: type[OperationRequest], name: str) -> str:
    return model.model_fields[name].alias or name


def _holding(valid: Params, *aliases: str) -> Params:
    """Valid dicts holding every member of ``aliases``."""
    return valid.filter(lambda params: all(alias in params for alias in aliases))


def _break(valid: Params, change: Callable[[st.DrawFn, dict[str, Any]], tuple[str, str]]) -> Breaker:
    """A breaker: a copy of a valid dict, changed by ``change``, which names the rule id and path it broke."""

    @st.composite
    def broken(draw: st.DrawFn) -> InvalidInput:
        params = copy.deepcopy(draw(valid))
        rule, path = change(draw, params)
        return InvalidInput(params, rule, path)

    return lambda: broken()


def member_breakers(model: type[OperationRequest], valid: Params) -> Breakers:
    """The member breakers of ``model``: ``unknown_member``, and each of the others where it has such a member.

    ``resource_name`` and ``restore_date`` break members of those types, ``type`` any member, ``required`` a
    required one.
    """
    fields = model.model_fields
    names = sorted(_alias(model, name) for name in fields if _type_of(model, name) == ResourceName)
    dates = sorted(_alias(model, name) for name in fields if _type_of(model, name) == RestoreDate)
    required = sorted(_alias(model, name) for name, info in fields.items() if info.is_required())
    wrong: dict[str, tuple[Any, ...]] = {}
    for name, info in fields.items():  # scalar members only: a list or a model has wrong values of its own
        scalar = (typing.get_args(_type_of(model, name)) or (_type_of(model, name),))[0]
        if scalar is bool:
            wrong[_alias(model, name)] = _WRONG_BOOLS
        elif scalar is str:
            wrong[_alias(model, name)] = (*_WRONG_STRINGS, None) if info.is_required() else _WRONG_STRINGS

    def one_of(members: list[str], change: Callable[[st.DrawFn, dict[str, Any], str], str]) -> Breaker:
        @st.composite
        def broken(draw: st.DrawFn) -> InvalidInput:
            member = draw(st.sampled_from(members))
            params = copy.deepcopy(draw(_holding(valid, member)))
            return InvalidInput(params, change(draw, params, member), member)

        return lambda: broken()

    def bad_name(draw: st.DrawFn, params: dict[str, Any], member: str) -> str:
        params[member] = draw(invalid_resource_names())
        return "resource_name"

    def bad_date(draw: st.DrawFn, params: dict[str, Any], member: str) -> str:
        params[member] = draw(invalid_restore_dates(params[member]))
        return "restore_date"

    def wrong_type(draw: st.DrawFn, params: dict[str, Any], member: str) -> str:
        params[member] = draw(st.sampled_from(wrong[member]))
        return "type"

    def missing(draw: st.DrawFn, params: dict[str, Any], member: str) -> str:
        del params[member]
        return "required"

    def unknown(draw: st.DrawFn, params: dict[str, Any]) -> tuple[str, str]:
        key = unknown_member(draw, model)
        params[key] = draw(st.sampled_from(["web-1", True, 1]))
        return "unknown_member", key

    breakers = (
        ("resource_name", names, bad_name),
        ("restore_date", dates, bad_date),
        ("type", sorted(wrong), wrong_type),
        ("required", required, missing),
    )
    return (
        *(((rule,), one_of(members, change)) for rule, members, change in breakers if members),
        (("unknown_member",), _break(valid, unknown)),
    )


def rule_breakers(model: type[OperationRequest], valid: Params) -> Breakers:
    """A breaker for each rule of ``model.rules`` built by a factory, from the rule's recorded shape."""
    out: list[tuple[tuple[str, ...], Breaker]] = []
    for rule in model.rules:
        kind, members, requires = rule.shape
        if kind:
            aliases = tuple(_alias(model, member) for member in members)
            out.append(
                (
                    (rule.rule,),
                    _shape_breaker(valid, rule.rule, kind, aliases, _alias(model, requires) if requires else ""),
                )
            )
    return tuple(out)


def _shape_breaker(valid: Params, rule: str, kind: str, aliases: tuple[str, ...], requires: str) -> Breaker:
    first, second = aliases[0], aliases[-1]

    def donor(draw: st.DrawFn, alias: str) -> Any:
        """A valid value of ``alias``, taken from another valid dict."""
        return draw(_holding(valid, alias))[alias]

    def both(draw: st.DrawFn, params: dict[str, Any]) -> tuple[str, str]:
        params[first] = donor(draw, first)
        return rule, second

    def neither(draw: st.DrawFn, params: dict[str, Any]) -> tuple[str, str]:
        del params[first]
        return rule, first

    def at_most_one(draw: st.DrawFn, params: dict[str, Any]) -> tuple[str, str]:
        for alias in aliases:
            params.setdefault(alias, donor(draw, alias))
        return rule, second

    def only_with(draw: st.DrawFn, params: dict[str, Any]) -> tuple[str, str]:
        alias = draw(st.sampled_from(aliases))
        params[alias] = donor(draw, alias)
        return rule, alias

    def needs_one_of(draw: st.DrawFn, params: dict[str, Any]) -> tuple[str, str]:
        for alias in aliases:
            if params.pop(alias, None) is True and draw(st.booleans()):
                params[alias] = False  # counts as not set
        return rule, first

    start: dict[str, Params] = {
        "both": _holding(valid, second),
        "neither": _holding(valid, first),
        "at_most_one": valid.filter(lambda params: any(alias in params for alias in aliases)),
        "only_with": valid.filter(lambda params: requires not in params),
        "needs_one_of": _holding(valid, requires),
    }
    changes = {
        "both": both,
        "neither": neither,
        "at_most_one": at_most_one,
        "only_with": only_with,
        "needs_one_of": needs_one_of,
    }
    return _break(start[kind], changes[kind])
