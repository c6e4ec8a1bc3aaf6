"""The thin layer over boto3: validate -> ``to_boto3()`` -> boto3 -> typed result or typed error; counted reads.

Everything above it (the client's façade and the restore workflow in ``lightsail_restore.restore``) calls AWS
through a ``LightsailApi``: each call is counted (every page of a list is one call), botocore's errors become
this library's typed errors at one boundary (``errors.mapped_client_errors``), and the create call and the
cut-over's calls (PutInstancePublicPorts, DetachStaticIp, AttachStaticIp) send exactly ``request.to_boto3()``.

Writes at most once: a write this library makes (every call sent through ``write``, and the create and the copy)
is never sent again by botocore's retries when its attempt may have been applied (no answer on a connection made,
or a 5xx), whatever retry mode and attempts the client was built with; the restore's own lost-answer recovery
looks again instead, and says the answer was lost. A write AWS refused with an answer below 500 (throttling), or
whose connection was never made, was not applied, and botocore retries it as usual. How: one handler registered
first on the service's ``needs-retry.lightsail`` answers ``False`` ("no retry": botocore's endpoint takes the first
answer that is not ``None``) while this library is sending that operation as a write (a context variable says
so), and nothing otherwise: reads, the user's own calls through the same client, and every other handler, are
left as they were.

Typed at the boundary with boto3-stubs (``mypy_boto3_lightsail``, a typing-only dependency imported under
``TYPE_CHECKING``), with no string dispatch. A step calls any operation through three pass-throughs that take
the boto3 client's own method, whose stubs type the parameters and the answer (a ``ParamSpec``):
``read(api.lightsail.get_alarms)``, ``pages(lambda token: api.lightsail.get_alarms(**token), lambda a:
a.get("alarms"))`` and ``write(api.lightsail.put_alarm, **params)``; so a step that sends an operation the
library did not send before adds nothing here. The methods below are the calls that do more than pass through
(a request model sent as ``to_boto3()``, the answer parsed, a fixed parameter) or that several modules share. A
misspelt AWS key read as ``answer[key]``, or whose ``.get`` value is used as a typed value, is a mypy error.
boto3 stays in charge of credentials, signing, endpoints and the retries of reads.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypedDict, TypeVar

from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError

from ._response import CreateInstancesFromSnapshotResult, Operation
from .errors import Issue, RequestValidationError, ResponseShapeError, mapped_client_errors
from .request import (
    AttachStaticIpRequest,
    CopySnapshotRequest,
    CreateInstancesFromSnapshotRequest,
    DetachStaticIpRequest,
    PutInstancePublicPortsRequest,
    parse_request,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient
    from mypy_boto3_lightsail.literals import AppCategoryType
    from mypy_boto3_lightsail.type_defs import (
        BlueprintTypeDef,
        BundleTypeDef,
        DiskTypeDef,
        GetAutoSnapshotsResultTypeDef,
        GetDiskResultTypeDef,
        GetInstancePortStatesResultTypeDef,
        GetInstanceResultTypeDef,
        GetInstanceSnapshotResultTypeDef,
        GetOperationResultTypeDef,
        GetRegionsResultTypeDef,
        GetStaticIpResultTypeDef,
        InstanceSnapshotTypeDef,
        InstanceTypeDef,
        KeyPairTypeDef,
        OperationTypeDef,
        StaticIpTypeDef,
        TagTypeDef,
    )

__all__ = ["CopySnapshotResult", "LightsailApi", "checked_request"]

logger = logging.getLogger("lightsail_restore")

Item = Mapping[str, Any]
_T = TypeVar("_T")
_P = ParamSpec("_P")
_Answer = TypeVar("_Answer", bound=Mapping[str, object])


_NOTHING_SENT: Final = (EndpointConnectionError, ConnectTimeoutError)
"""The attempts that never reached the service: no connection was made, so no request was sent."""

_SENDING: ContextVar[str | None] = ContextVar("lightsail_restore_sending", default=None)
"""The operation of the write this library is sending (in this thread or task), else ``None``."""


def _write_not_resent(operation: Any, response: Any = None, caught_exception: Any = None, **_: Any) -> bool | None:
    """``needs-retry`` handler: ``False`` (no retry) after an attempt of our write that may have been applied.

    ``None`` (botocore decides) for anything else: another operation, a call the user made, an answer (an error
    answer below 500 is AWS's refusal: nothing applied), or a connection never made (nothing sent).
    """
    if _SENDING.get() != getattr(operation, "name", None):
        return None
    if isinstance(caught_exception, _NOTHING_SENT):
        return None
    if caught_exception is None and response is not None and response[0].status_code < 500:
        return None
    return False


@contextmanager
def _sending(operation: str | None) -> Iterator[None]:
    token = _SENDING.set(operation)
    try:
        yield
    finally:
        _SENDING.reset(token)


class CopySnapshotResult(CreateInstancesFromSnapshotResult):
    """The answer of CopySnapshot (AWS ``CopySnapshotResult``): the same shape, one operation for the copy.

    Its operation is an ``InstanceSnapshot`` one named as the copy, whose ``operationDetails`` is
    ``"<sourceRegion>:<source name>"`` (evidence E6 in docs/design/evidence.md).
    """


def checked_request(
    request: CreateInstancesFromSnapshotRequest | Mapping[str, Any] | None, kwargs: Mapping[str, Any], region: str
) -> CreateInstancesFromSnapshotRequest:
    """The validated request, refused when its zone is outside ``region`` (the client's).

    Raises:
        RequestValidationError: A rule is broken, or the zone is in another Region; nothing was sent.
    """
    parsed = parse_request(request, **kwargs)
    if parsed.region != region:
        raise RequestValidationError(
            [
                Issue(
                    "availabilityZone",
                    "X11_zone_in_client_region",
                    f"must be a zone of {region}, the client's Region (not of {parsed.region}); "
                    f"use a client for {parsed.region} to restore there",
                )
            ]
        )
    return parsed


_GUARDED: weakref.WeakSet[Any] = weakref.WeakSet()
"""The event emitters of the boto3 clients whose writes are guarded (``LightsailApi`` registers the guard once)."""


class LightsailApi:
    """Calls to Lightsail through a boto3 client, counted, with typed errors.

    Args:
        lightsail: A boto3 Lightsail client.

    Attributes:
        calls: How many API calls were made through this object (each page of a list counts).
    """

    def __init__(self, lightsail: LightsailClient) -> None:
        self.lightsail = lightsail
        self.calls = 0
        events: Any = lightsail.meta.events  # its stub types handlers as returning None; ours answers
        if events in _GUARDED:  # once per client: botocore checks each registration's signature, ~30 µs apiece
            return
        # Before botocore's own retry handler, registered on the same event; the unique id makes a second
        # registration a no-op all the same.
        events.register_first("needs-retry.lightsail", _write_not_resent, unique_id="lightsail-restore-once")
        _GUARDED.add(events)

    @property
    def region(self) -> str:
        """The boto3 client's Region."""
        return str(self.lightsail.meta.region_name)

    def _sent(self, send: Callable[[], _T], write: str | None = None) -> _T:
        """One call (``send``), counted, botocore's errors mapped to ours; a ``write`` (operation) is sent at most once.

        Raises:
            LightsailError: AWS answered with an error.
            TransportError: No answer.
            ResponseShapeError: An answer botocore's parser cannot read.
        """
        self.calls += 1
        with mapped_client_errors(), _sending(write):
            return send()

    def read(self, send: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """One read, counted, botocore's errors mapped: ``api.read(api.lightsail.get_alarms, alarmName=name)``.

        ``send`` is the boto3 client's method, so boto3-stubs type its parameters and its answer.

        Raises:
            LightsailError: AWS answered with an error.
            TransportError: No answer.
        """
        return self._sent(partial(send, *args, **kwargs))

    def write(
        self, send: Callable[_P, Mapping[str, Any]], /, *args: _P.args, **kwargs: _P.kwargs
    ) -> tuple[Operation, ...]:
        """One write, sent at most once, counted, errors mapped; the operations its answer started.

        ``api.write(api.lightsail.put_alarm, **params)``: ``send`` is the boto3 client's method (its stubs type the
        parameters), and its operation is botocore's own name for that method (``PutAlarm``), the name the write
        guard and the command's record of an interrupted run know it by.

        Raises:
            TypeError: ``send`` is not a method of this client (a write must be named by its operation).
            LightsailError: AWS refused.
            TransportError: No answer (AWS may have applied it: the step looks again before sending it again).
            ResponseShapeError: An answer with no operation.
        """
        operation = self.lightsail.meta.method_to_api_mapping.get(getattr(send, "__name__", ""))
        if operation is None or getattr(send, "__self__", None) is not self.lightsail:
            raise TypeError(f"write() takes a method of this Lightsail client, not {send!r}")
        return self._operations(operation, self._sent(partial(send, *args, **kwargs), operation))

    def pages(
        self,
        send: Callable[[_PageToken], _Answer],
        listed: Callable[[_Answer], Sequence[_T] | None],
        enough: Callable[[Sequence[_T]], bool] | None = None,
    ) -> list[_T]:
        """Every item of a paged list, one counted call a page: ``send(page token)``, its items ``listed(answer)``.

        ``enough`` is called with the items so far after each page; paging stops early when it says so. For
        example ``api.pages(lambda token: api.lightsail.get_alarms(**token), lambda answer: answer.get("alarms"))``.

        Raises:
            LightsailError: AWS answered with an error.
            TransportError: No answer.
        """
        items: list[_T] = []
        token: object = None
        while True:
            answer = self._sent(partial(send, {"pageToken": str(token)} if token else {}))
            items.extend(listed(answer) or [])
            token = answer.get("nextPageToken")
            if not token or (enough is not None and enough(items)):
                return items

    # The reads: one method per operation, the boto3-stubs answer types (each page of a list is one call).

    def get_instance(self, instance_name: str, *, include_health_status: bool = False) -> GetInstanceResultTypeDef:
        """``GetInstance`` (with ``includeHealthStatus``, evidence E49, where botocore's model has it: 1.44 on)."""
        if not include_health_status:
            return self._sent(lambda: self.lightsail.get_instance(instanceName=instance_name))
        lightsail: Any = self.lightsail  # the pinned stubs predate the parameter
        answer: GetInstanceResultTypeDef = self._sent(
            lambda: lightsail.get_instance(instanceName=instance_name, includeHealthStatus=True)
        )
        return answer

    def get_instance_snapshot(self, instance_snapshot_name: str) -> GetInstanceSnapshotResultTypeDef:
        """``GetInstanceSnapshot``."""
        return self._sent(lambda: self.lightsail.get_instance_snapshot(instanceSnapshotName=instance_snapshot_name))

    def get_auto_snapshots(self, resource_name: str) -> GetAutoSnapshotsResultTypeDef:
        """``GetAutoSnapshots``."""
        return self._sent(lambda: self.lightsail.get_auto_snapshots(resourceName=resource_name))

    def get_static_ip(self, static_ip_name: str) -> GetStaticIpResultTypeDef:
        """``GetStaticIp``."""
        return self._sent(lambda: self.lightsail.get_static_ip(staticIpName=static_ip_name))

    def get_instance_port_states(self, instance_name: str) -> GetInstancePortStatesResultTypeDef:
        """``GetInstancePortStates``."""
        return self._sent(lambda: self.lightsail.get_instance_port_states(instanceName=instance_name))

    def get_operation(self, operation_id: str) -> GetOperationResultTypeDef:
        """``GetOperation``."""
        return self._sent(lambda: self.lightsail.get_operation(operationId=operation_id))

    def get_regions(self) -> GetRegionsResultTypeDef:
        """``GetRegions`` with their Availability Zones."""
        return self._sent(lambda: self.lightsail.get_regions(includeAvailabilityZones=True))

    def get_blueprints(self) -> list[BlueprintTypeDef]:
        """Every blueprint, inactive ones included (``GetBlueprints``, every page)."""
        return self.pages(
            lambda token: self.lightsail.get_blueprints(includeInactive=True, **token),
            lambda answer: answer.get("blueprints"),
        )

    def get_bundles(self, app_category: AppCategoryType | None = None) -> list[BundleTypeDef]:
        """Every bundle (of ``app_category`` when given), inactive ones included (``GetBundles``, every page)."""
        category: _AppCategory = {"appCategory": app_category} if app_category else {}
        return self.pages(
            lambda token: self.lightsail.get_bundles(includeInactive=True, **category, **token),
            lambda answer: answer.get("bundles"),
        )

    def get_instances(self) -> list[InstanceTypeDef]:
        """Every instance (``GetInstances``, every page)."""
        return self.pages(lambda token: self.lightsail.get_instances(**token), lambda answer: answer.get("instances"))

    def get_disks(self) -> list[DiskTypeDef]:
        """Every disk (``GetDisks``, every page)."""
        return self.pages(lambda token: self.lightsail.get_disks(**token), lambda answer: answer.get("disks"))

    def get_key_pairs(self) -> list[KeyPairTypeDef]:
        """Every key pair (``GetKeyPairs``, every page; the default key pair is not listed)."""
        return self.pages(lambda token: self.lightsail.get_key_pairs(**token), lambda answer: answer.get("keyPairs"))

    def get_instance_snapshots(self) -> list[InstanceSnapshotTypeDef]:
        """Every instance snapshot (``GetInstanceSnapshots``, every page)."""
        return self.pages(
            lambda token: self.lightsail.get_instance_snapshots(**token), lambda answer: answer.get("instanceSnapshots")
        )

    def get_static_ips(self) -> list[StaticIpTypeDef]:
        """Every static IP (``GetStaticIps``, every page)."""
        return self.pages(lambda token: self.lightsail.get_static_ips(**token), lambda answer: answer.get("staticIps"))

    def get_operations(
        self, enough: Callable[[Sequence[OperationTypeDef]], bool] | None = None
    ) -> list[OperationTypeDef]:
        """The account's operations (``GetOperations``, every page, oldest first), or until ``enough(items so far)``."""
        return self.pages(
            lambda token: self.lightsail.get_operations(**token), lambda answer: answer.get("operations"), enough
        )

    def get_operations_for_resource(self, resource_name: str) -> list[OperationTypeDef]:
        """The operations of one resource (``GetOperationsForResource``, every page)."""
        return self.pages(
            lambda token: self.lightsail.get_operations_for_resource(resourceName=resource_name, **token),
            lambda answer: answer.get("operations"),
        )

    def create_instances_from_snapshot(
        self, request: CreateInstancesFromSnapshotRequest
    ) -> CreateInstancesFromSnapshotResult:
        """Send exactly ``request.to_boto3()`` and parse the answer (``userData`` never logged).

        Raises:
            LightsailError: AWS refused.
            TransportError: No answer (AWS may have applied it: see the restore's lost-answer recovery).
            ResponseShapeError: An answer in a shape we do not understand.
        """
        debug = logger.isEnabledFor(logging.DEBUG)
        if debug:
            logger.debug("CreateInstancesFromSnapshot request: %s", request.to_redacted_boto3())
        self.calls += 1
        try:
            with _sending("CreateInstancesFromSnapshot"):
                raw = self.lightsail.create_instances_from_snapshot(**request.to_boto3())
        except Exception:
            with mapped_client_errors():  # entered on failure only: the success path pays nothing for it
                raise
        result = CreateInstancesFromSnapshotResult.from_boto3(raw)
        if debug:
            logger.debug(
                "CreateInstancesFromSnapshot answer: request id %s, operations %s",
                result.request_id,
                [(op.resource_name, op.id, str(op.status)) for op in result.operations],
            )
        return result

    def copy_snapshot(self, request: CopySnapshotRequest) -> CopySnapshotResult:
        """Send exactly ``request.to_boto3()`` (to this client's Region, the copy's target) and parse the answer.

        Raises:
            LightsailError: AWS refused (a missing source, a name in use, ...).
            TransportError: No answer (AWS may have made the copy: see the copy step's second look).
            ResponseShapeError: An answer in a shape we do not understand.
        """
        params = request.to_boto3()
        logger.debug("CopySnapshot request: %s", params)
        self.calls += 1
        with mapped_client_errors(), _sending("CopySnapshot"):
            raw = self.lightsail.copy_snapshot(**params)
        result = CopySnapshotResult.from_boto3(raw)
        logger.debug(
            "CopySnapshot answer: request id %s, operations %s",
            result.request_id,
            [(op.resource_name, op.id, str(op.status), op.operation_details) for op in result.operations],
        )
        return result

    def _operations(self, operation: str, answer: Item) -> tuple[Operation, ...]:
        raw = answer.get("operations")
        if raw is None and answer.get("operation") is not None:
            raw = [answer["operation"]]
        if not raw:
            raise ResponseShapeError(f"AWS answered {operation} with no operation to follow")
        return tuple(Operation.from_boto3(op) for op in raw)

    def put_instance_public_ports(self, request: PutInstancePublicPortsRequest) -> tuple[Operation, ...]:
        """Send exactly ``request.to_boto3()`` (the instance's whole firewall) and return the operation it started.

        Raises:
            LightsailError: AWS refused.
            TransportError: No answer (AWS may have applied it: the ports step looks again before sending it again).
            ResponseShapeError: An answer with no operation.
        """
        return self.write(self.lightsail.put_instance_public_ports, **request.to_boto3())

    def attach_static_ip(self, request: AttachStaticIpRequest) -> tuple[Operation, ...]:
        """Send exactly ``request.to_boto3()`` and return the operations it started (the static IP's, the instance's).

        Raises:
            LightsailError: AWS refused.
            TransportError: No answer.
            ResponseShapeError: An answer with no operation.
        """
        return self.write(self.lightsail.attach_static_ip, **request.to_boto3())

    def detach_static_ip(self, request: DetachStaticIpRequest) -> tuple[Operation, ...]:
        """Send exactly ``request.to_boto3()`` and return the operations it started (the static IP's, the instance's).

        Raises:
            LightsailError: AWS refused.
            TransportError: No answer.
            ResponseShapeError: An answer with no operation.
        """
        return self.write(self.lightsail.detach_static_ip, **request.to_boto3())

    # The deletions of a drill's teardown (``lightsail_restore.drill``): each names a resource the run made.

    def delete_instance(self, instance_name: str) -> tuple[Operation, ...]:
        """``DeleteInstance`` (sent at most once) and the operations it started (E60: its attached disks' detaching).

        Raises:
            LightsailError: AWS refused (``NotFoundException``: no such instance).
            TransportError: No answer (the teardown and the retire step look again: gone counts as done).
            ResponseShapeError: An answer with no operation.
        """
        return self.write(self.lightsail.delete_instance, instanceName=instance_name)

    def delete_disk(self, disk_name: str) -> tuple[Operation, ...]:
        """``DeleteDisk`` (sent at most once; the disk must be detached, E61) and the operation it started.

        Raises:
            LightsailError: AWS refused (``NotFoundException``, or an attached disk).
            TransportError: No answer (the teardown looks again: gone counts as done).
        """
        return self.write(self.lightsail.delete_disk, diskName=disk_name)

    def delete_instance_snapshot(self, instance_snapshot_name: str) -> tuple[Operation, ...]:
        """``DeleteInstanceSnapshot`` (sent at most once) and the operation it started.

        Raises:
            LightsailError: AWS refused (``NotFoundException``, or a snapshot still pending).
            TransportError: No answer (the teardown looks again: gone counts as done).
        """
        return self.write(self.lightsail.delete_instance_snapshot, instanceSnapshotName=instance_snapshot_name)

    def get_disk(self, disk_name: str) -> GetDiskResultTypeDef:
        """``GetDisk``."""
        return self._sent(lambda: self.lightsail.get_disk(diskName=disk_name))

    def create_instance_snapshot(
        self, instance_name: str, instance_snapshot_name: str, tags: Mapping[str, str] | None = None
    ) -> tuple[Operation, ...]:
        """``CreateInstanceSnapshot`` of ``instance_name`` (at most once), with ``tags``; its operations (E62).

        Raises:
            LightsailError: AWS refused.
            TransportError: No answer (the snapshot may have been made: the retire step looks again).
            ResponseShapeError: An answer with no operation.
        """
        tagged: list[TagTypeDef] = [{"key": k, "value": v} for k, v in (tags or {}).items()]
        return self.write(
            self.lightsail.create_instance_snapshot,
            instanceName=instance_name,
            instanceSnapshotName=instance_snapshot_name,
            tags=tagged,
        )


class _PageToken(TypedDict, total=False):
    pageToken: str


class _AppCategory(TypedDict, total=False):
    appCategory: AppCategoryType
