"""Helpers shared by the invalid-input strategies of the smaller requests (ports, static IPs, snapshot copies)."""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from datetime import date
from typing import Final, Protocol

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..request._types import RESOURCE_NAME_MAX
from ._breaking import Breaker, InvalidInput, index, unknown_member
from ._scalars import _ALNUM_CHARS, _DATE_RE, _NAME_CHARS, _RESOURCE_NAME_RE, resource_names

__all__ = [
    "WHITESPACE",
    "Breaker",
    "InvalidInputs",
    "choose_breakers",
    "index",
    "invalid_inputs",
    "invalid_resource_names",
    "invalid_restore_dates",
    "short_names",
    "unknown_member",
]

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


class InvalidInputs(Protocol):
    """The signature of every public invalid-input strategy: ``rules`` picks the rule ids to break."""

    def __call__(self, *, rules: Collection[str] | None = None) -> st.SearchStrategy[InvalidInput]:
        """A strategy of ``InvalidInput``, each with exactly one of ``rules`` broken (any rule when ``None``)."""
        ...


def invalid_inputs(
    name: str,
    model: str,
    breakers: Sequence[tuple[tuple[str, ...], Breaker]],
    known: Collection[str],
    known_name: str,
    covers: str = "",
) -> InvalidInputs:
    """The public invalid-input strategy ``name`` of ``model``, over ``breakers``, with its docstring."""

    def invalid(*, rules: Collection[str] | None = None) -> st.SearchStrategy[InvalidInput]:
        return choose_breakers(breakers, known, rules)

    invalid.__name__ = invalid.__qualname__ = name
    summary = "Boto3 kwargs dicts with exactly one rule broken, each with the rule id and AWS path of the refusal."
    invalid.__doc__ = f"""{summary}

    {covers or f"Covers every rule id of ``{known_name}``."}

    Args:
        rules: Only break these rule ids (each in ``{known_name}``); every rule when ``None``.

    Returns:
        A strategy of ``InvalidInput``; ``{model}.from_boto3(x.params)`` raises a ``RequestValidationError`` whose
        only issue has ``x.rule`` and ``x.path``.

    Raises:
        InvalidArgument: ``rules`` is empty or names a rule id this strategy does not know.
    """
    return invalid


def _is_real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def invalid_restore_dates(good: str) -> st.SearchStrategy[str]:
    """Strings that break the restore-date rule, some close to the valid date ``good`` (``YYYY-MM-DD``)."""
    day = date.fromisoformat(good)
    impossible = st.tuples(
        st.integers(min_value=0, max_value=9999),
        st.integers(min_value=0, max_value=19),
        st.integers(min_value=0, max_value=39),
    ).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}")
    bad_format = st.sampled_from(
        [
            day.strftime("%Y/%m/%d"),
            day.strftime("%Y%m%d"),
            day.strftime("%d-%m-%Y"),
            f"{day.year}-{day.month}-{day.day}x",
            good + "T00:00:00",
            good + " ",
            "",
            "today",
            "latest",
        ]
    )
    return st.one_of(
        st.sampled_from(["2026-02-30", "2025-02-29", "2026-13-01", "2026-04-31"]), impossible, bad_format
    ).filter(lambda d: not (_DATE_RE.fullmatch(d) and _is_real_date(d)))
