"""Helpers shared by the invalid-input strategies of the smaller requests (ports, static IPs, snapshot copies)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any, Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import BaseModel

from ..request.types import RESOURCE_NAME_MAX
from ._scalars import _ALNUM_CHARS, _NAME_CHARS, _RESOURCE_NAME_RE
from .strategies import InvalidInput, resource_names

__all__ = [
    "WHITESPACE",
    "Breaker",
    "choose_breakers",
    "index",
    "invalid_resource_names",
    "short_names",
    "unknown_member",
]

Breaker = Callable[[], st.SearchStrategy[InvalidInput]]
"""A strategy factory whose inputs break exactly one rule."""
WHITESPACE: Final = " \t\n\u00a0"


@functools.cache
def short_names() -> st.SearchStrategy[str]:
    """Valid resource names of 2-40 characters (the same strategy users get from ``resource_names``)."""
    return resource_names(max_size=40)


@functools.cache
def invalid_resource_names() -> st.SearchStrategy[str]:
    """Strings that break the resource-name rule: too short, too long, a bad character, a bad first or last one."""
    too_long = st.integers(min_value=RESOURCE_NAME_MAX + 1, max_value=RESOURCE_NAME_MAX + 10).map(lambda n: "a" * n)
    bad_char = st.characters(codec="utf-8").filter(lambda c: c not in _NAME_CHARS)
    inner = st.tuples(short_names(), bad_char, st.integers(min_value=1, max_value=39)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
    )
    edge = st.tuples(st.sampled_from("._-"), short_names(), st.booleans()).map(
        lambda t: t[0] + t[1] if t[2] else t[1] + t[0]
    )
    return st.one_of(
        st.sampled_from(["", "a", "7", "web 1", "web_1_", "-web", "web.", "café-1", "ip²"]),
        st.sampled_from(_ALNUM_CHARS),
        too_long,
        inner,
        edge,
    ).filter(lambda name: not _RESOURCE_NAME_RE.fullmatch(name))


def index(draw: st.DrawFn, items: Sequence[Any]) -> int:
    """A drawn index into the non-empty ``items``."""
    return draw(st.integers(min_value=0, max_value=len(items) - 1))


def _members(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields) | {info.alias for info in model.model_fields.values() if info.alias}


def unknown_member(draw: st.DrawFn, model: type[BaseModel]) -> str:
    """A key that is no member of ``model``: a typo of one of its AWS names, or a plausible stranger."""
    known = _members(model)
    aliases = sorted(info.alias or name for name, info in model.model_fields.items())
    typo = st.tuples(st.sampled_from(aliases), st.sampled_from(["upper", "drop", "plural", "shout"])).map(
        lambda t: {
            "upper": t[0][:1].upper() + t[0][1:],
            "drop": t[0][:-1],
            "plural": t[0] + "s",
            "shout": re.sub(r"([A-Z])", r"_\1", t[0]).upper(),
        }[t[1]]
    )
    extra = st.sampled_from(["dryRun", "region", "Name", "state", "clientToken"])
    return draw(st.one_of(typo, extra).filter(lambda k: k not in known))


def choose_breakers(
    breakers: Sequence[tuple[tuple[str, ...], Breaker]], known: Collection[str], rules: Collection[str] | None
) -> st.SearchStrategy[InvalidInput]:
    """One strategy over the breakers that can break one of ``rules`` (all of them when ``None``).

    Raises:
        InvalidArgument: ``rules`` is empty or names a rule id not in ``known``.
    """
    wanted = None if rules is None else set(rules)
    if wanted is not None and (not wanted or wanted - set(known)):
        unknown = sorted(wanted - set(known))
        raise InvalidArgument(f"rules must be a non-empty subset of the known rule ids; unknown: {unknown}")
    strategy = st.one_of(
        [breaker() for ids, breaker in breakers if wanted is None or any(rule_id in wanted for rule_id in ids)]
    )
    if wanted is not None:
        strategy = strategy.filter(lambda invalid: invalid.rule in wanted)
    return strategy
