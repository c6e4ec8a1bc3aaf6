"""lightsail-restore: typed, validated AWS Lightsail CreateInstancesFromSnapshot.

Every rule of the operation is checked before anything is sent; answers come back as typed objects and
errors as typed exceptions. See ``README.md`` and ``docs/``.
"""

from .client import LightsailRestoreClient
from .errors import (
    AccessDeniedException,
    AccountSetupInProgressException,
    InvalidInputException,
    Issue,
    LightsailError,
    LightsailRestoreError,
    NotFoundException,
    OperationFailureException,
    RegionSetupInProgressException,
    RequestValidationError,
    ResponseShapeError,
    ServiceException,
    TransportError,
    UnauthenticatedException,
)
from .preflight import Finding, Plan, PlanRefusedError, ResolvedSource, SourceDisk
from .request import (
    AddOnRequest,
    AttachStaticIpRequest,
    AutoSnapshotAddOnRequest,
    CopySnapshotRequest,
    CreateInstancesFromSnapshotKwargs,
    CreateInstancesFromSnapshotRequest,
    DetachStaticIpRequest,
    DiskMap,
    PortInfo,
    PutInstancePublicPortsRequest,
    StopInstanceOnIdleRequest,
    Tag,
    parse_port_infos,
    parse_request,
)
from .response import (
    CreateInstancesFromSnapshotResult,
    Operation,
    OperationStatus,
    OperationType,
    RegionName,
    ResourceLocation,
    ResourceType,
)
from .restore import RestoreFailedError, RestoreOutcome
from .waiter import InstanceOutcome, InstanceProgress, WaitResult

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
    "StopInstanceOnIdleRequest",
    "Tag",
    "TransportError",
    "UnauthenticatedException",
    "WaitResult",
    "__version__",
    "parse_port_infos",
    "parse_request",
]
