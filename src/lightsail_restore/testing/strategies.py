"""Hypothesis strategies for CreateInstancesFromSnapshot: valid requests, and requests with exactly one rule broken.

Every strategy is built from the same constants as the validators in ``lightsail_restore.request.types`` (character
classes, lengths, enums), so what they generate and what the request model accepts cannot drift apart. Requests
are generated as the boto3 (camelCase) dict first and validated afterwards, so
``create_instances_from_snapshot_params()`` gives exactly the kwargs a boto3 user would pass.

Install the ``testing`` extra (``pip install 'lightsail-restore[testing]'``). Importing Hypothesis also
registers ``CreateInstancesFromSnapshotRequest`` (and its parts) with ``st.from_type`` through the
``hypothesis`` entry point.

Example::

    from hypothesis import given
    from lightsail_restore.testing.strategies import create_instances_from_snapshot_requests

    @given(create_instances_from_snapshot_requests(source="manual"))
    def test_my_code_accepts_any_manual_restore(request): ...
"""

# ruff: noqa: E402 - the entry-point hook must exist before Hypothesis is imported (see _hypothesis_setup_hook)
from __future__ import annotations

_hook_ran_too_early = False


def _hypothesis_setup_hook() -> None:
    """Register the request shapes with ``st.from_type``; Hypothesis runs this through its entry point.

    It is defined before anything imports Hypothesis. When this module is imported first, its own
    ``import hypothesis`` runs the entry points, which call this hook on the half-imported module: the hook then
    only leaves a note, and the registration happens at the end of this module instead.
    """
    global _hook_ran_too_early
    register = globals().get("_register_type_strategies")
    if register is None:
        _hook_ran_too_early = True
    else:
        register()


import copy
import functools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import BaseModel

from ..request import (
    AddOnRequest,
    AutoSnapshotAddOnRequest,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    StopInstanceOnIdleRequest,
    Tag,
)
from ..request.rules import RULES
from ..request.types import (
    ADD_ON_TYPES,
    ALNUM,
    AVAILABILITY_ZONE_PATTERN,
    IP_ADDRESS_TYPES,
    MAX_DISKS_PER_MAPPING,
    MAX_TAGS,
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
    USER_DATA_MAX_BYTES,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import (
        AddOnRequestTypeDef,
        CreateInstancesFromSnapshotRequestTypeDef,
        DiskMapTypeDef,
        TagTypeDef,
    )

__all__ = [
    "FIELD_RULES",
    "INVALID_INPUT_RULES",
    "InvalidInput",
    "Source",
    "add_on_requests",
    "availability_zones",
    "bundle_ids",
    "create_instances_from_snapshot_params",
    "create_instances_from_snapshot_requests",
    "disk_maps",
    "disk_paths",
    "invalid_create_instances_from_snapshot_inputs",
    "resource_names",
    "restore_dates",
    "tag_keys",
    "tag_values",
    "tags",
    "times_of_day",
    "user_data",
]

Source = Literal["manual", "auto", "latest"]
"""Where a request restores from: a manual snapshot, an automatic one by date, or the latest automatic one."""
SOURCES: Final[tuple[Source, ...]] = ("manual", "auto", "latest")

FIELD_RULES: Final[tuple[str, ...]] = (
    "resource_name",
    "availability_zone",
    "bundle_id",
    "disk_path",
    "time_of_day",
    "restore_date",
    "tag_key_length",
    "tag_value_length",
    "tag_charset",
    "tag_reserved_prefix",
    "user_data_size",
    "idle_threshold",
    "idle_duration",
    "instance_names_required",
    "enum",
    "type",
    "required",
    "unknown_member",
)
"""Rule ids of the checks on single members (the cross-field rule ids are those of ``rules.RULES``)."""
INVALID_INPUT_RULES: Final[tuple[str, ...]] = FIELD_RULES + tuple(i for rule in RULES for i in rule.ids)
"""Every rule id ``invalid_create_instances_from_snapshot_inputs()`` can break."""

# Real Lightsail Regions (botocore 1.43.11 endpoints, spec/CONSTRAINTS.md §4.1): realistic zones shrink nicely.
_REGIONS: Final = (
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
)
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
    return st.characters(categories=list(TAG_UNICODE_CATEGORIES), include_characters=TAG_PUNCTUATION)


def _not_reserved(value: str) -> bool:
    # The same test as the validator in types.py: case-insensitive, after str.lower().
    return not value.lower().startswith(TAG_RESERVED_PREFIX)


def _non_blank(value: str) -> bool:
    return value != "" and value == value.strip()


# --------------------------------------------------------------------------------------------------------------
# Scalars
# --------------------------------------------------------------------------------------------------------------


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


@functools.cache
def _bundle_ids() -> st.SearchStrategy[str]:
    return bundle_ids()


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


@functools.cache
def _disk_paths() -> st.SearchStrategy[str]:
    return disk_paths()


def disk_paths() -> st.SearchStrategy[str]:
    """Valid disk paths: device paths such as ``/dev/xvdf``, and any non-blank text without edge whitespace.

    Returns:
        A strategy of paths accepted by ``types.DiskPath``.
    """
    return st.one_of(
        st.from_regex(r"/dev/(?:xvd|sd)[b-z]", fullmatch=True),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(_non_blank),
    )


@functools.cache
def _times_of_day() -> st.SearchStrategy[str]:
    return times_of_day()


def times_of_day() -> st.SearchStrategy[str]:
    """Valid snapshot times: a UTC hour as ``HH:00``, ``00:00`` to ``23:00``.

    Returns:
        A strategy of times accepted by ``types.TimeOfDay``.
    """
    return st.integers(min_value=0, max_value=23).map(lambda hour: f"{hour:02d}:00")


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


@functools.cache
def _tag_keys() -> st.SearchStrategy[str]:
    return tag_keys()


def tag_keys() -> st.SearchStrategy[str]:
    """Valid tag keys: 1-128 Unicode letters, digits, spaces or ``+ - = . _ : / @``, not starting with ``aws:``.

    Returns:
        A strategy of keys accepted by ``types.TagKey``.
    """
    return st.text(_tag_characters(), min_size=1, max_size=TAG_KEY_MAX).filter(_not_reserved)


@functools.cache
def _tag_values() -> st.SearchStrategy[str]:
    return tag_values()


def tag_values() -> st.SearchStrategy[str]:
    """Valid tag values: 0-256 characters of the tag character set, not starting with ``aws:``.

    Returns:
        A strategy of values accepted by ``types.TagValue``.
    """
    return st.text(_tag_characters(), min_size=0, max_size=TAG_VALUE_MAX).filter(_not_reserved)


@functools.cache
def _user_data() -> st.SearchStrategy[str]:
    return user_data()


def user_data() -> st.SearchStrategy[str]:
    """Valid launch scripts: any UTF-8 text of at most 16 KiB, including texts exactly at the limit.

    Returns:
        A strategy of strings accepted as ``userData``.
    """
    at_limit = st.sampled_from(["#" * USER_DATA_MAX_BYTES, "é" * (USER_DATA_MAX_BYTES // 2)])
    text = st.text(st.characters(codec="utf-8"))
    return st.one_of(text, at_limit).filter(lambda s: len(s.encode("utf-8")) <= USER_DATA_MAX_BYTES)


# --------------------------------------------------------------------------------------------------------------
# Parts (boto3 dicts)
# --------------------------------------------------------------------------------------------------------------


@functools.cache
def _tag_dicts() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({"key": _tag_keys()}, optional={"value": _tag_values()})


def tags(*, min_size: int = 0, max_size: int = MAX_TAGS) -> st.SearchStrategy[list[TagTypeDef]]:
    """Valid ``tags`` lists (boto3 dicts): at most 50 tags with unique keys, some without a value.

    Args:
        min_size: The fewest tags to generate.
        max_size: The most tags to generate (at most 50).

    Returns:
        A strategy of lists accepted as ``tags``.

    Raises:
        InvalidArgument: The bounds are outside 0-50 or ``min_size > max_size``.
    """
    if not 0 <= min_size <= max_size <= MAX_TAGS:
        raise InvalidArgument(f"need 0 <= min_size <= max_size <= {MAX_TAGS}, got {min_size!r}, {max_size!r}")
    return cast("st.SearchStrategy[list[TagTypeDef]]", _tags(min_size, max_size))


def _tag_key_of(tag: dict[str, str]) -> str:
    return tag["key"]


@functools.cache
def _tags(min_size: int, max_size: int) -> st.SearchStrategy[list[dict[str, str]]]:
    return st.lists(_tag_dicts(), min_size=min_size, max_size=max_size, unique_by=_tag_key_of)


def disk_maps() -> st.SearchStrategy[DiskMapTypeDef]:
    """Valid ``DiskMap`` dicts: ``originalDiskPath`` and ``newDiskName``, both present (as this library requires).

    Returns:
        A strategy of single disk mappings (uniqueness across a request is the request strategy's job).
    """
    return cast("st.SearchStrategy[DiskMapTypeDef]", _disk_maps())


@functools.cache
def _disk_maps() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({"originalDiskPath": _disk_paths(), "newDiskName": _resource_names(2, 64)})


@functools.cache
def _sub_request(add_on_type: str) -> tuple[str, st.SearchStrategy[dict[str, str]]] | None:
    if add_on_type == "AutoSnapshot":
        return "autoSnapshotAddOnRequest", st.fixed_dictionaries({}, optional={"snapshotTimeOfDay": times_of_day()})
    if add_on_type == "StopInstanceOnIdle":
        idle = {
            "threshold": st.integers(min_value=0, max_value=100).map(str),
            "duration": st.integers(min_value=1, max_value=999_999).map(str),
        }
        return "stopInstanceOnIdleRequest", st.fixed_dictionaries({}, optional=idle)
    return None


@functools.cache
def _add_on_of(add_on_type: str) -> st.SearchStrategy[dict[str, Any]]:
    sub = _sub_request(add_on_type)
    optional: dict[str, st.SearchStrategy[Any]] = {} if sub is None else {sub[0]: sub[1]}
    return st.fixed_dictionaries({"addOnType": st.just(add_on_type)}, optional=optional)


def add_on_requests(*, add_on_types: Collection[str] = ADD_ON_TYPES) -> st.SearchStrategy[AddOnRequestTypeDef]:
    """Valid ``AddOnRequest`` dicts, each with the sub-request of its own type or none.

    Args:
        add_on_types: The add-on types to draw from (default: every type of ``types.ADD_ON_TYPES``).

    Returns:
        A strategy of single add-on requests.

    Raises:
        InvalidArgument: ``add_on_types`` is empty or names an unknown type.
    """
    chosen = tuple(add_on_types)
    unknown = set(chosen) - set(ADD_ON_TYPES)
    if not chosen or unknown:
        raise InvalidArgument(f"add_on_types must be a non-empty subset of {ADD_ON_TYPES}, got {chosen!r}")
    return cast("st.SearchStrategy[AddOnRequestTypeDef]", _add_on_requests(chosen))


@functools.cache
def _add_on_requests(chosen: tuple[str, ...] = ADD_ON_TYPES) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of([_add_on_of(kind) for kind in chosen])


def _add_on_type_of(add_on: dict[str, Any]) -> str:
    return str(add_on["addOnType"])


@functools.cache
def _add_on_lists(min_size: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(_add_on_requests(), min_size=min_size, max_size=len(ADD_ON_TYPES), unique_by=_add_on_type_of)


def _disk_path_of(disk: dict[str, str]) -> str:
    return disk["originalDiskPath"]


def _disk_name_of(disk: dict[str, str]) -> str:
    return disk["newDiskName"]


@functools.cache
def _disk_lists() -> st.SearchStrategy[list[dict[str, str]]]:
    return st.lists(_disk_maps(), min_size=1, max_size=MAX_DISKS_PER_MAPPING, unique_by=(_disk_path_of, _disk_name_of))


@functools.cache
def _unique_names(min_size: int, max_size: int, name_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(_resource_names(2, name_size), min_size=min_size, max_size=max_size, unique=True)


def _fresh(draw: st.DrawFn, strategy: st.SearchStrategy[str], used: Collection[str]) -> str:
    """Draw from ``strategy`` a value not in ``used`` (collisions are rare; give up on the example after 3 tries)."""
    for _ in range(3):
        value = draw(strategy)
        if value not in used:
            return value
    reject()


def _fresh_name(draw: st.DrawFn, used: Collection[str]) -> str:
    return _fresh(draw, _resource_names(2, 40), used)


@st.composite
def _attached_disk_mapping(draw: st.DrawFn, taken: frozenset[str], min_keys: int) -> dict[str, list[dict[str, str]]]:
    """A valid map: 1-15 disks per key, paths unique per key, new disk names unique and not in ``taken``."""
    keys = draw(_unique_names(min_keys, 3, 40))
    used = set(taken)
    mapping: dict[str, list[dict[str, str]]] = {}
    for key in keys:
        disks = draw(_disk_lists())
        for disk in disks:
            if disk["newDiskName"] in used:
                disk["newDiskName"] = _fresh_name(draw, used | {d["newDiskName"] for d in disks})
            used.add(disk["newDiskName"])
        mapping[key] = disks
    return mapping


@functools.cache
def _params(source: Source | None = None, include: frozenset[str] = frozenset()) -> st.SearchStrategy[dict[str, Any]]:
    return _draw_params(source, include)


@st.composite
def _draw_params(draw: st.DrawFn, source: Source | None, include: frozenset[str]) -> dict[str, Any]:
    """A valid boto3 dict; members in ``include`` are always present and, when lists or maps, non-empty."""
    kind = source if source is not None else draw(st.sampled_from(SOURCES))
    names = draw(_unique_names(1, 4, 64))
    params: dict[str, Any] = {
        "instanceNames": names,
        "availabilityZone": draw(_availability_zones(None)),
        "bundleId": draw(_bundle_ids()),
    }
    if kind == "manual":
        params["instanceSnapshotName"] = draw(_resource_names(2, RESOURCE_NAME_MAX))
    else:
        params["sourceInstanceName"] = draw(_resource_names(2, RESOURCE_NAME_MAX))
        if kind == "auto":
            params["restoreDate"] = draw(_restore_dates())
        else:
            params["useLatestRestorableAutoSnapshot"] = True

    def wanted(member: str) -> bool:
        return member in include or draw(st.booleans())

    def min_size(member: str) -> int:
        return 1 if member in include else 0

    if wanted("attachedDiskMapping"):
        mapping = _attached_disk_mapping(frozenset(names), min_size("attachedDiskMapping"))
        params["attachedDiskMapping"] = draw(mapping)
    if wanted("userData"):
        params["userData"] = draw(_user_data())
    if wanted("keyPairName"):
        params["keyPairName"] = draw(_resource_names(2, RESOURCE_NAME_MAX))
    if wanted("tags"):
        params["tags"] = draw(_tags(min_size("tags"), MAX_TAGS))
    if wanted("addOns"):
        params["addOns"] = draw(_add_on_lists(min_size("addOns")))
    if wanted("ipAddressType"):
        params["ipAddressType"] = draw(st.sampled_from(IP_ADDRESS_TYPES))
    return params


def _check_source(source: str | None) -> None:
    if source is not None and source not in SOURCES:
        raise InvalidArgument(f"source must be one of {SOURCES} or None, got {source!r}")


def create_instances_from_snapshot_params(
    *, source: Source | None = None
) -> st.SearchStrategy[CreateInstancesFromSnapshotRequestTypeDef]:
    """Valid boto3 kwargs dicts for ``client.create_instances_from_snapshot(**params)``.

    Every member appears, present and absent; lists and maps are sometimes empty where that is allowed.
    ``useLatestRestorableAutoSnapshot`` only ever appears as ``True`` (``False`` is not sent by ``to_boto3()``).

    Args:
        source: Only this source (``"manual"``, ``"auto"`` by date, ``"latest"``); all three when ``None``.

    Returns:
        A strategy of dicts for which ``CreateInstancesFromSnapshotRequest.model_validate(d).to_boto3() == d``.

    Raises:
        InvalidArgument: ``source`` is not one of the three.
    """
    _check_source(source)
    return cast("st.SearchStrategy[CreateInstancesFromSnapshotRequestTypeDef]", _params(source))


def create_instances_from_snapshot_requests(
    *, source: Source | None = None
) -> st.SearchStrategy[CreateInstancesFromSnapshotRequest]:
    """Valid ``CreateInstancesFromSnapshotRequest`` models, validated from ``create_instances_from_snapshot_params``.

    Args:
        source: Only this source (``"manual"``, ``"auto"`` by date, ``"latest"``); all three when ``None``.

    Returns:
        A strategy of validated requests.

    Raises:
        InvalidArgument: ``source`` is not one of the three.
    """
    _check_source(source)
    return _params(source).map(CreateInstancesFromSnapshotRequest.model_validate)


# --------------------------------------------------------------------------------------------------------------
# Invalid inputs: a valid dict with exactly one rule broken
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvalidInput:
    """A boto3 kwargs dict with exactly one rule broken, with the rule id and AWS path the refusal must name.

    Attributes:
        params: The dict, valid in every other respect.
        rule: The rule id of the single expected ``Issue``, e.g. ``time_of_day`` or ``X1_exclusive_source``.
        path: The AWS path of that issue, e.g. ``addOns[0].autoSnapshotAddOnRequest.snapshotTimeOfDay``.
    """

    params: dict[str, Any]
    rule: str
    path: str


_Breaker = Callable[[], st.SearchStrategy[InvalidInput]]


def _base(draw: st.DrawFn, source: Source | None = None, *include: str) -> dict[str, Any]:
    return copy.deepcopy(draw(_params(source, frozenset(include))))


def _index(draw: st.DrawFn, items: Collection[Any], *, extra: int = 0) -> int:
    return draw(st.integers(min_value=0, max_value=len(items) - 1 + extra))


def _all_names(params: dict[str, Any]) -> set[str]:
    names = set(params["instanceNames"])
    for disks in params.get("attachedDiskMapping", {}).values():
        names.update(disk["newDiskName"] for disk in disks)
    return names


def _second_occurrence(values: list[Any], value: Any) -> int:
    return [i for i, v in enumerate(values) if v == value][1]


def _pick_key(draw: st.DrawFn, mapping: dict[str, Any]) -> str:
    return draw(st.sampled_from(sorted(mapping)))


def _place_add_on(draw: st.DrawFn, params: dict[str, Any], entry: dict[str, Any]) -> int:
    """Put ``entry`` into ``addOns`` (replacing any entry of its type) at a drawn position; return its index."""
    others = [a for a in params.get("addOns", []) if a["addOnType"] != entry["addOnType"]]
    position = draw(st.integers(min_value=0, max_value=len(others)))
    others.insert(position, entry)
    params["addOns"] = others
    return position


@functools.cache
def _invalid_resource_names() -> st.SearchStrategy[str]:
    too_long = st.integers(min_value=RESOURCE_NAME_MAX + 1, max_value=RESOURCE_NAME_MAX + 20).map(lambda n: "a" * n)
    bad_char = st.characters(codec="utf-8").filter(lambda c: c not in _NAME_CHARS)
    inner = st.tuples(_resource_names(2, 20), bad_char, st.integers(min_value=1, max_value=20)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
    )
    edge = st.tuples(st.sampled_from("._-"), _resource_names(2, 20), st.booleans()).map(
        lambda t: t[0] + t[1] if t[2] else t[1] + t[0]
    )
    return st.one_of(
        st.sampled_from(["", "a", "7", "my server", "web_1_", "-web", "web.", "café-1", "web²"]),
        st.sampled_from(_ALNUM_CHARS),
        too_long,
        inner,
        edge,
    ).filter(lambda name: not _RESOURCE_NAME_RE.fullmatch(name))


@functools.cache
def _edge_spaced(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    space = st.text(st.sampled_from(_WHITESPACE), min_size=1, max_size=3)
    wrapped = st.tuples(space, valid, st.booleans()).map(lambda t: t[0] + t[1] if t[2] else t[1] + t[0])
    return st.one_of(st.just(""), space, wrapped)


@st.composite
def _broken_resource_name(draw: st.DrawFn) -> InvalidInput:
    bad = draw(_invalid_resource_names())
    member = draw(
        st.sampled_from(
            [
                "instanceNames",
                "instanceSnapshotName",
                "sourceInstanceName",
                "keyPairName",
                "attachedDiskMapping key",
                "newDiskName",
            ]
        )
    )
    if member == "instanceNames":
        params = _base(draw)
        i = _index(draw, params["instanceNames"])
        params["instanceNames"][i] = bad
        return InvalidInput(params, "resource_name", f"instanceNames[{i}]")
    if member == "instanceSnapshotName":
        params = _base(draw, "manual")
        params["instanceSnapshotName"] = bad
        return InvalidInput(params, "resource_name", member)
    if member == "sourceInstanceName":
        params = _base(draw, draw(st.sampled_from(("auto", "latest"))))
        params["sourceInstanceName"] = bad
        return InvalidInput(params, "resource_name", member)
    if member == "keyPairName":
        params = _base(draw)
        params["keyPairName"] = bad
        return InvalidInput(params, "resource_name", member)
    params = _base(draw, None, "attachedDiskMapping")
    mapping: dict[str, list[dict[str, str]]] = params["attachedDiskMapping"]
    key = _pick_key(draw, mapping)
    if member == "newDiskName":
        i = _index(draw, mapping[key])
        mapping[key][i]["newDiskName"] = bad
        return InvalidInput(params, "resource_name", f"attachedDiskMapping[{key!r}][{i}].newDiskName")
    params["attachedDiskMapping"] = {(bad if k == key else k): v for k, v in mapping.items()}
    return InvalidInput(params, "resource_name", f"attachedDiskMapping[{bad!r}]")


@st.composite
def _broken_availability_zone(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    zone = params["availabilityZone"]
    bad = draw(
        st.one_of(
            st.sampled_from([zone.upper(), zone[:-1], zone.replace("-", ""), zone + "1", "all", "us-east-2 a"]),
            _edge_spaced(st.just(zone)),
            st.text(max_size=20),
        ).filter(lambda z: not _AZ_RE.fullmatch(z))
    )
    params["availabilityZone"] = bad
    return InvalidInput(params, "availability_zone", "availabilityZone")


@st.composite
def _broken_bundle_id(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    params["bundleId"] = draw(_edge_spaced(st.sampled_from(_KNOWN_BUNDLES)))
    return InvalidInput(params, "bundle_id", "bundleId")


@st.composite
def _broken_disk_path(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, None, "attachedDiskMapping")
    mapping = params["attachedDiskMapping"]
    key = _pick_key(draw, mapping)
    i = _index(draw, mapping[key])
    bad = draw(_edge_spaced(_disk_paths()))
    mapping[key][i]["originalDiskPath"] = bad
    return InvalidInput(params, "disk_path", f"attachedDiskMapping[{key!r}][{i}].originalDiskPath")


@st.composite
def _broken_time_of_day(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    hour = st.integers(min_value=0, max_value=99)
    minute = st.integers(min_value=0, max_value=99)
    bad = draw(
        st.one_of(
            st.tuples(hour, minute).map(lambda t: f"{t[0]:02d}:{t[1]:02d}"),
            st.sampled_from(["06:30", "24:00", "6:00", "06:00:00", "0600", "06h00", "6 AM", "", "18:59"]),
            _edge_spaced(_times_of_day()),
        ).filter(lambda t: not _TIME_RE.fullmatch(t))
    )
    entry = {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": bad}}
    i = _place_add_on(draw, params, entry)
    return InvalidInput(params, "time_of_day", f"addOns[{i}].autoSnapshotAddOnRequest.snapshotTimeOfDay")


def _is_real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@st.composite
def _broken_restore_date(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, "auto")
    good = date.fromisoformat(params["restoreDate"])
    impossible = st.tuples(
        st.integers(min_value=0, max_value=9999),
        st.integers(min_value=0, max_value=19),
        st.integers(min_value=0, max_value=39),
    ).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}")
    bad_format = st.sampled_from(
        [
            good.strftime("%Y/%m/%d"),
            good.strftime("%Y%m%d"),
            good.strftime("%d-%m-%Y"),
            f"{good.year}-{good.month}-{good.day}x",
            good.isoformat() + "T00:00:00",
            good.isoformat() + " ",
            "",
            "today",
        ]
    )
    bad = draw(
        st.one_of(
            st.sampled_from(["2026-02-30", "2025-02-29", "2026-13-01", "2026-04-31"]), impossible, bad_format
        ).filter(lambda d: not (_DATE_RE.fullmatch(d) and _is_real_date(d)))
    )
    params["restoreDate"] = bad
    return InvalidInput(params, "restore_date", "restoreDate")


@functools.cache
def _too_long_tag_text(limit: int) -> st.SearchStrategy[str]:
    return st.text(_tag_characters(), min_size=limit + 1, max_size=limit + 10).filter(_not_reserved)


@functools.cache
def _non_tag_characters() -> st.SearchStrategy[str]:
    return st.characters(
        codec="utf-8", exclude_categories=list(TAG_UNICODE_CATEGORIES), exclude_characters=TAG_PUNCTUATION
    )


@functools.cache
def _tag_text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_tag_characters(), max_size=max_size).filter(_not_reserved)


@st.composite
def _broken_tag(draw: st.DrawFn) -> InvalidInput:
    """One of the four tag rules, on a key or a value."""
    params = _base(draw, None, "tags")
    i = _index(draw, params["tags"])
    tag = params["tags"][i]
    rule = draw(st.sampled_from(["tag_key_length", "tag_value_length", "tag_charset", "tag_reserved_prefix"]))
    member = "key" if rule == "tag_key_length" else "value" if rule == "tag_value_length" else None
    member = member or draw(st.sampled_from(["key", "value"]))
    limit = TAG_KEY_MAX if member == "key" else TAG_VALUE_MAX
    if rule in ("tag_key_length", "tag_value_length"):
        too_long = _too_long_tag_text(limit)
        bad = draw(st.one_of(too_long, st.just("")) if member == "key" else too_long)
    elif rule == "tag_charset":
        bad = draw(st.tuples(_tag_text(20), _non_tag_characters(), _tag_text(20)).map("".join))
    else:
        casing = draw(st.lists(st.booleans(), min_size=len(TAG_RESERVED_PREFIX), max_size=len(TAG_RESERVED_PREFIX)))
        prefix = "".join(ch.upper() if up else ch for ch, up in zip(TAG_RESERVED_PREFIX, casing, strict=True))
        bad = prefix + draw(st.text(_tag_characters(), max_size=20))
    tag[member] = bad
    return InvalidInput(params, rule, f"tags[{i}].{member}")


@st.composite
def _broken_user_data_size(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    over = draw(st.integers(min_value=1, max_value=64))
    params["userData"] = draw(
        st.sampled_from(["#" * (USER_DATA_MAX_BYTES + over), "é" * (USER_DATA_MAX_BYTES // 2 + over)])
    )
    return InvalidInput(params, "user_data_size", "userData")


@st.composite
def _broken_idle(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    rule = draw(st.sampled_from(["idle_threshold", "idle_duration"]))
    common = st.one_of(
        st.sampled_from(["", " 5", "5 ", "5.0", "abc", "+5", "1e2", "٣"]),
        st.integers(max_value=-1).map(str),
        st.integers(min_value=1, max_value=99).map(lambda n: f"0{n}"),
    )
    if rule == "idle_threshold":
        bad = draw(st.one_of(common, st.integers(min_value=101).map(str), st.just("00")))
        idle = {"threshold": bad}
        if draw(st.booleans()):
            idle["duration"] = "30"
        member = "threshold"
    else:
        bad = draw(st.one_of(common, st.just("0"), st.integers(min_value=1_000_000).map(str)))
        idle = {"duration": bad}
        if draw(st.booleans()):
            idle["threshold"] = "5"
        member = "duration"
    i = _place_add_on(draw, params, {"addOnType": "StopInstanceOnIdle", "stopInstanceOnIdleRequest": idle})
    return InvalidInput(params, rule, f"addOns[{i}].stopInstanceOnIdleRequest.{member}")


@st.composite
def _broken_instance_names_required(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    params["instanceNames"] = []
    return InvalidInput(params, "instance_names_required", "instanceNames")


@functools.cache
def _not_in(allowed: Collection[str]) -> st.SearchStrategy[str]:
    variants = [f(v) for v in allowed for f in (str.upper, str.title, lambda s: s + " ", lambda s: s[:-1])]
    return st.one_of(st.sampled_from(variants), st.text(max_size=12)).filter(lambda s: s not in allowed)


@st.composite
def _broken_enum(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    if draw(st.booleans()):
        params["ipAddressType"] = draw(_not_in(IP_ADDRESS_TYPES))
        return InvalidInput(params, "enum", "ipAddressType")
    kind = draw(st.sampled_from(ADD_ON_TYPES))
    entry = draw(_add_on_of(kind))
    i = _place_add_on(draw, params, entry)
    params["addOns"][i]["addOnType"] = draw(_not_in(ADD_ON_TYPES))
    return InvalidInput(params, "enum", f"addOns[{i}].addOnType")


_NOT_A_STRING: Final = st.one_of(
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=2),
)


@st.composite
def _broken_type(draw: st.DrawFn) -> InvalidInput:
    member = draw(
        st.sampled_from(
            [
                "useLatestRestorableAutoSnapshot",
                "instanceNames[i]",
                "instanceNames",
                "keyPairName",
                "availabilityZone",
                "bundleId",
                "restoreDate",
                "userData",
                "tags[i]",
                "tags",
                "addOns",
                "attachedDiskMapping",
            ]
        )
    )
    if member == "useLatestRestorableAutoSnapshot":
        params = _base(draw, "latest")
        params[member] = draw(st.sampled_from(["yes", "true", "True", 1, 0, "1"]))
        return InvalidInput(params, "type", member)
    if member == "restoreDate":
        params = _base(draw, "auto")
        params[member] = draw(st.one_of(st.integers(), st.sampled_from([[2026, 11, 20], b"2026-11-20"])))
        return InvalidInput(params, "type", member)
    params = _base(draw)
    if member == "instanceNames[i]":
        i = _index(draw, params["instanceNames"])
        params["instanceNames"][i] = draw(_NOT_A_STRING)
        return InvalidInput(params, "type", f"instanceNames[{i}]")
    if member == "instanceNames":  # a name, or a number, instead of a list of names
        params[member] = draw(st.sampled_from((params["instanceNames"][0], 123, {"web-1": True})))
        return InvalidInput(params, "type", member)
    if member in ("tags", "addOns"):  # one entry instead of a list of entries
        params[member] = draw(st.sampled_from(({"key": "env"}, {"addOnType": "AutoSnapshot"}, 7, True)))
        return InvalidInput(params, "type", member)
    if member == "tags[i]":
        tag_list = params.setdefault("tags", [])
        i = _index(draw, tag_list, extra=1)
        tag_list.insert(i, draw(st.sampled_from(["env=prod", 7, ["env", "prod"]])))
        return InvalidInput(params, "type", f"tags[{i}]")
    if member == "attachedDiskMapping":
        params[member] = draw(st.sampled_from([[], [{"originalDiskPath": "/dev/xvdf"}], "disk-1"]))
        return InvalidInput(params, "type", member)
    params[member] = draw(_NOT_A_STRING)
    return InvalidInput(params, "type", member)


@st.composite
def _broken_required(draw: st.DrawFn) -> InvalidInput:
    where = draw(st.sampled_from(["instanceNames", "availabilityZone", "bundleId", "tag", "disk", "addOn"]))
    if where in ("instanceNames", "availabilityZone", "bundleId"):
        params = _base(draw)
        del params[where]
        return InvalidInput(params, "required", where)
    if where == "tag":
        params = _base(draw, None, "tags")
        i = _index(draw, params["tags"])
        params["tags"][i].pop("key")
        return InvalidInput(params, "required", f"tags[{i}].key")
    if where == "disk":
        params = _base(draw, None, "attachedDiskMapping")
        key = _pick_key(draw, params["attachedDiskMapping"])
        i = _index(draw, params["attachedDiskMapping"][key])
        member = draw(st.sampled_from(["originalDiskPath", "newDiskName"]))
        del params["attachedDiskMapping"][key][i][member]
        return InvalidInput(params, "required", f"attachedDiskMapping[{key!r}][{i}].{member}")
    params = _base(draw, None, "addOns")
    i = _index(draw, params["addOns"])
    del params["addOns"][i]["addOnType"]
    return InvalidInput(params, "required", f"addOns[{i}].addOnType")


def _members(model: type[BaseModel]) -> set[str]:
    return {name for name in model.model_fields} | {info.alias for info in model.model_fields.values() if info.alias}


def _unknown_member(draw: st.DrawFn, model: type[BaseModel]) -> str:
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
    extra = st.sampled_from(["dryRun", "region", "Name", "clientToken"])
    return draw(st.one_of(typo, extra).filter(lambda k: k not in known))


@st.composite
def _broken_unknown_member(draw: st.DrawFn) -> InvalidInput:
    where = draw(st.sampled_from(["request", "tag", "disk", "addOn", "autoSnapshot", "stopOnIdle"]))
    if where == "request":
        params = _base(draw)
        key = _unknown_member(draw, CreateInstancesFromSnapshotRequest)
        params[key] = draw(st.sampled_from(["x1", True, 1]))
        return InvalidInput(params, "unknown_member", key)
    if where == "tag":
        params = _base(draw, None, "tags")
        i = _index(draw, params["tags"])
        key = _unknown_member(draw, Tag)
        params["tags"][i][key] = "x"
        return InvalidInput(params, "unknown_member", f"tags[{i}].{key}")
    if where == "disk":
        params = _base(draw, None, "attachedDiskMapping")
        mapping_key = _pick_key(draw, params["attachedDiskMapping"])
        i = _index(draw, params["attachedDiskMapping"][mapping_key])
        key = _unknown_member(draw, DiskMap)
        params["attachedDiskMapping"][mapping_key][i][key] = "/dev/xvdg"
        return InvalidInput(params, "unknown_member", f"attachedDiskMapping[{mapping_key!r}][{i}].{key}")
    params = _base(draw)
    if where == "addOn":
        i = _place_add_on(draw, params, draw(_add_on_of(draw(st.sampled_from(ADD_ON_TYPES)))))
        key = _unknown_member(draw, AddOnRequest)
        params["addOns"][i][key] = "x"
        return InvalidInput(params, "unknown_member", f"addOns[{i}].{key}")
    kind, sub, model = (
        ("AutoSnapshot", "autoSnapshotAddOnRequest", AutoSnapshotAddOnRequest)
        if where == "autoSnapshot"
        else ("StopInstanceOnIdle", "stopInstanceOnIdleRequest", StopInstanceOnIdleRequest)
    )
    key = _unknown_member(draw, model)
    i = _place_add_on(draw, params, {"addOnType": kind, sub: {key: "1"}})
    return InvalidInput(params, "unknown_member", f"addOns[{i}].{sub}.{key}")


# Cross-field rules (rules.RULES): each breaker breaks exactly one and leaves every field valid.


@st.composite
def _broken_x1(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, draw(st.sampled_from(("auto", "latest"))))
    params["instanceSnapshotName"] = draw(_resource_names(2, 40))
    return InvalidInput(params, "X1_exclusive_source", "sourceInstanceName")


@st.composite
def _broken_x2(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, "manual")
    del params["instanceSnapshotName"]
    return InvalidInput(params, "X2_source_required", "instanceSnapshotName")


@st.composite
def _broken_x3(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, draw(st.sampled_from(("auto", "latest"))))
    params.setdefault("restoreDate", draw(_restore_dates()))
    params["useLatestRestorableAutoSnapshot"] = True
    return InvalidInput(params, "X3_exclusive_restore_point", "useLatestRestorableAutoSnapshot")


@st.composite
def _broken_x4(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, "manual")
    if draw(st.booleans()):
        params["restoreDate"] = draw(_restore_dates())
        return InvalidInput(params, "X4_auto_snapshot_only", "restoreDate")
    params["useLatestRestorableAutoSnapshot"] = True
    return InvalidInput(params, "X4_auto_snapshot_only", "useLatestRestorableAutoSnapshot")


@st.composite
def _broken_x5(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, draw(st.sampled_from(("auto", "latest"))))
    params.pop("restoreDate", None)
    params.pop("useLatestRestorableAutoSnapshot", None)
    if draw(st.booleans()):
        params["useLatestRestorableAutoSnapshot"] = False  # counts as not set
    return InvalidInput(params, "X5_auto_needs_restore_point", "restoreDate")


@st.composite
def _broken_x10_matches_type(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    kind = draw(st.sampled_from(ADD_ON_TYPES))
    other = next(k for k in ADD_ON_TYPES if k != kind)
    other_sub = _sub_request(other)
    assert other_sub is not None  # noqa: S101 - both known add-on types have a sub-request
    entry = draw(_add_on_of(kind))
    entry[other_sub[0]] = draw(other_sub[1])
    i = _place_add_on(draw, params, entry)
    return InvalidInput(params, "X10_add_on_request_matches_type", f"addOns[{i}].{other_sub[0]}")


@st.composite
def _broken_x10_unique_type(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, None, "addOns")
    add_ons: list[dict[str, Any]] = params["addOns"]
    duplicate = copy.deepcopy(add_ons[_index(draw, add_ons)])
    if draw(st.booleans()):  # a different (still valid) sub-request of the same type
        duplicate = draw(_add_on_of(duplicate["addOnType"]))
    add_ons.insert(_index(draw, add_ons, extra=1), duplicate)
    i = _second_occurrence([a["addOnType"] for a in add_ons], duplicate["addOnType"])
    return InvalidInput(params, "X10_unique_add_on_type", f"addOns[{i}].addOnType")


@st.composite
def _broken_x12_instance_names(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    names: list[str] = params["instanceNames"]
    name = names[_index(draw, names)]
    names.insert(_index(draw, names, extra=1), name)
    return InvalidInput(params, "X12_unique_instance_names", f"instanceNames[{_second_occurrence(names, name)}]")


@st.composite
def _broken_x12_disk_names(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, None, "attachedDiskMapping")
    flat = [(key, i) for key, disks in params["attachedDiskMapping"].items() for i in range(len(disks))]
    if len(flat) >= 2 and draw(st.booleans()):  # two new disks share a name: the later one is reported
        a, b = sorted(draw(st.lists(st.sampled_from(range(len(flat))), min_size=2, max_size=2, unique=True)))
        (key_a, i_a), (key_b, i_b) = flat[a], flat[b]
        name = params["attachedDiskMapping"][key_a][i_a]["newDiskName"]
        params["attachedDiskMapping"][key_b][i_b]["newDiskName"] = name
        key, i = key_b, i_b
    else:  # a new disk takes an instance's name
        key, i = flat[_index(draw, flat)]
        params["attachedDiskMapping"][key][i]["newDiskName"] = draw(st.sampled_from(params["instanceNames"]))
    return InvalidInput(params, "X12_unique_disk_names", f"attachedDiskMapping[{key!r}][{i}].newDiskName")


@functools.cache
def _short_tag_key_lists(size: int) -> st.SearchStrategy[list[str]]:
    key = st.text(_tag_characters(), min_size=1, max_size=12).filter(_not_reserved)
    return st.lists(key, min_size=size, max_size=size, unique=True)


@st.composite
def _broken_x13_tag_count(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw)
    tag_list = params.setdefault("tags", [])
    target = draw(st.integers(min_value=MAX_TAGS + 1, max_value=MAX_TAGS + 5))
    keys = {tag["key"] for tag in tag_list}
    extra = draw(_short_tag_key_lists(target))  # enough unique keys even if some are taken already
    tag_list.extend({"key": key, "value": "v"} for key in extra if key not in keys)
    del tag_list[target:]
    return InvalidInput(params, "X13_tag_count", "tags")


@st.composite
def _broken_x13_unique_keys(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, None, "tags")
    tag_list: list[dict[str, str]] = params["tags"]
    key = tag_list[_index(draw, tag_list)]["key"]
    duplicate: dict[str, str] = {"key": key}
    value = draw(st.none() | _tag_values())
    if value is not None:
        duplicate["value"] = value
    tag_list.insert(_index(draw, tag_list, extra=1), duplicate)
    i = _second_occurrence([tag["key"] for tag in tag_list], key)
    return InvalidInput(params, "X13_unique_tag_keys", f"tags[{i}].key")


@st.composite
def _broken_x14_disk_count(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, None, "attachedDiskMapping")
    mapping = params["attachedDiskMapping"]
    key = _pick_key(draw, mapping)
    if draw(st.booleans()):
        mapping[key] = []
        return InvalidInput(params, "X14_disk_count", f"attachedDiskMapping[{key!r}]")
    used_names = _all_names(params)
    paths = {disk["originalDiskPath"] for disk in mapping[key]}
    target = draw(st.integers(min_value=MAX_DISKS_PER_MAPPING + 1, max_value=MAX_DISKS_PER_MAPPING + 3))
    while len(mapping[key]) < target:
        name = _fresh_name(draw, used_names)
        path = f"/dev/disk{len(paths)}"
        if path in paths:
            path = _fresh(draw, _disk_paths(), paths)
        used_names.add(name)
        paths.add(path)
        mapping[key].append({"originalDiskPath": path, "newDiskName": name})
    return InvalidInput(params, "X14_disk_count", f"attachedDiskMapping[{key!r}]")


@st.composite
def _broken_x14_unique_paths(draw: st.DrawFn) -> InvalidInput:
    params = _base(draw, None, "attachedDiskMapping")
    mapping = params["attachedDiskMapping"]
    key = _pick_key(draw, mapping)
    disks: list[dict[str, str]] = mapping[key]
    if len(disks) >= 2:
        a, b = draw(st.lists(st.sampled_from(range(len(disks))), min_size=2, max_size=2, unique=True))
        disks[b]["originalDiskPath"] = disks[a]["originalDiskPath"]
        i = max(a, b)
    else:
        disks.append({"originalDiskPath": disks[0]["originalDiskPath"], "newDiskName": "placeholder"})
        disks[1]["newDiskName"] = _fresh_name(draw, _all_names(params))
        i = 1
    return InvalidInput(params, "X14_unique_disk_paths", f"attachedDiskMapping[{key!r}][{i}].originalDiskPath")


_BREAKERS: Final[tuple[tuple[tuple[str, ...], _Breaker], ...]] = (
    (("resource_name",), _broken_resource_name),
    (("availability_zone",), _broken_availability_zone),
    (("bundle_id",), _broken_bundle_id),
    (("disk_path",), _broken_disk_path),
    (("time_of_day",), _broken_time_of_day),
    (("restore_date",), _broken_restore_date),
    (("tag_key_length", "tag_value_length", "tag_charset", "tag_reserved_prefix"), _broken_tag),
    (("user_data_size",), _broken_user_data_size),
    (("idle_threshold", "idle_duration"), _broken_idle),
    (("instance_names_required",), _broken_instance_names_required),
    (("enum",), _broken_enum),
    (("type",), _broken_type),
    (("required",), _broken_required),
    (("unknown_member",), _broken_unknown_member),
    (("X1_exclusive_source",), _broken_x1),
    (("X2_source_required",), _broken_x2),
    (("X3_exclusive_restore_point",), _broken_x3),
    (("X4_auto_snapshot_only",), _broken_x4),
    (("X5_auto_needs_restore_point",), _broken_x5),
    (("X10_add_on_request_matches_type",), _broken_x10_matches_type),
    (("X10_unique_add_on_type",), _broken_x10_unique_type),
    (("X12_unique_instance_names",), _broken_x12_instance_names),
    (("X12_unique_disk_names",), _broken_x12_disk_names),
    (("X13_tag_count",), _broken_x13_tag_count),
    (("X13_unique_tag_keys",), _broken_x13_unique_keys),
    (("X14_disk_count",), _broken_x14_disk_count),
    (("X14_unique_disk_paths",), _broken_x14_unique_paths),
)


def invalid_create_instances_from_snapshot_inputs(
    *, rules: Collection[str] | None = None
) -> st.SearchStrategy[InvalidInput]:
    """Boto3 kwargs dicts with exactly one rule broken, each with the rule id and AWS path it must be refused with.

    Covers every member-level rule (``FIELD_RULES``: names on every name-bearing member including disk-map keys,
    zone, bundle, disk path, time of day, restore date, the four tag rules, user-data size, idle threshold and
    duration, empty ``instanceNames``, enums, wrong types, missing and unknown members) and every rule id of
    ``rules.RULES``.

    Args:
        rules: Only break these rule ids (each must be in ``INVALID_INPUT_RULES``); every rule when ``None``.

    Returns:
        A strategy of ``InvalidInput``; ``CreateInstancesFromSnapshotRequest.from_boto3(x.params)`` raises a
        ``RequestValidationError`` whose only issue has ``x.rule`` and ``x.path``.

    Raises:
        InvalidArgument: ``rules`` is empty or names a rule id this strategy does not know.
    """
    wanted = None if rules is None else set(rules)
    if wanted is not None and (not wanted or wanted - set(INVALID_INPUT_RULES)):
        unknown = sorted(wanted - set(INVALID_INPUT_RULES))
        raise InvalidArgument(f"rules must be a non-empty subset of INVALID_INPUT_RULES; unknown: {unknown}")
    strategies = [
        breaker() for ids, breaker in _BREAKERS if wanted is None or any(rule_id in wanted for rule_id in ids)
    ]
    strategy = st.one_of(strategies)
    if wanted is not None:
        strategy = strategy.filter(lambda invalid: invalid.rule in wanted)
    return strategy


def _register_type_strategies() -> None:
    st.register_type_strategy(CreateInstancesFromSnapshotRequest, create_instances_from_snapshot_requests())
    st.register_type_strategy(Tag, _tag_dicts().map(Tag.model_validate))
    st.register_type_strategy(DiskMap, disk_maps().map(DiskMap.model_validate))
    st.register_type_strategy(AddOnRequest, add_on_requests().map(AddOnRequest.model_validate))


if _hook_ran_too_early:
    _register_type_strategies()
