"""The cross-field rules of CreateInstancesFromSnapshot, as data, and the one function that checks them.

Each rule names its entry (X1-X5, X10, X12 within the request, X13, X14) in ``docs/design/evidence.md``. Only
rules decidable from the request itself live here; rules that need the account's state (bundle sizes, names in
use, quotas) belong to the plan (``lightsail_restore.restore.plan``). The docs' validation table is generated
from ``RULES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from ._issues import Loc, Violation
from .types import MAX_DISKS_PER_MAPPING, MAX_TAGS

if TYPE_CHECKING:
    from .create import CreateInstancesFromSnapshotRequest

__all__ = [
    "RULES",
    "AtMostOne",
    "Custom",
    "ExactlyOne",
    "OnlyWith",
    "Rule",
    "Violation",
    "check_rules",
]

_NONE: Final[tuple[Violation, ...]] = ()


def _is_set(request: CreateInstancesFromSnapshotRequest, field: str) -> bool:
    value: Any = getattr(request, field)
    # An explicit use_latest_restorable_auto_snapshot=False counts as not set (and is never sent).
    return value is not None and value is not False


def _aws(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


class ExactlyOne(NamedTuple):
    """Exactly one of two members must be set (two rule ids: both set, neither set)."""

    catalogue: str
    fields: tuple[str, str]
    both_rule: str
    neither_rule: str
    why: str

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids this entry can report."""
        return (self.both_rule, self.neither_rule)

    @property
    def when(self) -> tuple[str, ...]:
        """Members of which one must be set for the rule to be broken (none: it can always be broken)."""
        return ()

    @property
    def summary(self) -> str:
        """One sentence for the docs."""
        a, b = (_aws(f) for f in self.fields)
        return f"Exactly one of `{a}` and `{b}`: {self.why}."

    def check(self, request: CreateInstancesFromSnapshotRequest) -> Sequence[Violation]:
        """The violations of this rule."""
        first, second = self.fields
        set_first, set_second = _is_set(request, first), _is_set(request, second)
        if set_first and set_second:
            return [Violation((second,), self.both_rule, f"cannot be given together with {_aws(first)}: {self.why}")]
        if not set_first and not set_second:
            a, b = _aws(first), _aws(second)
            return [Violation((first,), self.neither_rule, f"{a} or {b} is required: {self.why}")]
        return _NONE


class AtMostOne(NamedTuple):
    """At most one of two members may be set."""

    catalogue: str
    fields: tuple[str, str]
    rule: str
    why: str

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids this entry can report."""
        return (self.rule,)

    @property
    def when(self) -> tuple[str, ...]:
        """Members of which one must be set for the rule to be broken."""
        return self.fields[:1]

    @property
    def summary(self) -> str:
        """One sentence for the docs."""
        a, b = (_aws(f) for f in self.fields)
        return f"`{a}` and `{b}` are mutually exclusive: {self.why}."

    def check(self, request: CreateInstancesFromSnapshotRequest) -> Sequence[Violation]:
        """The violations of this rule."""
        first, second = self.fields
        if _is_set(request, first) and _is_set(request, second):
            return [Violation((second,), self.rule, f"cannot be given together with {_aws(first)}: {self.why}")]
        return _NONE


class OnlyWith(NamedTuple):
    """Members that may be set only when another member is set."""

    catalogue: str
    fields: tuple[str, ...]
    requires: str
    rule: str
    why: str

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids this entry can report."""
        return (self.rule,)

    @property
    def when(self) -> tuple[str, ...]:
        """Members of which one must be set for the rule to be broken."""
        return self.fields

    @property
    def summary(self) -> str:
        """One sentence for the docs."""
        names = " and ".join(f"`{_aws(f)}`" for f in self.fields)
        return f"{names} only together with `{_aws(self.requires)}`: {self.why}."

    def check(self, request: CreateInstancesFromSnapshotRequest) -> Sequence[Violation]:
        """The violations of this rule."""
        if _is_set(request, self.requires):
            return _NONE
        return [
            Violation((field,), self.rule, f"only goes with {_aws(self.requires)}: {self.why}")
            for field in self.fields
            if _is_set(request, field)
        ]


class Custom(NamedTuple):
    """A rule with its own check function, run only when one of the members in ``when`` is set (or always)."""

    catalogue: str
    rule: str
    summary: str
    fn: Callable[[CreateInstancesFromSnapshotRequest], Iterable[Violation]]
    when: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """The rule ids this entry can report."""
        return (self.rule,)

    def check(self, request: CreateInstancesFromSnapshotRequest) -> Sequence[Violation]:
        """The violations of this rule."""
        return list(self.fn(request))


Rule = ExactlyOne | AtMostOne | OnlyWith | Custom


def _auto_needs_restore_point(request: CreateInstancesFromSnapshotRequest) -> Iterator[Violation]:
    if (
        _is_set(request, "source_instance_name")
        and not _is_set(request, "restore_date")
        and not _is_set(request, "use_latest_restorable_auto_snapshot")
    ):
        yield Violation(
            ("restore_date",),
            "X5_auto_needs_restore_point",
            "with sourceInstanceName, give restoreDate (YYYY-MM-DD) or useLatestRestorableAutoSnapshot=True",
        )


def _repeats(values: Iterable[str], taken: Iterable[str] = ()) -> Iterator[int]:
    """The indices of the values already seen earlier (or already in ``taken``)."""
    seen = set(taken)
    for index, value in enumerate(values):
        if value in seen:
            yield index
        seen.add(value)


def _unique_instance_names(request: CreateInstancesFromSnapshotRequest) -> Iterable[Violation]:
    names = request.instance_names
    if len(set(names)) == len(names):
        return _NONE
    return [
        Violation(
            ("instance_names", index),
            "X12_unique_instance_names",
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


def _unique_disk_names(request: CreateInstancesFromSnapshotRequest) -> Iterator[Violation]:
    disks = _new_disks(request)
    for position in _repeats((name for _, name in disks), taken=request.instance_names):
        yield Violation(
            disks[position][0],
            "X12_unique_disk_names",
            "repeats an instance name or another newDiskName: all Lightsail names share one namespace",
        )


def _names_taken_by_source(request: CreateInstancesFromSnapshotRequest) -> Iterator[Violation]:
    source = request.source_instance_name
    why = "is the name of sourceInstanceName, an instance that exists (its automatic snapshots go with it)"
    for index, name in enumerate(request.instance_names):
        if name == source:
            yield Violation(("instance_names", index), "X12_name_taken_by_source", f"{why}: names are unique")
    for loc, name in _new_disks(request):
        if name == source:
            yield Violation(loc, "X12_name_taken_by_source", f"{why}: all Lightsail names share one namespace")


def _unique_disk_paths(request: CreateInstancesFromSnapshotRequest) -> Iterator[Violation]:
    for key, maps in (request.attached_disk_mapping or {}).items():
        for index in _repeats(disk.original_disk_path for disk in maps):
            yield Violation(
                ("attached_disk_mapping", key, index, "original_disk_path"),
                "X14_unique_disk_paths",
                "repeats an originalDiskPath of the same mapping: map each disk once",
            )


def _disk_count(request: CreateInstancesFromSnapshotRequest) -> Iterator[Violation]:
    for key, maps in (request.attached_disk_mapping or {}).items():
        if not 1 <= len(maps) <= MAX_DISKS_PER_MAPPING:
            yield Violation(
                ("attached_disk_mapping", key),
                "X14_disk_count",
                f"must map 1 to {MAX_DISKS_PER_MAPPING} disks: an instance has at most "
                f"{MAX_DISKS_PER_MAPPING} attached disks",
            )


def _tag_count(request: CreateInstancesFromSnapshotRequest) -> Iterable[Violation]:
    if request.tags is not None and len(request.tags) > MAX_TAGS:
        return [Violation(("tags",), "X13_tag_count", f"must hold at most {MAX_TAGS} tags per resource")]
    return _NONE


def _unique_tag_keys(request: CreateInstancesFromSnapshotRequest) -> Iterable[Violation]:
    keys = [tag.key for tag in request.tags or ()]
    if len(set(keys)) == len(keys):
        return _NONE
    return [
        Violation(
            ("tags", index, "key"),
            "X13_unique_tag_keys",
            "repeats an earlier tag key: tag keys must be unique (they are case-sensitive)",
        )
        for index in _repeats(keys)
    ]


def _add_on_matches_type(request: CreateInstancesFromSnapshotRequest) -> Iterator[Violation]:
    for index, add_on in enumerate(request.add_ons or ()):
        if add_on.auto_snapshot_add_on_request is not None and add_on.add_on_type != "AutoSnapshot":
            yield Violation(
                ("add_ons", index, "auto_snapshot_add_on_request"),
                "X10_add_on_request_matches_type",
                "autoSnapshotAddOnRequest goes only with addOnType 'AutoSnapshot'",
            )
        if add_on.stop_instance_on_idle_request is not None and add_on.add_on_type != "StopInstanceOnIdle":
            yield Violation(
                ("add_ons", index, "stop_instance_on_idle_request"),
                "X10_add_on_request_matches_type",
                "stopInstanceOnIdleRequest goes only with addOnType 'StopInstanceOnIdle'",
            )


def _unique_add_on_types(request: CreateInstancesFromSnapshotRequest) -> Iterator[Violation]:
    for index in _repeats(add_on.add_on_type for add_on in request.add_ons or ()):
        yield Violation(
            ("add_ons", index, "add_on_type"),
            "X10_unique_add_on_type",
            "repeats an earlier addOnType: give at most one entry per add-on type",
        )


_DISKS: Final = ("attached_disk_mapping",)

RULES: Final[tuple[Rule, ...]] = (
    ExactlyOne(
        "X1/X2",
        ("instance_snapshot_name", "source_instance_name"),
        both_rule="X1_exclusive_source",
        neither_rule="X2_source_required",
        why="a manual snapshot by instanceSnapshotName, or an automatic one by sourceInstanceName",
    ),
    AtMostOne(
        "X3",
        ("restore_date", "use_latest_restorable_auto_snapshot"),
        rule="X3_exclusive_restore_point",
        why="pick one automatic snapshot by date, or the latest",
    ),
    OnlyWith(
        "X4",
        ("restore_date", "use_latest_restorable_auto_snapshot"),
        requires="source_instance_name",
        rule="X4_auto_snapshot_only",
        why="they choose an automatic snapshot, so they need its source instance",
    ),
    Custom(
        "X5",
        "X5_auto_needs_restore_point",
        "With `sourceInstanceName`, exactly one of `restoreDate` or `useLatestRestorableAutoSnapshot=True`.",
        _auto_needs_restore_point,
        when=("source_instance_name",),
    ),
    Custom(
        "X10",
        "X10_add_on_request_matches_type",
        "`autoSnapshotAddOnRequest` only with `AutoSnapshot`; `stopInstanceOnIdleRequest` only with "
        "`StopInstanceOnIdle`.",
        _add_on_matches_type,
        when=("add_ons",),
    ),
    Custom(
        "X10",
        "X10_unique_add_on_type",
        "At most one `addOns` entry per `addOnType`.",
        _unique_add_on_types,
        when=("add_ons",),
    ),
    Custom("X12", "X12_unique_instance_names", "Every name in `instanceNames` is distinct.", _unique_instance_names),
    Custom(
        "X12",
        "X12_unique_disk_names",
        "Every `newDiskName` is distinct from the others and from every instance name.",
        _unique_disk_names,
        when=_DISKS,
    ),
    Custom(
        "X12",
        "X12_name_taken_by_source",
        "No instance name and no `newDiskName` is `sourceInstanceName`: that instance exists (its automatic "
        "snapshots are deleted with it), and names are unique in a Region across resource types.",
        _names_taken_by_source,
        when=("source_instance_name",),
    ),
    Custom("X13", "X13_tag_count", f"At most {MAX_TAGS} `tags`.", _tag_count, when=("tags",)),
    Custom("X13", "X13_unique_tag_keys", "Tag keys are unique.", _unique_tag_keys, when=("tags",)),
    Custom(
        "X14",
        "X14_disk_count",
        f"Each `attachedDiskMapping` entry maps 1 to {MAX_DISKS_PER_MAPPING} disks.",
        _disk_count,
        when=_DISKS,
    ),
    Custom(
        "X14",
        "X14_unique_disk_paths",
        "Within one `attachedDiskMapping` entry, each `originalDiskPath` appears once.",
        _unique_disk_paths,
        when=_DISKS,
    ),
)
"""Every cross-field rule, in the order they are checked and reported."""

_CHECKS: Final[
    tuple[tuple[tuple[str, ...], Callable[[CreateInstancesFromSnapshotRequest], Iterable[Violation]]], ...]
] = tuple((rule.when, rule.fn if isinstance(rule, Custom) else rule.check) for rule in RULES)


def check_rules(request: CreateInstancesFromSnapshotRequest) -> list[Violation]:
    """Check every rule of ``RULES`` against a request whose fields are each valid on their own.

    A rule with members in ``when`` is only checked when one of them is set (truthy): it cannot be broken
    otherwise, and most requests leave most members out.

    Args:
        request: The request to check.

    Returns:
        Every violation found, in rule order; empty when the request is valid.
    """
    values = request.__dict__
    found: list[Violation] = []
    for when, check in _CHECKS:
        if when:
            for member in when:
                if values[member]:
                    break
            else:
                continue
        found += check(request)
    return found
