r"""Constrained scalars of CreateInstancesFromSnapshot, each with its rule id and a message saying what is allowed.

Every character class is spelled out in ASCII (never ``\w``, which is Unicode in Python), and the same
constants feed the validators here and the hypothesis strategies in ``lightsail_restore.testing``, so the two
cannot drift apart. Sources: evidence C-2.1 to C-2.13 and the decisions (D-names, D-false).

Most checks run inside pydantic-core, without a Python call: a ``Pattern`` is a regular expression that means
the same to Python's ``re`` (the strategies use it) and to Rust's ``regex`` (pydantic-core matches it), refused
with our own rule id and message through pydantic-core's custom errors. Python validators remain where Python is
the reference: tag characters (Unicode categories), calendar dates, ``datetime`` inputs and the UTF-8 size of
``userData``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from ._issues import LIST_MESSAGE

__all__ = [
    "ADD_ON_TYPES",
    "ALNUM",
    "AVAILABILITY_ZONE_PATTERN",
    "IDLE_DURATION_PATTERN",
    "IDLE_THRESHOLD_PATTERN",
    "IP_ADDRESS_TYPES",
    "MAX_DISKS_PER_MAPPING",
    "MAX_TAGS",
    "NON_BLANK_PATTERN",
    "RESOURCE_NAME_CHARS",
    "RESOURCE_NAME_MAX",
    "RESOURCE_NAME_MIN",
    "RESOURCE_NAME_PATTERN",
    "TAG_KEY_MAX",
    "TAG_PUNCTUATION",
    "TAG_RESERVED_PREFIX",
    "TAG_UNICODE_CATEGORIES",
    "TAG_VALUE_MAX",
    "UNICODE_SPACES",
    "USER_DATA_MAX_BYTES",
    "UTF8_MESSAGE",
    "AddOnType",
    "AvailabilityZone",
    "BundleId",
    "DiskPath",
    "IdleDuration",
    "IdleThreshold",
    "IpAddressType",
    "ListOrTuple",
    "MinItems",
    "Pattern",
    "ResourceName",
    "RestoreDate",
    "TagKey",
    "TagValue",
    "TimeOfDay",
    "as_tuple",
    "is_tag_text",
    "region_of_zone",
    "utf8_problem",
]

ALNUM: Final = "A-Za-z0-9"
"""ASCII letters and digits: the first and last character of a resource name."""
RESOURCE_NAME_CHARS: Final = "A-Za-z0-9._-"
"""Characters allowed inside a resource name (ASCII letters, digits, period, underscore, hyphen)."""
RESOURCE_NAME_MIN: Final = 2
RESOURCE_NAME_MAX: Final = 255
RESOURCE_NAME_PATTERN: Final = rf"^[{ALNUM}](?:[{RESOURCE_NAME_CHARS}]{{0,253}}[{ALNUM}])$"
AVAILABILITY_ZONE_PATTERN: Final = r"^[a-z]{2}(?:-[a-z]+)+-[0-9]+[a-z]$"
TIME_OF_DAY_PATTERN: Final = r"^(?:[01][0-9]|2[0-3]):00$"
NON_BLANK_PATTERN: Final = r"(?s)^[^\s\x1c-\x1f](?:.*[^\s\x1c-\x1f])?$"
"""Non-blank, no whitespace at either end: ``str.isspace()`` is Rust's ``\\s`` plus U+001C-U+001F (tested)."""
IDLE_THRESHOLD_PATTERN: Final = r"^(?:100|[1-9]?[0-9])$"
IDLE_DURATION_PATTERN: Final = r"^[1-9][0-9]*$"
RESTORE_DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TAG_KEY_MAX: Final = 128
TAG_VALUE_MAX: Final = 256
MAX_TAGS: Final = 50
TAG_PUNCTUATION: Final = " +-=._:/@"
"""Besides Unicode letters, digits and spaces, the characters a tag key or value may contain."""
TAG_UNICODE_CATEGORIES: Final = ("L", "N", "Zs")
"""Unicode categories allowed in tags: letters and numbers (major categories) and space separators (``Zs``).

Evidence C-2.11: "letters, numbers, spaces in UTF-8", pattern ``^[\\p{L}\\p{N}\\p{Zs}_.:/=+\\-@]*$``."""
UNICODE_SPACES: Final = (
    "\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
"""Every space separator (category ``Zs``), from the space to the ideographic space: all allowed in tags."""
TAG_RESERVED_PREFIX: Final = "aws:"
USER_DATA_MAX_BYTES: Final = 16 * 1024
MAX_DISKS_PER_MAPPING: Final = 15
ADD_ON_TYPES: Final = ("AutoSnapshot", "StopInstanceOnIdle")
IP_ADDRESS_TYPES: Final = ("dualstack", "ipv4", "ipv6")

_DATE_RE: Final = re.compile(RESTORE_DATE_PATTERN)
_TAG_ASCII_RE: Final = re.compile(f"[{ALNUM}{re.escape(TAG_PUNCTUATION)}]*")

UTF8_MESSAGE: Final = "must be valid Unicode text, encodable as UTF-8: it holds a lone surrogate (half of a character)"
_TIME_MESSAGE: Final = "must be a UTC time on the hour, in HH:00 format (00:00 to 23:00)"


def _fail(rule: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(rule, message)


@dataclass(frozen=True, slots=True)
class Pattern:
    """``Annotated`` metadata: a regular expression matched by pydantic-core, refused with a rule id and message.

    It runs after the type's own validation (so a value of the wrong type is still a ``type`` error), with no
    Python call. A string that is not valid UTF-8 (a lone surrogate) cannot be matched and gets the same refusal.
    The pattern must mean the same to Python's ``re`` and to Rust's ``regex``: anchored, ASCII classes.
    """

    pattern: str
    rule: str
    message: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """The type's schema, then the pattern with our error."""
        check = core_schema.str_schema(pattern=self.pattern)
        return core_schema.chain_schema(
            [handler(source), core_schema.custom_error_schema(check, self.rule, custom_error_message=self.message)]
        )

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The type's JSON Schema, with the pattern when JSON Schema reads it the same (no ``(?s)`` flag)."""
        json_schema = handler(_step(schema, 0))
        if not self.pattern.startswith("(?s)"):
            json_schema["pattern"] = self.pattern
        return json_schema


_UTF8: Final = Pattern(r"(?s)^.*$", "utf8", UTF8_MESSAGE)
"""Any text at all, as long as it is valid UTF-8: a lone surrogate is refused under ``utf8``."""


class ListOrTuple:
    """``Annotated`` metadata on ``tuple[X, ...]``: take a list or a tuple only (not a set, not a generator)."""

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """A list-or-tuple check, then the tuple's own schema (which turns a list into a tuple)."""
        items = handler(source)
        check = core_schema.is_instance_schema((list, tuple))
        checked = core_schema.chain_schema(
            [core_schema.custom_error_schema(check, "type", custom_error_message=LIST_MESSAGE), items]
        )
        return core_schema.json_or_python_schema(json_schema=items, python_schema=checked)  # JSON: arrays only

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The tuple's JSON Schema: an array."""
        return handler(schema["json_schema"] if schema["type"] == "json-or-python" else schema)


@dataclass(frozen=True, slots=True)
class MinItems:
    """``Annotated`` metadata on a tuple: at least ``count`` items, refused with a rule id and message."""

    count: int
    rule: str
    message: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """The tuple's schema, then its length."""
        check = core_schema.tuple_schema([core_schema.any_schema()], variadic_item_index=0, min_length=self.count)
        return core_schema.chain_schema(
            [handler(source), core_schema.custom_error_schema(check, self.rule, custom_error_message=self.message)]
        )

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """The tuple's JSON Schema, with ``minItems``."""
        return {**handler(_step(schema, 0)), "minItems": self.count}


def _step(schema: CoreSchema, index: int) -> CoreSchema:
    """A step of the chain these markers make (the schema itself when pydantic handed it on unchained)."""
    return schema["steps"][index] if schema["type"] == "chain" else schema


def region_of_zone(zone: str) -> str:
    """The Region of an Availability Zone: the zone minus its final letter (``us-east-2a`` -> ``us-east-2``)."""
    return zone[:-1]


def utf8_problem(value: str) -> PydanticCustomError | None:
    r"""The ``utf8`` refusal when ``value`` cannot be encoded as UTF-8 (a lone surrogate), else ``None``.

    botocore would send it as a JSON escape of half a character (``"\ud800"``), which RFC 8259 §8.2 says
    software handles unpredictably; what Lightsail does with it is not documented. The message never quotes it.
    """
    if value.isascii():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _fail("utf8", UTF8_MESSAGE)
    return None


def _time_of_day(value: Any) -> Any:
    """A ``datetime.time`` on the hour in UTC becomes ``HH:00``; anything else goes on to the type and pattern."""
    if isinstance(value, time):
        offset = value.utcoffset()
        if value.minute or value.second or value.microsecond or (offset is not None and offset.total_seconds()):
            raise _fail("time_of_day", _TIME_MESSAGE)
        return f"{value.hour:02d}:00"
    return value


def _restore_date(value: Any) -> Any:
    """A ``datetime.date`` becomes ``YYYY-MM-DD``; a well-formed string must be a real date; the rest goes on."""
    if isinstance(value, datetime):
        raise _fail("restore_date", "must be a date (datetime.date or 'YYYY-MM-DD'), not a datetime")
    if isinstance(value, date):
        return value.isoformat()
    if type(value) is str and _DATE_RE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise _fail("restore_date", "must be a real calendar date in YYYY-MM-DD format") from None
    return value


def _tag_category(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in TAG_UNICODE_CATEGORIES or category[0] in TAG_UNICODE_CATEGORIES


def is_tag_text(value: str) -> bool:
    """Whether every character is a Unicode letter, digit or space separator, or one of ``+ - = . _ : / @``."""
    if value.isascii():  # the usual case, in one regex: ASCII letters, digits, the space and the punctuation
        return _TAG_ASCII_RE.fullmatch(value) is not None
    return all(ch in TAG_PUNCTUATION or _tag_category(ch) for ch in value)


def _tag_text(what: str, minimum: int, maximum: int) -> Any:
    def check(value: str) -> str:
        if not minimum <= len(value) <= maximum:
            raise _fail(f"tag_{what}_length", f"must be {minimum}-{maximum} characters long")
        if not is_tag_text(value):
            raise _fail(
                "tag_charset",
                "may contain only Unicode letters, digits and spaces (any space separator) and + - = . _ : / @",
            )
        if value.lower().startswith(TAG_RESERVED_PREFIX):
            raise _fail("tag_reserved_prefix", "must not start with 'aws:', which is reserved for AWS")
        return value

    return check


def _non_blank(rule: str, what: str) -> Pattern:
    return Pattern(NON_BLANK_PATTERN, rule, f"must be a non-blank {what} with no leading or trailing whitespace")


ResourceName = Annotated[
    str,
    Strict(),
    Pattern(
        RESOURCE_NAME_PATTERN,
        "resource_name",
        "must be 2-255 ASCII letters, digits, '.', '-' or '_', starting and ending with a letter or digit",
    ),
]
"""A Lightsail resource name: 2-255 ASCII letters, digits, ``.``, ``-``, ``_``; alphanumeric first and last."""
AvailabilityZone = Annotated[
    str,
    Strict(),
    Pattern(
        AVAILABILITY_ZONE_PATTERN,
        "availability_zone",
        "must be an Availability Zone such as 'us-east-2a' (lower case: Region name plus a zone letter)",
    ),
]
"""An Availability Zone such as ``us-east-2a`` (case sensitive)."""
BundleId = Annotated[str, Strict(), _UTF8, _non_blank("bundle_id", "bundle id")]
"""A bundle id such as ``micro_3_0``: non-blank (checked against the account's bundles by the plan)."""
DiskPath = Annotated[str, Strict(), _UTF8, _non_blank("disk_path", "disk path such as /dev/xvdf")]
"""A disk path exposed to the instance, such as ``/dev/xvdf``."""
TimeOfDay = Annotated[
    str, Strict(), Pattern(TIME_OF_DAY_PATTERN, "time_of_day", _TIME_MESSAGE), BeforeValidator(_time_of_day)
]
"""A UTC time on the hour, ``HH:00``; a ``datetime.time`` on the hour is accepted and stored as the string."""
RestoreDate = Annotated[
    str,
    Strict(),
    Pattern(RESTORE_DATE_PATTERN, "restore_date", "must be a date in YYYY-MM-DD format, e.g. '2026-11-20'"),
    BeforeValidator(_restore_date),
]
"""A real calendar date, ``YYYY-MM-DD``; a ``datetime.date`` is accepted and stored as the string."""
TagKey = Annotated[str, Strict(), AfterValidator(_tag_text("key", 1, TAG_KEY_MAX))]
"""A tag key: 1-128 tag characters, not starting with ``aws:``."""
TagValue = Annotated[str, Strict(), AfterValidator(_tag_text("value", 0, TAG_VALUE_MAX))]
"""A tag value: 0-256 tag characters, not starting with ``aws:``."""
IdleThreshold = Annotated[
    str,
    Strict(),
    Pattern(
        IDLE_THRESHOLD_PATTERN, "idle_threshold", "must be a whole-number CPU percentage from 0 to 100, as a string"
    ),
]
"""The StopInstanceOnIdle CPU threshold: a whole-number percentage 0-100, sent as a string."""
IdleDuration = Annotated[
    str,
    Strict(),
    Pattern(
        IDLE_DURATION_PATTERN,
        "idle_duration",
        "must be a positive whole number of minutes, as a string of digits without a leading zero, e.g. '30'",
    ),
]
"""The StopInstanceOnIdle duration: a positive whole number of minutes, sent as a string.

No maximum: none is documented (evidence C-8.8), so AWS decides; the 999999 this library once
allowed at most had no source."""
AddOnType = Literal["AutoSnapshot", "StopInstanceOnIdle"]
"""The add-on types CreateInstancesFromSnapshot accepts."""
IpAddressType = Literal["dualstack", "ipv4", "ipv6"]
"""The IP address types of a new instance (AWS's default is ``dualstack``)."""


def as_tuple(value: Sequence[Any]) -> tuple[Any, ...]:
    """A validated sequence as a tuple, so a frozen model holds no mutable list."""
    return tuple(value)
