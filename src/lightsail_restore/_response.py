"""Typed answers: lenient models, open enums, aware UTC timestamps.

AWS declares no member of these shapes required, so every field is optional. Enums are open: a known value
parses to a ``StrEnum`` member, a value AWS adds later stays a plain ``str``, and both compare equal to the wire
string. botocore gives timestamps in the machine's local zone; here they are always aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Final, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .errors import ResponseShapeError
from .request._base import AWS_SHAPE

__all__ = [
    "CreateInstancesFromSnapshotResult",
    "Operation",
    "OperationStatus",
    "OperationType",
    "RegionName",
    "ResourceLocation",
    "ResourceType",
]


class OperationStatus(StrEnum):
    """The status of an operation (AWS ``OperationStatus``)."""

    NOT_STARTED = "NotStarted"
    STARTED = "Started"
    FAILED = "Failed"
    COMPLETED = "Completed"
    SUCCEEDED = "Succeeded"


class ResourceType(StrEnum):
    """The type of a Lightsail resource (AWS ``ResourceType``)."""

    CONTAINER_SERVICE = "ContainerService"
    INSTANCE = "Instance"
    STATIC_IP = "StaticIp"
    KEY_PAIR = "KeyPair"
    INSTANCE_SNAPSHOT = "InstanceSnapshot"
    DOMAIN = "Domain"
    PEERED_VPC = "PeeredVpc"
    LOAD_BALANCER = "LoadBalancer"
    LOAD_BALANCER_TLS_CERTIFICATE = "LoadBalancerTlsCertificate"
    DISK = "Disk"
    DISK_SNAPSHOT = "DiskSnapshot"
    RELATIONAL_DATABASE = "RelationalDatabase"
    RELATIONAL_DATABASE_SNAPSHOT = "RelationalDatabaseSnapshot"
    EXPORT_SNAPSHOT_RECORD = "ExportSnapshotRecord"
    CLOUD_FORMATION_STACK_RECORD = "CloudFormationStackRecord"
    ALARM = "Alarm"
    CONTACT_METHOD = "ContactMethod"
    DISTRIBUTION = "Distribution"
    CERTIFICATE = "Certificate"
    BUCKET = "Bucket"


class RegionName(StrEnum):
    """A Region name of the service model (AWS ``RegionName``); ``us-west-1`` has no Lightsail endpoint."""

    US_EAST_1 = "us-east-1"
    US_EAST_2 = "us-east-2"
    US_WEST_1 = "us-west-1"
    US_WEST_2 = "us-west-2"
    EU_WEST_1 = "eu-west-1"
    EU_WEST_2 = "eu-west-2"
    EU_WEST_3 = "eu-west-3"
    EU_CENTRAL_1 = "eu-central-1"
    EU_NORTH_1 = "eu-north-1"
    CA_CENTRAL_1 = "ca-central-1"
    AP_SOUTH_1 = "ap-south-1"
    AP_SOUTHEAST_1 = "ap-southeast-1"
    AP_SOUTHEAST_2 = "ap-southeast-2"
    AP_NORTHEAST_1 = "ap-northeast-1"
    AP_NORTHEAST_2 = "ap-northeast-2"
    AP_SOUTHEAST_3 = "ap-southeast-3"
    AP_SOUTHEAST_5 = "ap-southeast-5"


class OperationType(StrEnum):
    """The type of an operation (AWS ``OperationType``, 83 values)."""

    DELETE_KNOWN_HOST_KEYS = "DeleteKnownHostKeys"
    DELETE_INSTANCE = "DeleteInstance"
    CREATE_INSTANCE = "CreateInstance"
    STOP_INSTANCE = "StopInstance"
    START_INSTANCE = "StartInstance"
    REBOOT_INSTANCE = "RebootInstance"
    OPEN_INSTANCE_PUBLIC_PORTS = "OpenInstancePublicPorts"
    PUT_INSTANCE_PUBLIC_PORTS = "PutInstancePublicPorts"
    CLOSE_INSTANCE_PUBLIC_PORTS = "CloseInstancePublicPorts"
    ALLOCATE_STATIC_IP = "AllocateStaticIp"
    RELEASE_STATIC_IP = "ReleaseStaticIp"
    ATTACH_STATIC_IP = "AttachStaticIp"
    DETACH_STATIC_IP = "DetachStaticIp"
    UPDATE_DOMAIN_ENTRY = "UpdateDomainEntry"
    DELETE_DOMAIN_ENTRY = "DeleteDomainEntry"
    CREATE_DOMAIN = "CreateDomain"
    DELETE_DOMAIN = "DeleteDomain"
    CREATE_INSTANCE_SNAPSHOT = "CreateInstanceSnapshot"
    DELETE_INSTANCE_SNAPSHOT = "DeleteInstanceSnapshot"
    CREATE_INSTANCES_FROM_SNAPSHOT = "CreateInstancesFromSnapshot"
    CREATE_LOAD_BALANCER = "CreateLoadBalancer"
    DELETE_LOAD_BALANCER = "DeleteLoadBalancer"
    ATTACH_INSTANCES_TO_LOAD_BALANCER = "AttachInstancesToLoadBalancer"
    DETACH_INSTANCES_FROM_LOAD_BALANCER = "DetachInstancesFromLoadBalancer"
    UPDATE_LOAD_BALANCER_ATTRIBUTE = "UpdateLoadBalancerAttribute"
    CREATE_LOAD_BALANCER_TLS_CERTIFICATE = "CreateLoadBalancerTlsCertificate"
    DELETE_LOAD_BALANCER_TLS_CERTIFICATE = "DeleteLoadBalancerTlsCertificate"
    ATTACH_LOAD_BALANCER_TLS_CERTIFICATE = "AttachLoadBalancerTlsCertificate"
    CREATE_DISK = "CreateDisk"
    DELETE_DISK = "DeleteDisk"
    ATTACH_DISK = "AttachDisk"
    DETACH_DISK = "DetachDisk"
    CREATE_DISK_SNAPSHOT = "CreateDiskSnapshot"
    DELETE_DISK_SNAPSHOT = "DeleteDiskSnapshot"
    CREATE_DISK_FROM_SNAPSHOT = "CreateDiskFromSnapshot"
    CREATE_RELATIONAL_DATABASE = "CreateRelationalDatabase"
    UPDATE_RELATIONAL_DATABASE = "UpdateRelationalDatabase"
    DELETE_RELATIONAL_DATABASE = "DeleteRelationalDatabase"
    CREATE_RELATIONAL_DATABASE_FROM_SNAPSHOT = "CreateRelationalDatabaseFromSnapshot"
    CREATE_RELATIONAL_DATABASE_SNAPSHOT = "CreateRelationalDatabaseSnapshot"
    DELETE_RELATIONAL_DATABASE_SNAPSHOT = "DeleteRelationalDatabaseSnapshot"
    UPDATE_RELATIONAL_DATABASE_PARAMETERS = "UpdateRelationalDatabaseParameters"
    START_RELATIONAL_DATABASE = "StartRelationalDatabase"
    REBOOT_RELATIONAL_DATABASE = "RebootRelationalDatabase"
    STOP_RELATIONAL_DATABASE = "StopRelationalDatabase"
    ENABLE_ADD_ON = "EnableAddOn"
    DISABLE_ADD_ON = "DisableAddOn"
    PUT_ALARM = "PutAlarm"
    GET_ALARMS = "GetAlarms"
    DELETE_ALARM = "DeleteAlarm"
    TEST_ALARM = "TestAlarm"
    CREATE_CONTACT_METHOD = "CreateContactMethod"
    GET_CONTACT_METHODS = "GetContactMethods"
    SEND_CONTACT_METHOD_VERIFICATION = "SendContactMethodVerification"
    DELETE_CONTACT_METHOD = "DeleteContactMethod"
    CREATE_DISTRIBUTION = "CreateDistribution"
    UPDATE_DISTRIBUTION = "UpdateDistribution"
    DELETE_DISTRIBUTION = "DeleteDistribution"
    RESET_DISTRIBUTION_CACHE = "ResetDistributionCache"
    ATTACH_CERTIFICATE_TO_DISTRIBUTION = "AttachCertificateToDistribution"
    DETACH_CERTIFICATE_FROM_DISTRIBUTION = "DetachCertificateFromDistribution"
    UPDATE_DISTRIBUTION_BUNDLE = "UpdateDistributionBundle"
    SET_IP_ADDRESS_TYPE = "SetIpAddressType"
    CREATE_CERTIFICATE = "CreateCertificate"
    DELETE_CERTIFICATE = "DeleteCertificate"
    CREATE_CONTAINER_SERVICE = "CreateContainerService"
    UPDATE_CONTAINER_SERVICE = "UpdateContainerService"
    DELETE_CONTAINER_SERVICE = "DeleteContainerService"
    CREATE_CONTAINER_SERVICE_DEPLOYMENT = "CreateContainerServiceDeployment"
    CREATE_CONTAINER_SERVICE_REGISTRY_LOGIN = "CreateContainerServiceRegistryLogin"
    REGISTER_CONTAINER_IMAGE = "RegisterContainerImage"
    DELETE_CONTAINER_IMAGE = "DeleteContainerImage"
    CREATE_BUCKET = "CreateBucket"
    DELETE_BUCKET = "DeleteBucket"
    CREATE_BUCKET_ACCESS_KEY = "CreateBucketAccessKey"
    DELETE_BUCKET_ACCESS_KEY = "DeleteBucketAccessKey"
    UPDATE_BUCKET_BUNDLE = "UpdateBucketBundle"
    UPDATE_BUCKET = "UpdateBucket"
    SET_RESOURCE_ACCESS_FOR_BUCKET = "SetResourceAccessForBucket"
    UPDATE_INSTANCE_METADATA_OPTIONS = "UpdateInstanceMetadataOptions"
    START_GUI_SESSION = "StartGUISession"
    STOP_GUI_SESSION = "StopGUISession"
    SETUP_INSTANCE_HTTPS = "SetupInstanceHttps"


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime | None, AfterValidator(_utc)]


class ResponseModel(BaseModel):
    """Base of every answer shape: lenient (unknown members ignored), frozen, camelCase aliases."""

    model_config = ConfigDict(**AWS_SHAPE, frozen=True, extra="ignore")


_M = TypeVar("_M", bound=ResponseModel)


class ResourceLocation(ResponseModel):
    """Where a resource is (AWS ``ResourceLocation``)."""

    availability_zone: str | None = None
    """The Availability Zone, e.g. ``us-east-2a`` (``all`` for snapshots)."""
    region_name: Annotated[RegionName | str | None, Field(union_mode="left_to_right")] = None
    """The Region: a ``RegionName`` member, or a plain string for a Region the model does not know yet."""


class Operation(ResponseModel):
    """An asynchronous Lightsail operation (AWS ``Operation``)."""

    id: str | None = None
    """The operation id, for ``GetOperation``."""
    resource_name: str | None = None
    """The resource the operation acts on (the new instance's name)."""
    resource_type: Annotated[ResourceType | str | None, Field(union_mode="left_to_right")] = None
    """The resource type (``Instance``), or a newer plain string."""
    created_at: UtcDatetime = None
    """When the operation was created (aware UTC)."""
    location: ResourceLocation | None = None
    """The Region and Availability Zone."""
    is_terminal: bool | None = None
    """Whether the operation has finished."""
    operation_details: str | None = None
    """Free-text details (for a restore, the source)."""
    operation_type: Annotated[OperationType | str | None, Field(union_mode="left_to_right")] = None
    """The operation type (``CreateInstancesFromSnapshot`` or ``CreateInstance``), or a newer plain string."""
    status: Annotated[OperationStatus | str | None, Field(union_mode="left_to_right")] = None
    """The status: an ``OperationStatus`` member, or a newer plain string."""
    status_changed_at: UtcDatetime = None
    """When the status last changed (aware UTC)."""
    error_code: str | None = None
    """AWS's error code when the operation failed."""
    error_details: str | None = None
    """AWS's error details when the operation failed."""

    @property
    def succeeded(self) -> bool:
        """Whether the operation ended well (``Succeeded`` or ``Completed``)."""
        return self.status in (OperationStatus.SUCCEEDED, OperationStatus.COMPLETED)

    @property
    def failed(self) -> bool:
        """Whether the operation ended ``Failed``."""
        return self.status == OperationStatus.FAILED

    @classmethod
    def from_boto3(cls, raw: Mapping[str, Any]) -> Self:
        """Parse one operation as boto3 returns it.

        Raises:
            ResponseShapeError: The answer does not fit the Operation shape.
        """
        return _parse(cls, raw)


_OPERATION_MEMBERS: Final[Mapping[str, type]] = {
    "id": str,
    "resourceName": str,
    "resourceType": str,
    "createdAt": datetime,
    "location": dict,
    "isTerminal": bool,
    "operationDetails": str,
    "operationType": str,
    "status": str,
    "statusChangedAt": datetime,
    "errorCode": str,
    "errorDetails": str,
}
"""Every ``Operation`` member, by AWS name, with the exact type botocore's parser gives it."""
_LOCATION_MEMBERS: Final[Mapping[str, type]] = {"availabilityZone": str, "regionName": str}
"""Every ``ResourceLocation`` member, by AWS name, with the exact type botocore's parser gives it."""


def _fits(raw: dict[Any, Any], members: Mapping[str, type]) -> bool:
    """Whether each known member of ``raw`` is ``None`` or of its exact type (unknown members are ignored)."""
    for key, value in raw.items():
        kind = members.get(key)
        if kind is not None and value is not None and type(value) is not kind:
            return False
    return True


def _plain(raw: Any) -> dict[str, Any] | None:
    """A copy of the operation ``raw`` when the models are sure to accept it, else ``None``.

    Every member is optional and unknown ones are ignored, so an operation whose known members are each absent,
    ``None`` or of the type botocore's parser gives is accepted: it can be parsed later. Anything else is parsed
    at once, to be refused with the models' own message. The copy keeps a later change to ``raw`` out.
    """
    if type(raw) is not dict or not _fits(raw, _OPERATION_MEMBERS):
        return None
    location = raw.get("location")
    if location is None:
        return dict(raw)
    if not _fits(location, _LOCATION_MEMBERS):
        return None
    return {**raw, "location": dict(location)}


class _CreateInstancesFromSnapshotResultShape(ResponseModel):
    """The answer, parsed eagerly: for answers that are not plain, so that the models' own message refuses them."""

    model_config = ConfigDict(defer_build=True)  # built the first time an answer is not plain, not at import

    operations: tuple[Operation, ...] = ()
    request_id: str | None = None


class CreateInstancesFromSnapshotResult:
    """The answer of CreateInstancesFromSnapshot (AWS ``CreateInstancesFromSnapshotResult``); frozen.

    ``from_boto3`` checks the answer at once (a shape that does not fit is a ``ResponseShapeError`` there), but
    builds the ``Operation`` models the first time ``operations`` is read: the call itself stays cheap, and an
    answer nobody reads is never parsed.

    Args:
        operations: The operations (``Operation`` models, or their boto3 dicts).
        request_id: The AWS request id.
    """

    __slots__ = ("_operations", "_pending", "_request_id")

    _operations: tuple[Operation, ...] | None
    _pending: tuple[dict[str, Any], ...]
    _request_id: str | None

    def __init__(
        self, *, operations: Iterable[Operation | Mapping[str, Any]] = (), request_id: str | None = None
    ) -> None:
        ops = tuple(op if isinstance(op, Operation) else Operation.model_validate(op) for op in operations)
        set_slot = object.__setattr__
        set_slot(self, "_operations", ops)
        set_slot(self, "_pending", ())
        set_slot(self, "_request_id", request_id)

    @property
    def operations(self) -> tuple[Operation, ...]:
        """One operation per new instance."""
        operations = self._operations
        if operations is None:
            operations = tuple(_parse(Operation, op) for op in self._pending)
            object.__setattr__(self, "_operations", operations)
            object.__setattr__(self, "_pending", ())
        return operations

    @property
    def request_id(self) -> str | None:
        """The AWS request id of the call, for support tickets."""
        return self._request_id

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: {name} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: {name} cannot be deleted")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CreateInstancesFromSnapshotResult):
            return NotImplemented
        return (self.operations, self.request_id) == (other.operations, other.request_id)

    def __hash__(self) -> int:
        return hash((self.operations, self.request_id))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(operations={self.operations!r}, request_id={self.request_id!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (self.operations, self.request_id))

    @classmethod
    def from_boto3(cls, raw: Mapping[str, Any]) -> Self:
        """Check the dict boto3 returns, keeping ``ResponseMetadata.RequestId`` as ``request_id``.

        Raises:
            ResponseShapeError: The answer does not fit the shape.
        """
        anything: object = raw  # callers outside mypy pass anything: refuse it as a ResponseShapeError
        if type(anything) is not dict and not isinstance(anything, Mapping):
            return cls._parsed_now(anything)
        meta = raw.get("ResponseMetadata")
        request_id = meta.get("RequestId") if type(meta) is dict or isinstance(meta, Mapping) else None
        operations = raw.get("operations")
        if operations is None:
            operations = ()
        if (type(operations) is list or type(operations) is tuple) and (request_id is None or type(request_id) is str):
            pending = tuple(map(_plain, operations))
            if None not in pending:
                return cls._new(None, pending, request_id)  # type: ignore[arg-type]
        return cls._parsed_now({"operations": operations, "requestId": request_id})

    @classmethod
    def _parsed_now(cls, answer: object) -> Self:
        shape = _parse(_CreateInstancesFromSnapshotResultShape, answer)
        return cls._new(shape.operations, (), shape.request_id)

    @classmethod
    def _new(
        cls, operations: tuple[Operation, ...] | None, pending: tuple[dict[str, Any], ...], request_id: str | None
    ) -> Self:
        result = object.__new__(cls)
        set_slot = object.__setattr__
        set_slot(result, "_operations", operations)
        set_slot(result, "_pending", pending)
        set_slot(result, "_request_id", request_id)
        return result


def _restore(operations: tuple[Operation, ...], request_id: str | None) -> CreateInstancesFromSnapshotResult:
    return CreateInstancesFromSnapshotResult(operations=operations, request_id=request_id)


def _parse(model: type[_M], raw: Any) -> _M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(answer)'}: {e['msg']}"
            for e in exc.errors(include_url=False, include_input=False)
        )
        name = model.__name__.removeprefix("_").removesuffix("Shape")
        raise ResponseShapeError(f"AWS answered in a shape {name} does not fit: {problems}") from exc
