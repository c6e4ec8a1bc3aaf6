"""The typed requests: every parameter and every rule of each call, refused before anything is sent.

Its modules are private: ``_create`` holds ``CreateInstancesFromSnapshotRequest`` and its parts; ``_types`` the
constrained scalars and enums; ``_rules`` the cross-field rules as data; ``_base`` the shared model configuration.
``_ports`` (PutInstancePublicPorts), ``_static_ip`` (AttachStaticIp, DetachStaticIp) and ``_copy`` (CopySnapshot)
hold the requests of the cut-over and of the cross-Region restore, each with its rules as data; ``_health`` the
readiness gate's health checks. ``__all__`` lists the public models (each in ``docs/reference.md``).
"""

from ._copy import CopySnapshotRequest
from ._create import (
    AddOnRequest,
    AutoSnapshotAddOnRequest,
    CreateInstancesFromSnapshotKwargs,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    StopInstanceOnIdleRequest,
    Tag,
    parse_request,
)
from ._health import HealthCheck, HttpCheck, SshCheck, TcpCheck
from ._ports import PortInfo, PutInstancePublicPortsRequest, parse_port_infos
from ._static_ip import AttachStaticIpRequest, DetachStaticIpRequest

__all__ = [
    "AddOnRequest",
    "AttachStaticIpRequest",
    "AutoSnapshotAddOnRequest",
    "CopySnapshotRequest",
    "CreateInstancesFromSnapshotKwargs",
    "CreateInstancesFromSnapshotRequest",
    "DetachStaticIpRequest",
    "DiskMap",
    "HealthCheck",
    "HttpCheck",
    "PortInfo",
    "PutInstancePublicPortsRequest",
    "SshCheck",
    "StopInstanceOnIdleRequest",
    "Tag",
    "TcpCheck",
    "parse_port_infos",
    "parse_request",
]
