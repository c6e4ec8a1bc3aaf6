"""Valid requests: the parts (tags, disk maps, add-ons) and whole CreateInstancesFromSnapshot boto3 dicts.

Requests are generated as the boto3 (camelCase) dict first and validated afterwards, so
``create_instances_from_snapshot_params()`` gives exactly the kwargs a boto3 user would pass. Every cross-field
rule holds by construction: one source, distinct names (none of them the source instance's), unique tag keys,
disk paths and add-on types.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from hypothesis import reject
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..request import CreateInstancesFromSnapshotRequest
from ..request._types import ADD_ON_TYPES, IP_ADDRESS_TYPES, MAX_DISKS_PER_MAPPING, MAX_TAGS, RESOURCE_NAME_MAX
from ._scalars import (
    _availability_zones,
    _bundle_ids,
    _disk_paths,
    _idle_durations,
    _idle_thresholds,
    _resource_names,
    _restore_dates,
    _tag_keys,
    _tag_values,
    _user_data,
    times_of_day,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import (
        AddOnRequestTypeDef,
        CreateInstancesFromSnapshotRequestTypeDef,
        DiskMapTypeDef,
        TagTypeDef,
    )

__all__ = [
    "SOURCES",
    "Source",
    "add_on_requests",
    "create_instances_from_snapshot_params",
    "create_instances_from_snapshot_requests",
    "disk_maps",
    "tags",
]

Source = Literal["manual", "auto", "latest"]
"""Where a request restores from: a manual snapshot, an automatic one by date, or the latest automatic one."""
SOURCES: Final[tuple[Source, ...]] = ("manual", "auto", "latest")


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
        idle = {"threshold": _idle_thresholds(), "duration": _idle_durations()}
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
    taken = frozenset(names)
    if kind == "manual":
        params["instanceSnapshotName"] = draw(_resource_names(2, RESOURCE_NAME_MAX))
    else:
        # The source instance exists, so its name is taken: no new instance or disk may have it (X12).
        source_name = _fresh(draw, _resource_names(2, RESOURCE_NAME_MAX), taken)
        params["sourceInstanceName"] = source_name
        taken |= {source_name}
        if kind == "auto":
            params["restoreDate"] = draw(_restore_dates())
        else:
            params["useLatestRestorableAutoSnapshot"] = True

    def wanted(member: str) -> bool:
        return member in include or draw(st.booleans())

    def min_size(member: str) -> int:
        return 1 if member in include else 0

    if wanted("attachedDiskMapping"):
        mapping = _attached_disk_mapping(taken, min_size("attachedDiskMapping"))
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
