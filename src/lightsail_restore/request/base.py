"""The bases of the request shapes: strict, closed, frozen, AWS camelCase aliases, inputs never echoed.

``RequestModel`` is the base of every shape (the parts of a request, such as ``Tag``); ``OperationRequest`` the
base of an operation's whole request. The latter refuses as a whole, through one wrap validator, so every way
in (``from_boto3``, ``model_validate``, the constructor, a ``TypeAdapter``, a field of another model) gets the
same refusal:

- every error is re-raised without its input (``hide_input_in_errors`` hides it from ``str()`` only, while
  ``errors()`` and ``json()`` would still carry it: for a ``missing`` error that input is the whole dict,
  ``userData`` included), with our rule ids as error types;
- at most ``MAX_ISSUES`` problems are named, the rest counted; a dict with a huge number of unknown members is
  refused without handing all of them to pydantic;
- a member given under both spellings (``instanceNames`` and ``instance_names``) is one ``given_twice``;
- once every member is valid on its own, the subclass's cross-field rules run (``cross_field_violations``).

On the success path this costs one Python call and a length check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Final, Self

from pydantic import BaseModel, ConfigDict, ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from ._issues import MAX_ISSUES, Violation, refusal, refused, unknown_member_errors

__all__ = ["REDACTED", "OperationRequest", "RequestModel"]

REDACTED: Final = "**********"


class RequestModel(BaseModel):
    """Base of every request shape: strict, closed, frozen, camelCase aliases, inputs never echoed in errors."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        frozen=True,
        extra="forbid",
        hide_input_in_errors=True,
        use_attribute_docstrings=True,
    )


class OperationRequest(RequestModel):
    """Base of an operation's whole request: one bounded, input-free refusal, cross-field rules, ``from_boto3``."""

    _spellings: ClassVar[frozenset[str]] = frozenset()
    _most_members: ClassVar[int] = 0

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Note every spelling of every member, for refusing a dict with a huge number of unknown members."""
        super().__pydantic_init_subclass__(**kwargs)
        fields = cls.model_fields
        cls._spellings = frozenset(fields) | {info.alias for info in fields.values() if info.alias}
        cls._most_members = len(cls._spellings)

    @model_validator(mode="wrap")
    @classmethod
    def _refuse_as_a_whole(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        if type(data) is dict and len(data) > cls._most_members:  # more keys than spellings: unknown ones
            return cls._refuse_unknown_members(data, handler)
        try:
            request = handler(data)
        except ValidationError as exc:
            raise refusal(exc, cls) from None
        violations = request.cross_field_violations()
        if violations:
            raise refusal(violations, cls)
        return request

    @classmethod
    def _refuse_unknown_members(cls, data: dict[Any, Any], handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Validate the known members, then name the first unknown ones and count the rest, all in one refusal.

        The same problems, in the same order, as pydantic would report (member errors, then unknown members),
        without asking pydantic for 100,000 errors first.
        """
        spellings = cls._spellings
        known = {key: value for key, value in data.items() if key in spellings}
        problems: list[Mapping[str, Any]] = []
        try:
            handler(known)
        except ValidationError as exc:
            problems = exc.errors(include_url=False, include_context=True, include_input=False)  # type: ignore[assignment]
        unknown = len(data) - len(known)
        named = unknown_member_errors((key for key in data if key not in spellings), MAX_ISSUES - len(problems))
        raise refusal([*problems, *named], cls, omitted=unknown - len(named))

    def cross_field_violations(self) -> Sequence[Violation]:
        """The rules between members this request breaks, once each member is valid on its own (none here).

        Subclasses with cross-field rules override it; it runs on every successful validation.
        """
        return ()

    @classmethod
    def from_boto3(cls, params: Mapping[str, Any]) -> Self:
        """Validate the boto3 kwargs dict (camelCase), raising ``RequestValidationError`` on any problem.

        Raises:
            RequestValidationError: Every problem (the first 50, and how many more), each with its AWS path,
                rule id and message; nothing is sent.
        """
        try:
            return cls.__pydantic_validator__.validate_python(params)  # type: ignore[no-any-return]
        except ValidationError as exc:
            raise refused(exc, cls) from None
