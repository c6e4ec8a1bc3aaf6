"""Keep an automatic restore point: copy it into a manual snapshot of its own Region, which stays (UG-keep).

An automatic snapshot rolls off when the seventh after it is taken, and goes with its instance (E27, E63); a
manual one stays until deleted. ``keep_point`` sends CopySnapshot once, in the instance's Region, naming
``sourceRegion`` as that same Region, ``sourceResourceName`` and ``restoreDate`` (the console's "Keep"), then waits
until the copy is ``available``. The copy is named ``<instance>-<date>-kept`` unless a name is given.

Resumable: it looks for the copy first, so a rerun (after an interruption, or once the automatic point has rolled
off) finds it, waits for it if ``pending``, and never copies twice. A snapshot under the name that is not a copy of
the instance (``copy.plan.judge_copy``: its newest creating operation is a CopySnapshot of ``<Region>:<instance>``,
E45) is refused. AWS shows no day for a copy of an automatic snapshot (E45, E47), so only the default name, which
carries the date, proves a copy found on a rerun holds the day asked; under a name of the caller's it is reported
unproven and not counted as kept. A lost answer (no answer, a 5xx, "names in use") is judged by a second look
(``_polling.look_again``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final

from pydantic import Field, PlainSerializer, computed_field

from .._api import LightsailApi
from .._options import Polling
from .._polling import look_again, lost_how, maybe_applied
from ..errors import Issue, LightsailRestoreError, NotFoundException, RequestValidationError
from ..request import CopySnapshotRequest
from ._document import Elapsed, OrderedDocument
from ._source import ResolvedSource, SourceDisk
from ._steps.copy.plan import _stem, find_own_copy, judge_copy
from ._steps.copy.step import wait_for_copy

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import AutoSnapshotDetailsTypeDef, InstanceSnapshotTypeDef

__all__ = ["KeepOutcome", "default_keep_name", "keep_point"]

logger = logging.getLogger("lightsail_restore")

_NAME_MAX: Final = 255


def default_keep_name(instance_name: str, restore_date: str) -> str:
    """``<instance>-<YYYY-MM-DD>-kept``, a long instance name cut and given 8 hex digits of its SHA-256."""
    tail = f"-{restore_date}-kept"
    return _stem(instance_name, _NAME_MAX - len(tail)) + tail


def _said(error: LightsailRestoreError | None) -> str | None:
    return None if error is None else str(error)


@dataclass(frozen=True, slots=True)
class KeepOutcome(OrderedDocument):
    """What ``keep`` did.

    Attributes:
        name: The manual snapshot's name.
        instance_name: The instance whose automatic snapshot was kept.
        restore_date: The automatic snapshot's date.
        region: The Region (the instance's and the copy's).
        state: The manual snapshot's last state seen (``available`` when kept), ``None`` if never seen.
        operation_id: Its CopySnapshot operation's id, when known.
        resumed: Whether an earlier run had made it (this run found it and did not copy).
        answer_lost: Whether CopySnapshot's answer was lost and a second look found the copy made.
        elapsed: Seconds spent waiting for it (monotonic).
        detail: What happened, in words.
        error: Why it is not kept, when it is not (AWS's error, or the library's).
        api_calls: The API calls made.
        params: The parameters ``detail`` names (``target_snapshot_name``), as ``Finding.params``.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("ok",)
    """``ok`` first, then the fields in their order (``params`` is not in the document; the error as its words)."""

    name: str
    instance_name: str
    restore_date: str
    region: str
    state: str | None
    operation_id: str | None = None
    resumed: bool = False
    answer_lost: bool = False
    elapsed: Elapsed = 0.0
    detail: str = ""
    error: Annotated[LightsailRestoreError | None, PlainSerializer(_said)] = None
    api_calls: int = 0
    params: Annotated[tuple[str, ...], Field(exclude=True)] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """Whether the manual snapshot is there and ``available``."""
        return self.state == "available" and self.error is None


def _refused(path: str, rule: str, message: str, params: tuple[str, ...] = ()) -> RequestValidationError:
    return RequestValidationError([Issue(path, rule, message, params)])


class _Keeper:
    def __init__(self, api: LightsailApi, instance_name: str, restore_date: str, name: str, polling: Polling) -> None:
        self.api, self.instance_name, self.restore_date = api, instance_name, restore_date
        self.name, self.polling, self.region = name, polling, api.region
        self.default = name == default_keep_name(instance_name, restore_date)
        self.request = CopySnapshotRequest.from_auto_snapshot(
            instance_name, restore_date, source_region=self.region, target_snapshot_name=name
        )

    def outcome(self, state: str | None, **kwargs: Any) -> KeepOutcome:
        return KeepOutcome(self.name, self.instance_name, self.restore_date, self.region, state, **kwargs)

    def source(self, day: AutoSnapshotDetailsTypeDef | None) -> ResolvedSource:
        """The automatic snapshot as the copy should hold it (what ``judge_copy`` compares), or what is known."""
        try:
            instance = self.api.get_instance(self.instance_name).get("instance") or {}
        except NotFoundException:
            instance = {}
        disks = (instance.get("hardware") or {}).get("disks") or []
        system: Mapping[str, Any] = next((d for d in disks if d.get("isSystemDisk")), {})
        created = day.get("createdAt") if day else None
        return ResolvedSource(
            kind="auto",
            name=self.instance_name,
            date=self.restore_date,
            created_at=created,
            size_in_gb=system.get("sizeInGb"),
            bundle_id=instance.get("bundleId"),
            blueprint_id=instance.get("blueprintId"),
            disks=tuple(
                SourceDisk(str(d.get("path")), d.get("sizeInGb")) for d in (day or {}).get("fromAttachedDisks") or []
            ),
            instance_name=self.instance_name,
        )

    def day(self) -> AutoSnapshotDetailsTypeDef:
        """The automatic snapshot to keep, checked ``Success``."""
        try:
            days = self.api.get_auto_snapshots(self.instance_name).get("autoSnapshots") or []
        except NotFoundException:
            raise _refused(
                "sourceResourceName",
                "K1_instance_exists",
                f"no instance named {self.instance_name} in {self.region}: its automatic snapshots went with it",
            ) from None
        good = ", ".join(sorted(str(d.get("date")) for d in days if d.get("status") == "Success")) or "none"
        found = next((d for d in days if d.get("date") == self.restore_date), None)
        if found is None or found.get("status") != "Success":
            what = "no automatic snapshot from" if found is None else f"a {found.get('status')} automatic snapshot from"
            raise _refused(
                "restoreDate",
                "K2_auto_snapshot_restorable",
                f"{self.instance_name} has {what} {self.restore_date}; keepable dates: {good}",
            )
        return found

    def existing(self) -> InstanceSnapshotTypeDef | None:
        try:
            return self.api.get_instance_snapshot(self.name).get("instanceSnapshot") or None
        except NotFoundException:
            return None

    def run(self) -> KeepOutcome:
        found = self.existing()
        if found is not None:
            return self.resume(found)
        day = self.day()
        operation_id, lost = None, None
        try:
            operations = self.api.copy_snapshot(self.request).operations
            operation_id = next((op.id for op in operations if op.id), None)
        except LightsailRestoreError as exc:
            if not maybe_applied(exc):
                raise
            lost = exc
            logger.info("CopySnapshot ended in %s: looking again", type(exc).__name__)
            look = look_again(
                lambda: find_own_copy(self.api, self.name, self.source(day), self.region), self.polling.pace()
            )
            if not look.told:
                return self.outcome(
                    None,
                    answer_lost=True,
                    error=exc,
                    detail=f"the answer to the copy was lost ({lost_how(exc)}) and a second look could not tell "
                    f"({look.why}): it may have been made; run the same keep again: it goes on from it if it was",
                )
            if look.found is None:
                raise
            if not self.default:  # "names in use" may be another request's copy, of another day
                return self.unproven(look.found[0], lost)
            operation_id = (look.found[1].operation or {}).get("id")
        return self.wait(operation_id, resumed=False, lost=lost)

    def resume(self, found: InstanceSnapshotTypeDef) -> KeepOutcome:
        verdict = judge_copy(self.api, found, self.source(None), self.region)
        if not verdict.ours:
            raise _refused(
                "targetSnapshotName",
                "K3_name_in_use",
                f"{self.name} exists in {self.region} and is not a copy of {self.instance_name}'s automatic "
                f"snapshot: {verdict.why}; give another target_snapshot_name",
                ("target_snapshot_name",),
            )
        if not self.default:
            return self.unproven(found, None)
        return self.wait((verdict.operation or {}).get("id"), resumed=True, lost=None)

    def unproven(self, found: InstanceSnapshotTypeDef, lost: LightsailRestoreError | None) -> KeepOutcome:
        """A copy of the instance's under a name of the caller's, found without this run's answer: which day?"""
        default = default_keep_name(self.instance_name, self.restore_date)
        return self.outcome(
            str(found.get("state")),
            resumed=lost is None,
            answer_lost=lost is not None,
            error=lost or LightsailRestoreError(f"{self.name}: the day it holds cannot be shown"),
            detail=f"{self.name} is a copy of {self.instance_name}'s automatic snapshot, but AWS does not show "
            f"which day it holds, so it cannot be shown to be {self.restore_date}'s: leave out target_snapshot_name "
            f"(the default name, {default}, carries the day), or delete {self.name} and keep again",
            params=("target_snapshot_name",),
        )

    def wait(self, operation_id: str | None, *, resumed: bool, lost: LightsailRestoreError | None) -> KeepOutcome:
        waited = wait_for_copy(self.api, self.name, operation_id=operation_id, polling=self.polling)
        how = "found, made by an earlier run" if resumed else f"copied from {self.instance_name}@{self.restore_date}"
        if lost is not None:
            how += f" (the answer was lost: {lost_how(lost)}; a second look found it)"
        if waited.available:
            detail = f"{self.name} {how}; available after {waited.elapsed:.0f}s: it stays until deleted"
        elif waited.timed_out:
            detail = f"{self.name} {how}; still {waited.state or 'not listed'} at the timeout: run keep again to go on"
        else:
            detail = f"{self.name} {how}; {waited.error}"
        op = waited.operation
        return self.outcome(
            waited.state,
            operation_id=operation_id or (op.id if op else None),
            resumed=resumed,
            answer_lost=lost is not None,
            elapsed=waited.elapsed,
            detail=detail,
            error=waited.error,
        )


def keep_point(
    api: LightsailApi,
    instance_name: str,
    restore_date: str,
    *,
    target_snapshot_name: str | None = None,
    polling: Polling | None = None,
) -> KeepOutcome:
    """Copy the automatic snapshot of ``instance_name`` from ``restore_date`` into a manual snapshot, and wait.

    Args:
        api: The calls to the instance's Region (the copy is made there).
        instance_name: The instance (``sourceResourceName``).
        restore_date: The automatic snapshot's date (``restoreDate``, ``YYYY-MM-DD``).
        target_snapshot_name: The manual snapshot's name (``targetSnapshotName``); ``<instance>-<date>-kept``
            when ``None``.
        polling: How to wait until it is available (``Polling``).

    Raises:
        RequestValidationError: A name or the date breaks a rule, no such restorable automatic snapshot, or the
            name is taken by something else; nothing was written.
        LightsailError: AWS refused the copy (and a second look did not find it made), or a look-up failed.
    """
    name = target_snapshot_name or default_keep_name(instance_name, restore_date)
    before = api.calls
    keeper = _Keeper(api, instance_name, restore_date, name, polling or Polling())
    return dataclasses.replace(keeper.run(), api_calls=api.calls - before)
