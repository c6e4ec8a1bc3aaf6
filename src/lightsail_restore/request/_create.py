"""The typed request of CreateInstancesFromSnapshot: every parameter, every rule, refused before sending.

``CreateInstancesFromSnapshotRequest`` takes snake_case names in Python and AWS camelCase names from dicts, so
``CreateInstancesFromSnapshotRequest.model_validate(kwargs)`` takes exactly the dict a boto3 user passes today,
and ``to_boto3()`` gives it back (absent stays absent, nothing added).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Final, Required, Self, TypedDict

from pydantic import AfterValidator, SecretStr, Strict, StrictBool
from pydantic_core import PydanticCustomError
from typing_extensions import Unpack

from ..errors import Issue, RequestValidationError
from ._base import REDACTED, OperationRequest, RequestModel
from ._rules import RULES
from ._types import (
    USER_DATA_MAX_BYTES,
    AddOnType,
    AvailabilityZone,
    BundleId,
    DiskPath,
    IdleDuration,
    IdleThreshold,
    IpAddressType,
    ListOrTuple,
    MinItems,
    ResourceName,
    RestoreDate,
    TagKey,
    TagValue,
    TimeOfDay,
    region_of_zone,
    utf8_problem,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import (
        AddOnRequestTypeDef,
        CreateInstancesFromSnapshotRequestTypeDef,
        DiskMapTypeDef,
        TagTypeDef,
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


def _user_data(value: SecretStr) -> SecretStr:
    text = value.get_secret_value()
    problem = utf8_problem(text)
    if problem is not None:
        raise problem
    if (len(text) if text.isascii() else len(text.encode("utf-8"))) > USER_DATA_MAX_BYTES:
        raise PydanticCustomError(
            "user_data_size", f"must be at most {USER_DATA_MAX_BYTES} bytes (16 KiB) of UTF-8 text"
        )
    return value


if TYPE_CHECKING:
    # What type checkers see: a list or a tuple of names, so a bare string (itself a Sequence[str]) is an error.
    InstanceNames = list[str] | tuple[str, ...]
else:
    # Kept as a tuple; a list or a tuple is accepted.
    InstanceNames = Annotated[
        tuple[ResourceName, ...],
        ListOrTuple(),
        MinItems(1, "instance_names_required", "must name at least one new instance"),
    ]


class Tag(RequestModel):
    """A tag for the new instances (AWS ``Tag``)."""

    key: TagKey
    """AWS ``key``: 1-128 Unicode letters, digits, spaces or ``+ - = . _ : / @``; no ``aws:`` prefix."""
    value: TagValue | None = None
    """AWS ``value``: 0-256 characters of the same set; no ``aws:`` prefix. Absent for a key-only tag."""

    def to_boto3(self) -> TagTypeDef:
        """The AWS dict of this tag; ``value`` only when set."""
        value = self.value
        return {"key": self.key} if value is None else {"key": self.key, "value": value}


class DiskMap(RequestModel):
    """A disk of the snapshot mapped to a new disk (AWS ``DiskMap``). Both members are required here."""

    original_disk_path: DiskPath
    """AWS ``originalDiskPath``: the disk path on the source, e.g. ``/dev/xvdf``."""
    new_disk_name: ResourceName
    """AWS ``newDiskName``: the new disk's name (a resource name, unique in the Region)."""

    def to_boto3(self) -> DiskMapTypeDef:
        """The AWS dict of this mapping."""
        return {"originalDiskPath": self.original_disk_path, "newDiskName": self.new_disk_name}


class AutoSnapshotAddOnRequest(RequestModel):
    """Parameters of the AutoSnapshot add-on (AWS ``AutoSnapshotAddOnRequest``)."""

    snapshot_time_of_day: TimeOfDay | None = None
    """AWS ``snapshotTimeOfDay``: a UTC time on the hour, ``HH:00``; Lightsail picks one when absent."""


class StopInstanceOnIdleRequest(RequestModel):
    """Parameters of the StopInstanceOnIdle add-on, Lightsail for Research only (AWS ``StopInstanceOnIdleRequest``)."""

    threshold: IdleThreshold | None = None
    """AWS ``threshold``: the CPU percentage (``"0"``-``"100"``) at or below which the instance counts as idle."""
    duration: IdleDuration | None = None
    """AWS ``duration``: minutes of idle time after which the instance stops (a positive whole number)."""


class AddOnRequest(RequestModel):
    """An add-on to enable on the new instances (AWS ``AddOnRequest``)."""

    add_on_type: AddOnType
    """AWS ``addOnType``: ``AutoSnapshot`` or ``StopInstanceOnIdle``."""
    auto_snapshot_add_on_request: AutoSnapshotAddOnRequest | None = None
    """AWS ``autoSnapshotAddOnRequest``: only with ``AutoSnapshot``."""
    stop_instance_on_idle_request: StopInstanceOnIdleRequest | None = None
    """AWS ``stopInstanceOnIdleRequest``: only with ``StopInstanceOnIdle``."""

    def to_boto3(self) -> AddOnRequestTypeDef:
        """The AWS dict of this add-on; sub-requests only when set."""
        out: AddOnRequestTypeDef = {"addOnType": self.add_on_type}
        if self.auto_snapshot_add_on_request is not None:
            sub = self.auto_snapshot_add_on_request
            out["autoSnapshotAddOnRequest"] = (
                {} if sub.snapshot_time_of_day is None else {"snapshotTimeOfDay": sub.snapshot_time_of_day}
            )
        if self.stop_instance_on_idle_request is not None:
            idle = self.stop_instance_on_idle_request
            out["stopInstanceOnIdleRequest"] = {}
            if idle.threshold is not None:
                out["stopInstanceOnIdleRequest"]["threshold"] = idle.threshold
            if idle.duration is not None:
                out["stopInstanceOnIdleRequest"]["duration"] = idle.duration
        return out


if TYPE_CHECKING:
    Tags = Sequence[Tag]
    AddOns = Sequence[AddOnRequest]
    DiskMapping = Mapping[str, Sequence[DiskMap]]
else:  # a list or a tuple, kept as a tuple; a mapping, kept as a dict
    Tags = Annotated[tuple[Tag, ...], ListOrTuple()]
    AddOns = Annotated[tuple[AddOnRequest, ...], ListOrTuple()]
    DiskMapping = dict[ResourceName, Annotated[tuple[DiskMap, ...], ListOrTuple()]]


class RequestOptions(TypedDict, total=False):
    """The optional members shared by the convenience constructors (snake_case)."""

    attached_disk_mapping: Mapping[str, Sequence[DiskMap]]
    user_data: str | SecretStr
    key_pair_name: str
    tags: Sequence[Tag]
    add_ons: Sequence[AddOnRequest]
    ip_address_type: IpAddressType


class CreateInstancesFromSnapshotKwargs(TypedDict, total=False):
    """Every member of the request as keyword arguments (snake_case), for ``**kwargs`` callers."""

    instance_names: Required[Sequence[str]]
    availability_zone: Required[str]
    bundle_id: Required[str]
    instance_snapshot_name: str
    source_instance_name: str
    restore_date: date | str
    use_latest_restorable_auto_snapshot: bool
    attached_disk_mapping: Mapping[str, Sequence[DiskMap | Mapping[str, str]]]
    user_data: str | SecretStr
    key_pair_name: str
    tags: Sequence[Tag | Mapping[str, str]]
    add_ons: Sequence[AddOnRequest | Mapping[str, Any]]
    ip_address_type: IpAddressType


class CreateInstancesFromSnapshotRequest(OperationRequest):
    """A validated CreateInstancesFromSnapshot request (AWS ``CreateInstancesFromSnapshotRequest``).

    Construct it with snake_case keywords, with ``model_validate`` from the boto3 (camelCase) dict, or with
    the typed constructors ``from_manual_snapshot``, ``from_auto_snapshot`` and ``from_latest_auto_snapshot``.
    Every rule decidable from the request itself is checked on construction; see ``lightsail_restore.request._rules``.
    """

    instance_names: InstanceNames
    """AWS ``instanceNames``: the names of the new instances (at least one, distinct, resource names)."""
    availability_zone: AvailabilityZone
    """AWS ``availabilityZone``: where to create them, e.g. ``us-east-2a``; must be in the client's Region."""
    bundle_id: BundleId
    """AWS ``bundleId``: the plan, e.g. ``micro_3_0``; the same size as the source's or larger."""
    instance_snapshot_name: ResourceName | None = None
    """AWS ``instanceSnapshotName``: the manual snapshot to restore. Exclusive with ``sourceInstanceName``."""
    source_instance_name: ResourceName | None = None
    """AWS ``sourceInstanceName``: the instance whose automatic snapshot to restore."""
    restore_date: RestoreDate | None = None
    """AWS ``restoreDate``: the automatic snapshot's date, ``YYYY-MM-DD``."""
    use_latest_restorable_auto_snapshot: StrictBool | None = None
    """AWS ``useLatestRestorableAutoSnapshot``: restore the newest automatic snapshot. ``False`` is not sent."""
    attached_disk_mapping: DiskMapping | None = None
    """AWS ``attachedDiskMapping``: disks of the source mapped to new disk names (1-15 per entry)."""
    user_data: Annotated[SecretStr, Strict(), AfterValidator(_user_data)] | None = None
    """AWS ``userData``: a launch script, at most 16 KiB. A secret: never shown in output, errors or logs."""
    key_pair_name: ResourceName | None = None
    """AWS ``keyPairName``: an existing key pair in the Region; the Region's default key when absent."""
    tags: Tags | None = None
    """AWS ``tags``: at most 50, with unique keys."""
    add_ons: AddOns | None = None
    """AWS ``addOns``: at most one per add-on type."""
    ip_address_type: IpAddressType | None = None
    """AWS ``ipAddressType``: ``dualstack`` (AWS's default), ``ipv4`` or ``ipv6`` (IPv6-only bundles)."""

    rules = RULES

    @property
    def region(self) -> str:
        """The Region of ``availability_zone`` (``us-east-2a`` -> ``us-east-2``)."""
        return region_of_zone(self.availability_zone)

    @property
    def is_manual(self) -> bool:
        """Whether the source is a manual snapshot (``instance_snapshot_name``)."""
        return self.instance_snapshot_name is not None

    def to_boto3(self) -> CreateInstancesFromSnapshotRequestTypeDef:
        """The exact kwargs for ``client.create_instances_from_snapshot(**...)``.

        Only the members that were set, never ``None``; ``userData`` in clear (this is the one place it is
        revealed); ``useLatestRestorableAutoSnapshot`` only when ``True``.
        """
        values = self.__dict__
        params: dict[str, Any] = {
            "instanceNames": list(values["instance_names"]),
            "availabilityZone": values["availability_zone"],
            "bundleId": values["bundle_id"],
        }
        for name, alias in _SOURCE_MEMBERS:
            value = values[name]
            if value is not None:
                params[alias] = value
        if values["use_latest_restorable_auto_snapshot"]:
            params["useLatestRestorableAutoSnapshot"] = True
        mapping = values["attached_disk_mapping"]
        if mapping is not None:
            params["attachedDiskMapping"] = {key: [disk.to_boto3() for disk in maps] for key, maps in mapping.items()}
        user_data = values["user_data"]
        if user_data is not None:
            params["userData"] = user_data.get_secret_value()
        if values["key_pair_name"] is not None:
            params["keyPairName"] = values["key_pair_name"]
        tags = values["tags"]
        if tags is not None:
            params["tags"] = [tag.to_boto3() for tag in tags]
        add_ons = values["add_ons"]
        if add_ons is not None:
            params["addOns"] = [add_on.to_boto3() for add_on in add_ons]
        if values["ip_address_type"] is not None:
            params["ipAddressType"] = values["ip_address_type"]
        return params  # type: ignore[return-value]  # the keys and value types are those of the TypedDict

    def to_redacted_boto3(self) -> dict[str, Any]:
        """``to_boto3()`` with ``userData`` replaced by ``**********``: safe to log or print."""
        params: dict[str, Any] = dict(self.to_boto3())
        if "userData" in params:
            params["userData"] = REDACTED
        return params

    @classmethod
    def from_manual_snapshot(
        cls,
        snapshot_name: str,
        *,
        instance_names: Sequence[str],
        availability_zone: str,
        bundle_id: str,
        **options: Unpack[RequestOptions],
    ) -> Self:
        """A request restoring the manual snapshot ``snapshot_name``.

        Raises:
            RequestValidationError: Any rule is broken; nothing is sent.
        """
        source = {"instance_snapshot_name": snapshot_name}
        return cls.from_boto3({**source, **_where(instance_names, availability_zone, bundle_id), **options})

    @classmethod
    def from_auto_snapshot(
        cls,
        source_instance_name: str,
        restore_date: date | str,
        *,
        instance_names: Sequence[str],
        availability_zone: str,
        bundle_id: str,
        **options: Unpack[RequestOptions],
    ) -> Self:
        """A request restoring the automatic snapshot of ``source_instance_name`` taken on ``restore_date``.

        Raises:
            RequestValidationError: Any rule is broken; nothing is sent.
        """
        source = {"source_instance_name": source_instance_name, "restore_date": restore_date}
        return cls.from_boto3({**source, **_where(instance_names, availability_zone, bundle_id), **options})

    @classmethod
    def from_latest_auto_snapshot(
        cls,
        source_instance_name: str,
        *,
        instance_names: Sequence[str],
        availability_zone: str,
        bundle_id: str,
        **options: Unpack[RequestOptions],
    ) -> Self:
        """A request restoring the newest automatic snapshot of ``source_instance_name``.

        Raises:
            RequestValidationError: Any rule is broken; nothing is sent.
        """
        source = {"source_instance_name": source_instance_name, "use_latest_restorable_auto_snapshot": True}
        return cls.from_boto3({**source, **_where(instance_names, availability_zone, bundle_id), **options})


def _where(instance_names: Sequence[str], availability_zone: str, bundle_id: str) -> dict[str, Any]:
    """The members of the typed constructors that say what to create, and where."""
    return {"instance_names": instance_names, "availability_zone": availability_zone, "bundle_id": bundle_id}


def parse_request(
    data: CreateInstancesFromSnapshotRequest | Mapping[str, Any] | None = None,
    /,
    **kwargs: Any,
) -> CreateInstancesFromSnapshotRequest:
    """A request from a model, a dict (snake_case or camelCase keys) or keyword arguments.

    Args:
        data: A request model (returned as it is) or a dict; ``None`` to use only ``kwargs``.
        **kwargs: Members as keyword arguments, merged over ``data`` when it is a dict.

    Returns:
        The validated request.

    Raises:
        RequestValidationError: Any rule is broken, or a model is combined with keyword arguments.
    """
    if isinstance(data, CreateInstancesFromSnapshotRequest):
        if kwargs:
            raise RequestValidationError(
                [Issue("", "mixed_input", "give either a request model or keyword arguments, not both")]
            )
        return data
    if not kwargs:
        return CreateInstancesFromSnapshotRequest.from_boto3(data if type(data) is dict else dict(data or {}))
    # A keyword replaces the same member given in ``data`` under either spelling; both spellings within ``data``
    # (or within the keywords) stay, and are refused as given twice.
    merged = dict(data or {})
    for key in kwargs:
        for spelling in _SPELLINGS.get(key, ()):
            merged.pop(spelling, None)
    merged.update(kwargs)
    return CreateInstancesFromSnapshotRequest.from_boto3(merged)


_SOURCE_MEMBERS: Final = (
    ("instance_snapshot_name", "instanceSnapshotName"),
    ("source_instance_name", "sourceInstanceName"),
    ("restore_date", "restoreDate"),
)
"""The members naming the source, with their AWS names, in the order boto3 users write them."""
_SPELLINGS: Final[Mapping[str, tuple[str, str]]] = {
    spelling: (name, info.alias or name)
    for name, info in CreateInstancesFromSnapshotRequest.model_fields.items()
    for spelling in (name, info.alias or name)
}
