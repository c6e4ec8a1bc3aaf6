"""The typed request of CopySnapshot: copy a manual or automatic snapshot, usually into another Region.

A copy is requested **in the target Region** (the client's), naming ``sourceRegion``. The source is either a
manual snapshot (``sourceSnapshotName``) or an automatic snapshot of an instance or disk (``sourceResourceName``
with ``restoreDate`` or ``useLatestRestorableAutoSnapshot``); the copy is always a manual snapshot named
``targetSnapshotName``. The rules come from the service model's member documentation and
evidence C-4.1 in ``docs/design/evidence.md`` (the Regions with a Lightsail endpoint); see ``docs/validation.md``.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, Self, cast

from pydantic import AfterValidator, Strict, StrictBool
from pydantic_core import PydanticCustomError

from ._base import OperationRequest
from ._rules import Rule, at_most_one, exactly_one, needs_one_of, only_with
from ._types import ResourceName, RestoreDate

if TYPE_CHECKING:
    from mypy_boto3_lightsail.literals import RegionNameType
    from mypy_boto3_lightsail.type_defs import CopySnapshotRequestTypeDef

__all__ = [
    "COPY_SNAPSHOT_RULES",
    "LIGHTSAIL_REGIONS",
    "REGIONS_WITHOUT_LIGHTSAIL",
    "CopySnapshotRequest",
    "CopySource",
    "LightsailRegion",
    "lightsail_regions",
]

LIGHTSAIL_REGIONS: Final = (
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
)
"""The Regions with a Lightsail endpoint in botocore 1.43.11 (evidence C-4.1 in ``docs/design/evidence.md``)."""
REGIONS_WITHOUT_LIGHTSAIL: Final = ("us-west-1",)
"""Names in the service model's ``RegionName`` enum that have no Lightsail endpoint: never a copy's source."""

CopySource = Literal["manual", "auto", "latest"]
"""What a copy copies: a manual snapshot, an automatic snapshot by date, or the latest automatic snapshot."""


@functools.cache
def lightsail_regions() -> frozenset[str]:
    """Every Region with a Lightsail endpoint: ``LIGHTSAIL_REGIONS`` plus any the installed botocore adds.

    A Region AWS opens later is accepted as soon as botocore's endpoint data lists it for Lightsail; the names
    of ``REGIONS_WITHOUT_LIGHTSAIL`` stay refused until then.
    """
    from .._quiet import service_data  # only the first validation of a Region pays for it

    try:
        known = service_data().get_available_regions("lightsail")
    except Exception:  # endpoint data missing or unreadable: the documented list still holds
        known = []
    return frozenset(LIGHTSAIL_REGIONS) | frozenset(known)


def _lightsail_region(value: str) -> str:
    if value not in lightsail_regions():
        raise PydanticCustomError(
            "lightsail_region",
            "must be an AWS Region with a Lightsail endpoint, such as 'us-east-2' (lower case); us-west-1 has none",
        )
    return value


LightsailRegion = Annotated[str, Strict(), AfterValidator(_lightsail_region)]
"""A Region with a Lightsail endpoint (``lightsail_regions()``), such as ``us-east-2``."""


_WHY_SOURCE: Final = "copy a manual snapshot by sourceSnapshotName, or an automatic one by sourceResourceName"
_RESTORE_POINT: Final = ("restore_date", "use_latest_restorable_auto_snapshot")

COPY_SNAPSHOT_RULES: Final[tuple[Rule[CopySnapshotRequest], ...]] = (
    *exactly_one(
        ("source_snapshot_name", "source_resource_name"),
        both="C1_exclusive_source",
        neither="C2_source_required",
        why=_WHY_SOURCE,
        source="M-CopySnapshot",
        summaries=(
            "`sourceSnapshotName` (manual) and `sourceResourceName` (automatic) are mutually exclusive.",
            "One of `sourceSnapshotName` (manual) and `sourceResourceName` (automatic) is required.",
        ),
    ),
    at_most_one(
        _RESTORE_POINT,
        rule="C3_exclusive_restore_point",
        why="pick one automatic snapshot by date, or the latest",
        source="M-CopySnapshot",
        summary="`restoreDate` and `useLatestRestorableAutoSnapshot` are mutually exclusive.",
    ),
    only_with(
        _RESTORE_POINT,
        requires="source_resource_name",
        rule="C4_auto_snapshot_only",
        why="it chooses an automatic snapshot, so it needs its source",
        source="M-CopySnapshot",
        summary="`restoreDate` and `useLatestRestorableAutoSnapshot` only together with `sourceResourceName`.",
    ),
    needs_one_of(
        _RESTORE_POINT,
        requires="source_resource_name",
        rule="C5_auto_needs_restore_point",
        hint="restoreDate (YYYY-MM-DD) or useLatestRestorableAutoSnapshot=True",
        source="M-CopySnapshot",
        summary="With `sourceResourceName`, exactly one of `restoreDate` or `useLatestRestorableAutoSnapshot=True`.",
    ),
)
"""The cross-field rules of ``CopySnapshotRequest``, in the order they are checked and reported."""


class CopySnapshotRequest(OperationRequest):
    """A validated CopySnapshot request (AWS ``CopySnapshotRequest``), sent to the **target** Region's client.

    Construct it with snake_case keywords, with ``model_validate`` or ``from_boto3`` from the boto3 (camelCase)
    dict, or with the typed constructors ``from_manual_snapshot``, ``from_auto_snapshot`` and
    ``from_latest_auto_snapshot``, whose signatures admit only valid combinations. Copying within one Region is
    allowed by AWS; the model cannot see the target Region (the client's), so ask ``same_region_warning``.
    """

    source_snapshot_name: ResourceName | None = None
    """AWS ``sourceSnapshotName``: the manual snapshot to copy. Exclusive with ``source_resource_name``."""
    source_resource_name: ResourceName | None = None
    """AWS ``sourceResourceName``: the instance or disk whose automatic snapshot to copy."""
    restore_date: RestoreDate | None = None
    """AWS ``restoreDate``: the automatic snapshot's date, ``YYYY-MM-DD`` (a ``datetime.date`` is accepted)."""
    use_latest_restorable_auto_snapshot: StrictBool | None = None
    """AWS ``useLatestRestorableAutoSnapshot``: copy the newest automatic snapshot. ``False`` is not sent."""
    target_snapshot_name: ResourceName
    """AWS ``targetSnapshotName``: the name of the new manual snapshot, in the target Region."""
    source_region: LightsailRegion
    """AWS ``sourceRegion``: the Region holding the source, one with a Lightsail endpoint (not ``us-west-1``)."""

    rules = COPY_SNAPSHOT_RULES

    @property
    def source(self) -> CopySource:
        """``"manual"``, ``"auto"`` (an automatic snapshot by date) or ``"latest"`` (the newest automatic one)."""
        if self.source_snapshot_name is not None:
            return "manual"
        return "auto" if self.restore_date is not None else "latest"

    @property
    def is_manual(self) -> bool:
        """Whether the source is a manual snapshot (``source_snapshot_name``)."""
        return self.source_snapshot_name is not None

    @property
    def source_name(self) -> str:
        """The manual snapshot's name, or the name of the instance or disk whose automatic snapshot is copied."""
        # The source rules guarantee exactly one of the two (and a resource name is never empty).
        return self.source_snapshot_name or self.source_resource_name or ""

    @property
    def operation_details(self) -> str:
        """What AWS reports as the copy operation's ``operationDetails``: ``"<sourceRegion>:<source name>"``.

        The AWS CLI's copy-snapshot examples show ``us-west-2:MEAN-1-1571075291`` for a manual snapshot and
        ``us-west-2:WordPress-1`` (the resource, no date) for an automatic one.
        """
        return f"{self.source_region}:{self.source_name}"

    def is_same_region(self, target_region: str) -> bool:
        """Whether ``target_region`` (the Region of the client that sends the copy) is the source Region."""
        return target_region == self.source_region

    def same_region_warning(self, target_region: str) -> str | None:
        """A warning to show when the copy stays in its Region, else ``None``.

        Copying within a Region is allowed (it makes another manual snapshot there), but a copy meant for
        disaster recovery should leave the Region; the caller knows the target Region, the model does not.

        Args:
            target_region: The Region of the client that will send the request.

        Returns:
            The warning text (naming the Region and the target snapshot), or ``None`` for a cross-Region copy.
        """
        if not self.is_same_region(target_region):
            return None
        return (
            f"sourceRegion is {self.source_region}, the Region the copy is sent to: CopySnapshot will make "
            f"{self.target_snapshot_name} in that same Region, so the copy does not survive the loss of that Region"
        )

    def to_boto3(self) -> CopySnapshotRequestTypeDef:
        """The exact kwargs for ``client.copy_snapshot(**...)`` on the target Region's client.

        Only the members that were set; ``useLatestRestorableAutoSnapshot`` only when ``True``.
        """
        params: CopySnapshotRequestTypeDef = {
            "targetSnapshotName": self.target_snapshot_name,
            "sourceRegion": cast("RegionNameType", self.source_region),
        }
        if self.source_snapshot_name is not None:
            params["sourceSnapshotName"] = self.source_snapshot_name
        if self.source_resource_name is not None:
            params["sourceResourceName"] = self.source_resource_name
        if self.restore_date is not None:
            params["restoreDate"] = self.restore_date
        if self.use_latest_restorable_auto_snapshot:
            params["useLatestRestorableAutoSnapshot"] = True
        return params

    @classmethod
    def from_manual_snapshot(cls, snapshot_name: str, *, source_region: str, target_snapshot_name: str) -> Self:
        """A request copying the manual snapshot ``snapshot_name`` out of ``source_region``.

        Raises:
            RequestValidationError: A name or the Region breaks a rule; nothing is sent.
        """
        return cls.from_boto3({"sourceSnapshotName": snapshot_name, **_copy_to(source_region, target_snapshot_name)})

    @classmethod
    def from_auto_snapshot(
        cls,
        source_resource_name: str,
        restore_date: date | str,
        *,
        source_region: str,
        target_snapshot_name: str,
    ) -> Self:
        """A request copying the automatic snapshot of ``source_resource_name`` taken on ``restore_date``.

        Raises:
            RequestValidationError: A name, the date or the Region breaks a rule; nothing is sent.
        """
        source = {"sourceResourceName": source_resource_name, "restoreDate": restore_date}
        return cls.from_boto3({**source, **_copy_to(source_region, target_snapshot_name)})

    @classmethod
    def from_latest_auto_snapshot(
        cls, source_resource_name: str, *, source_region: str, target_snapshot_name: str
    ) -> Self:
        """A request copying the newest automatic snapshot of ``source_resource_name``.

        Raises:
            RequestValidationError: A name or the Region breaks a rule; nothing is sent.
        """
        source = {"sourceResourceName": source_resource_name, "useLatestRestorableAutoSnapshot": True}
        return cls.from_boto3({**source, **_copy_to(source_region, target_snapshot_name)})


def _copy_to(source_region: str, target_snapshot_name: str) -> dict[str, Any]:
    """The members of the typed constructors that say where the copy comes from and what it is called."""
    return {"sourceRegion": source_region, "targetSnapshotName": target_snapshot_name}
