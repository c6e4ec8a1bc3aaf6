"""The mark a restore leaves on what it creates, and reading it back.

Lightsail records no source for an instance, and the operations of CreateInstancesFromSnapshot carry no
``operationDetails`` (evidence E1, E2, E4). So the restore tags each new instance (and, through
AWS, nothing else) with two tags:

- ``lightsail-restore:source``: the manual snapshot's name, or ``<instance>@<YYYY-MM-DD>`` (the automatic
  snapshot's resolved date);
- ``lightsail-restore:request``: ``sha256:`` and 32 hex digits of a digest of the request's canonical JSON,
  without ``instanceNames``, ``attachedDiskMapping`` and ``userData`` (and without these two tags).

Names and disk mapping are left out so the request of a partial resume (only the remaining names) carries the same
digest, and a rerun that adds a name still resumes the names that exist. ``userData`` is left out because a digest
of a secret is a secret: a guessable password inside a known script could be found from a public tag.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ..request import CreateInstancesFromSnapshotRequest
from ._source import ResolvedSource, auto_label, auto_prefix, manual_label

__all__ = [
    "MARK_KEYS",
    "REQUEST_TAG",
    "SOURCE_TAG",
    "Mark",
    "read_mark",
    "request_digest",
    "source_label",
    "source_matches",
]

SOURCE_TAG: Final = "lightsail-restore:source"
"""The tag naming the source: ``web-1-snap``, or ``web-1@2026-03-09`` for an automatic snapshot."""
REQUEST_TAG: Final = "lightsail-restore:request"
"""The tag holding the request's digest: ``sha256:`` and 32 hex digits."""
MARK_KEYS: Final = frozenset({SOURCE_TAG, REQUEST_TAG})
"""The tag keys the restore reserves for itself."""

_LEFT_OUT: Final = ("instanceNames", "attachedDiskMapping", "userData")


def request_digest(request: CreateInstancesFromSnapshotRequest) -> str:
    """``sha256:`` and 32 hex digits of the request's canonical JSON, names, disk mapping and ``userData`` left out.

    Canonical: the boto3 members (absent stays absent), keys sorted, tags sorted by key and add-ons by type (their
    order means nothing), ``ipAddressType`` ``dualstack`` left out (AWS's default: asking for it is asking for
    nothing else), our own mark's tags left out, compact separators, UTF-8.
    """
    params: dict[str, Any] = {k: v for k, v in request.to_boto3().items() if k not in _LEFT_OUT}
    if params.get("ipAddressType") == "dualstack":
        del params["ipAddressType"]
    if "tags" in params:
        tags = [dict(t) for t in params["tags"] if t.get("key") not in MARK_KEYS]
        params["tags"] = sorted(tags, key=lambda t: str(t.get("key")))
    if "addOns" in params:
        params["addOns"] = sorted((dict(a) for a in params["addOns"]), key=lambda a: str(a.get("addOnType")))
    text = json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def source_label(
    request: CreateInstancesFromSnapshotRequest, source: ResolvedSource | None, region: str | None = None
) -> str | None:
    """The value of ``lightsail-restore:source`` for this request: from the resolved source, else from the request.

    ``region``: the source's Region when it is not the restore's own (a cross-Region restore): the label then
    starts with it (``us-east-2:web-1-snap``). ``None`` only for the latest automatic snapshot of an instance whose
    snapshots could not be resolved.
    """
    if source is not None and (source.kind == "manual" or source.date):
        return source.label
    if request.instance_snapshot_name is not None:
        return manual_label(request.instance_snapshot_name, region)
    if request.restore_date is not None and request.source_instance_name is not None:
        return auto_label(request.source_instance_name, request.restore_date, region)
    return None


def source_matches(
    found: str, request: CreateInstancesFromSnapshotRequest, expected: str | None, region: str | None = None
) -> bool:
    """Whether a source label read on an instance is this request's source.

    For ``useLatestRestorableAutoSnapshot`` any date of the source instance matches (the latest may have moved
    on since the earlier run), in ``region`` when the source is in another Region; otherwise the label must be the
    same.
    """
    if request.use_latest_restorable_auto_snapshot and request.source_instance_name is not None:
        return found.startswith(auto_prefix(request.source_instance_name, region))
    return expected is not None and found == expected


@dataclass(frozen=True, slots=True)
class Mark:
    """The two provenance tags, as written on what the restore creates (or as read back from an instance).

    Attributes:
        source: The ``lightsail-restore:source`` value (``None`` when absent from an instance).
        request: The ``lightsail-restore:request`` value (``None`` when absent from an instance).
    """

    source: str | None
    request: str | None

    @classmethod
    def of(
        cls, request: CreateInstancesFromSnapshotRequest, source: ResolvedSource | None, region: str | None = None
    ) -> Mark:
        """The mark of ``request`` restoring ``source`` (from ``region`` when it is in another Region)."""
        return cls(source_label(request, source, region), request_digest(request))

    def tags(self) -> list[dict[str, str]]:
        """The tags to send (boto3 form); a member without a value is left out."""
        pairs = ((SOURCE_TAG, self.source), (REQUEST_TAG, self.request))
        return [{"key": key, "value": value} for key, value in pairs if value is not None]

    def apply(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The boto3 request ``params`` with this mark's tags after the user's own."""
        marked = dict(params)
        marked["tags"] = [*params.get("tags", []), *self.tags()]
        return marked

    def apply_to(self, request: CreateInstancesFromSnapshotRequest) -> CreateInstancesFromSnapshotRequest:
        """The request with this mark's tags after the user's own (validated again: 50 tags at most).

        Raises:
            RequestValidationError: The tags no longer fit (the plan reports this first, naming ``tags``).
        """
        return CreateInstancesFromSnapshotRequest.from_boto3(self.apply(request.to_boto3()))


def read_mark(resource: Mapping[str, Any]) -> Mark | None:
    """The mark on an instance (or any tagged resource) as Lightsail lists it, or ``None`` when it has neither tag."""
    tags = {str(t.get("key")): t.get("value") for t in resource.get("tags") or [] if isinstance(t, Mapping)}
    source, digest = tags.get(SOURCE_TAG), tags.get(REQUEST_TAG)
    if source is None and digest is None:
        return None
    return Mark(None if source is None else str(source), None if digest is None else str(digest))
