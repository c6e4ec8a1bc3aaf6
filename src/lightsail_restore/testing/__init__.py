"""Test helpers for code that builds CreateInstancesFromSnapshot requests (needs the ``testing`` extra).

``lightsail_restore.testing.strategies`` holds Hypothesis strategies for valid requests and for requests with
exactly one rule broken; the most used ones are re-exported here.
"""

try:
    import hypothesis as _hypothesis  # noqa: F401 - only to say what to install when it is missing
except ImportError as _missing:
    raise ModuleNotFoundError(
        "lightsail_restore.testing needs Hypothesis: pip install 'lightsail-restore[testing]'", name="hypothesis"
    ) from _missing

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
