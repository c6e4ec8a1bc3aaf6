"""Restore points (issue 23): listed, chosen by a selector, kept; against the local backend on a manual clock.

The demo at START (2026-03-10 12:00 UTC): web-1 has automatic snapshots of 2026-03-03 .. 03-09 at 06:00 (03-06
Failed), the manual snapshots web-1-snap (03-08 12:00, available) and web-1-snap-pending (03-10 11:50), and takes
one automatic snapshot a day at 06:00 from 03-11 on.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import LightsailRestoreClient, RequestValidationError
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore._keep import default_keep_name

from .conftest import FAILED_DATE, LATEST_DATE, REGION, WEST, Hook, Interrupt

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

DAY = 86400.0
TARGET = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
BY_INSTANCE = {**TARGET, "sourceInstanceName": "web-1"}


def words(client: LightsailRestoreClient, clock: ManualClock, name: str | None = "web-1") -> list[str]:
    return [f"{p.kind}:{p.word}:{p.state}" for p in client.restore_points(name, clock=clock)]


def sent(backend: LocalLightsail, operation: str) -> list[dict[str, Any]]:
    return [dict(r.params) for r in backend.requests if r.operation == operation]


# -- the listing ------------------------------------------------------------------------------------------------


def test_manual_and_automatic_points_are_listed_together_newest_first(
    client: LightsailRestoreClient, clock: ManualClock
) -> None:
    points = client.restore_points("web-1", clock=clock)
    assert words(client, clock) == [
        "manual:web-1-snap-pending:pending",
        "auto:2026-03-09:available",
        "manual:web-1-snap:available",
        "auto:2026-03-08:available",
        "auto:2026-03-07:available",
        f"auto:{FAILED_DATE}:failed",
        "auto:2026-03-05:available",
        "auto:2026-03-04:available",
        "auto:2026-03-03:available",
    ]
    latest = points[1]
    assert latest.created_at == datetime(2026, 3, 9, 6, tzinfo=UTC)
    assert latest.age_seconds == 30 * 3600
    assert (latest.bundle_id, latest.size_in_gb, latest.region) == ("micro_3_0", 40, REGION)
    assert [(d.path, d.size_in_gb) for d in latest.disks] == [("/dev/xvdf", 32)]
    assert latest.fields() == {"sourceInstanceName": "web-1", "restoreDate": LATEST_DATE}
    manual = points[2]
    assert (manual.rolls_off_at, manual.fields()) == (None, {"instanceSnapshotName": "web-1-snap"})
    assert [p.restorable for p in points].count(False) == 2, "the pending manual one and the failed automatic one"


def test_each_automatic_point_rolls_off_when_the_seventh_after_it_is_taken(
    client: LightsailRestoreClient, clock: ManualClock
) -> None:
    autos = [p for p in client.restore_points("web-1", clock=clock) if p.kind == "auto"]
    next_one = datetime(2026, 3, 11, 6, tzinfo=UTC)  # 06:00 today has passed: tomorrow's is the next
    assert [p.rolls_off_at for p in autos] == [next_one + timedelta(days=n) for n in range(6, -1, -1)]
    oldest = autos[-1]
    assert oldest.date == "2026-03-03" and oldest.left_seconds(clock.now()) == 18 * 3600


def test_a_rolled_off_point_is_gone_and_the_new_day_is_listed(
    client: LightsailRestoreClient, clock: ManualClock
) -> None:
    clock.advance(DAY)  # 2026-03-11 12:00: the 06:00 snapshot was taken, 03-03 rolled off (as estimated)
    dates = [p.date for p in client.restore_points("web-1", clock=clock) if p.kind == "auto"]
    assert dates == ["2026-03-11", "2026-03-09", "2026-03-08", "2026-03-07", FAILED_DATE, "2026-03-05", "2026-03-04"]


def test_a_deleted_instance_keeps_only_its_manual_points(
    backend: LocalLightsail, boto: LightsailClient, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    boto.delete_instance(instanceName="web-1")
    assert words(client, clock) == ["manual:web-1-snap-pending:pending", "manual:web-1-snap:available"]


def test_every_instance_of_the_region_when_none_is_named(client: LightsailRestoreClient, clock: ManualClock) -> None:
    listed = words(client, clock, None)
    assert "manual:win-snap:available" in listed, "a deleted Windows instance's snapshot"
    assert len(listed) == 10
    assert {p.instance_name for p in client.restore_points(clock=clock)} == {"web-1", "win-1"}


def test_the_points_of_another_region(backend: LocalLightsail, boto: LightsailClient, west: LightsailClient) -> None:
    cross = LightsailRestoreClient(west, region_client={REGION: boto}.__getitem__)
    points = cross.restore_points("web-1", source_region=REGION)
    assert {p.region for p in points} == {REGION} and len(points) == 9


# -- choosing ---------------------------------------------------------------------------------------------------


def test_latest_is_the_newest_restorable_point(client: LightsailRestoreClient, clock: ManualClock) -> None:
    chosen = client.choose_restore_point("latest", source_instance_name="web-1", clock=clock)
    assert chosen.fields() == {"sourceInstanceName": "web-1", "restoreDate": LATEST_DATE}, "not the pending manual one"
    assert "newest restorable point" in chosen.why


@pytest.mark.parametrize(
    ("selector", "fields"),
    [
        ("before:2026-03-09T00:00Z", {"instanceSnapshotName": "web-1-snap"}),  # between web-1-snap and 03-09
        ("before:2026-03-08T12:00Z", {"sourceInstanceName": "web-1", "restoreDate": "2026-03-08"}),  # strictly before
        ("before:2026-03-07T00:00:00+00:00", {"sourceInstanceName": "web-1", "restoreDate": "2026-03-05"}),  # skips
        ("before:2026-03-05T08:00+02:00", {"sourceInstanceName": "web-1", "restoreDate": "2026-03-04"}),  # 06:00 UTC
        ("2026-03-04", {"sourceInstanceName": "web-1", "restoreDate": "2026-03-04"}),
        ("web-1-snap", {"instanceSnapshotName": "web-1-snap"}),
    ],
)
def test_each_selector_chooses_its_point(
    client: LightsailRestoreClient, clock: ManualClock, selector: str, fields: dict[str, str]
) -> None:
    assert client.choose_restore_point(selector, source_instance_name="web-1", clock=clock).fields() == fields


@pytest.mark.parametrize(
    ("selector", "rule"),
    [
        ("before:2026-03-03T06:00Z", "RP4_nothing_before"),  # the oldest was taken at that instant: not before
        ("before:2020-01-01", "RP4_nothing_before"),
        (FAILED_DATE, "RP3_point_not_restorable"),
        ("web-1-snap-pending", "RP3_point_not_restorable"),
        ("2026-02-01", "RP2_no_such_point"),
        ("win-snap", "RP2_no_such_point"),  # another instance's
    ],
)
def test_a_selector_no_point_fits_is_refused_naming_the_parameter_and_nothing_is_written(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, selector: str, rule: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.plan(BY_INSTANCE, restore_point=selector)
    assert (caught.value.paths, caught.value.rules) == (("restore_point",), (rule,))
    assert "restorable points: 2026-03-09" in str(caught.value)
    assert sent(backend, "CreateInstancesFromSnapshot") == []


def test_before_any_point_says_which_is_the_oldest(client: LightsailRestoreClient, clock: ManualClock) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.choose_restore_point("before:2026-03-01T00:00Z", source_instance_name="web-1", clock=clock)
    message = str(caught.value)
    assert "no restorable point of web-1 was taken before 2026-03-01 00:00 UTC" in message
    assert "the oldest, 2026-03-03, was taken 2026-03-03 06:00 UTC" in message


@pytest.mark.parametrize("selector", ["", "before:", "before:yesterday", "before:2026-13-01"])
def test_a_bad_selector_is_refused_before_anything_is_sent(
    backend: LocalLightsail, client: LightsailRestoreClient, selector: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.plan(BY_INSTANCE, restore_point=selector)
    assert (caught.value.paths, caught.value.rules) == (("restore_point",), ("RP1_selector",))
    assert backend.calls() == 0


def test_a_source_member_beside_the_selector_is_refused(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.plan({**BY_INSTANCE, "restoreDate": LATEST_DATE}, restore_point="latest")
    assert (caught.value.paths, caught.value.rules) == (("restoreDate",), ("RP5_source_given",))
    with pytest.raises(RequestValidationError) as missing:
        client.plan(TARGET, restore_point="latest")
    assert missing.value.paths == ("sourceInstanceName",)
    assert sent(backend, "CreateInstancesFromSnapshot") == []


def test_the_plan_says_which_point_it_chose_and_sends_what_it_needs(client: LightsailRestoreClient) -> None:
    plan = client.plan(BY_INSTANCE, restore_point="before:2026-03-09T00:00Z")
    assert plan.ok and plan.restore_point is not None
    assert plan.restore_point.point.word == "web-1-snap"
    chosen = next(f for f in plan.findings if f.rule == "restore_point_chosen")
    assert (chosen.path, chosen.severity) == ("restore_point", "info")
    assert chosen.message.startswith("manual snapshot web-1-snap: the newest restorable point taken before")
    would = plan.would_send()
    assert would["instanceSnapshotName"] == "web-1-snap" and "sourceInstanceName" not in would


def test_a_restore_by_selector_restores_the_point_before_the_time(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    outcome = client.restore(BY_INSTANCE, restore_point="before:2026-03-08T00:00Z", clock=clock)
    assert outcome.ok, outcome.steps
    (params,) = sent(backend, "CreateInstancesFromSnapshot")
    assert (params["sourceInstanceName"], params["restoreDate"]) == ("web-1", "2026-03-07")
    assert "instanceSnapshotName" not in params and "useLatestRestorableAutoSnapshot" not in params


def test_a_point_in_another_region_is_restored_through_its_copy(
    backend: LocalLightsail, boto: LightsailClient, west: LightsailClient, clock: ManualClock
) -> None:
    cross = LightsailRestoreClient(west, region_client={REGION: boto}.__getitem__)
    request = {**BY_INSTANCE, "availabilityZone": "us-west-2a"}
    outcome = cross.restore(request, restore_point="before:2026-03-06T00:00Z", source_region=REGION, clock=clock)
    assert outcome.ok, outcome.steps
    (copied,) = sent(backend, "CopySnapshot")
    assert (copied["sourceResourceName"], copied["restoreDate"]) == ("web-1", "2026-03-05")
    assert outcome.copy is not None and outcome.copy.name == "web-1-2026-03-05-from-us-east-2"
    assert [r.region for r in backend.requests if r.operation == "CreateInstancesFromSnapshot"] == [WEST]


# -- the roll-off warnings --------------------------------------------------------------------------------------


def test_a_point_rolling_off_within_a_day_is_warned_about_with_keep_suggested(
    client: LightsailRestoreClient, clock: ManualClock
) -> None:
    chosen = client.choose_restore_point("2026-03-03", source_instance_name="web-1", clock=clock)
    plan = client.plan(BY_INSTANCE, restore_point=chosen)  # rolls off 2026-03-11 06:00: in 18 h
    (warning,) = [f for f in plan.warnings if f.rule == "restore_point_rolls_off"]
    assert warning.path == "restore_point"
    assert "rolls off in about 18.0 h (2026-03-11 06:00 UTC)" in warning.message
    assert "(client.keep(source_instance_name='web-1', restore_date='2026-03-03'))" in warning.message  # Python
    assert warning.params == ("restore_point", "client.keep", "source_instance_name", "restore_date")
    assert "--" not in warning.message, "the core speaks in parameters"
    later = client.plan(
        BY_INSTANCE, restore_point=client.choose_restore_point("2026-03-04", source_instance_name="web-1", clock=clock)
    )  # 42 h left
    assert not [f for f in later.warnings if f.rule.startswith("restore_point")]


def test_a_restore_longer_than_the_point_has_left_is_warned_about(
    client: LightsailRestoreClient, clock: ManualClock
) -> None:
    clock.advance(17.9 * 3600)  # 2026-03-11 05:54: 03-03 has 6 minutes left
    chosen = client.choose_restore_point("2026-03-03", source_instance_name="web-1", clock=clock, horizon=900)
    rules = [f.rule for f in chosen.findings()]
    assert rules == ["restore_point_chosen", "restore_point_rolls_off", "restore_point_outlasted"]
    assert (
        "a restore may take up to 900 s (its timeout) and automatic snapshot of web-1 from 2026-03-03 has about 360 s"
        in (chosen.findings()[2].message)
    )
    quick = client.choose_restore_point("2026-03-03", source_instance_name="web-1", clock=clock, horizon=300)
    assert [f.rule for f in quick.findings()] == ["restore_point_chosen", "restore_point_rolls_off"]


# -- keep -------------------------------------------------------------------------------------------------------


def test_keep_makes_a_manual_snapshot_that_outlives_the_roll_off(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    kept = client.keep("web-1", "2026-03-03", clock=clock)
    assert kept.ok and (kept.name, kept.state, kept.resumed) == ("web-1-2026-03-03-kept", "available", False)
    (params,) = sent(backend, "CopySnapshot")
    assert params == {
        "sourceResourceName": "web-1",
        "restoreDate": "2026-03-03",
        "sourceRegion": REGION,
        "targetSnapshotName": "web-1-2026-03-03-kept",
    }
    clock.advance(2 * DAY)  # 03-03 and 03-04 rolled off
    points = {p.word: p for p in client.restore_points("web-1", clock=clock)}
    assert "2026-03-03" not in points
    still = points["web-1-2026-03-03-kept"]
    assert (still.kind, still.state, still.from_auto_snapshot) == ("manual", "available", True)
    assert still.taken_at == datetime(2026, 3, 3, 23, 59, 59, tzinfo=UTC), "the day it holds, not when it was copied"
    chosen = client.choose_restore_point("before:2026-03-04T00:00Z", source_instance_name="web-1", clock=clock)
    assert chosen.fields() == {"instanceSnapshotName": "web-1-2026-03-03-kept"}
    assert client.choose_restore_point("latest", source_instance_name="web-1", clock=clock).point.kind == "auto"
    outcome = client.restore(BY_INSTANCE, restore_point="web-1-2026-03-03-kept", clock=clock)
    assert outcome.ok, outcome.steps


def test_a_kept_point_is_ordered_by_the_day_it_holds_while_that_day_is_listed(
    client: LightsailRestoreClient, clock: ManualClock
) -> None:
    client.keep("web-1", "2026-03-05", clock=clock)
    points = client.restore_points("web-1", clock=clock)
    kept = next(p for p in points if p.word == "web-1-2026-03-05-kept")
    assert kept.taken_at == datetime(2026, 3, 5, 6, tzinfo=UTC)
    assert client.choose_restore_point("latest", source_instance_name="web-1", clock=clock).point.date == LATEST_DATE


def test_keep_run_again_finds_its_copy_and_never_copies_twice(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    client.keep("web-1", "2026-03-04", clock=clock)
    clock.advance(3 * DAY)  # the automatic one rolled off meanwhile
    again = client.keep("web-1", "2026-03-04", clock=clock)
    assert again.ok and again.resumed and len(sent(backend, "CopySnapshot")) == 1


def test_keep_interrupted_after_the_copy_and_run_again_waits_for_it(
    backend: LocalLightsail, client: LightsailRestoreClient, hooks: Hook, clock: ManualClock
) -> None:
    def killed(**_: Any) -> None:
        raise Interrupt  # AWS made the copy; the process died before it heard

    hooks("after-call.lightsail.CopySnapshot", killed)
    with pytest.raises(Interrupt):
        client.keep("web-1", LATEST_DATE, clock=clock)
    client.lightsail.meta.events.unregister("after-call.lightsail.CopySnapshot", killed)
    again = client.keep("web-1", LATEST_DATE, clock=clock)
    assert again.ok and again.resumed and again.operation_id is not None
    assert len(sent(backend, "CopySnapshot")) == 1


def test_a_lost_answer_is_judged_by_a_second_look(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.lose_answer(operation="CopySnapshot")
    kept = client.keep("web-1", LATEST_DATE, clock=clock)
    assert kept.ok and kept.answer_lost and not kept.resumed
    assert backend.calls("CopySnapshot") == 1, "a write is sent at most once"


def test_a_lost_answer_under_a_name_of_the_callers_is_not_counted_as_kept(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.lose_answer(operation="CopySnapshot")
    kept = client.keep("web-1", LATEST_DATE, target_snapshot_name="web-keep", clock=clock)
    assert not kept.ok and kept.answer_lost and "which day it holds" in kept.detail
    assert "target_snapshot_name" in kept.detail and "--" not in kept.detail


@pytest.mark.parametrize(
    ("date", "path", "rule"),
    [
        (FAILED_DATE, "restoreDate", "K2_auto_snapshot_restorable"),
        ("2026-02-01", "restoreDate", "K2_auto_snapshot_restorable"),
    ],
)
def test_keep_refuses_a_day_it_cannot_keep_and_writes_nothing(
    backend: LocalLightsail, client: LightsailRestoreClient, date: str, path: str, rule: str
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.keep("web-1", date)
    assert (caught.value.paths, caught.value.rules) == ((path,), (rule,))
    assert "keepable dates: 2026-03-03, 2026-03-04, 2026-03-05, 2026-03-07" in str(caught.value)
    assert backend.calls("CopySnapshot") == 0


def test_keep_refuses_a_name_held_by_another_snapshot(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.keep("web-1", LATEST_DATE, target_snapshot_name="win-snap")
    assert (caught.value.paths, caught.value.rules) == (("targetSnapshotName",), ("K3_name_in_use",))
    assert backend.calls("CopySnapshot") == 0


def test_keep_refuses_a_bad_date_before_anything_is_sent(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.keep("web-1", "03/09/2026")
    assert "restoreDate" in caught.value.paths
    assert backend.calls() == 0


def test_default_keep_names_fit_and_differ(client: LightsailRestoreClient) -> None:
    assert default_keep_name("web-1", "2026-03-09") == "web-1-2026-03-09-kept"
    long_a, long_b = "a" * 250 + "x", "a" * 250 + "y"
    names = {default_keep_name(n, "2026-03-09") for n in (long_a, long_b)}
    assert len(names) == 2 and all(len(n) <= 255 and n.endswith("-2026-03-09-kept") for n in names)


def test_a_failed_new_day_is_listed_failed_and_never_offered(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_auto_snapshot("web-1")
    clock.advance(DAY)  # 2026-03-11 06:00 is taken, and fails
    newest = client.restore_points("web-1", clock=clock)[0]
    assert (newest.kind, newest.date, newest.state, newest.restorable) == ("auto", "2026-03-11", "failed", False)
    assert client.choose_restore_point("latest", source_instance_name="web-1", clock=clock).point.date == LATEST_DATE
    with pytest.raises(RequestValidationError) as caught:
        client.choose_restore_point("2026-03-11", source_instance_name="web-1", clock=clock)
    assert caught.value.rules == ("RP3_point_not_restorable",)


@pytest.mark.parametrize(
    ("request_members", "source_region", "path"),
    [
        ({"instanceNames": ["web 2"]}, None, "instanceNames[0]"),
        ({"availabilityZone": "us-west-2a"}, None, "availabilityZone"),  # outside the client's Region
        ({}, "us-west-1", "sourceRegion"),  # no Lightsail endpoint
    ],
)
def test_the_rest_of_the_request_is_checked_before_the_points_are_read(
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    request_members: dict[str, Any],
    source_region: str | None,
    path: str,
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        client.plan({**BY_INSTANCE, **request_members}, restore_point="latest", source_region=source_region)
    assert path in caught.value.paths
    assert backend.calls() == 0, "a refusal needs no look-up"


def test_a_point_chosen_for_one_instance_is_not_restored_as_anothers(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    chosen = client.choose_restore_point("latest", source_instance_name="web-1", clock=clock)
    with pytest.raises(RequestValidationError) as caught:
        client.plan({**BY_INSTANCE, "sourceInstanceName": "web-9"}, restore_point=chosen)
    assert (caught.value.paths, caught.value.rules) == (("sourceInstanceName",), ("RP7_other_instance",))
    same = client.plan({**TARGET, **chosen.fields()}, restore_point=chosen)  # already naming the point: kept as is
    assert same.ok and same.would_send()["restoreDate"] == LATEST_DATE


def test_a_manual_snapshot_named_like_a_date_is_chosen_by_its_name(
    boto: LightsailClient, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    boto.create_instance_snapshot(instanceName="web-1", instanceSnapshotName="2026-01-01")
    clock.advance(3600)  # available by then
    chosen = client.choose_restore_point("2026-01-01", source_instance_name="web-1", clock=clock)
    assert chosen.point.kind == "manual" and chosen.fields() == {"instanceSnapshotName": "2026-01-01"}


# -- options refused before the points are read -------------------------------------------------------------------

REFUSED_UNREAD: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    ("restore", {}, {"like_source": True, "check": False}, "like_source_plans", "like_source"),
    ("restore", {}, {"fallback_zones": "any", "check": False}, "fallback_zones_plan", "fallback_zones"),
    ("restore", {}, {"fallback_zones": "nowhere"}, "fallback_zones_type", "fallback_zones"),
    ("restore", {}, {"copy_ports": True, "wait": False}, "cut_over_needs_wait", "wait=False"),
    ("restore", {}, {"copy_ports": True, "check": False}, "cut_over_needs_check", "check=False"),
    ("restore", {"bundleId": "same"}, {"check": False}, "bundle_same_plans", "bundleId"),
    ("restore", {}, {"source_region": WEST, "check": False}, "cross_region_plans", "check=False"),
    ("restore", {}, {"copy_name": "web-1-copy"}, "copy_needs_source_region", "copy_name"),
    ("plan", {}, {"copy_name": "web-1-copy"}, "copy_needs_source_region", "copy_name"),
    ("plan", {}, {"copy_ports": True, "ports": []}, "ports_exclusive", "ports"),
    ("plan", {}, {"move_static_ip": True}, "move_needs_static_ip", "static_ip"),
    ("plan", {}, {"fallback_zones": "nowhere"}, "fallback_zones_type", "fallback_zones"),
]


@pytest.mark.parametrize(("method", "members", "options", "rule", "param"), REFUSED_UNREAD)
def test_options_the_library_refuses_are_refused_before_the_points_are_read(
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    method: str,
    members: dict[str, Any],
    options: dict[str, Any],
    rule: str,
    param: str,
) -> None:
    with pytest.raises(RequestValidationError) as raised:
        getattr(client, method)({**BY_INSTANCE, **members}, restore_point="latest", **options)
    issue = next(i for i in raised.value.issues if i.rule == rule)
    assert param in (issue.path, *issue.params), issue
    assert backend.requests == []  # not even the restore points' reads
