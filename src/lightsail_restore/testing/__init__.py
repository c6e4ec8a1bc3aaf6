"""Test helpers for code that builds CreateInstancesFromSnapshot requests (needs the ``testing`` extra).

``lightsail_restore.testing.strategies`` holds Hypothesis strategies for valid requests and for requests with
exactly one rule broken; the most used ones are re-exported here.
The private ``_ports``, ``_static_ip`` and ``_copy`` hold the same pair (valid, and one rule broken) for
PutInstancePublicPorts, AttachStaticIp/DetachStaticIp and CopySnapshot.
"""

try:
    import hypothesis as _hypothesis  # noqa: F401 - only to say what to install when it is missing
except ImportError as _missing:
    raise ModuleNotFoundError(
        "lightsail_restore.testing needs Hypothesis: pip install 'lightsail-restore[testing]'", name="hypothesis"
    ) from _missing

from ._copy import copy_snapshot_params, copy_snapshot_requests, invalid_copy_snapshot_inputs
from ._ports import (
    invalid_put_instance_public_ports_inputs,
    put_instance_public_ports_params,
    put_instance_public_ports_requests,
)
from ._static_ip import (
    attach_static_ip_params,
    detach_static_ip_params,
    invalid_attach_static_ip_inputs,
    invalid_detach_static_ip_inputs,
)
from .strategies import (
    InvalidInput,
    create_instances_from_snapshot_params,
    create_instances_from_snapshot_requests,
    invalid_create_instances_from_snapshot_inputs,
)

__all__ = [
    "InvalidInput",
    "attach_static_ip_params",
    "copy_snapshot_params",
    "copy_snapshot_requests",
    "create_instances_from_snapshot_params",
    "create_instances_from_snapshot_requests",
    "detach_static_ip_params",
    "invalid_attach_static_ip_inputs",
    "invalid_copy_snapshot_inputs",
    "invalid_create_instances_from_snapshot_inputs",
    "invalid_detach_static_ip_inputs",
    "invalid_put_instance_public_ports_inputs",
    "put_instance_public_ports_params",
    "put_instance_public_ports_requests",
]
