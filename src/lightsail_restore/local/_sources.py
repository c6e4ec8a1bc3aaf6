"""Automatic snapshots as sources: which one a restore or a copy takes, by date or the latest restorable."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from ._errors import invalid

__all__ = ["restorable_auto_snapshot"]

_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_date(text: object) -> bool:
    if not (isinstance(text, str) and _DATE.fullmatch(text)):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def restorable_auto_snapshot(res: Mapping[str, Any], source: str, restore_date: object, latest: bool) -> dict[str, Any]:
    """The automatic snapshot of ``source`` (in the Region ``res``) of ``restore_date``, or the latest restorable.

    Only a snapshot whose status is ``Success`` can be restored or copied.

    Raises:
        ServiceError: InvalidInputException: a malformed date, no snapshot of that date, or one that failed.
    """
    snapshots: list[dict[str, Any]] = res["autoSnapshots"].get(source, [])
    restorable = [s for s in snapshots if s["status"] == "Success"]
    dates = ", ".join(sorted((str(s["date"]) for s in restorable), reverse=True)) or "none"
    if latest:
        chosen = max(restorable, key=lambda s: str(s["date"]), default=None)
        if chosen is None:
            raise invalid(f"No automatic snapshot of {source} can be restored (restorable: none)")
        return chosen
    if not _is_date(restore_date):
        raise invalid(f"{restore_date} is not a valid date: use the YYYY-MM-DD format")
    found = next((s for s in snapshots if s["date"] == restore_date), None)
    if found is None:
        raise invalid(f"No automatic snapshot of {source} can be restored for {restore_date} (restorable: {dates})")
    if found["status"] != "Success":
        raise invalid(
            f"No automatic snapshot of {source} can be restored for {restore_date}: its status is "
            f"{found['status']} (restorable: {dates})"
        )
    return found
