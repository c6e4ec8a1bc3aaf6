"""Valid scalars: one strategy per constrained member type, built from the validators' own constants.

Each public strategy generates exactly the values ``lightsail_restore.request._types`` accepts for its type; the
cached ``_name(...)`` variants (no argument checks) are what the request strategies compose.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..request._copy import LIGHTSAIL_REGIONS
from ..request._types import (
    ALNUM,
    AVAILABILITY_ZONE_PATTERN,
    RESOURCE_NAME_CHARS,
    RESOURCE_NAME_MAX,
    RESOURCE_NAME_MIN,
    RESOURCE_NAME_PATTERN,
    RESTORE_DATE_PATTERN,
    TAG_KEY_MAX,
    TAG_PUNCTUATION,
    TAG_RESERVED_PREFIX,
    TAG_UNICODE_CATEGORIES,
    TAG_VALUE_MAX,
    TIME_OF_DAY_PATTERN,
    UNICODE_SPACES,
    USER_DATA_MAX_BYTES,
)

__all__ = [
    "availability_zones",
    "bundle_ids",
    "disk_paths",
    "idle_durations",
    "idle_thresholds",
    "resource_names",
    "restore_dates",
    "tag_keys",
    "tag_values",
    "times_of_day",
    "user_data",
]

# Real Lightsail Regions (botocore 1.43.11 endpoints, evidence C-4.1): realistic zones shrink nicely.
_REGIONS: Final = LIGHTSAIL_REGIONS
_KNOWN_BUNDLES: Final = (
    "nano_3_0",
    "micro_3_0",
    "small_3_0",
    "medium_3_0",
    "large_3_0",
    "xlarge_3_0",
    "2xlarge_3_0",
    "16xlarge_3_0",
    "nano_ipv6_3_0",
    "m_large_1_0",
    "c_large_1_0",
    "app_standard_xl_1_0",
    "gpu_nvidia_xl_1_0",
)
_WHITESPACE: Final = " \t\n\r\u00a0\u2003"


def _expand(char_class: str) -> str:
    """The characters of a regex class body such as ``A-Za-z0-9._-`` (a leading or trailing ``-`` is literal)."""
    out: list[str] = []
    i = 0
    while i < len(char_class):
        if i + 2 < len(char_class) and char_class[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(char_class[i]), ord(char_class[i + 2]) + 1))
            i += 3
        else:
            out.append(char_class[i])
            i += 1
    return "".join(out)


_ALNUM_CHARS: Final = _expand(ALNUM)
_NAME_CHARS: Final = _expand(RESOURCE_NAME_CHARS)
_RESOURCE_NAME_RE: Final = re.compile(RESOURCE_NAME_PATTERN)
_AZ_RE: Final = re.compile(AVAILABILITY_ZONE_PATTERN)
_TIME_RE: Final = re.compile(TIME_OF_DAY_PATTERN)
_DATE_RE: Final = re.compile(RESTORE_DATE_PATTERN)


@functools.cache
def _tag_characters() -> st.SearchStrategy[str]:
    # Letters, digits and space separators, plus the punctuation; the rarer spaces (no-break, ideographic, ...)
    # get their own branch, or they would hardly ever be drawn among the letters.
    every = st.characters(categories=list(TAG_UNICODE_CATEGORIES), include_characters=TAG_PUNCTUATION)
    return st.one_of(every, st.sampled_from(UNICODE_SPACES))


def _not_reserved(value: str) -> bool:
    # The same test as the validator in _types.py: case-insensitive, after str.lower().
    return not value.lower().startswith(TAG_RESERVED_PREFIX)


def _non_blank(value: str) -> bool:
    return value != "" and value == value.strip()


def resource_names(*, min_size: int = RESOURCE_NAME_MIN, max_size: int = RESOURCE_NAME_MAX) -> st.SearchStrategy[str]:
    """Valid Lightsail resource names: ASCII letters, digits, ``.``, ``-``, ``_``; alphanumeric first and last.

    Args:
        min_size: The shortest name to generate (at least 2).
        max_size: The longest name to generate (at most 255).

    Returns:
        A strategy of names accepted by ``types.ResourceName``.

    Raises:
        InvalidArgument: The bounds are outside 2-255 or ``min_size > max_size``.
    """
    if not RESOURCE_NAME_MIN <= min_size <= max_size <= RESOURCE_NAME_MAX:
        raise InvalidArgument(
            f"need {RESOURCE_NAME_MIN} <= min_size <= max_size <= {RESOURCE_NAME_MAX}, "
            f"got min_size={min_size!r}, max_size={max_size!r}"
        )
    return _resource_names(min_size, max_size)


@functools.cache
def _resource_names(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    edge = st.sampled_from(_ALNUM_CHARS)
    middle = st.text(alphabet=_NAME_CHARS, min_size=min_size - 2, max_size=max_size - 2)
    return st.tuples(edge, middle, edge).map("".join)


def availability_zones(*, region: str | None = None) -> st.SearchStrategy[str]:
    """Valid Availability Zone names such as ``us-east-2a``.

    Args:
        region: Only zones of this Region (e.g. ``"eu-west-1"``); any zone the pattern allows when ``None``.

    Returns:
        A strategy of zone names accepted by ``types.AvailabilityZone``.

    Raises:
        InvalidArgument: ``region`` plus a zone letter is not a valid zone name.
    """
    if region is not None and not _AZ_RE.fullmatch(f"{region}a"):
        raise InvalidArgument(f"region={region!r} is not a Region name such as 'us-east-2'")
    return _availability_zones(region)


@functools.cache
def _availability_zones(region: str | None) -> st.SearchStrategy[str]:
    letters = st.sampled_from("abcdef")
    if region is not None:
        return letters.map(lambda letter: f"{region}{letter}")
    realistic = st.tuples(st.sampled_from(_REGIONS), letters).map("".join)
    return st.one_of(realistic, st.from_regex(AVAILABILITY_ZONE_PATTERN, fullmatch=True))


def bundle_ids() -> st.SearchStrategy[str]:
    """Valid bundle ids: real ones such as ``micro_3_0``, and any non-blank text without edge whitespace.

    Returns:
        A strategy of ids accepted by ``types.BundleId`` (the account's bundles are checked by the plan, not here).
    """
    return st.one_of(
        st.sampled_from(_KNOWN_BUNDLES),
        st.from_regex(r"[a-z0-9]{1,8}(?:_[a-z0-9]{1,6}){1,3}", fullmatch=True),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(_non_blank),
    )


_bundle_ids = functools.cache(bundle_ids)


def disk_paths() -> st.SearchStrategy[str]:
    """Valid disk paths: device paths such as ``/dev/xvdf``, and any non-blank text without edge whitespace.

    Returns:
        A strategy of paths accepted by ``types.DiskPath``.
    """
    return st.one_of(
        st.from_regex(r"/dev/(?:xvd|sd)[b-z]", fullmatch=True),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(_non_blank),
    )


_disk_paths = functools.cache(disk_paths)


def times_of_day() -> st.SearchStrategy[str]:
    """Valid snapshot times: a UTC hour as ``HH:00``, ``00:00`` to ``23:00``.

    Returns:
        A strategy of times accepted by ``types.TimeOfDay``.
    """
    return st.integers(min_value=0, max_value=23).map(lambda hour: f"{hour:02d}:00")


_times_of_day = functools.cache(times_of_day)


def restore_dates(*, min_value: date = date(1, 1, 1), max_value: date = date(9999, 12, 31)) -> st.SearchStrategy[str]:
    """Valid restore dates: real calendar dates as ``YYYY-MM-DD`` strings.

    Args:
        min_value: The earliest date to generate.
        max_value: The latest date to generate.

    Returns:
        A strategy of dates accepted by ``types.RestoreDate``.
    """
    return _restore_dates(min_value, max_value)


@functools.cache
def _restore_dates(min_value: date = date(1, 1, 1), max_value: date = date(9999, 12, 31)) -> st.SearchStrategy[str]:
    return st.dates(min_value=min_value, max_value=max_value).map(date.isoformat)


def tag_keys() -> st.SearchStrategy[str]:
    """Valid tag keys: 1-128 Unicode letters, digits, spaces or ``+ - = . _ : / @``, not starting with ``aws:``.

    Returns:
        A strategy of keys accepted by ``types.TagKey``.
    """
    return st.text(_tag_characters(), min_size=1, max_size=TAG_KEY_MAX).filter(_not_reserved)


_tag_keys = functools.cache(tag_keys)


def tag_values() -> st.SearchStrategy[str]:
    """Valid tag values: 0-256 characters of the tag character set, not starting with ``aws:``.

    Returns:
        A strategy of values accepted by ``types.TagValue``.
    """
    return st.text(_tag_characters(), min_size=0, max_size=TAG_VALUE_MAX).filter(_not_reserved)


_tag_values = functools.cache(tag_values)


def user_data() -> st.SearchStrategy[str]:
    """Valid launch scripts: any UTF-8 text of at most 16 KiB, including texts exactly at the limit.

    Returns:
        A strategy of strings accepted as ``userData``.
    """
    at_limit = st.sampled_from(["#" * USER_DATA_MAX_BYTES, "é" * (USER_DATA_MAX_BYTES // 2)])
    text = st.text(st.characters(codec="utf-8"))
    return st.one_of(text, at_limit).filter(lambda s: len(s.encode("utf-8")) <= USER_DATA_MAX_BYTES)


_user_data = functools.cache(user_data)


def idle_thresholds() -> st.SearchStrategy[str]:
    """Valid StopInstanceOnIdle thresholds: a whole-number CPU percentage, ``"0"`` to ``"100"``.

    Returns:
        A strategy of strings accepted by ``types.IdleThreshold``.
    """
    return st.integers(min_value=0, max_value=100).map(str)


_idle_thresholds = functools.cache(idle_thresholds)


def idle_durations() -> st.SearchStrategy[str]:
    """Valid StopInstanceOnIdle durations: positive whole numbers of minutes, short and very long alike.

    No maximum is documented, so none is enforced: durations far beyond a year are generated too.

    Returns:
        A strategy of strings accepted by ``types.IdleDuration``.
    """
    return st.one_of(st.integers(min_value=1, max_value=24 * 60), st.integers(min_value=1, max_value=10**40)).map(str)


_idle_durations = functools.cache(idle_durations)
