"""The public Hypothesis strategies: every value they generate is accepted, and they reach every rule."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import TypeAdapter

from lightsail_restore import AddOnRequest, CreateInstancesFromSnapshotRequest, DiskMap, Tag
from lightsail_restore.request._rules import RULES
from lightsail_restore.request._types import (
    ALNUM,
    MAX_TAGS,
    RESOURCE_NAME_CHARS,
    UNICODE_SPACES,
    AvailabilityZone,
    BundleId,
    DiskPath,
    IdleDuration,
    IdleThreshold,
    ResourceName,
    RestoreDate,
    TagKey,
    TagValue,
    TimeOfDay,
    is_tag_text,
)
from lightsail_restore.testing import strategies as lst

SCALARS = {
    "resource_names": (lst.resource_names(), ResourceName),
    "resource_names_255": (lst.resource_names(min_size=255, max_size=255), ResourceName),
    "availability_zones": (lst.availability_zones(), AvailabilityZone),
    "availability_zones_region": (lst.availability_zones(region="eu-west-1"), AvailabilityZone),
    "bundle_ids": (lst.bundle_ids(), BundleId),
    "disk_paths": (lst.disk_paths(), DiskPath),
    "times_of_day": (lst.times_of_day(), TimeOfDay),
    "restore_dates": (lst.restore_dates(), RestoreDate),
    "tag_keys": (lst.tag_keys(), TagKey),
    "tag_values": (lst.tag_values(), TagValue),
    "idle_thresholds": (lst.idle_thresholds(), IdleThreshold),
    "idle_durations": (lst.idle_durations(), IdleDuration),
}


@pytest.mark.parametrize(("strategy", "annotation"), list(SCALARS.values()), ids=list(SCALARS))
def test_every_generated_scalar_validates(strategy: st.SearchStrategy[str], annotation: Any) -> None:
    adapter: TypeAdapter[str] = TypeAdapter(annotation)

    @given(strategy)
    def check(value: str) -> None:
        assert adapter.validate_python(value) == value

    check()


@given(lst.resource_names())
def test_resource_names_use_only_the_shared_ascii_classes(name: str) -> None:
    # The strategy expands the same class constants the validator compiles; check against the constants directly.
    assert re.fullmatch(f"[{ALNUM}][{RESOURCE_NAME_CHARS}]*[{ALNUM}]", name)
    assert name.isascii()


@given(lst.resource_names(min_size=3, max_size=5))
def test_resource_names_respect_their_bounds(name: str) -> None:
    assert 3 <= len(name) <= 5


@given(lst.tag_keys() | lst.tag_values())
def test_tag_text_matches_the_validators_character_test(text: str) -> None:
    assert is_tag_text(text)
    assert not text.lower().startswith("aws:")


FAST = settings(max_examples=1000, phases=[Phase.generate], database=None)


def test_tags_are_generated_with_unicode_spaces_other_than_the_space() -> None:
    wide = set(UNICODE_SPACES) - {" "}
    assert wide & set(find(lst.tag_keys(), lambda key: bool(wide & set(key)), settings=FAST))
    assert wide & set(find(lst.tag_values(), lambda value: bool(wide & set(value)), settings=FAST))


def test_idle_durations_beyond_the_old_cap_are_generated() -> None:
    assert int(find(lst.idle_durations(), lambda minutes: int(minutes) > 999_999, settings=FAST)) > 999_999
    add_on = find(
        lst.add_on_requests(add_on_types=["StopInstanceOnIdle"]),
        lambda a: int(a.get("stopInstanceOnIdleRequest", {}).get("duration", "0")) > 999_999,
        settings=FAST,
    )
    params: dict[str, Any] = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a"}
    params |= {"bundleId": "app_standard_xl_1_0", "instanceSnapshotName": "web-1-snap", "addOns": [add_on]}
    assert CreateInstancesFromSnapshotRequest.model_validate(params).to_boto3() == params


def test_no_new_name_is_the_source_instance() -> None:
    @given(lst.create_instances_from_snapshot_params(source="auto"))
    def check(params: Any) -> None:
        disks = [d["newDiskName"] for ds in params.get("attachedDiskMapping", {}).values() for d in ds]
        assert params["sourceInstanceName"] not in [*params["instanceNames"], *disks]

    check()


@given(lst.tags())
def test_tags_have_unique_keys_and_validate(tag_list: list[Any]) -> None:
    assert len(tag_list) <= MAX_TAGS
    assert len({tag["key"] for tag in tag_list}) == len(tag_list)
    assert [Tag.model_validate(tag).to_boto3() for tag in tag_list] == tag_list


@given(lst.disk_maps())
def test_disk_maps_validate(disk: Any) -> None:
    assert DiskMap.model_validate(disk).to_boto3() == disk


@given(lst.add_on_requests())
def test_add_on_requests_validate_and_match_their_type(add_on: Any) -> None:
    assert AddOnRequest.model_validate(add_on).to_boto3() == add_on
    if add_on["addOnType"] == "AutoSnapshot":
        assert "stopInstanceOnIdleRequest" not in add_on
    else:
        assert "autoSnapshotAddOnRequest" not in add_on


@given(lst.user_data())
def test_user_data_stays_within_16_kib(text: str) -> None:
    assert len(text.encode("utf-8")) <= 16 * 1024


@pytest.mark.parametrize("source", ["manual", "auto", "latest"])
def test_source_is_respected(source: lst.Source) -> None:
    @given(lst.create_instances_from_snapshot_requests(source=source))
    def check(request: CreateInstancesFromSnapshotRequest) -> None:
        assert request.is_manual == (source == "manual")
        assert (request.restore_date is not None) == (source == "auto")
        assert bool(request.use_latest_restorable_auto_snapshot) == (source == "latest")

    check()


@pytest.mark.parametrize(
    "member",
    ["attachedDiskMapping", "userData", "keyPairName", "tags", "addOns", "ipAddressType", "restoreDate"],
)
@pytest.mark.parametrize("present", [True, False])
def test_every_optional_member_is_generated_present_and_absent(member: str, present: bool) -> None:
    fast = settings(max_examples=500, phases=[Phase.generate], database=None)
    found = find(lst.create_instances_from_snapshot_params(), lambda p: (member in p) == present, settings=fast)
    assert (member in found) == present


def test_from_type_is_registered_by_the_entry_point() -> None:
    fast = settings(max_examples=50, phases=[Phase.generate], database=None)
    assert isinstance(
        find(st.from_type(CreateInstancesFromSnapshotRequest), lambda _: True, settings=fast),
        CreateInstancesFromSnapshotRequest,
    )
    assert isinstance(find(st.from_type(Tag), lambda _: True, settings=fast), Tag)


def test_invalid_input_rules_cover_every_rule_of_rules_py() -> None:
    cross_field = [rule.rule for rule in RULES]
    assert set(cross_field) <= set(lst.INVALID_INPUT_RULES)
    assert len(set(lst.INVALID_INPUT_RULES)) == len(lst.INVALID_INPUT_RULES)


@pytest.mark.parametrize("rule_id", lst.INVALID_INPUT_RULES)
def test_the_invalid_strategy_can_break_each_rule(rule_id: str) -> None:
    fast = settings(max_examples=200, phases=[Phase.generate], database=None)
    found = find(lst.invalid_create_instances_from_snapshot_inputs(rules=[rule_id]), lambda _: True, settings=fast)
    assert found.rule == rule_id


@pytest.mark.parametrize(
    "make",
    [
        lambda: lst.resource_names(min_size=1),
        lambda: lst.resource_names(max_size=256),
        lambda: lst.resource_names(min_size=10, max_size=9),
        lambda: lst.availability_zones(region="Mars"),
        lambda: lst.tags(max_size=51),
        lambda: lst.tags(min_size=-1),
        lambda: lst.add_on_requests(add_on_types=[]),
        lambda: lst.add_on_requests(add_on_types=["Backup"]),
        lambda: lst.create_instances_from_snapshot_params(source="copy"),  # type: ignore[arg-type]
        lambda: lst.create_instances_from_snapshot_requests(source="copy"),  # type: ignore[arg-type]
        lambda: lst.invalid_create_instances_from_snapshot_inputs(rules=[]),
        lambda: lst.invalid_create_instances_from_snapshot_inputs(rules=["no_such_rule"]),
    ],
)
def test_bad_arguments_raise_invalid_argument(make: Any) -> None:
    with pytest.raises(InvalidArgument):
        make()


@pytest.mark.parametrize(
    "code",
    [
        # the strategies first: their own `import hypothesis` runs the entry point on a half-imported module
        "import lightsail_restore.testing.strategies\n"
        "from hypothesis import Phase, find, settings, strategies as st\n"
        "from lightsail_restore import CreateInstancesFromSnapshotRequest as R\n"
        "fast = settings(phases=[Phase.generate], database=None)\n"
        "assert isinstance(find(st.from_type(R), lambda _: True, settings=fast), R)",
        # Hypothesis first, as in a test run: the entry point imports the strategies itself
        "import hypothesis\n"
        "from hypothesis import Phase, find, settings, strategies as st\n"
        "from lightsail_restore import Tag\n"
        "fast = settings(phases=[Phase.generate], database=None)\n"
        "assert isinstance(find(st.from_type(Tag), lambda _: True, settings=fast), Tag)",
    ],
    ids=["strategies-first", "hypothesis-first"],
)
def test_entry_point_registers_in_either_import_order(code: str) -> None:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)  # noqa: S603
    assert result.returncode == 0, result.stderr
