"""Cross-field rules as data, for every request model, and the one function that checks them.

A ``Rule`` is one rule id with a sentence for the docs, where it comes from, the members of which one must be set
for it to be breakable (``when``), and a check yielding ``(location, message)`` per violation. Each
``OperationRequest`` lists its rules in ``rules``; ``check_rules`` evaluates them, once every member is valid on its
own. The common shapes (exactly one of two members, at most one, only together with another, one of two needed
with a third) are built by ``exactly_one``, ``at_most_one``, ``only_with`` and ``needs_one_of``, so each request
states its rules the same way and the messages of a shape are the same for every request.

``RULES`` are the rules of CreateInstancesFromSnapshot; each names its entry (X1-X5, X10, X12 within the request,
X13, X14) in ``docs/design/evidence.md``. Only rules decidable from the request itself live in a model; rules that
need the account's state (bundle sizes, names in use, quotas) belong to the plan (``lightsail_restore.restore._plan``).
The docs' validation tables are generated from these tuples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from pydantic.alias_generators import to_camel

from ._issues import Loc, Violation
from ._types import MAX_DISKS_PER_MAPPING, MAX_TAGS

if TYPE_CHECKING:
    from ._base import OperationRequest
    from ._create import CreateInstancesFromSnapshotRequest

__all__ = [
    "RULES",
    "Rule",
    "Violation",
    "at_most_one",
    "check_rules",
    "exactly_one",
    "needs_one_of",
    "only_with",
]

M = TypeVar("M")
Found = Iterable[tuple[Loc, str]]
"""What a rule's check gives: a location (Python field names) and a message per violation."""


@dataclass(frozen=True, slots=True)
class Rule(Generic[M]):
    """One cross-field rule: its id, a sentence for the docs, where it comes from, and its check.

    Attributes:
        rule: The stable rule id reported in ``Issue.rule``.
        summary: One sentence saying what is required (rendered in ``docs/validation.md``).
        source: Where the rule comes from (a catalogue entry or a short reference, explained in the docs).
        fn: Yields ``(location, message)`` for every violation found in a model whose members are valid.
        when: Members of which one must be set (truthy) for the rule to be breakable; none: always checked.
        shape: For a rule built by a factory, its shape (``both``, ``neither``, ``at_most_one``, ``only_with``,
            ``needs_one_of``), the members it names and the member they require: what the testing strategies
            break generically. Empty for a rule with its own check.
    """

    rule: str
    summary: str
    source: str
    fn: Callable[[M], Found]
    when: tuple[str, ...] = ()
    shape: tuple[str, tuple[str, ...], str] = ("", (), "")


def _is_set(request: Any, field: str) -> bool:
    value: Any = getattr(request, field)
    # An explicit use_latest_restorable_auto_snapshot=False counts as not set (and is never sent).
    return value is not None and value is not False


def _names(fields: Iterable[str]) -> str:
    return " and ".join(f"`{to_camel(field)}`" for field in fields)


def exactly_one(
    fields: tuple[str, str],
    *,
    both: str,
    neither: str,
    why: str,
    source: str,
    summaries: tuple[str, str] | None = None,
) -> tuple[Rule[Any], Rule[Any]]:
    """The two rules of "exactly one of two members": ``both`` (reported on the second) and ``neither`` (first)."""
    first, second = fields
    a, b = to_camel(first), to_camel(second)
    both_text, neither_text = summaries or (f"Exactly one of {_names(fields)}: {why}.",) * 2

    def both_set(request: Any) -> Found:
        if _is_set(request, first) and _is_set(request, second):
            yield (second,), f"cannot be given together with {a}: {why}"

    def neither_set(request: Any) -> Found:
        if not _is_set(request, first) and not _is_set(request, second):
            yield (first,), f"{a} or {b} is required: {why}"

    return (
        Rule(both, both_text, source, both_set, shape=("both", fields, "")),
        Rule(neither, neither_text, source, neither_set, shape=("neither", fields, "")),
    )


def at_most_one(fields: tuple[str, str], *, rule: str, why: str, source: str, summary: str | None = None) -> Rule[Any]:
    """At most one of two members may be set (reported on the second)."""
    first, second = fields

    def both_set(request: Any) -> Found:
        if _is_set(request, first) and _is_set(request, second):
            yield (second,), f"cannot be given together with {to_camel(first)}: {why}"

    text = summary or f"{_names(fields)} are mutually exclusive: {why}."
    return Rule(rule, text, source, both_set, when=fields[:1], shape=("at_most_one", fields, ""))


def only_with(
    fields: tuple[str, ...], *, requires: str, rule: str, why: str, source: str, summary: str | None = None
) -> Rule[Any]:
    """Members that may be set only when ``requires`` is set (each one set is reported)."""

    def without(request: Any) -> Found:
        if not _is_set(request, requires):
            for field in fields:
                if _is_set(request, field):
                    yield (field,), f"only goes with {to_camel(requires)}: {why}"

    text = summary or f"{_names(fields)} only together with `{to_camel(requires)}`: {why}."
    return Rule(rule, text, source, without, when=fields, shape=("only_with", fields, requires))


def needs_one_of(
    fields: tuple[str, ...], *, requires: str, rule: str, hint: str, source: str, summary: str
) -> Rule[Any]:
    """With ``requires`` set, one of ``fields`` must be set too (reported on the first)."""

    def missing(request: Any) -> Found:
        if _is_set(request, requires) and not any(_is_set(request, field) for field in fields):
            yield (fields[0],), f"with {to_camel(requires)}, give {hint}"

    return Rule(rule, summary, source, missing, when=(requires,), shape=("needs_one_of", fields, requires))


def check_rules(request: OperationRequest) -> list[Violation]:
    """Check every rule of the request's class (``rules``) against a request whose members are each valid.

    A rule with members in ``when`` is only checked when one of them is set (truthy): it cannot be broken
    otherwise, and most requests leave most members out.

    Args:
        request: The request to check.

    Returns:
        Every violation found, in rule order; empty when the request is valid.
    """
    values = request.__dict__
    found: list[Violation] = []
    for rule in type(request).rules:
        when = rule.when
        if when:
            for member in when:
                if values[member]:
                    break
            else:
                continue
        found += [Violation(loc, rule.rule, message) for loc, message in rule.fn(request)]
    return found


_NONE: Final[tuple[tuple[Loc, str], ...]] = ()


def _repeats(values: Iterable[str], taken: Iterable[str] = ()) -> Iterator[int]:
    """The indices of the values already seen earlier (or already in ``taken``)."""
    seen = set(taken)
    for index, value in enumerate(values):
        if value in seen:
            yield index
        seen.add(value)


def _unique_instance_names(request: CreateInstancesFromSnapshotRequest) -> Found:
    names = request.instance_names
    if len(set(names)) == len(names):
        return _NONE
    return [
        (
            ("instance_names", index),
            "repeats an earlier instance name: each new instance needs its own name",
        )
        for index in _repeats(names)
    ]


def _new_disks(request: CreateInstancesFromSnapshotRequest) -> list[tuple[Loc, str]]:
    """Every new disk name with its location, in request order."""
    return [
        (("attached_disk_mapping", key, index, "new_disk_name"), disk.new_disk_name)
        for key, maps in (request.attached_disk_mapping or {}).items()
        for index, disk in enumerate(maps)
    ]


def _unique_disk_names(request: CreateInstancesFromSnapshotRequest) -> Found:
    disks = _new_disks(request)
    for position in _repeats((name for _, name in disks), taken=request.instance_names):
        yield (
            disks[position][0],
            "repeats an instance name or another newDiskName: all Lightsail names share one namespace",
        )


def _names_taken_by_source(request: CreateInstancesFromSnapshotRequest) -> Found:
    source = request.source_instance_name
    why = "is the name of sourceInstanceName, an instance that exists (its automatic snapshots go with it)"
    for index, name in enumerate(request.instance_names):
        if name == source:
            yield (("instance_names", index), f"{why}: names are unique")
    for loc, name in _new_disks(request):
        if name == source:
            yield (loc, f"{why}: all Lightsail names share one namespace")


def _unique_disk_paths(request: CreateInstancesFromSnapshotRequest) -> Found:
    for key, maps in (request.attached_disk_mapping or {}).items():
        for index in _repeats(disk.original_disk_path for disk in maps):
            yield (
                ("attached_disk_mapping", key, index, "original_disk_path"),
                "repeats an originalDiskPath of the same mapping: map each disk once",
            )


def _disk_count(request: CreateInstancesFromSnapshotRequest) -> Found:
    for key, maps in (request.attached_disk_mapping or {}).items():
        if not 1 <= len(maps) <= MAX_DISKS_PER_MAPPING:
            yield (
                ("attached_disk_mapping", key),
                f"must map 1 to {MAX_DISKS_PER_MAPPING} disks: an instance has at most "
                f"{MAX_DISKS_PER_MAPPING} attached disks",
            )


def _tag_count(request: CreateInstancesFromSnapshotRequest) -> Found:
    if request.tags is not None and len(request.tags) > MAX_TAGS:
        return [(("tags",), f"must hold at most {MAX_TAGS} tags per resource")]
    return _NONE


def _unique_tag_keys(request: CreateInstancesFromSnapshotRequest) -> Found:
    keys = [tag.key for tag in request.tags or ()]
    if len(set(keys)) == len(keys):
        return _NONE
    return [
        (
            ("tags", index, "key"),
            "repeats an earlier tag key: tag keys must be unique (they are case-sensitive)",
        )
        for index in _repeats(keys)
    ]


def _add_on_matches_type(request: CreateInstancesFromSnapshotRequest) -> Found:
    for index, add_on in enumerate(request.add_ons or ()):
        if add_on.auto_snapshot_add_on_request is not None and add_on.add_on_type != "AutoSnapshot":
            yield (
                ("add_ons", index, "auto_snapshot_add_on_request"),
                "autoSnapshotAddOnRequest goes only with addOnType 'AutoSnapshot'",
            )
        if add_on.stop_instance_on_idle_request is not None and add_on.add_on_type != "StopInstanceOnIdle":
            yield (
                ("add_ons", index, "stop_instance_on_idle_request"),
                "stopInstanceOnIdleRequest goes only with addOnType 'StopInstanceOnIdle'",
            )


def _unique_add_on_types(request: CreateInstancesFromSnapshotRequest) -> Found:
    for index in _repeats(add_on.add_on_type for add_on in request.add_ons or ()):
        yield (
            ("add_ons", index, "add_on_type"),
            "repeats an earlier addOnType: give at most one entry per add-on type",
        )


_DISKS: Final = ("attached_disk_mapping",)
_RESTORE_POINT: Final = ("restore_date", "use_latest_restorable_auto_snapshot")

RULES: Final[tuple[Rule[CreateInstancesFromSnapshotRequest], ...]] = (
    *exactly_one(
        ("instance_snapshot_name", "source_instance_name"),
        both="X1_exclusive_source",
        neither="X2_source_required",
        why="a manual snapshot by instanceSnapshotName, or an automatic one by sourceInstanceName",
        source="X1/X2",
    ),
    at_most_one(
        _RESTORE_POINT,
        rule="X3_exclusive_restore_point",
        why="pick one automatic snapshot by date, or the latest",
        source="X3",
    ),
    only_with(
        _RESTORE_POINT,
        requires="source_instance_name",
        rule="X4_auto_snapshot_only",
        why="they choose an automatic snapshot, so they need its source instance",
        source="X4",
    ),
    needs_one_of(
        _RESTORE_POINT,
        requires="source_instance_name",
        rule="X5_auto_needs_restore_point",
        hint="restoreDate (YYYY-MM-DD) or useLatestRestorableAutoSnapshot=True",
        source="X5",
        summary="With `sourceInstanceName`, exactly one of `restoreDate` or `useLatestRestorableAutoSnapshot=True`.",
    ),
    Rule(
        "X10_add_on_request_matches_type",
        "`autoSnapshotAddOnRequest` only with `AutoSnapshot`; `stopInstanceOnIdleRequest` only with "
        "`StopInstanceOnIdle`.",
        "X10",
        _add_on_matches_type,
        when=("add_ons",),
    ),
    Rule(
        "X10_unique_add_on_type",
        "At most one `addOns` entry per `addOnType`.",
        "X10",
        _unique_add_on_types,
        when=("add_ons",),
    ),
    Rule("X12_unique_instance_names", "Every name in `instanceNames` is distinct.", "X12", _unique_instance_names),
    Rule(
        "X12_unique_disk_names",
        "Every `newDiskName` is distinct from the others and from every instance name.",
        "X12",
        _unique_disk_names,
        when=_DISKS,
    ),
    Rule(
        "X12_name_taken_by_source",
        "No instance name and no `newDiskName` is `sourceInstanceName`: that instance exists (its automatic "
        "snapshots are deleted with it), and names are unique in a Region across resource types.",
        "X12",
        _names_taken_by_source,
        when=("source_instance_name",),
    ),
    Rule("X13_tag_count", f"At most {MAX_TAGS} `tags`.", "X13", _tag_count, when=("tags",)),
    Rule("X13_unique_tag_keys", "Tag keys are unique.", "X13", _unique_tag_keys, when=("tags",)),
    Rule(
        "X14_disk_count",
        f"Each `attachedDiskMapping` entry maps 1 to {MAX_DISKS_PER_MAPPING} disks.",
        "X14",
        _disk_count,
        when=_DISKS,
    ),
    Rule(
        "X14_unique_disk_paths",
        "Within one `attachedDiskMapping` entry, each `originalDiskPath` appears once.",
        "X14",
        _unique_disk_paths,
        when=_DISKS,
    ),
)
"""The cross-field rules of CreateInstancesFromSnapshot, in the order they are checked and reported."""
