r"""Constrained scalars of CreateInstancesFromSnapshot, each with its rule id and a message saying what is allowed.

Every character class is spelled out in ASCII (never ``\w``, which is Unicode in Python), and the same
constants feed the validators here and the hypothesis strategies in ``lightsail_restore.testing``, so the two
cannot drift apart. Sources: ``spec/CONSTRAINTS.md`` §2 and the decisions in ``DESIGN.md``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BeforeValidator, Strict
from pydantic_core import PydanticCustomError

__all__ = [
    "ADD_ON_TYPES",
    "ALNUM",
    "AVAILABILITY_ZONE_PATTERN",
    "IP_ADDRESS_TYPES",
    "MAX_DISKS_PER_MAPPING",
    "MAX_TAGS",
    "RESOURCE_NAME_CHARS",
    "RESOURCE_NAME_MAX",
    "RESOURCE_NAME_MIN",
    "RESOURCE_NAME_PATTERN",
    "TAG_KEY_MAX",
    "TAG_PUNCTUATION",
    "TAG_RESERVED_PREFIX",
    "TAG_UNICODE_CATEGORIES",
    "TAG_VALUE_MAX",
    "USER_DATA_MAX_BYTES",
    "AddOnType",
    "AvailabilityZone",
    "BundleId",
    "DiskPath",
    "IdleDuration",
    "IdleThreshold",
    "IpAddressType",
    "ResourceName",
    "RestoreDate",
    "TagKey",
    "TagValue",
    "TimeOfDay",
    "is_tag_text",
    "region_of_zone",
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
RESTORE_DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TAG_KEY_MAX: Final = 128
TAG_VALUE_MAX: Final = 256
MAX_TAGS: Final = 50
TAG_PUNCTUATION: Final = " +-=._:/@"
"""Besides Unicode letters and digits, the characters a tag key or value may contain (space included)."""
TAG_UNICODE_CATEGORIES: Final = ("L", "N")
"""Unicode major categories allowed in tags: letters and numbers."""
TAG_RESERVED_PREFIX: Final = "aws:"
USER_DATA_MAX_BYTES: Final = 16 * 1024
MAX_DISKS_PER_MAPPING: Final = 15
ADD_ON_TYPES: Final = ("AutoSnapshot", "StopInstanceOnIdle")
IP_ADDRESS_TYPES: Final = ("dualstack", "ipv4", "ipv6")

_RESOURCE_NAME_RE: Final = re.compile(RESOURCE_NAME_PATTERN)
_AZ_RE: Final = re.compile(AVAILABILITY_ZONE_PATTERN)
_TIME_RE: Final = re.compile(TIME_OF_DAY_PATTERN)
_DATE_RE: Final = re.compile(RESTORE_DATE_PATTERN)
_THRESHOLD_RE: Final = re.compile(r"^(?:100|[1-9]?[0-9])$")
_DURATION_RE: Final = re.compile(r"^[1-9][0-9]{0,5}$")
_NO_EDGE_SPACE_RE: Final = re.compile(r"^\S(?:.*\S)?$", re.DOTALL)


def _fail(rule: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(rule, message)


def _resource_name(value: str) -> str:
    if not _RESOURCE_NAME_RE.fullmatch(value):
        raise _fail(
            "resource_name",
            "must be 2-255 ASCII letters, digits, '.', '-' or '_', starting and ending with a letter or digit",
        )
    return value


def _availability_zone(value: str) -> str:
    if not _AZ_RE.fullmatch(value):
        raise _fail(
            "availability_zone",
            "must be an Availability Zone such as 'us-east-2a' (lower case: Region name plus a zone letter)",
        )
    return value


def region_of_zone(zone: str) -> str:
    """The Region of an Availability Zone: the zone minus its final letter (``us-east-2a`` -> ``us-east-2``)."""
    return zone[:-1]


def _non_blank(rule: str, what: str) -> Any:
    def check(value: str) -> str:
        if not _NO_EDGE_SPACE_RE.fullmatch(value):
            raise _fail(rule, f"must be a non-blank {what} with no leading or trailing whitespace")
        return value

    return check


def _time_of_day_before(value: Any) -> Any:
    if isinstance(value, time):
        offset = value.utcoffset()
        if value.minute or value.second or value.microsecond or (offset is not None and offset.total_seconds()):
            raise _fail("time_of_day", "must be a UTC time on the hour, in HH:00 format (00:00 to 23:00)")
        return f"{value.hour:02d}:00"
    return value


def _time_of_day(value: str) -> str:
    if not _TIME_RE.fullmatch(value):
        raise _fail("time_of_day", "must be a UTC time on the hour, in HH:00 format (00:00 to 23:00)")
    return value


def _restore_date_before(value: Any) -> Any:
    if isinstance(value, datetime):
        raise _fail("restore_date", "must be a date (datetime.date or 'YYYY-MM-DD'), not a datetime")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _restore_date(value: str) -> str:
    if not _DATE_RE.fullmatch(value):
        raise _fail("restore_date", "must be a date in YYYY-MM-DD format, e.g. '2026-11-20'")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _fail("restore_date", "must be a real calendar date in YYYY-MM-DD format") from None
    return value


def is_tag_text(value: str) -> bool:
    """Whether every character is a Unicode letter or digit, a space, or one of ``+ - = . _ : / @``."""
    return all(ch in TAG_PUNCTUATION or unicodedata.category(ch)[0] in TAG_UNICODE_CATEGORIES for ch in value)


def _tag_text(what: str, minimum: int, maximum: int) -> Any:
    def check(value: str) -> str:
        if not minimum <= len(value) <= maximum:
            raise _fail(f"tag_{what}_length", f"must be {minimum}-{maximum} characters long")
        if not is_tag_text(value):
            raise _fail(
                "tag_charset",
                "may contain only Unicode letters and digits, spaces and the characters + - = . _ : / @",
            )
        if value.lower().startswith(TAG_RESERVED_PREFIX):
            raise _fail("tag_reserved_prefix", "must not start with 'aws:', which is reserved for AWS")
        return value

    return check


def _idle_threshold(value: str) -> str:
    if not _THRESHOLD_RE.fullmatch(value):
        raise _fail("idle_threshold", "must be a whole-number CPU percentage from 0 to 100, as a string")
    return value


def _idle_duration(value: str) -> str:
    if not _DURATION_RE.fullmatch(value):
        raise _fail("idle_duration", "must be a positive whole number of minutes, as a string, e.g. '30'")
    return value


ResourceName = Annotated[str, Strict(), AfterValidator(_resource_name)]
"""A Lightsail resource name: 2-255 ASCII letters, digits, ``.``, ``-``, ``_``; alphanumeric first and last."""
AvailabilityZone = Annotated[str, Strict(), AfterValidator(_availability_zone)]
"""An Availability Zone such as ``us-east-2a`` (case sensitive)."""
BundleId = Annotated[str, Strict(), AfterValidator(_non_blank("bundle_id", "bundle id"))]
"""A bundle id such as ``micro_3_0``: non-blank (checked against the account's bundles by the plan)."""
DiskPath = Annotated[str, Strict(), AfterValidator(_non_blank("disk_path", "disk path such as /dev/xvdf"))]
"""A disk path exposed to the instance, such as ``/dev/xvdf``."""
TimeOfDay = Annotated[str, Strict(), BeforeValidator(_time_of_day_before), AfterValidator(_time_of_day)]
"""A UTC time on the hour, ``HH:00``; a ``datetime.time`` on the hour is accepted and stored as the string."""
RestoreDate = Annotated[str, Strict(), BeforeValidator(_restore_date_before), AfterValidator(_restore_date)]
"""A real calendar date, ``YYYY-MM-DD``; a ``datetime.date`` is accepted and stored as the string."""
TagKey = Annotated[str, Strict(), AfterValidator(_tag_text("key", 1, TAG_KEY_MAX))]
"""A tag key: 1-128 tag characters, not starting with ``aws:``."""
TagValue = Annotated[str, Strict(), AfterValidator(_tag_text("value", 0, TAG_VALUE_MAX))]
"""A tag value: 0-256 tag characters, not starting with ``aws:``."""
IdleThreshold = Annotated[str, Strict(), AfterValidator(_idle_threshold)]
"""The StopInstanceOnIdle CPU threshold: a whole-number percentage 0-100, sent as a string."""
IdleDuration = Annotated[str, Strict(), AfterValidator(_idle_duration)]
"""The StopInstanceOnIdle duration: a positive whole number of minutes, sent as a string."""
AddOnType = Literal["AutoSnapshot", "StopInstanceOnIdle"]
"""The add-on types CreateInstancesFromSnapshot accepts."""
IpAddressType = Literal["dualstack", "ipv4", "ipv6"]
"""The IP address types of a new instance (AWS's default is ``dualstack``)."""
