"""A restore point chosen for a request: list the instance's points, choose by the selector, fill in the request.

The façade's ``plan``, ``restore`` (and any command that restores) call ``pick_point`` when given
``restore_point``: the request names ``sourceInstanceName`` only, and leaves with the members the chosen point
needs (``selector.apply_point``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .._api import LightsailApi, checked_request
from ..errors import Issue, RequestValidationError
from ..request import CreateInstancesFromSnapshotRequest
from ._account import Account
from ._points import list_restore_points
from ._selector import ChosenPoint, apply_point, check_no_source, choose_point, parse_selector

__all__ = ["choose_for", "pick_point"]


def choose_for(
    api: LightsailApi, restore_point: str, instance_name: str, *, now: datetime, horizon: float
) -> ChosenPoint:
    """The point of ``instance_name`` (in ``api``'s Region) that the selector ``restore_point`` chooses.

    The selector is checked before anything is read.

    Raises:
        RequestValidationError: A bad selector, or no point fits it (``restore_point``); nothing is written.
    """
    selector = parse_selector(restore_point)
    points = list_restore_points(Account(api), instance_name, now)
    return choose_point(points, selector, instance_name, now=now, horizon=horizon)


def pick_point(
    api: LightsailApi,
    request: CreateInstancesFromSnapshotRequest | Mapping[str, Any],
    restore_point: str | ChosenPoint,
    *,
    now: datetime,
    horizon: float,
    region: str,
) -> tuple[dict[str, Any], ChosenPoint]:
    """The boto3 request with the point ``restore_point`` chooses (or is), and the chosen point.

    Args:
        api: The calls to the source's Region.
        request: The request naming ``sourceInstanceName`` and no other source member (a request model or its
            boto3 dict; with a ``ChosenPoint``, it may already name exactly that point's members).
        restore_point: A selector, or a point already chosen (``choose_for``).
        now: The time ages and roll-offs are counted from.
        horizon: The seconds a restore may take (its timeout), for the roll-off warning.
        region: The Region the request restores into (the client's), whose zone it must name.

    Raises:
        RequestValidationError: No ``sourceInstanceName`` to choose among, a source member given beside it, a bad
            selector, another member breaking a rule (all before anything is read), or no point fits; nothing is
            written.
    """
    params = dict(request.to_boto3()) if isinstance(request, CreateInstancesFromSnapshotRequest) else dict(request)
    if isinstance(restore_point, str):
        parse_selector(restore_point)  # a bad selector is named first, before anything is read
        check_no_source(params)  # a source member beside it is refused
        if isinstance(params.get("sourceInstanceName"), str):
            _check_the_rest(params, region)
    if isinstance(restore_point, ChosenPoint):
        named = params.get("sourceInstanceName")
        if named is not None and named != restore_point.point.instance_name:
            raise RequestValidationError(
                [
                    Issue(
                        "sourceInstanceName",
                        "RP7_other_instance",
                        "must be the instance of the restore_point given",
                        ("sourceInstanceName", "restore_point"),
                    )
                ]
            )
        if all(params.get(k) == v for k, v in restore_point.fields().items()):
            params = {k: v for k, v in params.items() if k not in restore_point.fields()}
            params["sourceInstanceName"] = restore_point.point.instance_name
        chosen = restore_point
    else:
        instance = params.get("sourceInstanceName")
        if not isinstance(instance, str) or not instance:
            raise RequestValidationError(
                [
                    Issue(
                        "sourceInstanceName",
                        "RP6_instance_required",
                        "is required with restore_point: its points",
                        ("sourceInstanceName", "restore_point"),
                    )
                ]
            )
        chosen = choose_for(api, restore_point, instance, now=now, horizon=horizon)
    return apply_point(params, chosen), chosen


_ANY_DAY = "2000-01-01"
"""A restore date that stands for the point still to be chosen, while the rest of the request is checked."""


def _check_the_rest(params: Mapping[str, Any], region: str) -> None:
    """Refuse a request whose other members break a rule, before the points are read (nothing is sent)."""
    checked_request({**params, "restoreDate": _ANY_DAY}, {}, region)
