"""The base of the smaller request models (ports, static IPs, snapshot copies): cross-field rules as data.

``CheckedModel`` is an ``OperationRequest`` (the refusals of every request: input-free, bounded, ``from_boto3``)
whose cross-field rules are ``Check`` entries, which the docs tables are generated from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from ._issues import Violation
from .base import OperationRequest

__all__ = ["Check", "CheckedModel", "Loc", "as_tuple"]

Loc = tuple[str | int, ...]
"""A location in Python field names, e.g. ``("port_infos", 0, "to_port")``."""

M = TypeVar("M")


@dataclass(frozen=True, slots=True)
class Check(Generic[M]):
    """One cross-field rule: its id, a sentence for the docs, where it comes from, and its check.

    Attributes:
        rule: The stable rule id reported in ``Issue.rule``.
        summary: One sentence saying what is required (rendered in ``docs/validation.md``).
        source: Where the rule comes from (a short reference, detailed in ``docs/validation.md``).
        fn: Yields ``(location, message)`` for every violation found in a model whose fields are valid.
    """

    rule: str
    summary: str
    source: str
    fn: Callable[[M], Iterator[tuple[Loc, str]]]


def as_tuple(value: Sequence[Any]) -> tuple[Any, ...]:
    """A validated sequence as a tuple, so a frozen model holds no mutable list."""
    return tuple(value)


class CheckedModel(OperationRequest):
    """A request shape whose cross-field rules are ``Check`` entries (``checks``), refused as every request is.

    ``OperationRequest`` gives the rest: errors without their input, bounded, from every entry point of ours, and
    ``from_boto3`` raising ``RequestValidationError``.
    """

    checks: ClassVar[tuple[Check[Any], ...]] = ()
    """The cross-field rules, in the order they are checked and reported."""

    def cross_field_violations(self) -> Sequence[Violation]:
        """Every ``Check`` of ``checks`` this request breaks (once each member is valid on its own)."""
        return [Violation(loc, check.rule, message) for check in self.checks for loc, message in check.fn(self)]
