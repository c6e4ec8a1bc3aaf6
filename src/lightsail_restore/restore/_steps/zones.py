"""Another zone when one is full: the create step's ``fallback_zones`` (issue 24; evidence C-9).

When AWS refuses the create for capacity in the request's zone (``code`` ``InsufficientInstanceCapacity``, C-9),
the create is sent again, unchanged but for ``availabilityZone``, in the next zone of ``fallback_zones`` (``"any"``:
every other zone of the Region, in name order), until one takes it or none is left; the outcome says which zone
won. Any other refusal ends the restore as before: only a capacity refusal means another zone may do. The option is
the create step's own (``Zones``, built by ``Zones.of`` as the step's ``options``): it rides in
``PlanOptions.parts``, the plan and the create read it with ``options.part(Zones)``, and it needs the plan.

Where the capacity failure appears: in the create's answer. No recorded Lightsail answer exists (C-9.1); EC2
refuses RunInstances for capacity in its answer (C-9.2), and the local backend does the same (C-9.3). A create
that AWS accepts and whose operation then fails for capacity is reported failed by the wait, with its code, and
is not retried elsewhere: its instance may exist under the name, and moving it would mean deleting it, which a
restore never does unasked.

Resume stays exact: the mark's digest is that of the request as given (its own zone first), so an instance created
in a fallback zone carries the same mark; the plan judges an instance found in any of the zones to try as this
request's (``judged_as``), so a rerun after a kill between zones, or after a lost answer in a fallback zone,
waits on what was created and creates nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeVar

from ..._options import FallbackZones as Fallback
from ...errors import Issue, LightsailError, RequestValidationError
from ...request import CreateInstancesFromSnapshotRequest
from .._findings import Findings

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import InstanceTypeDef

__all__ = [
    "ANY",
    "CAPACITY_CODE",
    "Fallback",
    "Zones",
    "check_fallback_zones",
    "create_in_zones",
    "is_capacity",
    "judged_as",
    "plan_zones",
]

logger = logging.getLogger("lightsail_restore")

ANY: Final = "any"
"""``fallback_zones="any"``: every other zone of the Region, in name order."""
CAPACITY_CODE: Final = "InsufficientInstanceCapacity"
"""The code of a refusal for capacity (the developer guide's, C-9.1)."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class Zones:
    """The create step's own options: where else to create when the request's zone has no capacity.

    Attributes:
        fallback_zones: The zones to try after the request's own, in order, or ``"any"`` (none, by default).
    """

    fallback_zones: Fallback = ()

    @classmethod
    def of(cls, *, fallback_zones: Sequence[str] | str | None = None) -> Zones:
        """The option checked (nothing is sent).

        Raises:
            RequestValidationError: Not ``"any"`` nor a list of zone names (``fallback_zones``).
        """
        return cls(check_fallback_zones(fallback_zones))

    @property
    def needs_plan(self) -> tuple[Issue, ...]:
        """The refusal of these zones without the plan (``check=False``): it checks them and resumes what they hold."""
        if not self.fallback_zones:
            return ()
        return (
            Issue(
                "fallback_zones",
                "fallback_zones_plan",
                "fallback_zones are tried only after the plan (it checks them, and a rerun resumes what they hold): "
                "drop check=False",
                ("fallback_zones", "check=False"),
            ),
        )


def check_fallback_zones(value: Sequence[str] | str | None) -> Fallback:
    """``fallback_zones`` as given to the façade, checked once (nothing is sent before).

    Raises:
        RequestValidationError: Not ``"any"`` nor a list of zone names (``fallback_zones``).
    """
    if value is None:
        return ()
    if isinstance(value, str):
        if value == ANY:
            return ANY
        raise RequestValidationError(
            [Issue("fallback_zones", "fallback_zones_type", f"{value!r}: give a list of zone names, or 'any'")]
        )
    zones = tuple(value)
    for index, zone in enumerate(zones):
        if not isinstance(zone, str) or not zone.strip():
            raise RequestValidationError(
                [Issue(f"fallback_zones[{index}]", "fallback_zones_type", "each fallback zone is a zone's name")]
            )
    return zones


def plan_zones(
    request: CreateInstancesFromSnapshotRequest, fallback: Fallback, zones: Mapping[str, str], findings: Findings
) -> tuple[str, ...]:
    """The zones the create tries, in order: the request's, then the fallback zones (each at most once).

    ``zones`` are the Region's zones (``Account.zones``); a fallback zone that is not one of them is an error
    finding on ``fallback_zones``. Without fallback zones, the request's zone alone.
    """
    own = request.availability_zone
    if fallback == ANY:
        return (own, *sorted(z for z, state in zones.items() if z != own and state in ("", "available")))
    tried = [own]
    for index, zone in enumerate(fallback):
        if zone not in zones:
            known = ", ".join(sorted(zones)) or "none"
            findings.add(
                "fallback_zone_exists",
                f"fallback_zones[{index}]",
                "error",
                f"{zone} is not an Availability Zone of {request.region}; use zones of {known}",
            )
        elif zone not in tried:
            tried.append(zone)
    return tuple(tried)


def judged_as(
    request: CreateInstancesFromSnapshotRequest, instance: InstanceTypeDef, zones: Sequence[str]
) -> CreateInstancesFromSnapshotRequest:
    """The request to judge an existing instance against: its zone taken as asked when it is one of ``zones``.

    The create may have placed it in a fallback zone (this run's, or an earlier run's that was killed).
    """
    zone = (instance.get("location") or {}).get("availabilityZone")
    if zone is None or zone == request.availability_zone or zone not in zones:
        return request
    return request.model_copy(update={"availability_zone": zone})


def is_capacity(exc: BaseException) -> bool:
    """Whether AWS refused for capacity in the zone (C-9: ``InsufficientInstanceCapacity``)."""
    return isinstance(exc, LightsailError) and CAPACITY_CODE in (exc.code, exc.error_code)


def _none_had_room(last: LightsailError, zones: Sequence[str]) -> LightsailError:
    """AWS's last capacity refusal, as its own class, its message naming every zone tried."""
    return type(last)(
        f"{last.message} (tried {', '.join(zones)}: none had capacity)",
        error_code=last.error_code,
        code=last.code,
        tip=last.tip,
        docs=last.docs,
        request_id=last.request_id,
        http_status=last.http_status,
    )


def create_in_zones(
    send: CreateInstancesFromSnapshotRequest,
    zones: Sequence[str],
    create: Callable[[CreateInstancesFromSnapshotRequest], _T],
) -> tuple[_T, str, tuple[str, ...]]:
    """``create(send)`` in each of ``zones`` in turn until one is not refused for capacity.

    Returns:
        What the create returned, the zone that took it, and the zones that refused for capacity before it.

    Raises:
        LightsailError: Any other refusal, as AWS gave it (no other zone is tried); when every zone refused for
            capacity, the last refusal, its message naming the zones tried.
    """
    tried = tuple(zones) or (send.availability_zone,)
    refused: list[str] = []
    for zone in tried:
        here = send if zone == send.availability_zone else send.model_copy(update={"availability_zone": zone})
        try:
            return create(here), zone, tuple(refused)
        except LightsailError as exc:
            if not is_capacity(exc) or len(tried) == 1:
                raise
            logger.info("CreateInstancesFromSnapshot refused for capacity in %s", zone)
            refused.append(zone)
            if len(refused) == len(tried):
                raise _none_had_room(exc, tried) from exc
    raise AssertionError("unreachable")  # pragma: no cover
