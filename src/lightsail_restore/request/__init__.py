"""The typed requests: every parameter and every rule of each call, refused before anything is sent.

``create`` holds ``CreateInstancesFromSnapshotRequest`` and its parts; ``types`` the constrained scalars and
enums; ``rules`` the cross-field rules as data; ``base`` the shared model configuration.
"""

from .create import (
    AddOnRequest,
    AutoSnapshotAddOnRequest,
    CreateInstancesFromSnapshotKwargs,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    RequestOptions,
    StopInstanceOnIdleRequest,
    Tag,
    parse_request,
)

__all__ = [
    "AddOnRequest",
    "AutoSnapshotAddOnRequest",
    "CreateInstancesFromSnapshotKwargs",
    "CreateInstancesFromSnapshotRequest",
    "DiskMap",
    "RequestOptions",
    "StopInstanceOnIdleRequest",
    "Tag",
    "parse_request",
]
