"""Refusals as a whole: bounded, one "given twice" from every entry point, never quoting the input.

Also the newly valid values of this round (Unicode spaces in tags, long idle durations) and the patterns that
pydantic-core matches for us, checked against the Python reading of the same rule.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from lightsail_restore import (
    AddOnRequest,
    CreateInstancesFromSnapshotRequest,
    Issue,
    RequestValidationError,
    Tag,
    parse_request,
)
from lightsail_restore.request._issues import MAX_ISSUES, TOO_MANY_PROBLEMS
from lightsail_restore.request._types import (
    AVAILABILITY_ZONE_PATTERN,
    NON_BLANK_PATTERN,
    RESOURCE_NAME_PATTERN,
    TAG_UNICODE_CATEGORIES,
    UNICODE_SPACES,
    BundleId,
    IdleDuration,
    is_tag_text,
)

Request = CreateInstancesFromSnapshotRequest
MANUAL: dict[str, Any] = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}
SNAKE: dict[str, Any] = {
    "instance_names": ["web-2"],
    "availability_zone": "us-east-2a",
    "bundle_id": "micro_3_0",
    "instance_snapshot_name": "web-1-snap",
}
TWICE = Issue("instanceNames", "given_twice", "given twice: as instanceNames and instance_names")


def refusal(make: Callable[[], object]) -> RequestValidationError:
    with pytest.raises(RequestValidationError) as caught:
        make()
    return caught.value


# -- bounded ------------------------------------------------------------------------------------------------------


def test_a_hundred_thousand_unknown_members_are_named_fifty_and_counted() -> None:
    params = {**MANUAL, **{f"junk{i}": i for i in range(100_000)}}
    error = refusal(lambda: Request.from_boto3(params))
    assert len(error.issues) == MAX_ISSUES == 50
    assert error.omitted == 100_000 - 50
    assert error.issues[0] == Issue(
        "junk0",
        "unknown_member",
        "is not a member of CreateInstancesFromSnapshotRequest; the members are "
        + ", ".join(info.alias or name for name, info in Request.model_fields.items()),
    )
    text = str(error)
    assert text.startswith("request refused before sending (100000 problems, the first 50 listed):\n")
    assert text.endswith("\n  ... and 99950 more")
    assert len(text.splitlines()) == 1 + 50 + 1


def test_member_problems_come_first_then_unknown_members_even_when_there_are_many() -> None:
    params = {**MANUAL, "bundleId": " ", "ipAddressType": "ipv5", **{f"x{i}": 0 for i in range(1000)}}
    error = refusal(lambda: Request.from_boto3(params))
    assert error.rules[:3] == ("bundle_id", "enum", "unknown_member")
    assert error.paths[2] == "x0"
    assert (len(error.issues), error.omitted) == (50, 1002 - 50)


def test_many_bad_names_are_bounded_too() -> None:
    error = refusal(lambda: Request.from_boto3({**MANUAL, "instanceNames": ["bad name"] * 80}))
    assert error.paths == tuple(f"instanceNames[{i}]" for i in range(50))
    assert set(error.rules) == {"resource_name"}
    assert error.omitted == 30


def test_many_broken_cross_field_rules_are_bounded_too() -> None:
    error = refusal(lambda: Request.from_boto3({**MANUAL, "instanceNames": ["web-2"] * 70}))
    assert set(error.rules) == {"X12_unique_instance_names"}
    assert (len(error.issues), error.omitted) == (50, 19)


def test_model_validate_counts_the_rest_in_one_last_entry() -> None:
    params = {**MANUAL, **{f"junk{i}": i for i in range(300)}}
    with pytest.raises(ValidationError) as caught:
        Request.model_validate(params)
    errors = caught.value.errors(include_input=False)
    assert len(errors) == MAX_ISSUES + 1
    assert errors[-1]["type"] == TOO_MANY_PROBLEMS
    assert errors[-1]["msg"] == "and 250 more problems, not listed (a refusal names at most 50)"
    assert {e["type"] for e in errors[:-1]} == {"unknown_member"}


def test_a_small_refusal_has_no_count() -> None:
    error = refusal(lambda: Request.from_boto3({**MANUAL, "zz": 1}))
    assert (len(error.issues), error.omitted) == (1, 0)
    assert "more" not in str(error)


# -- given twice ----------------------------------------------------------------------------------------------------

ENTRY_POINTS: dict[str, Callable[[], object]] = {
    "from_boto3": lambda: Request.from_boto3({**MANUAL, "instance_names": ["web-2"]}),
    "parse_request(dict)": lambda: parse_request({**MANUAL, "instance_names": ["web-3"]}),
    "parse_request(keywords)": lambda: parse_request(**SNAKE, instanceNames=["web-3"]),
    "from_manual_snapshot": lambda: Request.from_manual_snapshot(
        "web-1-snap",
        instance_names=["web-2"],
        availability_zone="us-east-2a",
        bundle_id="micro_3_0",
        instanceNames=["web-2"],  # type: ignore[call-arg]  # at run time, a caller outside mypy
    ),
}


@pytest.mark.parametrize("make", list(ENTRY_POINTS.values()), ids=list(ENTRY_POINTS))
def test_a_member_given_twice_is_one_clear_refusal(make: Callable[[], object]) -> None:
    assert list(refusal(make).issues) == [TWICE]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Request.model_validate({**SNAKE, "instanceNames": ["web-2"]}),
        lambda: Request(**SNAKE, instanceNames=["web-2"]),  # type: ignore[call-arg]
    ],
    ids=["model_validate", "constructor"],
)
def test_pydantic_entry_points_give_the_same_single_error(make: Callable[[], object]) -> None:
    with pytest.raises(ValidationError) as caught:
        make()
    [error] = caught.value.errors(include_input=False)
    assert (error["type"], error["msg"]) == ("given_twice", TWICE.message)


def test_given_twice_inside_a_part_names_the_part() -> None:
    add_on = {"addOnType": "AutoSnapshot", "add_on_type": "AutoSnapshot"}
    error = refusal(lambda: Request.from_boto3({**MANUAL, "addOns": [add_on]}))
    assert list(error.issues) == [
        Issue("addOns[0].addOnType", "given_twice", "given twice: as addOnType and add_on_type")
    ]


def test_given_twice_a_member_whose_python_name_is_also_an_option_of_the_client() -> None:
    """``restore_date`` is a keyword of ``client.keep`` too: the refusal names the member as the input spelled it,
    and the autouse check that the core lists every library option its message names takes it as the member (it
    failed here, when Hypothesis drew this input in docs/testing.md's example)."""
    auto = {"sourceInstanceName": "web-1", "useLatestRestorableAutoSnapshot": None, "instanceNames": ["web-2"]}
    twice = {**auto, "availabilityZone": "us-east-2a", "bundleId": "micro_3_0", "restoreDate": "2026-03-01"}
    error = refusal(lambda: parse_request({**twice, "restore_date": "2026-03-02"}))
    assert list(error.issues) == [Issue("restoreDate", "given_twice", "given twice: as restoreDate and restore_date")]


def test_a_keyword_still_replaces_a_member_of_the_dict() -> None:
    assert parse_request(MANUAL, instance_names=["web-9"]).instance_names == ("web-9",)
    assert parse_request(SNAKE, instanceNames=["web-9"]).instance_names == ("web-9",)


# -- UTF-8 ----------------------------------------------------------------------------------------------------------

CANARY = "canary-4d2f"


@pytest.mark.parametrize(
    ("member", "value", "path"),
    [
        ("userData", f"#!/bin/sh\necho {CANARY} \ud83d\n", "userData"),
        ("bundleId", f"{CANARY}\udc80", "bundleId"),
        (
            "attachedDiskMapping",
            {"web-1": [{"originalDiskPath": f"/dev/{CANARY}\ud800", "newDiskName": "data-1"}]},
            "attachedDiskMapping['web-1'][0].originalDiskPath",
        ),
    ],
    ids=["userData", "bundleId", "originalDiskPath"],
)
def test_text_that_is_not_utf8_is_refused_without_quoting_it(member: str, value: Any, path: str) -> None:
    error = refusal(lambda: Request.from_boto3({**MANUAL, member: value}))
    assert [(issue.path, issue.rule) for issue in error.issues] == [(path, "utf8")]
    assert CANARY not in str(error) + repr(error.issues)
    with pytest.raises(ValidationError) as caught:
        Request.model_validate({**MANUAL, member: value})
    assert CANARY not in str(caught.value) + repr(caught.value.errors()) + caught.value.json()


def test_a_surrogate_in_a_name_or_a_tag_is_refused_by_that_rule() -> None:
    error = refusal(
        lambda: Request.from_boto3({**MANUAL, "instanceNames": ["web\ud800"], "tags": [{"key": "k\ud800"}]})
    )
    assert [(issue.path, issue.rule) for issue in error.issues] == [
        ("instanceNames[0]", "resource_name"),
        ("tags[0].key", "tag_charset"),
    ]


# -- newly valid values ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("space", list(UNICODE_SPACES), ids=lambda c: f"U+{ord(c):04X}")
def test_every_unicode_space_separator_is_allowed_in_tags(space: str) -> None:
    tag = Tag.model_validate({"key": f"cost{space}centre", "value": f"{space}team{space}"})
    assert tag.to_boto3() == {"key": f"cost{space}centre", "value": f"{space}team{space}"}


def test_unicode_spaces_are_exactly_the_space_separators() -> None:
    every = (chr(c) for c in range(sys.maxunicode + 1))
    assert "".join(ch for ch in every if unicodedata.category(ch) == "Zs") == UNICODE_SPACES
    assert "Zs" in TAG_UNICODE_CATEGORIES
    assert not is_tag_text("a\u2028b") and not is_tag_text("a\u2029b") and not is_tag_text("a\tb")


@pytest.mark.parametrize("minutes", ["1", "999999", "1000000", "525600", "9" * 40])
def test_long_idle_durations_are_valid(minutes: str) -> None:
    add_on = AddOnRequest.model_validate(
        {"addOnType": "StopInstanceOnIdle", "stopInstanceOnIdleRequest": {"duration": minutes}}
    )
    assert add_on.to_boto3()["stopInstanceOnIdleRequest"] == {"duration": minutes}
    assert TypeAdapter(IdleDuration).validate_python(minutes) == minutes


# -- patterns matched by pydantic-core mean what they mean to Python ---------------------------------------------


def test_the_non_blank_pattern_is_pythons_isspace_at_both_ends() -> None:
    """Rust's ``\\s`` is Unicode White_Space; Python's ``isspace`` adds U+001C-U+001F: the pattern adds them back."""
    bundle: TypeAdapter[str] = TypeAdapter(BundleId)
    python = re.compile(NON_BLANK_PATTERN)
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue  # a lone surrogate is refused as utf8 before the pattern
        expected = not ch.isspace()
        assert bool(python.fullmatch(ch)) is expected
        if ch.isspace() or code < 0x3000:  # every whitespace, and enough of the rest, through pydantic-core
            try:
                bundle.validate_python(f"{ch}x")
            except ValidationError:
                accepted = False
            else:
                accepted = True
            assert accepted is expected, f"U+{code:04X}"


# -- other ways in --------------------------------------------------------------------------------------------------


def test_model_validate_json_refuses_like_model_validate() -> None:
    with pytest.raises(ValidationError) as caught:
        Request.model_validate_json(json.dumps({**MANUAL, "instance_names": ["web-2"], "userData": CANARY}))
    [error] = caught.value.errors()
    assert (error["type"], error["input"]) == ("given_twice", None)
    assert CANARY not in caught.value.json()


def test_a_type_adapter_still_checks_the_cross_field_rules() -> None:
    """Our entry points translate errors; a TypeAdapter gets pydantic's own, but every rule still holds."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Request).validate_python({**MANUAL, "sourceInstanceName": "web-1", "restoreDate": "2026-11-20"})
    assert [e["type"] for e in caught.value.errors()] == ["X1_exclusive_source"]


def test_the_json_schema_shows_the_patterns() -> None:
    schema = Request.model_json_schema(by_alias=True)
    assert schema["properties"]["availabilityZone"]["pattern"] == AVAILABILITY_ZONE_PATTERN
    assert schema["properties"]["instanceNames"]["items"]["pattern"] == RESOURCE_NAME_PATTERN
    assert schema["properties"]["instanceNames"]["minItems"] == 1
    assert "pattern" not in schema["properties"]["bundleId"]  # a (?s) pattern reads differently in JSON Schema
