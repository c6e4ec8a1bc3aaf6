"""Hypothesis strategies for CopySnapshot: valid copies of each source kind, and copies with one rule broken.

Built from the constants of ``lightsail_restore.request._copy`` (the Lightsail Regions, the rules) and the shared
scalars of ``request.types``, so what they generate and what the model accepts cannot drift apart.

Example::

    from hypothesis import given
    from lightsail_restore.testing._copy import copy_snapshot_requests

    @given(copy_snapshot_requests(source="manual"))
    def test_my_cross_region_restore_plans_any_manual_copy(request): ...
"""

from __future__ import annotations

import copy
import functools
from typing import TYPE_CHECKING, Any, Final, cast

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..request._copy import (
    COPY_SNAPSHOT_RULES,
    REGIONS_WITHOUT_LIGHTSAIL,
    CopySnapshotRequest,
    CopySource,
    lightsail_regions,
)
from ._breakers import (
    WHITESPACE,
    Breaker,
    invalid_inputs,
    short_names,
)
from ._derived import member_breakers, rule_breakers
from .strategies import InvalidInput, restore_dates

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import CopySnapshotRequestTypeDef

__all__ = [
    "COPY_FIELD_RULES",
    "COPY_INVALID_INPUT_RULES",
    "COPY_SOURCES",
    "copy_snapshot_params",
    "copy_snapshot_requests",
    "invalid_copy_snapshot_inputs",
    "lightsail_region_names",
]

COPY_SOURCES: Final[tuple[CopySource, ...]] = ("manual", "auto", "latest")
"""The three kinds of source: a manual snapshot, an automatic one by date, the latest automatic one."""
COPY_FIELD_RULES: Final[tuple[str, ...]] = (
    "resource_name",
    "lightsail_region",
    "restore_date",
    "type",
    "required",
    "unknown_member",
)
"""Rule ids of the checks on single members of CopySnapshot."""
COPY_INVALID_INPUT_RULES: Final[tuple[str, ...]] = COPY_FIELD_RULES + tuple(check.rule for check in COPY_SNAPSHOT_RULES)
"""Every rule id ``invalid_copy_snapshot_inputs()`` can break."""


@functools.cache
def lightsail_region_names() -> st.SearchStrategy[str]:
    """Valid ``sourceRegion`` values: every Region with a Lightsail endpoint (``copy.lightsail_regions()``).

    Returns:
        A strategy of Region names accepted by ``copy.LightsailRegion``.
    """
    return st.sampled_from(sorted(lightsail_regions()))


@functools.cache
def _params(source: CopySource | None = None) -> st.SearchStrategy[dict[str, Any]]:
    return _draw_params(source)


@st.composite
def _draw_params(draw: st.DrawFn, source: CopySource | None) -> dict[str, Any]:
    kind = source if source is not None else draw(st.sampled_from(COPY_SOURCES))
    params: dict[str, Any] = {}
    if kind == "manual":
        params["sourceSnapshotName"] = draw(short_names())
    else:
        params["sourceResourceName"] = draw(short_names())
        if kind == "auto":
            params["restoreDate"] = draw(restore_dates())
        else:
            params["useLatestRestorableAutoSnapshot"] = True
    params["targetSnapshotName"] = draw(short_names())
    params["sourceRegion"] = draw(lightsail_region_names())
    return params


def _check_source(source: str | None) -> None:
    if source is not None and source not in COPY_SOURCES:
        raise InvalidArgument(f"source must be one of {COPY_SOURCES} or None, got {source!r}")


def copy_snapshot_params(*, source: CopySource | None = None) -> st.SearchStrategy[CopySnapshotRequestTypeDef]:
    """Valid boto3 kwargs dicts for ``client.copy_snapshot(**params)`` (sent to the target Region's client).

    ``useLatestRestorableAutoSnapshot`` only ever appears as ``True`` (``False`` is not sent by ``to_boto3()``).

    Args:
        source: Only this kind of source (``"manual"``, ``"auto"`` by date, ``"latest"``); all three when ``None``.

    Returns:
        A strategy of dicts for which ``CopySnapshotRequest.model_validate(d).to_boto3() == d``.

    Raises:
        InvalidArgument: ``source`` is not one of the three.
    """
    _check_source(source)
    return cast("st.SearchStrategy[CopySnapshotRequestTypeDef]", _params(source))


def copy_snapshot_requests(*, source: CopySource | None = None) -> st.SearchStrategy[CopySnapshotRequest]:
    """Valid ``CopySnapshotRequest`` models, validated from ``copy_snapshot_params``.

    Raises:
        InvalidArgument: ``source`` is not one of the three.
    """
    _check_source(source)
    return _params(source).map(CopySnapshotRequest.model_validate)


# --------------------------------------------------------------------------------------------------------------
# Invalid inputs: a valid dict with exactly one rule broken
# --------------------------------------------------------------------------------------------------------------


def _not_a_lightsail_region(value: str) -> bool:
    return value not in lightsail_regions()


@st.composite
def _broken_region(draw: st.DrawFn) -> InvalidInput:
    params = copy.deepcopy(draw(_params()))
    good = params["sourceRegion"]
    bad = draw(
        st.one_of(
            st.sampled_from([*REGIONS_WITHOUT_LIGHTSAIL, "ap-northeast-3", "mx-central-1", "cn-north-1", "global"]),
            st.sampled_from([good.upper(), good + "a", good.replace("-", ""), good + "-1", "", "us_east_2"]),
            st.tuples(st.sampled_from(WHITESPACE), st.booleans()).map(lambda t: t[0] + good if t[1] else good + t[0]),
            st.text(max_size=16),
        ).filter(_not_a_lightsail_region)
    )
    params["sourceRegion"] = bad
    return InvalidInput(params, "lightsail_region", "sourceRegion")


_BREAKERS: Final[tuple[tuple[tuple[str, ...], Breaker], ...]] = (
    *member_breakers(CopySnapshotRequest, _params()),
    (("lightsail_region",), _broken_region),
    *rule_breakers(CopySnapshotRequest, _params()),
)


invalid_copy_snapshot_inputs: Final = invalid_inputs(
    "invalid_copy_snapshot_inputs",
    "CopySnapshotRequest",
    _BREAKERS,
    COPY_INVALID_INPUT_RULES,
    "COPY_INVALID_INPUT_RULES",
    "Covers every member rule (``COPY_FIELD_RULES``: the three names, the Region, the restore date, wrong types,\n"
    "    missing and unknown members) and every rule of ``COPY_SNAPSHOT_RULES``.",
)
