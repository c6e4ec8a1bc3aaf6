"""Invalid inputs: valid boto3 dicts with exactly one rule broken, each with the rule id and AWS path expected.

The breakers live in ``_broken_members`` (rules on single members) and ``_broken_rules`` (cross-field rules);
this module lists the rule ids they cover and draws from them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from hypothesis import strategies as st

from ..request.rules import RULES
from ._breakers import choose_breakers
from ._breaking import Breaker, InvalidInput
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

_BREAKERS: Final[tuple[tuple[tuple[str, ...], Breaker], ...]] = MEMBER_BREAKERS + RULE_BREAKERS


def invalid_create_instances_from_snapshot_inputs(
    *, rules: Collection[str] | None = None
) -> st.SearchStrategy[InvalidInput]:
    """Boto3 kwargs dicts with exactly one rule broken, each with the rule id and AWS path it must be refused with.

    Covers every member-level rule (``FIELD_RULES``: names on every name-bearing member including disk-map keys,
    zone, bundle, disk path, time of day, restore date, the four tag rules, user-data size, idle threshold and
    duration, empty ``instanceNames``, text that is not UTF-8, enums, wrong types, missing, unknown and repeated
    members) and every rule id of ``rules.RULES``.

    Args:
        rules: Only break these rule ids (each must be in ``INVALID_INPUT_RULES``); every rule when ``None``.

    Returns:
        A strategy of ``InvalidInput``; ``CreateInstancesFromSnapshotRequest.from_boto3(x.params)`` raises a
        ``RequestValidationError`` whose only issue has ``x.rule`` and ``x.path``.

    Raises:
        InvalidArgument: ``rules`` is empty or names a rule id this strategy does not know.
    """
    return choose_breakers(_BREAKERS, INVALID_INPUT_RULES, rules)
