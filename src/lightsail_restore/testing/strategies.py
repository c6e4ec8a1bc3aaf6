"""Hypothesis strategies for CreateInstancesFromSnapshot: valid requests, and requests with exactly one rule broken.

Every strategy is built from the same constants as the validators in ``lightsail_restore.request._types`` (character
classes, lengths, enums), so what they generate and what the request model accepts cannot drift apart. Requests
are generated as the boto3 (camelCase) dict first and validated afterwards, so
``create_instances_from_snapshot_params()`` gives exactly the kwargs a boto3 user would pass.

This module gathers them; they are written in smaller modules: ``_scalars`` (one strategy per member type),
``_requests`` (valid parts and whole requests), ``_invalid`` with ``_broken_members`` and ``_broken_rules``
(inputs with one rule broken).

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


from hypothesis import strategies as st

from ..request import AddOnRequest, CreateInstancesFromSnapshotRequest, DiskMap, Tag
from ._invalid import (
    FIELD_RULES,
    INVALID_INPUT_RULES,
    InvalidInput,
    invalid_create_instances_from_snapshot_inputs,
)
from ._requests import (
    SOURCES,
    Source,
    _tag_dicts,
    add_on_requests,
    create_instances_from_snapshot_params,
    create_instances_from_snapshot_requests,
    disk_maps,
    tags,
)
from ._scalars import (
    availability_zones,
    bundle_ids,
    disk_paths,
    idle_durations,
    idle_thresholds,
    resource_names,
    restore_dates,
    tag_keys,
    tag_values,
    times_of_day,
    user_data,
)

__all__ = [
    "FIELD_RULES",
    "INVALID_INPUT_RULES",
    "SOURCES",
    "InvalidInput",
    "Source",
    "add_on_requests",
    "availability_zones",
    "bundle_ids",
    "create_instances_from_snapshot_params",
    "create_instances_from_snapshot_requests",
    "disk_maps",
    "disk_paths",
    "idle_durations",
    "idle_thresholds",
    "invalid_create_instances_from_snapshot_inputs",
    "resource_names",
    "restore_dates",
    "tag_keys",
    "tag_values",
    "tags",
    "times_of_day",
    "user_data",
]


def _register_type_strategies() -> None:
    st.register_type_strategy(CreateInstancesFromSnapshotRequest, create_instances_from_snapshot_requests())
    st.register_type_strategy(Tag, _tag_dicts().map(Tag.model_validate))
    st.register_type_strategy(DiskMap, disk_maps().map(DiskMap.model_validate))
    st.register_type_strategy(AddOnRequest, add_on_requests().map(AddOnRequest.model_validate))


if _hook_ran_too_early:
    _register_type_strategies()
