"""The base of every request shape: strict, closed, frozen, AWS camelCase aliases, inputs never echoed."""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["REDACTED", "RequestModel"]

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
