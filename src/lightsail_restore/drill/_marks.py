"""Which run made a resource: a drill's id, carried in its mark, and the selectors the teardown reads.

A drill restores under its own id (``web-1-snap-drill-20260310T120000000000Z``: the source, ``-drill-`` and the UTC time
it started, to the microsecond, a valid Lightsail name), and adds the tag ``lightsail-restore:drill`` with that id to
its request. The tag is one of the request's own, so the request's digest (``lightsail-restore:request``,
``_provenance.py``) differs from every other drill's and every restore's: a rerun of the same drill recognises its
instances (the plan resumes them), and its cleanup finds them, while nothing another run made matches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from ..request import CreateInstancesFromSnapshotRequest
from ..restore._provenance import Mark, read_mark

__all__ = ["DRILL_TAG", "RunMark", "copy_name", "drill_id_for", "drill_request", "started_of", "tag_value"]

DRILL_TAG: Final = "lightsail-restore:drill"
"""The tag holding a drill's id on every instance the drill creates."""
_STAMP: Final = "%Y%m%dT%H%M%S%fZ"


def drill_id_for(source: str, now: datetime) -> str:
    """``<source>-drill-<UTC YYYYMMDDTHHMMSSffffffZ>``: the drill's id, and its instance's name by default.

    To the microsecond: two drills of one source started in the same second (two cron jobs, two shells) would
    otherwise share an id, and the instance of it, and the first to finish would tear down the other's.
    """
    return f"{source}-drill-{now.astimezone(UTC).strftime(_STAMP)}"


_STARTED = re.compile(r"-drill-(\d{8}T\d{12}Z)$")


def started_of(drill_id: str) -> datetime | None:
    """When the drill of ``drill_id`` started, as its id says (``drill_id_for``); ``None`` for an id of the caller's."""
    found = _STARTED.search(drill_id)
    if found is None:
        return None
    try:
        return datetime.strptime(found.group(1), _STAMP).replace(tzinfo=UTC)
    except ValueError:  # digits that are no time (month 13)
        return None


def copy_name(drill_id: str, source_region: str) -> str:
    """The name of a cross-Region drill's copy: ``<drill id>-from-<source Region>`` (unique to the drill)."""
    return f"{drill_id}-from-{source_region}"


def drill_request(params: Mapping[str, Any], drill_id: str) -> dict[str, Any]:
    """The boto3 request ``params`` with the drill's tag (and its id as the one instance name when none is given)."""
    drilled = dict(params)
    if not drilled.get("instanceNames"):
        drilled["instanceNames"] = [drill_id]
    tags = [t for t in drilled.get("tags") or [] if t.get("key") != DRILL_TAG]
    drilled["tags"] = [*tags, {"key": DRILL_TAG, "value": drill_id}]
    return drilled


def tag_value(resource: Mapping[str, Any], key: str) -> str | None:
    """The value of tag ``key`` on a resource as Lightsail lists it, or ``None``."""
    for tag in resource.get("tags") or []:
        if isinstance(tag, Mapping) and tag.get("key") == key:
            value = tag.get("value")
            return None if value is None else str(value)
    return None


@dataclass(frozen=True, slots=True)
class RunMark:
    """What one run left on its instances: its mark, and a drill's id (``None`` for a restore's run).

    Attributes:
        drill_id: The drill's id (``lightsail-restore:drill``), or ``None`` to match a restore by its mark alone.
        mark: The run's mark (``None`` for a drill: any mark with the drill's id).
    """

    drill_id: str | None = None
    mark: Mark | None = None

    @classmethod
    def of_drill(cls, drill_id: str) -> RunMark:
        """The run of drill ``drill_id``."""
        return cls(drill_id=drill_id)

    @classmethod
    def of_request(cls, request: CreateInstancesFromSnapshotRequest, mark: Mark) -> RunMark:
        """The run that sent ``request`` with ``mark`` (a drill's when the request carries its tag)."""
        drill = next((t.value for t in request.tags or () if t.key == DRILL_TAG), None)
        return cls(drill_id=drill, mark=mark)

    def describe(self) -> str:
        """``drill web-1-snap-drill-...``, or ``the restore marked sha256:...``."""
        if self.drill_id is not None:
            return f"drill {self.drill_id}"
        return f"the restore marked {self.mark.request if self.mark else None}"

    def why_not(self, instance: Mapping[str, Any]) -> str | None:
        """``None`` when this run made ``instance``, else why not (in words naming the tags)."""
        found = read_mark(instance)
        if found is None or found.source is None or found.request is None:
            return "it carries no lightsail-restore mark (lightsail-restore:source and lightsail-restore:request)"
        drill = tag_value(instance, DRILL_TAG)
        if self.drill_id is not None and drill != self.drill_id:
            other = f"drill {drill}" if drill else f"the restore marked {found.request}"
            return f"it is marked by another run ({other})"
        if self.mark is not None and found != self.mark:
            return f"it is marked by another run (the request {found.request}, not {self.mark.request})"
        return None
