"""Breakers of the rules on single members: a valid dict with one member made invalid.

One breaker per rule id (or family of ids) of ``FIELD_RULES``: names, zone, bundle, disk path, time of day,
restore date, the tag rules, user data, the idle settings, empty ``instanceNames``, UTF-8, enums, wrong types,
missing, unknown and repeated members. Each changes one place and leaves every other rule satisfied.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Collection
from typing import Any, Final

from hypothesis import strategies as st
from pydantic import BaseModel

from ..request import (
    AddOnRequest,
    AutoSnapshotAddOnRequest,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    StopInstanceOnIdleRequest,
    Tag,
)
from ..request._types import (
    ADD_ON_TYPES,
    IP_ADDRESS_TYPES,
    TAG_KEY_MAX,
    TAG_PUNCTUATION,
    TAG_RESERVED_PREFIX,
    TAG_UNICODE_CATEGORIES,
    TAG_VALUE_MAX,
    USER_DATA_MAX_BYTES,
)
from ._breakers import invalid_resource_names
from ._breaking import Breaker, InvalidInput, base, index, place_add_on, unknown_member, with_disks
from ._derived import member_breakers
from ._requests import _add_on_of, _params
from ._scalars import (
    _AZ_RE,
    _KNOWN_BUNDLES,
    _TIME_RE,
    _WHITESPACE,
    _disk_paths,
    _not_reserved,
    _tag_characters,
    _times_of_day,
)

__all__ = ["MEMBER_BREAKERS"]


@functools.cache
def _edge_spaced(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    space = st.text(st.sampled_from(_WHITESPACE), min_size=1, max_size=3)
    wrapped = st.tuples(space, valid, st.booleans()).map(lambda t: t[0] + t[1] if t[2] else t[1] + t[0])
    return st.one_of(st.just(""), space, wrapped)


@st.composite
def _broken_resource_name(draw: st.DrawFn) -> InvalidInput:
    bad = draw(invalid_resource_names())
    member = draw(
        st.sampled_from(
            [
                "instanceNames",
                "attachedDiskMapping key",
                "newDiskName",
            ]
        )
    )
    if member == "instanceNames":
        params = base(draw)
        i = index(draw, params["instanceNames"])
        params["instanceNames"][i] = bad
        return InvalidInput(params, "resource_name", f"instanceNames[{i}]")
    params, mapping, key = with_disks(draw)
    if member == "newDiskName":
        i = index(draw, mapping[key])
        mapping[key][i]["newDiskName"] = bad
        return InvalidInput(params, "resource_name", f"attachedDiskMapping[{key!r}][{i}].newDiskName")
    params["attachedDiskMapping"] = {(bad if k == key else k): v for k, v in mapping.items()}
    return InvalidInput(params, "resource_name", f"attachedDiskMapping[{bad!r}]")


@st.composite
def _broken_availability_zone(draw: st.DrawFn) -> InvalidInput:
    params = base(draw)
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
    params = base(draw)
    params["bundleId"] = draw(_edge_spaced(st.sampled_from(_KNOWN_BUNDLES)))
    return InvalidInput(params, "bundle_id", "bundleId")


@st.composite
def _broken_disk_path(draw: st.DrawFn) -> InvalidInput:
    params, mapping, key = with_disks(draw)
    i = index(draw, mapping[key])
    bad = draw(_edge_spaced(_disk_paths()))
    mapping[key][i]["originalDiskPath"] = bad
    return InvalidInput(params, "disk_path", f"attachedDiskMapping[{key!r}][{i}].originalDiskPath")


@st.composite
def _broken_time_of_day(draw: st.DrawFn) -> InvalidInput:
    params = base(draw)
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
    i = place_add_on(draw, params, entry)
    return InvalidInput(params, "time_of_day", f"addOns[{i}].autoSnapshotAddOnRequest.snapshotTimeOfDay")


@functools.cache
def _tag_text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_tag_characters(), max_size=max_size).filter(_not_reserved)


@functools.cache
def _too_long_tag_text(limit: int) -> st.SearchStrategy[str]:
    return st.text(_tag_characters(), min_size=limit + 1, max_size=limit + 10).filter(_not_reserved)


@functools.cache
def _non_tag_characters() -> st.SearchStrategy[str]:
    return st.characters(
        codec="utf-8", exclude_categories=list(TAG_UNICODE_CATEGORIES), exclude_characters=TAG_PUNCTUATION
    )


@st.composite
def _broken_tag(draw: st.DrawFn) -> InvalidInput:
    """One of the four tag rules, on a key or a value."""
    params = base(draw, None, "tags")
    i = index(draw, params["tags"])
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
    params = base(draw)
    over = draw(st.integers(min_value=1, max_value=64))
    params["userData"] = draw(
        st.sampled_from(["#" * (USER_DATA_MAX_BYTES + over), "é" * (USER_DATA_MAX_BYTES // 2 + over)])
    )
    return InvalidInput(params, "user_data_size", "userData")


@st.composite
def _broken_idle(draw: st.DrawFn) -> InvalidInput:
    params = base(draw)
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
    else:  # no maximum: a huge duration is valid, a zero or a leading zero is not
        bad = draw(st.one_of(common, st.sampled_from(["0", "00", "0030"])))
        idle = {"duration": bad}
        if draw(st.booleans()):
            idle["threshold"] = "5"
        member = "duration"
    i = place_add_on(draw, params, {"addOnType": "StopInstanceOnIdle", "stopInstanceOnIdleRequest": idle})
    return InvalidInput(params, rule, f"addOns[{i}].stopInstanceOnIdleRequest.{member}")


@st.composite
def _broken_instance_names_required(draw: st.DrawFn) -> InvalidInput:
    params = base(draw)
    params["instanceNames"] = []
    return InvalidInput(params, "instance_names_required", "instanceNames")


@functools.cache
def _not_in(allowed: Collection[str]) -> st.SearchStrategy[str]:
    variants = [f(v) for v in allowed for f in (str.upper, str.title, lambda s: s + " ", lambda s: s[:-1])]
    return st.one_of(st.sampled_from(variants), st.text(max_size=12)).filter(lambda s: s not in allowed)


@st.composite
def _broken_enum(draw: st.DrawFn) -> InvalidInput:
    params = base(draw)
    if draw(st.booleans()):
        params["ipAddressType"] = draw(_not_in(IP_ADDRESS_TYPES))
        return InvalidInput(params, "enum", "ipAddressType")
    kind = draw(st.sampled_from(ADD_ON_TYPES))
    entry = draw(_add_on_of(kind))
    i = place_add_on(draw, params, entry)
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
                "instanceNames[i]",
                "instanceNames",
                "userData",
                "tags[i]",
                "tags",
                "addOns",
                "attachedDiskMapping",
            ]
        )
    )
    params = base(draw)
    if member == "instanceNames[i]":
        i = index(draw, params["instanceNames"])
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
        i = index(draw, tag_list, extra=1)
        tag_list.insert(i, draw(st.sampled_from(["env=prod", 7, ["env", "prod"]])))
        return InvalidInput(params, "type", f"tags[{i}]")
    if member == "attachedDiskMapping":
        params[member] = draw(st.sampled_from([[], [{"originalDiskPath": "/dev/xvdf"}], "disk-1"]))
        return InvalidInput(params, "type", member)
    params[member] = draw(_NOT_A_STRING)
    return InvalidInput(params, "type", member)


@st.composite
def _broken_required(draw: st.DrawFn) -> InvalidInput:
    where = draw(st.sampled_from(["tag", "disk", "addOn"]))
    if where == "tag":
        params = base(draw, None, "tags")
        i = index(draw, params["tags"])
        params["tags"][i].pop("key")
        return InvalidInput(params, "required", f"tags[{i}].key")
    if where == "disk":
        params, _, key = with_disks(draw)
        i = index(draw, params["attachedDiskMapping"][key])
        member = draw(st.sampled_from(["originalDiskPath", "newDiskName"]))
        del params["attachedDiskMapping"][key][i][member]
        return InvalidInput(params, "required", f"attachedDiskMapping[{key!r}][{i}].{member}")
    params = base(draw, None, "addOns")
    i = index(draw, params["addOns"])
    del params["addOns"][i]["addOnType"]
    return InvalidInput(params, "required", f"addOns[{i}].addOnType")


@st.composite
def _broken_unknown_member(draw: st.DrawFn) -> InvalidInput:
    where = draw(st.sampled_from(["tag", "disk", "addOn", "autoSnapshot", "stopOnIdle"]))
    if where == "tag":
        params = base(draw, None, "tags")
        i = index(draw, params["tags"])
        key = unknown_member(draw, Tag)
        params["tags"][i][key] = "x"
        return InvalidInput(params, "unknown_member", f"tags[{i}].{key}")
    if where == "disk":
        params, _, mapping_key = with_disks(draw)
        i = index(draw, params["attachedDiskMapping"][mapping_key])
        key = unknown_member(draw, DiskMap)
        params["attachedDiskMapping"][mapping_key][i][key] = "/dev/xvdg"
        return InvalidInput(params, "unknown_member", f"attachedDiskMapping[{mapping_key!r}][{i}].{key}")
    params = base(draw)
    if where == "addOn":
        i = place_add_on(draw, params, draw(_add_on_of(draw(st.sampled_from(ADD_ON_TYPES)))))
        key = unknown_member(draw, AddOnRequest)
        params["addOns"][i][key] = "x"
        return InvalidInput(params, "unknown_member", f"addOns[{i}].{key}")
    kind, sub, model = (
        ("AutoSnapshot", "autoSnapshotAddOnRequest", AutoSnapshotAddOnRequest)
        if where == "autoSnapshot"
        else ("StopInstanceOnIdle", "stopInstanceOnIdleRequest", StopInstanceOnIdleRequest)
    )
    key = unknown_member(draw, model)
    i = place_add_on(draw, params, {"addOnType": kind, sub: {key: "1"}})
    return InvalidInput(params, "unknown_member", f"addOns[{i}].{sub}.{key}")


# Cross-field rules (rules.RULES): each breaker breaks exactly one and leaves every field valid.


_LONE_SURROGATES: Final = st.integers(min_value=0xD800, max_value=0xDFFF).map(chr)


@st.composite
def _broken_utf8(draw: st.DrawFn) -> InvalidInput:
    """A lone surrogate in a free-text member: text botocore could not encode as UTF-8 to send."""
    member = draw(st.sampled_from(["userData", "bundleId", "originalDiskPath"]))
    surrogate = draw(_LONE_SURROGATES)
    if member == "originalDiskPath":
        params, _, key = with_disks(draw)
        i = index(draw, params["attachedDiskMapping"][key])
        disk = params["attachedDiskMapping"][key][i]
        disk["originalDiskPath"] = f"/dev/xvd{surrogate}"
        return InvalidInput(params, "utf8", f"attachedDiskMapping[{key!r}][{i}].originalDiskPath")
    params = base(draw)
    params[member] = (
        f"{params.get(member) or '#!/bin/sh'}{surrogate}x" if member == "userData" else f"micro{surrogate}_3_0"
    )
    return InvalidInput(params, "utf8", member)


def _spelt_twice(params: dict[str, Any], model: type[BaseModel], alias: str) -> None:
    """Next to the member ``alias`` (its AWS name), give it again under its Python name, with the same value."""
    [name] = [name for name, info in model.model_fields.items() if info.alias == alias]
    params[name] = copy.deepcopy(params[alias])


@st.composite
def _broken_given_twice(draw: st.DrawFn) -> InvalidInput:
    """A member given under both spellings, ``instanceNames`` and ``instance_names``, with the same value."""
    where = draw(st.sampled_from(["request", "addOn", "disk", "autoSnapshot"]))
    if where == "request":  # any member present with two spellings (``tags`` has one)
        params = base(draw)
        fields = CreateInstancesFromSnapshotRequest.model_fields
        twice = sorted(info.alias for name, info in fields.items() if info.alias and info.alias != name)
        member = draw(st.sampled_from([alias for alias in twice if alias in params]))
        _spelt_twice(params, CreateInstancesFromSnapshotRequest, member)
        return InvalidInput(params, "given_twice", member)
    if where == "disk":
        params, _, key = with_disks(draw)
        i = index(draw, params["attachedDiskMapping"][key])
        member = draw(st.sampled_from(["originalDiskPath", "newDiskName"]))
        _spelt_twice(params["attachedDiskMapping"][key][i], DiskMap, member)
        return InvalidInput(params, "given_twice", f"attachedDiskMapping[{key!r}][{i}].{member}")
    params = base(draw)
    if where == "addOn":
        i = place_add_on(draw, params, draw(_add_on_of(draw(st.sampled_from(ADD_ON_TYPES)))))
        _spelt_twice(params["addOns"][i], AddOnRequest, "addOnType")
        return InvalidInput(params, "given_twice", f"addOns[{i}].addOnType")
    time: dict[str, Any] = {"snapshotTimeOfDay": draw(_times_of_day())}
    i = place_add_on(draw, params, {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": time})
    _spelt_twice(time, AutoSnapshotAddOnRequest, "snapshotTimeOfDay")
    return InvalidInput(params, "given_twice", f"addOns[{i}].autoSnapshotAddOnRequest.snapshotTimeOfDay")


MEMBER_BREAKERS: Final[tuple[tuple[tuple[str, ...], Breaker], ...]] = (
    *member_breakers(CreateInstancesFromSnapshotRequest, _params()),
    (("resource_name",), _broken_resource_name),
    (("availability_zone",), _broken_availability_zone),
    (("bundle_id",), _broken_bundle_id),
    (("disk_path",), _broken_disk_path),
    (("time_of_day",), _broken_time_of_day),
    (("tag_key_length", "tag_value_length", "tag_charset", "tag_reserved_prefix"), _broken_tag),
    (("user_data_size",), _broken_user_data_size),
    (("idle_threshold", "idle_duration"), _broken_idle),
    (("instance_names_required",), _broken_instance_names_required),
    (("utf8",), _broken_utf8),
    (("enum",), _broken_enum),
    (("type",), _broken_type),
    (("required",), _broken_required),
    (("unknown_member",), _broken_unknown_member),
    (("given_twice",), _broken_given_twice),
)
"""Each breaker of a member rule, with the rule ids it can break: the top-level members' derived from the model
(``_derived.member_breakers``), the nested members' and the create request's own rules written here."""
