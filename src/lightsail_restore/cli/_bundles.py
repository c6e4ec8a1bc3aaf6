"""``bundles`` (the bundles a restore of a source can use, with prices) and the fallback zones' flags.

The library decides (``LightsailRestoreClient.restore_bundles``; ``fallback_zones``); this module only maps flags
to its parameters and its answer to a document and a table.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from ._errors import Problem, Refusal
from ._flags import say_in_flags
from ._human import table

if TYPE_CHECKING:
    from ..restore import RestoreBundles, RestoreOutcome
    from ._commands import Env, Report

__all__ = [
    "ANY_ZONE",
    "FALLBACK_FLAG",
    "add_fallback_flag",
    "bundles",
    "fallback_kwargs",
    "fallback_named",
    "zone_lines",
]

ANY_ZONE: Final = "any"
FALLBACK_FLAG: Final = "--fallback-zones"
"""The flag of the library's ``fallback_zones``."""


def add_fallback_flag(parser: argparse.ArgumentParser) -> None:
    """``--fallback-zones`` on ``plan`` and ``restore``."""
    from ._actions import Store
    from ._values import names_value

    parser.add_argument(
        FALLBACK_FLAG,
        action=Store,
        nargs="+",
        type=names_value,
        default=None,
        metavar="ZONE",
        help="when the zone has no capacity for the bundle (InsufficientInstanceCapacity), create in these zones "
        "of the Region in turn (ZONE ZONE, or ZONE,ZONE); --availability-zone any tries every zone",
    )


def fallback_kwargs(args: argparse.Namespace, region: str) -> dict[str, Any]:
    """``fallback_zones`` for the library; ``--availability-zone any`` becomes the Region's zone a and ``"any"``.

    Raises:
        Refusal: ``--availability-zone any`` with ``--fallback-zones`` (the library refuses either, and
            ``--bundle-id same``, with ``--no-check``).
    """
    named = [zone for word in args.fallback_zones or () for zone in word]
    anywhere = getattr(args, "availability_zone", None) == ANY_ZONE
    if anywhere and named:
        problem = "--availability-zone any tries every zone of the Region: leave out --fallback-zones"
        raise Refusal([Problem(problem, "usage", FALLBACK_FLAG)], "flags")
    if anywhere:
        args.availability_zone = f"{region}a"
        return {"fallback_zones": ANY_ZONE}
    return {"fallback_zones": named} if named else {}


def fallback_named(fallback: Mapping[str, Any]) -> dict[str, str] | None:
    """How the command line gave ``fallback_zones`` when it was ``--availability-zone any``, for its refusals."""
    return {"fallback_zones": "--availability-zone"} if fallback.get("fallback_zones") == ANY_ZONE else None


def zone_lines(outcome: RestoreOutcome, asked: str) -> list[str]:
    """Which zone took the create, when it was not the one asked (the others had no capacity)."""
    create = next((step for step in outcome.steps if step.name == "create"), None)
    if outcome.availability_zone in (None, asked) or create is None:
        return []
    return [f"create: {create.detail}"]


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def _lines(doc: dict[str, Any], backend: str) -> list[str]:
    source = doc["source"]
    if source is None:
        return [f"Bundles on {backend}: the source was not found"]
    size = f", {source['sizeInGb']} GB" if source.get("sizeInGb") else ""
    lines = [f"Bundles on {backend} for {source['describe']} (from {source['bundleId'] or 'an unknown bundle'}{size})"]
    rows = [("BUNDLE", "PRICE/MONTH", "VCPUS", "RAM", "DISK", "TRANSFER", "")]
    for b in doc["bundles"]:
        if b["refused"]:
            continue
        marks = [
            *(["IPv6-only (ipAddressType ipv6)"] if b["ipv6Only"] else []),
            *(["the source's size"] if b["sourceSize"] else []),
            *(["--bundle-id same"] if b["same"] else []),
        ]
        rows.append(
            (
                b["bundleId"],
                _money(b["price"]),
                str(b["cpuCount"]),
                f"{b['ramSizeInGb']:g} GB",
                f"{b['diskSizeInGb']} GB",
                f"{b['transferPerMonthInGb']} GB",
                "; ".join(marks),
            )
        )
    lines += ["  " + row.rstrip() for row in table(rows)]
    left_out = [b["bundleId"] for b in doc["bundles"] if b["refused"]]
    if left_out:
        lines.append(f"  not usable (inactive, too small, another platform): {', '.join(left_out)}")
    return lines


def document(found: RestoreBundles, backend: dict[str, Any]) -> dict[str, Any]:
    """The ``bundles`` document: the source, every bundle (usable or not, and why), what ``same`` chooses."""
    source = found.source
    return {
        "ok": found.ok,
        "backend": backend,
        "apiCalls": found.api_calls,
        "source": None if source is None else {**source.to_dict(), "describe": source.describe()},
        "same": found.same,
        "bundles": [b.to_dict() for b in found.bundles],
        "findings": [f.to_dict() for f in found.findings],
    }


def bundles(env: Env) -> Report:
    """``bundles``: the bundles a restore of the source can use, with their prices; sends nothing."""
    from .. import RequestValidationError
    from ._commands import EXIT_OK, Report, _options_refused, _request

    args = env.args
    region = env.context.backend.region
    for dest, value in (("instance_names", [["bundles"]]), ("availability_zone", f"{region}a"), ("bundle_id", "same")):
        if getattr(args, dest, None) is None:
            setattr(args, dest, value)
    built = _request(env, {})  # no --restore-point here
    try:
        found = env.client().restore_bundles(built.request, source_region=args.source_region)
    except RequestValidationError as exc:
        raise _options_refused(exc.issues) from None
    doc = document(found, env.context.backend.to_dict())
    if not found.ok:
        problems = [
            built.problem(f.path, f.rule, say_in_flags(f.message, f.params))
            for f in found.findings
            if f.severity == "error"
        ]
        raise Refusal(problems, "plan", extra={"bundles": doc})
    return Report(EXIT_OK, doc, _lines(doc, env.context.backend.describe()))
