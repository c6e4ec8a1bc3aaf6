"""The base of the smaller request models (ports, static IPs, snapshot copies): rules as data, inputs never echoed.

``CheckedModel`` adds to ``RequestModel`` what ``CreateInstancesFromSnapshotRequest`` does for itself: errors
re-raised without their input, ``from_boto3`` raising ``RequestValidationError``, and cross-field rules kept as
``Check`` entries that the docs tables are generated from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

from pydantic import ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from ._issues import refusal, refused
from .base import RequestModel

__all__ = ["Check", "CheckedModel", "Loc", "as_tuple", "check_all"]

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


def check_all(model: M, checks: Iterable[Check[M]]) -> None:
    """Run ``checks`` on ``model`` and raise one ``ValidationError`` listing every violation, in check order.

    Raises:
        ValidationError: At least one check failed; each error carries the rule id as its type, no input.
    """
    errors = [
        InitErrorDetails(type=PydanticCustomError(check.rule, message), loc=loc, input=None)
        for check in checks
        for loc, message in check.fn(model)
    ]
    if errors:
        raise ValidationError.from_exception_data(type(model).__name__, errors, hide_input=True)


def as_tuple(value: Sequence[Any]) -> tuple[Any, ...]:
    """A validated sequence as a tuple, so a frozen model holds no mutable list."""
    return tuple(value)


class CheckedModel(RequestModel):
    """A request shape whose errors never carry the input, with ``from_boto3`` raising ``RequestValidationError``."""

    @model_validator(mode="wrap")
    @classmethod
    def _never_echo_input(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        # hide_input_in_errors hides the input from str() only; errors() would still carry it. Translate every
        # error to our rule ids, without the input (the same translation as the operation requests' refusal).
        try:
            return handler(data)
        except ValidationError as exc:
            raise refusal(exc, cls) from None

    @classmethod
    def from_boto3(cls, params: Mapping[str, Any]) -> Self:
        """Validate the boto3 kwargs dict (camelCase; snake_case also accepted).

        Raises:
            RequestValidationError: Any rule is broken; every issue has its AWS path and rule id, never the value.
        """
        try:
            return cls.model_validate(params)
        except ValidationError as exc:
            raise refused(exc, cls) from None
