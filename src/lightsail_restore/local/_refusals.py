"""Refusals real accounts meet, kept in the state (so they reach every process sharing its file).

- a plan-size cap: new accounts may only create instances up to some size (E23, its message verbatim);
- access denied to an operation: ``AccessDeniedException`` in the form of an IAM refusal (E24);
- a Region still being set up: ``RegionSetupInProgressException``, with the ``tip`` and ``docs`` the service
  model documents for it;
- a zone without capacity: a create there is refused with code ``InsufficientInstanceCapacity`` and a message in
  the form EC2 gives it (evidence C-9 in docs/design/evidence.md: no recorded Lightsail answer, the form inferred).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._catalogue import bundle
from ._errors import ServiceError
from ._resources import ACCOUNT

__all__ = ["CAPACITY_CODE", "check_capacity", "check_plan_size", "check_request"]

PLAN_SIZE_MESSAGE: Final = (
    "Sorry, your account can not create an instance using this Lightsail plan size. Please try a smaller plan "
    "size or contact Customer Support if you need to use a larger plan."
)
"""E23, verbatim."""

PRINCIPAL: Final = f"arn:aws:sts::{ACCOUNT}:assumed-role/local-role/local-session"
"""Who the local account's caller is, in access-denied messages."""

REGION_SETUP_TIP: Final = (
    "Opt-in Regions typically take a few minutes to finish setting up before you can work with them. Wait a few "
    "minutes and try again."
)
REGION_SETUP_DOCS: Final = "https://docs.aws.amazon.com/lightsail/latest/userguide/understanding-regions-and-availability-zones-in-amazon-lightsail.html"
"""The ``tip`` and ``docs`` the service model documents for RegionSetupInProgressException."""


_NAMED: Final = (("instanceName", "instances"), ("diskName", "disks"), ("instanceSnapshotName", "instanceSnapshots"))
"""The request members that name a resource, and where that resource is kept."""


def _resource_arn(res: Mapping[str, Any], region: str, params: Mapping[str, Any]) -> str:
    """The ARN of the instance (or disk, or snapshot) the request names, else every resource of the Region."""
    for member, collection in _NAMED:
        found = res.get(collection, {}).get(params.get(member))
        if isinstance(found, Mapping) and isinstance(found.get("arn"), str):
            return str(found["arn"])
    return f"arn:aws:lightsail:{region}:{ACCOUNT}:*"


def check_request(state: Mapping[str, Any], operation: str, params: Mapping[str, Any], region: str) -> None:
    """Refuse the request if a Region-setup or access-denied preset applies to it.

    Raises:
        ServiceError: RegionSetupInProgressException or AccessDeniedException (HTTP 400 both, as the API
            Reference lists them, E28).
    """
    refusals = state["refusals"]
    if region in refusals["regionSetup"]:
        raise ServiceError(
            "RegionSetupInProgressException",
            f"The Region {region} is being set up for your account",
            code="RegionSetupInProgress",
            tip=REGION_SETUP_TIP,
            docs=REGION_SETUP_DOCS,
        )
    for denial in refusals["accessDenied"]:
        if denial["operation"] == operation and denial.get("region") in (None, region):
            resource = _resource_arn(state["regions"].get(region, {"instances": {}}), region, params)
            raise ServiceError(
                "AccessDeniedException",
                f"User: {PRINCIPAL} is not authorized to perform: lightsail:{operation} on resource: {resource} "
                f"because no identity-based policy allows the lightsail:{operation} action",
                code="AccessDenied",
            )


def check_plan_size(state: Mapping[str, Any], chosen: Mapping[str, Any]) -> None:
    """Refuse a bundle larger than the account's plan-size cap (account-wide, compared on RAM, as E23's probes).

    Raises:
        ServiceError: InvalidInputException with E23's message.
    """
    cap = state["refusals"]["planSizeCap"]
    largest = bundle(cap) if cap is not None else None
    if largest is not None and float(chosen["ramSizeInGb"]) > float(largest["ramSizeInGb"]):
        raise ServiceError("InvalidInputException", PLAN_SIZE_MESSAGE, code="InvalidInput")


CAPACITY_CODE: Final = "InsufficientInstanceCapacity"
"""The code of a capacity refusal: the one the developer guide on instance capacity names (C-9)."""


def check_capacity(state: Mapping[str, Any], zone: str, bundle_id: str, zones: list[str]) -> None:
    """Refuse a create in a zone the ``capacity`` preset names, as EC2 words it, suggesting the Region's other zones.

    Raises:
        ServiceError: OperationFailureException (HTTP 400), code ``InsufficientInstanceCapacity``.
    """
    refusing = state["refusals"].get("capacity", [])
    if zone not in refusing:
        return
    others = ", ".join(z for z in zones if z not in refusing) or "none"
    raise ServiceError(
        "OperationFailureException",
        f"We currently do not have sufficient {bundle_id} capacity in the Availability Zone you requested ({zone}). "
        f"Our system will be working on provisioning additional capacity. You can currently get {bundle_id} "
        f"capacity by choosing {others}.",
        code=CAPACITY_CODE,
    )
