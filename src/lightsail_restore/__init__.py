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
from .restore import (
    Finding,
    InstanceOutcome,
    InstanceProgress,
    Plan,
    PlanRefusedError,
    ResolvedSource,
    RestoreFailedError,
    RestoreOutcome,
    SourceDisk,
    StepOutcome,
    WaitResult,
)

__version__ = "0.1.0"

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
    "StepOutcome",
    "StopInstanceOnIdleRequest",
    "Tag",
    "TransportError",
    "UnauthenticatedException",
    "WaitResult",
    "__version__",
    "parse_request",
]
