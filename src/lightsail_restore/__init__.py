"""lightsail-restore: typed, validated AWS Lightsail CreateInstancesFromSnapshot.

Every rule of the operation is checked before anything is sent; answers come back as typed objects and
errors as typed exceptions. See ``README.md`` and ``docs/``.
"""

import typing as _typing

if _typing.TYPE_CHECKING:  # the public names, for type checkers; at run time __getattr__ loads them
    from ._public import (
        AccessDeniedException,
        AccountSetupInProgressException,
        AddOnRequest,
        AttachStaticIpRequest,
        AutoSnapshotAddOnRequest,
        CopySnapshotRequest,
        CreateInstancesFromSnapshotKwargs,
        CreateInstancesFromSnapshotRequest,
        CreateInstancesFromSnapshotResult,
        DetachStaticIpRequest,
        DiskMap,
        Finding,
        HealthCheck,
        HttpCheck,
        InstanceOutcome,
        InstanceProgress,
        InvalidInputException,
        Issue,
        LightsailError,
        LightsailRestoreClient,
        LightsailRestoreError,
        NotFoundException,
        Operation,
        OperationFailureException,
        OperationStatus,
        OperationType,
        Plan,
        PlanRefusedError,
        PortInfo,
        PutInstancePublicPortsRequest,
        RegionName,
        RegionSetupInProgressException,
        RequestValidationError,
        ResolvedSource,
        ResourceLocation,
        ResourceType,
        ResponseShapeError,
        RestoreFailedError,
        RestoreOutcome,
        ServiceException,
        SourceDisk,
        SourceRegionUnreachableError,
        SshCheck,
        StepOutcome,
        StopInstanceOnIdleRequest,
        Tag,
        TcpCheck,
        TransportError,
        UnauthenticatedException,
        WaitResult,
        parse_port_infos,
        parse_request,
    )

__version__ = "0.1.0"

__all__ = [
    "AccessDeniedException",
    "AccountSetupInProgressException",
    "AddOnRequest",
    "AttachStaticIpRequest",
    "AutoSnapshotAddOnRequest",
    "CopySnapshotRequest",
    "CreateInstancesFromSnapshotKwargs",
    "CreateInstancesFromSnapshotRequest",
    "CreateInstancesFromSnapshotResult",
    "DetachStaticIpRequest",
    "DiskMap",
    "Finding",
    "HealthCheck",
    "HttpCheck",
    "InstanceOutcome",
    "InstanceProgress",
    "InvalidInputException",
    "Issue",
    "LightsailError",
    "LightsailRestoreClient",
    "LightsailRestoreError",
    "NotFoundException",
    "Operation",
    "OperationFailureException",
    "OperationStatus",
    "OperationType",
    "Plan",
    "PlanRefusedError",
    "PortInfo",
    "PutInstancePublicPortsRequest",
    "RegionName",
    "RegionSetupInProgressException",
    "RequestValidationError",
    "ResolvedSource",
    "ResourceLocation",
    "ResourceType",
    "ResponseShapeError",
    "RestoreFailedError",
    "RestoreOutcome",
    "ServiceException",
    "SourceDisk",
    "SourceRegionUnreachableError",
    "SshCheck",
    "StepOutcome",
    "StopInstanceOnIdleRequest",
    "Tag",
    "TcpCheck",
    "TransportError",
    "UnauthenticatedException",
    "WaitResult",
    "__version__",
    "parse_port_infos",
    "parse_request",
]


def __getattr__(name: str) -> _typing.Any:
    """Load every public name on first use (see ``_public``); the package itself imports nothing heavy."""
    if name in __all__:
        from . import _public

        globals().update({each: getattr(_public, each) for each in _public.__all__})
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
