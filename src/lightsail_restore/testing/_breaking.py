"""What every breaker shares: ``InvalidInput``, and small helpers that pick a place in a valid dict to break.

A breaker starts from a valid boto3 dict (``base``), breaks exactly one rule, and returns the dict with the rule
id and the AWS path the refusal must name.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from ._requests import Source, _params

__all__ = [
    "Breaker",
    "InvalidInput",
    "all_names",
    "base",
    "index",
    "pick_key",
    "place_add_on",
    "second_occurrence",
    "unknown_member",
    "with_disks",
]


@dataclass(frozen=True, slots=True)
class InvalidInput:
    """A boto3 kwargs dict with exactly one rule broken, with the rule id and AWS path the refusal must name.

    Attributes:
        params: The dict, valid in every other respect.
        rule: The rule id of the single expected ``Issue``, e.g. ``time_of_day`` or ``X1_exclusive_source``.
        path: The AWS path of that issue, e.g. ``addOns[0].autoSnapshotAddOnRequest.snapshotTimeOfDay``.
    """

    params: dict[str, Any]
    rule: str
    path: str


Breaker = Callable[[], st.SearchStrategy[InvalidInput]]


def base(draw: st.DrawFn, source: Source | None = None, *include: str) -> dict[str, Any]:
    """A valid dict to break (a copy: the breaker may change it); members in ``include`` present, non-empty."""
    return copy.deepcopy(draw(_params(source, frozenset(include))))


def with_disks(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, list[dict[str, str]]], str]:
    """A valid dict to break with a non-empty ``attachedDiskMapping``, that mapping, and one of its keys."""
    params = base(draw, None, "attachedDiskMapping")
    mapping: dict[str, list[dict[str, str]]] = params["attachedDiskMapping"]
    return params, mapping, pick_key(draw, mapping)


def index(draw: st.DrawFn, items: Collection[Any], *, extra: int = 0) -> int:
    """A position in ``items`` (``extra`` more at the end, for inserting)."""
    return draw(st.integers(min_value=0, max_value=len(items) - 1 + extra))


def all_names(params: dict[str, Any]) -> set[str]:
    """Every name the request creates or refers to as existing (instances, new disks, the source instance)."""
    names = set(params["instanceNames"])
    for disks in params.get("attachedDiskMapping", {}).values():
        names.update(disk["newDiskName"] for disk in disks)
    if "sourceInstanceName" in params:
        names.add(params["sourceInstanceName"])
    return names


def second_occurrence(values: list[Any], value: Any) -> int:
    """Where ``value`` appears the second time (the repeat a uniqueness rule reports)."""
    return [i for i, v in enumerate(values) if v == value][1]


def pick_key(draw: st.DrawFn, mapping: dict[str, Any]) -> str:
    """One key of ``mapping``."""
    return draw(st.sampled_from(sorted(mapping)))


def place_add_on(draw: st.DrawFn, params: dict[str, Any], entry: dict[str, Any]) -> int:
    """Put ``entry`` into ``addOns`` (replacing any entry of its type) at a drawn position; return its index."""
    others = [a for a in params.get("addOns", []) if a["addOnType"] != entry["addOnType"]]
    position = draw(st.integers(min_value=0, max_value=len(others)))
    others.insert(position, entry)
    params["addOns"] = others
    return position


def _members(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields) | {info.alias for info in model.model_fields.values() if info.alias}


def unknown_member(draw: st.DrawFn, model: type[BaseModel]) -> str:
    """A key that is no member of ``model``: a typo of one of its AWS names, or a plausible stranger."""
    known = _members(model)
    aliases = sorted(info.alias or name for name, info in model.model_fields.items())
    typo = st.tuples(st.sampled_from(aliases), st.sampled_from(["upper", "drop", "plural", "shout"])).map(
        lambda t: {
            "upper": t[0][:1].upper() + t[0][1:],
            "drop": t[0][:-1],
            "plural": t[0] + "s",
            "shout": re.sub(r"([A-Z])", r"_\1", t[0]).upper(),
        }[t[1]]
    )
    extra = st.sampled_from(["dryRun", "region", "Name", "state", "clientToken"])
    return draw(st.one_of(typo, extra).filter(lambda k: k not in known))
