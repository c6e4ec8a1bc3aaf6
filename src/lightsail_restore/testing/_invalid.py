"""Invalid inputs: valid boto3 dicts with exactly one rule broken, each with the rule id and AWS path expected.

The breakers live in ``_broken_members`` (rules on single members) and ``_broken_rules`` (cross-field rules);
this module lists the rule ids they cover and draws from them.
"""

from __future__ import annotations

from typing import Final

from ..request._rules import RULES
from ._breakers import invalid_inputs
from ._breaking import InvalidInput
from ._broken_members import MEMBER_BREAKERS
from ._broken_rules import RULE_BREAKERS

__all__ = ["FIELD_RULES", "INVALID_INPUT_RULES", "InvalidInput", "invalid_create_instances_from_snapshot_inputs"]

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
    "utf8",
    "enum",
    "type",
    "required",
    "unknown_member",
    "given_twice",
)
"""Rule ids of the checks on single members (the cross-field rule ids are those of ``rules.RULES``)."""
INVALID_INPUT_RULES: Final[tuple[str, ...]] = FIELD_RULES + tuple(rule.rule for rule in RULES)
"""Every rule id ``invalid_create_instances_from_snapshot_inputs()`` can break."""

invalid_create_instances_from_snapshot_inputs: Final = invalid_inputs(
    "invalid_create_instances_from_snapshot_inputs",
    "CreateInstancesFromSnapshotRequest",
    MEMBER_BREAKERS + RULE_BREAKERS,
    INVALID_INPUT_RULES,
    "INVALID_INPUT_RULES",
    "Covers every member-level rule (``FIELD_RULES``: names on every name-bearing member including disk-map keys,\n"
    "    zone, bundle, disk path, time of day, restore date, the four tag rules, user-data size, idle threshold and\n"
    "    duration, empty ``instanceNames``, text that is not UTF-8, enums, wrong types, missing, unknown and repeated\n"
    "    members) and every rule id of ``rules.RULES``.",
)
