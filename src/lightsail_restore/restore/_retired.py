"""A finished ``retire_source`` run again: the final snapshot stands for the automatic snapshots that went.

A retire deletes the source instance, and its automatic snapshots go with it (E63): a rerun of a restore from them
no longer resolves its source (``source_instance_exists``). The final snapshot the earlier run took says it was
that run (the tag ``lightsail-restore:final-of`` holds the ARN it was taken of, which its ``fromInstanceArn``
repeats: ``_steps/retire.py``), and it holds what the plan checks a source for (``fromBundleId``,
``fromBlueprintId``, ``sizeInGb``, ``fromAttachedDisks``, E10). So with ``retire_source`` it stands for the source:
the instances that run made are recognised by their mark (its digest and the source's name; the date an instance
was restored from is its own mark's), and the cut-over's part is read from its tags. It stands in for the plan's
checks only: nothing is created from it. A name the earlier run did not make is refused as before, since nothing
holds the automatic snapshot it would be created from.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..request import CreateInstancesFromSnapshotRequest
from ._account import Account
from ._cutover import CutOver
from ._findings import Findings
from ._source import ResolvedSource, snapshot_source
from ._steps.retire import FINAL_TAG, Retire

__all__ = ["STANDS_IN", "final_stands_in", "nothing_to_create"]

STANDS_IN = "retire_final_stands_in"
"""The plan's remark that a final snapshot stands for the automatic snapshots of a retired source."""
_GONE = "source_instance_exists"


def final_stands_in(
    account: Account, request: CreateInstancesFromSnapshotRequest, cut_over: CutOver, findings: Findings
) -> ResolvedSource | None:
    """The final snapshot an earlier ``retire_source`` took of the request's source instance, standing for it.

    Only when the plan found the source instance gone (``source_instance_exists``) and ``retire_source`` is asked;
    that finding then becomes a remark (``retire_final_stands_in``, info). ``None`` when there is no such snapshot.
    """
    name = request.source_instance_name
    gone = next((f for f in findings if f.rule == _GONE), None)
    if name is None or gone is None or not cut_over.part(Retire).retire_source:
        return None
    finals = [
        s
        for s in account.instance_snapshots().values()
        if s.get("fromInstanceName") == name
        and s.get("fromInstanceArn")
        and {t.get("key"): t.get("value") for t in s.get("tags") or []}.get(FINAL_TAG) == s.get("fromInstanceArn")
    ]
    final = max(finals, key=lambda s: s.get("createdAt") or datetime.min.replace(tzinfo=UTC), default=None)
    if final is None:
        return None
    findings.remove(gone)
    findings.add(
        STANDS_IN,
        "sourceInstanceName",
        "info",
        f"{name} was deleted by an earlier run of this restore (retire_source), and its automatic snapshots with it; "
        f"its final snapshot {final.get('name')} stands for it: the instances that run made are resumed, and none "
        "can be created",
        params=("sourceInstanceName", "retire_source"),
    )
    return snapshot_source(account, final, "auto", name, date=request.restore_date)


def nothing_to_create(
    request: CreateInstancesFromSnapshotRequest, to_create: tuple[str, ...], findings: Findings
) -> None:
    """When a final snapshot stands in (``final_stands_in``), refuse any name still to create: nothing holds it."""
    said = next((f for f in findings if f.rule == STANDS_IN), None)
    if said is None or not to_create:
        return
    findings.remove(said)
    name = request.source_instance_name
    findings.add(
        _GONE,
        "sourceInstanceName",
        "error",
        f"{', '.join(to_create)} cannot be created: {name} no longer exists (an earlier run of this restore deleted "
        "it: retire_source), and its automatic snapshots went with it; restore a manual snapshot instead "
        "(instanceSnapshotName), such as its final snapshot",
        params=("sourceInstanceName", "retire_source", "instanceSnapshotName"),
    )
