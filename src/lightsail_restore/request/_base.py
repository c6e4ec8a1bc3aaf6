"""The bases of the request shapes: strict, closed, frozen, AWS camelCase aliases, inputs never echoed.

``RequestModel`` is the base of every shape (the parts of a request, such as ``Tag``); ``OperationRequest`` the
base of an operation's whole request. The latter refuses as a whole, the same way from every entry point of ours
(``from_boto3``, ``model_validate``, ``model_validate_json``, ``model_validate_strings`` and the constructor):

- every error is re-raised without its input (``hide_input_in_errors`` hides it from ``str()`` only, while
  ``errors()`` and ``json()`` would still carry it: for a ``missing`` error that input is the whole dict,
  ``userData`` included), with our rule ids as error types;
- at most ``MAX_ISSUES`` problems are named, the rest counted; a dict with a huge number of unknown members is
  refused without handing all of them to pydantic;
- a member given under both spellings (``instanceNames`` and ``instance_names``) is one ``given_twice``;
- once every member is valid on its own, the subclass's cross-field ``rules`` run (``cross_field_violations``, in
  a model after-validator, so they hold whatever the way in).

The translation happens in these methods, around pydantic, not in a wrap validator: on the success path a wrap
validator is a Python call around the whole validation, which costs more than the rest of our checks together
(``benchmarks/bench_client.py``). A ``TypeAdapter`` of a request, or a request as a field of another model, gets
the rules but pydantic's own errors: use ``from_boto3`` or ``model_validate`` where secrets may be refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, NoReturn, Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import from_json

from ._issues import MAX_ISSUES, Violation, refusal, refused, unknown_member_errors
from ._rules import Rule, check_rules

__all__ = ["AWS_SHAPE", "REDACTED", "OperationRequest", "RequestModel"]

REDACTED: Final = "**********"

AWS_SHAPE: Final = ConfigDict(
    alias_generator=to_camel,
    validate_by_name=True,
    validate_by_alias=True,
    serialize_by_alias=True,
)
"""What a request shape and an answer shape share: read and written under AWS's camelCase names or ours. (Each says
``frozen=True`` itself: pydantic's mypy plugin reads only the keywords written in the model's own ``ConfigDict``.)"""


class RequestModel(BaseModel):
    """Base of every request shape: strict, closed, frozen, camelCase aliases, inputs never echoed in errors."""

    model_config = ConfigDict(
        **AWS_SHAPE, frozen=True, extra="forbid", hide_input_in_errors=True, use_attribute_docstrings=True
    )


class OperationRequest(RequestModel):
    """Base of an operation's whole request: one bounded, input-free refusal, cross-field rules, ``from_boto3``."""

    rules: ClassVar[tuple[Rule[Any], ...]] = ()
    """The cross-field rules (``lightsail_restore.request._rules``), in the order they are checked and reported."""
    _spellings: ClassVar[frozenset[str]] = frozenset()
    _most_members: ClassVar[int] = 0

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Note every spelling of every member, for refusing a dict with a huge number of unknown members."""
        super().__pydantic_init_subclass__(**kwargs)
        fields = cls.model_fields
        cls._spellings = frozenset(fields) | {info.alias for info in fields.values() if info.alias}
        cls._most_members = len(cls._spellings)

    @model_validator(mode="after")
    def _cross_field_rules(self) -> Self:
        violations = self.cross_field_violations()
        if violations:
            raise refusal(violations, type(self))
        return self

    def cross_field_violations(self) -> Sequence[Violation]:
        """The ``rules`` this request breaks, once each member is valid on its own.

        It runs on every successful validation of the members.
        """
        return check_rules(self)

    @classmethod
    def _refuse_unknown_members(cls, data: dict[Any, Any]) -> NoReturn:
        """Validate the known members, then name the first unknown ones and count the rest, all in one refusal.

        The order is pydantic's (member errors, then unknown members), without asking pydantic for 100,000
        errors first; when the known members are valid together, their cross-field problems come first too.
        """
        spellings = cls._spellings
        known = {key: value for key, value in data.items() if key in spellings}
        problems: list[Mapping[str, Any]] = []
        try:
            cls.__pydantic_validator__.validate_python(known)
        except ValidationError as exc:
            problems = exc.errors(include_url=False, include_context=True, include_input=False)  # type: ignore[assignment]
        unknown = len(data) - len(known)
        named = unknown_member_errors((key for key in data if key not in spellings), MAX_ISSUES - len(problems))
        raise refusal([*problems, *named], cls, omitted=unknown - len(named))

    @classmethod
    def from_boto3(cls, params: Mapping[str, Any]) -> Self:
        """Validate the boto3 kwargs dict (camelCase), raising ``RequestValidationError`` on any problem.

        Raises:
            RequestValidationError: Every problem (the first 50, and how many more), each with its AWS path,
                rule id and message; nothing is sent.
        """
        try:
            if type(params) is dict and len(params) > cls._most_members:  # more keys than spellings: unknown ones
                cls._refuse_unknown_members(params)
            return cls.__pydantic_validator__.validate_python(params)  # type: ignore[no-any-return]
        except ValidationError as exc:
            raise refused(exc, cls) from None

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate ``obj`` (the boto3 dict, or snake_case names), raising pydantic's ``ValidationError``.

        As ``BaseModel.model_validate`` (same options), but the error is our refusal: rule ids as error types,
        no input, at most 50 problems (then a ``too_many_problems`` entry with the count).
        """
        try:
            if type(obj) is dict and len(obj) > cls._most_members:
                cls._refuse_unknown_members(obj)
            return super().model_validate(obj, **options)
        except ValidationError as exc:
            raise refusal(exc, cls) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """As ``BaseModel.model_validate_json`` (same options), with the error of ``model_validate``.

        The JSON is parsed first and the result validated as ``model_validate`` does: in JSON mode pydantic
        silently takes one of two spellings of a member, where this refuses them as ``given_twice``.
        """
        try:
            parsed = from_json(json_data)
        except ValueError:  # not JSON: pydantic's own json_invalid error, without the input
            try:
                return super().model_validate_json(json_data, **options)
            except ValidationError as exc:
                raise refusal(exc, cls) from None
        return cls.model_validate(parsed, **options)

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """As ``BaseModel.model_validate_strings`` (same options), with the error of ``model_validate``."""
        try:
            return super().model_validate_strings(obj, **options)
        except ValidationError as exc:
            raise refusal(exc, cls) from None

    if not TYPE_CHECKING:  # at run time only, so that type checkers keep the pydantic plugin's typed constructor

        def __init__(self, /, **data: Any) -> None:
            try:
                if len(data) > self._most_members:
                    self._refuse_unknown_members(data)
                self.__pydantic_validator__.validate_python(data, self_instance=self)
            except ValidationError as exc:
                raise refusal(exc, type(self)) from None

        # As pydantic's own RootModel does: pydantic-core then builds instances without calling this __init__
        # (``custom_init`` stays off), so only a call of the constructor pays for it.
        __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]
