"""``like_source``: the new instances get the source instance's settings that a snapshot does not keep.

A snapshot keeps no tags (an automatic snapshot has none at all, C-2.5), and a new instance gets only the add-ons,
tags and ``ipAddressType`` its create request names (C-2.12, C-2.13; ``dualstack`` when left out). With
``like_source`` the plan reads the source instance as the plan's own ``GetInstances`` listing shows it (E73: no call
more) and completes the request with, each unless the request sets it: its user tags (each key the request does
not give; lightsail-restore's own mark left out), its ``ipAddressType``, and its AutoSnapshot add-on with its
``snapshotTimeOfDay`` (the decision D-like). Without ``like_source``, ``_carried.py`` warns of each difference
instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import RequestValidationError
from ..request import CreateInstancesFromSnapshotRequest
from ._carried import auto_snapshot, tag_text, user_tags
from ._findings import Findings
from ._source import ResolvedSource

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import InstanceTypeDef

__all__ = ["like_source"]


def like_source(
    request: CreateInstancesFromSnapshotRequest,
    source: ResolvedSource | None,
    instance: InstanceTypeDef | None,
    findings: Findings,
) -> CreateInstancesFromSnapshotRequest:
    """``request`` completed with the source instance's tags, ``ipAddressType`` and AutoSnapshot add-on.

    Args:
        request: The validated request (what it sets wins).
        source: The resolved source (``None``: not found, a finding says so already).
        instance: The instance the snapshot was taken from, as ``GetInstances`` lists it, or ``None`` when it
            no longer exists (an error: there is nothing to be like).
        findings: Where what was carried goes (``info``), or why nothing could be (errors naming ``like_source``).

    Returns:
        The request to plan and send.
    """
    if source is None:
        return request
    if instance is None:
        who = f"{source.instance_name}, the instance it was taken from," if source.instance_name else "its instance"
        findings.add(
            "like_source_instance",
            "like_source",
            "error",
            f"like_source carries the source instance's tags, ipAddressType and AutoSnapshot add-on, and there is "
            f"none to read ({source.describe()}: {who} no longer exists); give tags, ipAddressType and addOns "
            "instead",
            params=("like_source", "tags", "ipAddressType", "addOns"),
        )
        return request
    params: dict[str, Any] = dict(request.to_boto3())
    carried: list[str] = []
    given = {tag.key for tag in request.tags or ()}
    tags = [
        {k: v for k, v in t.items() if k in ("key", "value")} for t in user_tags(instance) if t.get("key") not in given
    ]
    if tags:
        params["tags"] = [*params.get("tags", []), *tags]
        carried.append(f"tags {', '.join(tag_text(t) for t in tags)}")
    ip_type = instance.get("ipAddressType")
    if request.ip_address_type is None and ip_type not in (None, "dualstack"):  # dualstack: AWS's default (C-2.13)
        params["ipAddressType"] = ip_type
        carried.append(f"ipAddressType {ip_type}")
    add_on = auto_snapshot(instance.get("addOns"))
    if add_on is not None and not any(a.add_on_type == "AutoSnapshot" for a in request.add_ons or ()):
        at = add_on.get("snapshotTimeOfDay")
        sub = {"snapshotTimeOfDay": at} if at else {}
        params["addOns"] = [*params.get("addOns", []), {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": sub}]
        carried.append(f"the AutoSnapshot add-on{f' (daily at {at} UTC)' if at else ''}")
    if not carried:
        return request
    name = instance.get("name")
    try:
        completed = CreateInstancesFromSnapshotRequest.from_boto3(params)
    except RequestValidationError as exc:
        for issue in exc.issues:
            findings.add(
                issue.rule,
                issue.path,
                "error",
                f"like_source carries {name}'s settings, and then {issue.message}; give them yourself instead",
                params=("like_source", *issue.params),
            )
        return request
    findings.add("like_source", "like_source", "info", f"the new instances get what {name} has: {'; '.join(carried)}")
    return completed
