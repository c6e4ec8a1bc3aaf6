"""lightsail-restore: typed, validated AWS Lightsail CreateInstancesFromSnapshot.

Every rule of the operation is checked before anything is sent; answers come back as typed objects and
errors as typed exceptions. See ``README.md`` and ``docs/``.
"""

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

__version__ = "0.1.0"

__all__ = [
    "AccessDeniedException",
    "AccountSetupInProgressException",
    "AddOnRequest",
    "AutoSnapshotAddOnRequest",
    "CreateInstancesFromSnapshotKwargs",
    "CreateInstancesFromSnapshotRequest",
    "DiskMap",
    "InvalidInputException",
    "Issue",
    "LightsailError",
    "LightsailRestoreError",
    "NotFoundException",
    "OperationFailureException",
    "RegionSetupInProgressException",
    "RequestValidationError",
    "ResponseShapeError",
    "ServiceException",
    "StopInstanceOnIdleRequest",
    "Tag",
    "TransportError",
    "UnauthenticatedException",
    "__version__",
    "parse_request",
]
