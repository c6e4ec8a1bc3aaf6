"""Breakers of the cross-field rules (``request.rules.RULES``): every member valid, one rule between them broken.

One breaker per rule id; each leaves every other rule, and every member, valid. The rules built by a factory
(X1-X5) get theirs from ``_derived.rule_breakers``; the others are written here.
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Final

from hypothesis import strategies as st

from ..request._create import CreateInstancesFromSnapshotRequest
from ..request._types import ADD_ON_TYPES, MAX_DISKS_PER_MAPPING, MAX_TAGS
from ._breaking import (
    Breaker,
    InvalidInput,
    all_names,
    base,
    index,
    pick_key,
    place_add_on,
    second_occurrence,
    with_disks,
)
from ._derived import rule_breakers
from ._requests import _add_on_of, _fresh, _fresh_name, _params, _sub_request
from ._scalars import _disk_paths, _not_reserved, _tag_characters, _tag_values

__all__ = ["RULE_BREAKERS"]


@st.composite
def _broken_x10_matches_type(draw: st.DrawFn) -> InvalidInput:
    params = base(draw)
    kind = draw(st.sampled_from(ADD_ON_TYPES))
    other = next(k for k in ADD_ON_TYPES if k != kind)
    other_sub = _sub_request(other)
    assert other_sub is not None  # noqa: S101 - both known add-on types have a sub-request
    entry = draw(_add_on_of(kind))
    entry[other_sub[0]] = draw(other_sub[1])
    i = place_add_on(draw, params, entry)
    return InvalidInput(params, "X10_add_on_request_matches_type", f"addOns[{i}].{other_sub[0]}")


@st.composite
def _broken_x10_unique_type(draw: st.DrawFn) -> InvalidInput:
    params = base(draw, None, "addOns")
    add_ons: list[dict[str, Any]] = params["addOns"]
    duplicate = copy.deepcopy(add_ons[index(draw, add_ons)])
    if draw(st.booleans()):  # a different (still valid) sub-request of the same type
        duplicate = draw(_add_on_of(duplicate["addOnType"]))
    add_ons.insert(index(draw, add_ons, extra=1), duplicate)
    i = second_occurrence([a["addOnType"] for a in add_ons], duplicate["addOnType"])
    return InvalidInput(params, "X10_unique_add_on_type", f"addOns[{i}].addOnType")


@st.composite
def _broken_x12_instance_names(draw: st.DrawFn) -> InvalidInput:
    params = base(draw)
    names: list[str] = params["instanceNames"]
    name = names[index(draw, names)]
    names.insert(index(draw, names, extra=1), name)
    return InvalidInput(params, "X12_unique_instance_names", f"instanceNames[{second_occurrence(names, name)}]")


@st.composite
def _broken_x12_disk_names(draw: st.DrawFn) -> InvalidInput:
    params = base(draw, None, "attachedDiskMapping")
    flat = [(key, i) for key, disks in params["attachedDiskMapping"].items() for i in range(len(disks))]
    if len(flat) >= 2 and draw(st.booleans()):  # two new disks share a name: the later one is reported
        a, b = sorted(draw(st.lists(st.sampled_from(range(len(flat))), min_size=2, max_size=2, unique=True)))
        (key_a, i_a), (key_b, i_b) = flat[a], flat[b]
        name = params["attachedDiskMapping"][key_a][i_a]["newDiskName"]
        params["attachedDiskMapping"][key_b][i_b]["newDiskName"] = name
        key, i = key_b, i_b
    else:  # a new disk takes an instance's name
        key, i = flat[index(draw, flat)]
        params["attachedDiskMapping"][key][i]["newDiskName"] = draw(st.sampled_from(params["instanceNames"]))
    return InvalidInput(params, "X12_unique_disk_names", f"attachedDiskMapping[{key!r}][{i}].newDiskName")


@st.composite
def _broken_x12_name_taken_by_source(draw: st.DrawFn) -> InvalidInput:
    params = base(draw, draw(st.sampled_from(("auto", "latest"))))
    source = params["sourceInstanceName"]
    if params.get("attachedDiskMapping") and draw(st.booleans()):  # a new disk named like the source instance
        mapping = params["attachedDiskMapping"]
        key = pick_key(draw, mapping)
        i = index(draw, mapping[key])
        mapping[key][i]["newDiskName"] = source
        return InvalidInput(params, "X12_name_taken_by_source", f"attachedDiskMapping[{key!r}][{i}].newDiskName")
    names: list[str] = params["instanceNames"]
    i = index(draw, names)
    names[i] = source
    return InvalidInput(params, "X12_name_taken_by_source", f"instanceNames[{i}]")


@functools.cache
def _short_tag_key_lists(size: int) -> st.SearchStrategy[list[str]]:
    key = st.text(_tag_characters(), min_size=1, max_size=12).filter(_not_reserved)
    return st.lists(key, min_size=size, max_size=size, unique=True)


@st.composite
def _broken_x13_tag_count(draw: st.DrawFn) -> InvalidInput:
    params = base(draw)
    tag_list = params.setdefault("tags", [])
    target = draw(st.integers(min_value=MAX_TAGS + 1, max_value=MAX_TAGS + 5))
    keys = {tag["key"] for tag in tag_list}
    extra = draw(_short_tag_key_lists(target))  # enough unique keys even if some are taken already
    tag_list.extend({"key": key, "value": "v"} for key in extra if key not in keys)
    del tag_list[target:]
    return InvalidInput(params, "X13_tag_count", "tags")


@st.composite
def _broken_x13_unique_keys(draw: st.DrawFn) -> InvalidInput:
    params = base(draw, None, "tags")
    tag_list: list[dict[str, str]] = params["tags"]
    key = tag_list[index(draw, tag_list)]["key"]
    duplicate: dict[str, str] = {"key": key}
    value = draw(st.none() | _tag_values())
    if value is not None:
        duplicate["value"] = value
    tag_list.insert(index(draw, tag_list, extra=1), duplicate)
    i = second_occurrence([tag["key"] for tag in tag_list], key)
    return InvalidInput(params, "X13_unique_tag_keys", f"tags[{i}].key")


@st.composite
def _broken_x14_disk_count(draw: st.DrawFn) -> InvalidInput:
    params, mapping, key = with_disks(draw)
    if draw(st.booleans()):
        mapping[key] = []
        return InvalidInput(params, "X14_disk_count", f"attachedDiskMapping[{key!r}]")
    used_names = all_names(params)
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
    params, mapping, key = with_disks(draw)
    disks: list[dict[str, str]] = mapping[key]
    if len(disks) >= 2:
        a, b = draw(st.lists(st.sampled_from(range(len(disks))), min_size=2, max_size=2, unique=True))
        disks[b]["originalDiskPath"] = disks[a]["originalDiskPath"]
        i = max(a, b)
    else:
        disks.append({"originalDiskPath": disks[0]["originalDiskPath"], "newDiskName": "placeholder"})
        disks[1]["newDiskName"] = _fresh_name(draw, all_names(params))
        i = 1
    return InvalidInput(params, "X14_unique_disk_paths", f"attachedDiskMapping[{key!r}][{i}].originalDiskPath")


RULE_BREAKERS: Final[tuple[tuple[tuple[str, ...], Breaker], ...]] = (
    *rule_breakers(CreateInstancesFromSnapshotRequest, _params()),
    (("X10_add_on_request_matches_type",), _broken_x10_matches_type),
    (("X10_unique_add_on_type",), _broken_x10_unique_type),
    (("X12_unique_instance_names",), _broken_x12_instance_names),
    (("X12_unique_disk_names",), _broken_x12_disk_names),
    (("X12_name_taken_by_source",), _broken_x12_name_taken_by_source),
    (("X13_tag_count",), _broken_x13_tag_count),
    (("X13_unique_tag_keys",), _broken_x13_unique_keys),
    (("X14_disk_count",), _broken_x14_disk_count),
    (("X14_unique_disk_paths",), _broken_x14_unique_paths),
)
"""Each breaker of a cross-field rule, with the rule id it breaks."""
