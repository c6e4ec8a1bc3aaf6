"""The public names of ``lightsail_restore``, imported together (the package loads this module on first use).

``lightsail_restore/__init__.py`` loads it lazily, so that ``import lightsail_restore.cli`` (the command's entry)
takes milliseconds and the command handles Ctrl-C from its first instructions; library users see no
difference: ``from lightsail_restore import X`` loads everything at once.
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
    AutoSnapshotAddOnRequest,
    CreateInstancesFromSnapshotKwargs,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    StopInstanceOnIdleRequest,
    Tag,
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

__all__ = [
    "AccessDeniedException",
    "AccountSetupInProgressException",
    "AddOnRequest",
    "AutoSnapshotAddOnRequest",
    "CreateInstancesFromSnapshotKwargs",
    "CreateInstancesFromSnapshotRequest",
    "CreateInstancesFromSnapshotResult",
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
    "parse_request",
]
