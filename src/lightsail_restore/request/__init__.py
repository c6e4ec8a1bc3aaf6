"""The typed requests: every parameter and every rule of each call, refused before anything is sent.

``create`` holds ``CreateInstancesFromSnapshotRequest`` and its parts; ``types`` the constrained scalars and
enums; ``rules`` the cross-field rules as data; ``base`` the shared model configuration.
``ports`` (PutInstancePublicPorts), ``static_ip`` (AttachStaticIp, DetachStaticIp) and ``copy`` (CopySnapshot)
hold the requests of the cut-over and of the cross-Region restore, each with its rules as data; ``health`` the
readiness gate's health checks.
"""

from .copy import CopySnapshotRequest
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
from .health import HealthCheck, HttpCheck, SshCheck, TcpCheck
from .ports import PortInfo, PutInstancePublicPortsRequest, parse_port_infos
from .static_ip import AttachStaticIpRequest, DetachStaticIpRequest

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
    "RequestOptions",
    "SshCheck",
    "StopInstanceOnIdleRequest",
    "Tag",
    "TcpCheck",
    "parse_port_infos",
    "parse_request",
]
