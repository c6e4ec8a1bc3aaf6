"""Choosing a restore point instead of naming it: ``latest``, ``before:<time>``, or a snapshot's name or date.

``parse_selector`` checks the words (no I/O: a bad selector is refused naming ``restore_point``);
``choose_point`` picks among the instance's points (``points.list_restore_points``) and says why; the chosen
point gives the request members it needs (``ChosenPoint.fields``, ``apply_point``) and the plan's findings: the
choice (info), and, for an automatic point, a warning when it rolls off within a day or before a restore of
``horizon`` seconds could end, suggesting ``keep``. Reusable by every command that restores (plan, restore,
drill).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Final, Literal

from pydantic import Field

from ..errors import Issue, RequestValidationError
from ._document import OrderedDocument
from ._findings import Finding
from ._points import RestorePoint

__all__ = [
    "SOURCE_MEMBERS",
    "ChosenPoint",
    "Selector",
    "apply_point",
    "check_no_source",
    "choose_point",
    "parse_selector",
]

PARAMETER: Final = "restore_point"
KEEP: Final = "client.keep"
"""How a message names the method that keeps a point (``LightsailRestoreClient.keep``)."""
SOURCE_MEMBERS: Final = ("instanceSnapshotName", "sourceInstanceName", "restoreDate", "useLatestRestorableAutoSnapshot")
"""The request members that name a source: a restore point sets them."""
DAY: Final = 86400.0
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_RULE = (
    "must be latest, before:<UTC time> (such as before:2026-12-05T14:00Z), a manual snapshot's name, or an "
    "automatic snapshot's date (YYYY-MM-DD)"
)


@dataclass(frozen=True, slots=True)
class Selector:
    """A parsed ``restore_point``: ``latest``, ``before`` an instant, or ``exact`` (a name or a date)."""

    kind: Literal["latest", "before", "exact"]
    text: str
    before: datetime | None = None


def _refused(rule: str, message: str) -> RequestValidationError:
    return RequestValidationError([Issue(PARAMETER, rule, message)])


def _instant(text: str) -> datetime | None:
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_selector(text: object) -> Selector:
    """The selector ``text`` says, checked without I/O.

    Raises:
        RequestValidationError: Not a selector (``restore_point``, rule ``RP1_selector``); nothing is sent.
    """
    if not isinstance(text, str) or not text.strip():
        raise _refused("RP1_selector", _RULE)
    word = text.strip()
    if word == "latest":
        return Selector("latest", word)
    if word.startswith("before:"):
        moment = _instant(word.removeprefix("before:"))
        if moment is None:
            raise _refused("RP1_selector", f"{_RULE}; after before: an ISO 8601 time, UTC unless it says")
        return Selector("before", word, moment)
    return Selector("exact", word)


def _when(moment: datetime | None) -> str:
    return "at an unknown time" if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h"


@dataclass(frozen=True, slots=True)
class ChosenPoint(OrderedDocument):
    """The point a selector chose, why, and what the plan should say about it.

    ``to_dict()``: ``selector``, ``why``, ``point``.

    Attributes:
        selector: The selector as given.
        point: The point chosen.
        why: Why this one, in words.
        chosen_at: The time the choice was made (ages and roll-offs are counted from it).
        horizon: The seconds a restore from it may take (its timeout), for the roll-off warning.
        params: The parameters ``why`` names (``restore_point``), as ``Finding.params``.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("selector", "why", "point")
    """The document's members, in their order (the time, the horizon and the parameters are not in it)."""

    selector: str
    point: RestorePoint
    why: str
    chosen_at: Annotated[datetime, Field(exclude=True)]
    horizon: Annotated[float, Field(exclude=True)]
    params: Annotated[tuple[str, ...], Field(exclude=True)] = ()

    def fields(self) -> dict[str, str]:
        """The request members that restore the point (``RestorePoint.fields``)."""
        return self.point.fields()

    def findings(self) -> tuple[Finding, ...]:
        """The plan's findings: the choice (info), and the roll-off warnings of an automatic point."""
        point = self.point
        found = [Finding("restore_point_chosen", PARAMETER, "info", f"{point.describe()}: {self.why}", self.params)]
        left = point.left_seconds(self.chosen_at)
        if left is None:
            return tuple(found)
        keep = (
            f"keep it first ({KEEP}(source_instance_name={point.instance_name!r}, restore_date={point.date!r})): "
            "it becomes a manual snapshot that stays"
        )
        told = (PARAMETER, KEEP, "source_instance_name", "restore_date")
        if left < DAY:
            found.append(
                Finding(
                    "restore_point_rolls_off",
                    PARAMETER,
                    "warning",
                    f"{point.describe()} rolls off in about {_hours(left)} ({_when(point.rolls_off_at)}), when the "
                    f"next automatic snapshot is taken; {keep}",
                    told,
                )
            )
        if left < self.horizon:
            found.append(
                Finding(
                    "restore_point_outlasted",
                    PARAMETER,
                    "warning",
                    f"a restore may take up to {self.horizon:.0f} s (its timeout) and {point.describe()} has about "
                    f"{left:.0f} s left before it rolls off: it may be gone before its copy or restore starts; {keep}",
                    told,
                )
            )
        return tuple(found)


def _listing(points: Sequence[RestorePoint]) -> str:
    good = [f"{p.word} ({_when(p.taken_at)})" for p in points if p.restorable]
    return "; restorable points: " + (", ".join(good) if good else "none")


def _exact(selector: Selector, mine: Sequence[RestorePoint], instance: str) -> tuple[RestorePoint, str]:
    word = selector.text
    is_date = _DATE.fullmatch(word) is not None
    by_date = next((p for p in mine if p.date == word), None) if is_date else None
    match = by_date or next((p for p in mine if p.name == word), None)  # a manual snapshot may be named as a date
    if match is None:
        what = "automatic snapshot from" if is_date else "manual snapshot named"
        raise _refused("RP2_no_such_point", f"{instance} has no {what} that{_listing(mine)}")
    if not match.restorable:
        raise _refused(
            "RP3_point_not_restorable",
            f"{match.describe()} is {match.state}: "
            f"{'restorable once it is available' if match.state == 'pending' else 'never restored'}{_listing(mine)}",
        )
    return match, f"named by {PARAMETER} ({match.word})"


def choose_point(
    points: Sequence[RestorePoint], selector: Selector, instance_name: str, *, now: datetime, horizon: float = 900.0
) -> ChosenPoint:
    """The point of ``instance_name`` that ``selector`` chooses among ``points`` (newest first).

    ``latest``: the newest restorable point, manual or automatic; ``before:T``: the newest restorable point taken
    before ``T``; a name or a date: that point, which must be restorable.

    Raises:
        RequestValidationError: No point fits (``restore_point``: ``RP2_no_such_point``, ``RP3_point_not_restorable``
            or ``RP4_nothing_before``), with the restorable points listed; nothing is written.
    """
    mine = [p for p in points if p.instance_name == instance_name]
    restorable = [p for p in mine if p.restorable and p.taken_at is not None]
    if selector.kind == "exact":
        point, why = _exact(selector, mine, instance_name)
    elif selector.kind == "latest":
        if not restorable:
            raise _refused("RP2_no_such_point", f"{instance_name} has no restorable point{_listing(mine)}")
        point, why = restorable[0], "the newest restorable point (latest)"
    else:
        cut = selector.before
        assert cut is not None  # noqa: S101 - a before selector has its instant
        earlier = [p for p in restorable if p.taken_at is not None and p.taken_at < cut]
        if not earlier:
            oldest = restorable[-1] if restorable else None
            since = f"; the oldest, {oldest.word}, was taken {_when(oldest.taken_at)}" if oldest else ""
            raise _refused(
                "RP4_nothing_before",
                f"no restorable point of {instance_name} was taken before {_when(cut)}{since}{_listing(mine)}",
            )
        point = earlier[0]
        why = f"the newest restorable point taken before {_when(cut)} (taken {_when(point.taken_at)})"
    return ChosenPoint(selector.text, point, why, now, horizon, (PARAMETER,) if PARAMETER in why else ())


def apply_point(request: Mapping[str, Any], chosen: ChosenPoint) -> dict[str, Any]:
    """The boto3 request ``request`` with its source members replaced by what ``chosen`` needs.

    Raises:
        RequestValidationError: ``request`` names a source of its own (``check_no_source``); nothing is sent.
    """
    check_no_source(request)
    rest = {k: v for k, v in request.items() if k not in SOURCE_MEMBERS}
    return {**rest, **chosen.fields()}


def check_no_source(request: Mapping[str, Any]) -> None:
    """Refuse a boto3 request naming a source other than ``sourceInstanceName``: the restore point chooses it.

    Raises:
        RequestValidationError: ``RP5_source_given``, naming each such member; nothing is sent.
    """
    own = [m for m in SOURCE_MEMBERS if m != "sourceInstanceName" and request.get(m) not in (None, False)]
    if own:
        raise RequestValidationError(
            [
                Issue(
                    m,
                    "RP5_source_given",
                    f"must not be given with {PARAMETER}, which chooses the source",
                    (m, PARAMETER),
                )
                for m in own
            ]
        )
