"""Test helpers for code that builds CreateInstancesFromSnapshot requests (needs the ``testing`` extra).

``lightsail_restore.testing.strategies`` holds Hypothesis strategies for valid requests and for requests with
exactly one rule broken; the most used ones are re-exported here.
"""

from .strategies import (
    InvalidInput,
    create_instances_from_snapshot_params,
    create_instances_from_snapshot_requests,
    invalid_create_instances_from_snapshot_inputs,
)

__all__ = [
    "InvalidInput",
    "create_instances_from_snapshot_params",
    "create_instances_from_snapshot_requests",
    "invalid_create_instances_from_snapshot_inputs",
]
