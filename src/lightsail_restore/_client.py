"""``LightsailRestoreClient``: the public façade; it validates, then delegates down to ``api`` and ``restore``.

One call goes to ``api`` (the thin layer), a workflow to ``restore``. boto3 stays in charge of credentials,
signing, endpoints and retries (throttling is retried by botocore before we see it); the layers below add the
rules, the types and the error mapping. Nothing refused reaches the HTTP layer, and no boto3 client is created at
import time. Nothing below imports this module.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Unpack, overload

from ._api import LightsailApi, checked_request
from ._clock import Clock, SystemClock
from ._options import DEFAULT_DELAY, DEFAULT_MAX_DELAY, PlanOptions, Polling
from ._response import CreateInstancesFromSnapshotResult
from .errors import Issue, RequestValidationError
from .request import (
    CreateInstancesFromSnapshotKwargs,
    CreateInstancesFromSnapshotRequest,
    PortInfo,
)
from .request._health import HealthCheck
from .restore import InstanceProgress, Plan, RestoreOutcome, WaitResult
from .restore._account import Account
from .restore._bundles import SAME, RestoreBundles, restore_bundles, same_needs_plan
from .restore._cross_region import CrossRegion, check_cross_region
from .restore._cutover import CutOver
from .restore._keep import KeepOutcome, keep_point
from .restore._parts import plan_parts
from .restore._pick import choose_for, pick_point
from .restore._plan import DEFAULT_INSTANCE_QUOTA, make_plan
from .restore._points import RestorePoint, list_restore_points
from .restore._run import RestoreOptions, run_restore
from .restore._selector import ChosenPoint
from .restore._steps.wait import resolve_operations, wait_for_instances

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_lightsail.client import LightsailClient

    from .drill import CleanupReport, DrillReport

__all__ = ["LightsailRestoreClient"]

DEFAULT_TIMEOUT: Final = 900.0
"""The restore's default timeout, also how long the plan counts a restore may take (the roll-off warning)."""


class LightsailRestoreClient:
    """Create Lightsail instances from snapshots, with every rule checked before anything is sent.

    Args:
        lightsail: A boto3 Lightsail client (``boto3.client("lightsail", region_name=...)``).
        region_client: Makes a boto3 Lightsail client for another Region, the source Region of a cross-Region
            restore (``lambda region: session.client("lightsail", region_name=region)``; ``from_session`` sets
            it, and ``LocalLightsail.client`` is one). Each Region's client is made once, when first needed.
    """

    def __init__(
        self, lightsail: LightsailClient, *, region_client: Callable[[str], LightsailClient] | None = None
    ) -> None:
        self._lightsail = lightsail
        self._region_client = region_client
        self._clients: dict[str, LightsailClient] = {}

    @classmethod
    def from_session(
        cls,
        session: boto3.Session | None = None,
        *,
        region_name: str | None = None,
        profile_name: str | None = None,
        config: Config | None = None,
    ) -> LightsailRestoreClient:
        """A client on a new boto3 Lightsail client, with botocore's ``standard`` retry mode by default.

        The boto3 client is created here, when this is called (never at import time).

        Args:
            session: The boto3 session to use; a new one (with ``profile_name``) when ``None``.
            region_name: The Region to restore into; the session's default when ``None``.
            profile_name: The AWS profile of a new session (only without ``session``).
            config: A botocore ``Config``. Its options win; its ``retries`` are merged over
                ``{"mode": "standard"}``, so ``Config(retries={"max_attempts": 2})`` keeps standard mode and
                ``Config(retries={"mode": "adaptive"})`` replaces it. The number of attempts is botocore's
                (``max_attempts`` in the profile, ``AWS_MAX_ATTEMPTS``, or its default) unless given here.

        Returns:
            A client whose ``region`` is the boto3 client's Region, and which makes a client of the same session
            and configuration for the source Region of a cross-Region restore.

        Raises:
            TypeError: Both ``session`` and ``profile_name`` were given (a session already has its profile).
        """
        import boto3
        from botocore.config import Config

        if session is not None and profile_name is not None:
            raise TypeError("give a boto3 session or a profile_name, not both: a session already has its profile")
        session = session if session is not None else boto3.Session(profile_name=profile_name)
        retries: dict[str, Any] = {"mode": "standard"}
        theirs = getattr(config, "retries", None)  # an attribute botocore sets from the keyword (not in stubs)
        if isinstance(theirs, Mapping):
            retries.update(theirs)
        ours = Config(retries=retries)  # type: ignore[arg-type]
        merged = ours if config is None else config.merge(ours)
        the_session = session

        def region_client(region: str) -> LightsailClient:
            return the_session.client("lightsail", region_name=region, config=merged)

        return cls(session.client("lightsail", region_name=region_name, config=merged), region_client=region_client)

    @property
    def lightsail(self) -> LightsailClient:
        """The boto3 Lightsail client underneath."""
        return self._lightsail

    @property
    def region(self) -> str:
        """The client's Region."""
        return str(self._lightsail.meta.region_name)

    def lightsail_for(self, region: str) -> LightsailClient:
        """The boto3 Lightsail client for ``region``: this client's own for its Region, else one ``region_client`` made.

        Raises:
            ValueError: No ``region_client`` was given, so there is no way to reach ``region``.
        """
        if region == self.region:
            return self._lightsail
        if region not in self._clients:
            if self._region_client is None:
                raise ValueError(
                    f"this LightsailRestoreClient has no way to reach {region}: build it with from_session(), or "
                    "give region_client= (a function making a boto3 Lightsail client for a Region)"
                )
            self._clients[region] = self._region_client(region)
        return self._clients[region]

    def _request(
        self, request: CreateInstancesFromSnapshotRequest | Mapping[str, Any] | None, kwargs: Mapping[str, Any]
    ) -> CreateInstancesFromSnapshotRequest:
        return checked_request(request, kwargs, self.region)

    def _cross(self, source_region: str | None, copy_name: str | None, *, check: bool = True) -> CrossRegion | None:
        """The cross-Region part of a restore, its options checked (``check_cross_region``; nothing is sent before)."""
        check_cross_region(source_region, copy_name, check=check)
        if source_region is None:
            return None
        return CrossRegion(LightsailApi(self.lightsail_for(source_region)), copy_name)

    @overload
    def create_instances_from_snapshot(
        self, request: CreateInstancesFromSnapshotRequest | Mapping[str, Any], /
    ) -> CreateInstancesFromSnapshotResult: ...

    @overload
    def create_instances_from_snapshot(
        self, /, **kwargs: Unpack[CreateInstancesFromSnapshotKwargs]
    ) -> CreateInstancesFromSnapshotResult: ...

    def create_instances_from_snapshot(
        self,
        request: CreateInstancesFromSnapshotRequest | Mapping[str, Any] | None = None,
        /,
        **kwargs: Any,
    ) -> CreateInstancesFromSnapshotResult:
        """Validate the request, send exactly ``request.to_boto3()``, and return the typed answer.

        Args:
            request: A request model, or the boto3 dict; or ``None`` and the members as keyword arguments.
            **kwargs: The request's members as snake_case keyword arguments.

        Returns:
            The operations started (one per instance) and the request id.

        Raises:
            RequestValidationError: A rule is broken, or the zone is outside the client's Region; nothing sent.
            LightsailError: AWS refused (a subclass named as AWS's exception, or a plain one for other codes).
            TransportError: AWS could not be reached.
            ResponseShapeError: AWS answered 2xx in a shape we do not understand.
        """
        return LightsailApi(self._lightsail).create_instances_from_snapshot(self._request(request, kwargs))

    def plan(
        self,
        request: CreateInstancesFromSnapshotRequest | Mapping[str, Any],
        /,
        *,
        instance_quota: int = DEFAULT_INSTANCE_QUOTA,
        provenance: bool = True,
        source_region: str | None = None,
        copy_name: str | None = None,
        copy_ports: bool = False,
        ports: Sequence[PortInfo | Mapping[str, Any]] | None = None,
        static_ip: str | None = None,
        move_static_ip: bool = False,
        health_checks: Sequence[HealthCheck | str] | None = None,
        retire_source: bool = False,
        replace_source: bool = False,
        no_final_snapshot: bool = False,
        fallback_zones: Sequence[str] | str | None = None,
        restore_point: str | ChosenPoint | None = None,
        attached_disks: bool = True,
        like_source: bool = False,
        copy_alarms: bool = False,
        join_load_balancers: bool = False,
    ) -> Plan:
        """Check the request against the account (read-only look-ups) and say what a restore would do.

        The plan also reads the source instance's firewall rules and static IP when it still exists, warns about
        what a restore would lose of them, and checks the cut-over asked for (see ``restore``).

        Args:
            request: A request model or the boto3 dict.
            instance_quota: The account's Instances quota for the Region.
            provenance: Whether the restore would mark what it creates (see ``restore``).
            source_region: For a cross-Region restore, the Region of the source (see ``restore``): both Regions
                are looked at, and ``Plan.copy`` says what the copy step would do.
            copy_name: The copy's name in this client's Region (chosen when ``None``; with ``source_region``).
            copy_ports: As in ``restore``.
            ports: As in ``restore``.
            static_ip: As in ``restore``.
            move_static_ip: As in ``restore``.
            health_checks: As in ``restore``: the plan lists the readiness gate.
            retire_source: As in ``restore``: the plan names what would be deleted and the final snapshot.
            replace_source: As in ``restore``.
            no_final_snapshot: As in ``restore``.
            fallback_zones: As in ``restore``: the plan checks the zones and lists them (``Plan.zones``).
            restore_point: As in ``restore``: the plan says which point it chose and why. A selector's ages and
                roll-offs count from the system clock and a restore of 900 s; give a ``ChosenPoint``
                (``choose_restore_point`` with ``clock`` and ``horizon``) to count otherwise.
            attached_disks: As in ``restore``: the plan lists each disk, its size and its new name.
            like_source: As in ``restore``: the plan says what it carries; without it, it warns of each difference.
            copy_alarms: As in ``restore``: the plan lists the alarms it puts and refuses those it cannot; without
                it, ``retire_source`` and ``replace_source`` warn of the source's alarms.
            join_load_balancers: As in ``restore``: the plan lists the load balancers each new instance joins; without
                it, ``retire_source`` and ``replace_source`` warn when the source is behind a load balancer.

        Raises:
            RequestValidationError: A rule decidable from the request itself is broken; nothing was looked up.
            LightsailError: A look-up failed for a reason other than a missing resource.
            ValueError: ``source_region`` is another Region and this client has no ``region_client``.
        """
        cut_over, parts = unread_options(
            request,
            source_region=source_region,
            copy_name=copy_name,
            fallback_zones=fallback_zones,
            like_source=like_source,
            copy_ports=copy_ports,
            ports=ports,
            static_ip=static_ip,
            move_static_ip=move_static_ip,
            health_checks=health_checks,
            retire_source=retire_source,
            replace_source=replace_source,
            no_final_snapshot=no_final_snapshot,
            copy_alarms=copy_alarms,
            join_load_balancers=join_load_balancers,
        )
        request, chosen = self._point(request, restore_point, source_region, None, DEFAULT_TIMEOUT)
        parsed = self._request(request, {})
        cross = self._cross(source_region, copy_name)
        api = LightsailApi(self._lightsail)
        options = PlanOptions(instance_quota, provenance, chosen, attached_disks, like_source, parts)
        if cross is not None:
            return cross.plan(api, parsed, options=options, cut_over=cut_over)
        return make_plan(api, parsed, options=options, cut_over=cut_over)

    def restore(
        self,
        request: CreateInstancesFromSnapshotRequest | Mapping[str, Any],
        /,
        *,
        wait: bool = True,
        check: bool = True,
        raise_on_failure: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        delay: float = DEFAULT_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        clock: Clock | None = None,
        progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
        instance_quota: int = DEFAULT_INSTANCE_QUOTA,
        rng: random.Random | None = None,
        provenance: bool = True,
        source_region: str | None = None,
        copy_name: str | None = None,
        copy_ports: bool = False,
        ports: Sequence[PortInfo | Mapping[str, Any]] | None = None,
        static_ip: str | None = None,
        move_static_ip: bool = False,
        health_checks: Sequence[HealthCheck | str] | None = None,
        retire_source: bool = False,
        replace_source: bool = False,
        no_final_snapshot: bool = False,
        confirm: Callable[[Plan], bool] | None = None,
        fallback_zones: Sequence[str] | str | None = None,
        restore_point: str | ChosenPoint | None = None,
        attached_disks: bool = True,
        like_source: bool = False,
        copy_alarms: bool = False,
        join_load_balancers: bool = False,
    ) -> RestoreOutcome:
        """Plan, create, wait until the instances are running, then cut over; safe to run again after an interruption.

        A snapshot holds no network setup: a restored instance gets only its blueprint's default firewall rules
        and a new public address. The cut-over (``copy_ports`` or ``ports``, ``static_ip``) finishes the job once
        the instances run: firewall rules first, then the static IP (see ``docs/restore.md``). Each is a step of the
        outcome, waited on until the same deadline, and a rerun does only what is left.

        Args:
            request: A request model or the boto3 dict.
            wait: Wait until every instance is running, has failed, or the timeout comes.
            check: Plan first and refuse to send when a finding is an error (also what makes a rerun resume).
            raise_on_failure: Raise ``RestoreFailedError`` (carrying the whole outcome) when the restore is not
                ``ok`` (an instance failed, timed out, was not found, or the wait ended early), instead of
                returning the outcome.
            timeout: Overall seconds to wait (monotonic time).
            delay: The first pause between polling rounds (doubling up to ``max_delay``, with jitter).
            max_delay: The longest pause between polling rounds.
            clock: Where time comes from (real time by default; a manual clock in tests).
            progress: Called after each polling round with every instance's status and elapsed time (while a
                cross-Region restore waits for its copy: one row named ``copy <name>``, its state).
            instance_quota: The account's Instances quota for the Region.
            rng: The random source of the jitter.
            provenance: Tag what is created with the restore's mark (``lightsail-restore:source`` and
                ``lightsail-restore:request``), which is how a rerun recognises it. With ``False`` nothing is
                marked, so a rerun cannot resume: a name that exists is then always an error.
            source_region: Restore from another Region: the request names the source as it is in
                ``source_region`` and the zone in this client's Region. Both Regions are planned first; then the
                source is copied here (CopySnapshot), waited for until ``available`` (within ``timeout``), and the
                copy is restored. A rerun uses the copy an earlier run made (never copies twice). Needs
                ``check=True``; the same Region is allowed (the plan warns).
            copy_name: The copy's name in this client's Region; chosen when ``None`` (the same for every rerun:
                ``web-1-snap-from-us-east-2``, ``web-1-2026-03-09-from-us-east-2``).
            copy_ports: Once the instances run, put the source instance's current firewall rules on each
                (PutInstancePublicPorts replaces the whole set). The plan reads and checks them; a source instance
                that no longer exists is a plan error.
            ports: Put these rules on each new instance instead (``PortInfo`` models or AWS dicts; not with
                ``copy_ports``; an empty list closes every port).
            static_ip: Then attach this static IP to the new instance (a request of exactly one instance). It must
                exist in the Region.
            move_static_ip: Allow taking ``static_ip`` from the instance that holds it (the plan says which); without
                it, a static IP attached elsewhere is a plan error. It implies the readiness gate's status checks.
            health_checks: The readiness gate: before the static IP moves, each new instance must pass Lightsail's
                status checks and these checks (``TcpCheck``, ``HttpCheck``, ``SshCheck``, or the command's
                shorthand ``"http:80/healthz"``), probed from this machine and tried until the deadline; if one does
                not pass, nothing moves from the old instance (see ``docs/restore.md``).
            retire_source: Once the new instance passed the readiness gate (its status checks at least) and the
                cut-over took what it had to, take a final snapshot of the source instance
                (``<source>-final-<UTC date and time>``, waited until ``available``), then delete the source, only if
                it is still the instance the plan read (same ARN and creation time). Its static IP stays allocated.
            replace_source: Restore in place under the source's own name (``instance_names`` is the source's name):
                final snapshot, delete, create, readiness gate, then the cut-over back onto it. The service is down
                from the delete until the gate passes; a failure after the delete leaves the final snapshot and says
                the command that restores from it.
            no_final_snapshot: With ``retire_source``, delete without a final snapshot.
            confirm: With ``retire_source`` or ``replace_source``: called with the plan (which names what is
                deleted) before anything is sent; ``False`` stops the restore (``RequestValidationError``, rule
                ``not_confirmed``).
            fallback_zones: When AWS refuses the create for capacity in the request's zone
                (``InsufficientInstanceCapacity``), send it again in each of these zones of the Region in turn
                (``"any"``: every other zone, in name order); ``RestoreOutcome.availability_zone`` says which took
                it. Needs ``check=True`` (the plan checks the zones, and a rerun resumes what any of them holds).
            restore_point: Choose the source instead of naming it (``request`` then names only
                ``sourceInstanceName``): ``"latest"``, ``"before:2026-12-05T14:00Z"`` (the newest restorable point
                taken before), a manual snapshot's name or an automatic snapshot's date, or a ``ChosenPoint`` from
                ``choose_restore_point``. Manual and automatic points of the instance (in ``source_region`` when
                given) are both candidates; the request sent names what the point needs, and the plan says which
                point it chose, and warns when an automatic one rolls off within a day or within ``timeout``.
            attached_disks: When the request has no ``attachedDiskMapping``, map every block-storage disk the
                snapshot holds to each new instance (``<instance>-data`` for ``web-1-data``), so it is created
                from the snapshot and attached at its original path; ``False`` maps none (the plan warns of each
                disk left out). A mapping the request gives is sent as given. Needs the plan (``check=True``).
            like_source: Give the new instances the source instance's user tags, ``ipAddressType`` and
                AutoSnapshot add-on (with its time), each unless the request sets it. The source instance must
                still exist. Without it, the plan warns of each difference. Needs ``check=True``.
            copy_alarms: Once the new instances passed the readiness gate, before the static IP moves, put the
                source instance's metric alarms on each (PutAlarm: the same metric, threshold, periods, contact
                protocols and triggers), named from the alarm and the instance (``web-1-cpu`` on ``web-2``:
                ``web-2-cpu``); an alarm already there with the same settings is left alone. Across Regions, Email
                and SMS contacts are the target Region's own: the plan says which alarms will not notify. Not with
                ``replace_source``. Needs the plan and the wait.
            join_load_balancers: Once the new instances passed the readiness gate, before the static IP moves,
                attach each to every load balancer of the Region the source instance is attached to
                (AttachInstancesToLoadBalancer, one call a load balancer, naming only the instances it does not list
                yet). Nothing is detached: the source stays behind them beside the new instances until
                ``retire_source`` deletes it. Not across Regions (a load balancer serves its own Region's
                instances), nor with ``replace_source``. Needs the plan and the wait.

        Returns:
            One outcome per instance and per step, the plan, the operations, the request id, the source restored
            and the number of API calls.

        Raises:
            RequestValidationError: A rule is broken (``PlanRefusedError`` for findings of the plan), or an option
                needs what is turned off (the cut-over with ``wait=False`` or ``check=False``, ``source_region``
                with ``check=False``); nothing sent, not even a read.
            LightsailError: AWS refused the create call (and a second look did not find it applied), or a look-up
                failed.
            TransportError: No answer to the create call, and a second look did not find it applied.
            ResponseShapeError: AWS answered the create with no operations.
            RestoreFailedError: With ``raise_on_failure``, when the restore is not ``ok``.
            ValueError: ``source_region`` is another Region and this client has no ``region_client``.
        """
        cut_over, parts = unread_options(
            request,
            wait=wait,
            check=check,
            source_region=source_region,
            copy_name=copy_name,
            fallback_zones=fallback_zones,
            like_source=like_source,
            copy_ports=copy_ports,
            ports=ports,
            static_ip=static_ip,
            move_static_ip=move_static_ip,
            health_checks=health_checks,
            retire_source=retire_source,
            replace_source=replace_source,
            no_final_snapshot=no_final_snapshot,
            confirm=confirm,
            copy_alarms=copy_alarms,
            join_load_balancers=join_load_balancers,
        )
        request, chosen = self._point(request, restore_point, source_region, clock, timeout)
        options = RestoreOptions(
            wait=wait,
            check=check,
            raise_on_failure=raise_on_failure,
            polling=Polling(timeout, delay, max_delay, clock, progress, rng),
            plan=PlanOptions(instance_quota, provenance, chosen, attached_disks, like_source, parts),
            cut_over=cut_over,
        )
        parsed = self._request(request, {})
        cross = self._cross(source_region, copy_name, check=check)
        return run_restore(LightsailApi(self._lightsail), parsed, options, cross)

    def restore_bundles(
        self, request: CreateInstancesFromSnapshotRequest | Mapping[str, Any], /, *, source_region: str | None = None
    ) -> RestoreBundles:
        """The bundles a restore of the request's source can use, each with its monthly price (read-only look-ups).

        Every bundle of the Region's catalogue (Lightsail for Research apart), cheapest first, checked as the plan
        checks the request's (active, the source's platform, large enough for the source and its disk); IPv6-only
        ones are marked, the source's own size and what ``bundleId="same"`` chooses too (see ``docs/restore.md``).

        Args:
            request: A request model or boto3 dict naming the source (``instanceSnapshotName``, or
                ``sourceInstanceName`` with ``restoreDate`` or ``useLatestRestorableAutoSnapshot``); a dict may
                leave out ``instanceNames``, ``availabilityZone`` and ``bundleId``.
            source_region: The source's Region, when it is not this client's (as in ``restore``).

        Raises:
            RequestValidationError: The source is not named as a request names it; nothing was looked up.
            LightsailError: A look-up failed for a reason other than a missing resource.
        """
        if not isinstance(request, CreateInstancesFromSnapshotRequest):
            placeholders = {"instanceNames": ["bundles"], "availabilityZone": f"{self.region}a", "bundleId": SAME}
            request = {**placeholders, **request}
        parsed = self._request(request, {})
        cross = self._cross(source_region, None)
        return restore_bundles(LightsailApi(self._lightsail), parsed, cross.source if cross else None)

    def wait(
        self,
        names: Iterable[str] = (),
        *,
        operation_ids: Iterable[str] = (),
        timeout: float = 900.0,
        delay: float = DEFAULT_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        clock: Clock | None = None,
        progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
    ) -> WaitResult:
        """Wait for instances an earlier call created, by name or by the ids of its operations.

        Each round costs one list call whatever the number of instances (see ``docs/restore.md``); an error that
        retrying cannot fix ends the wait early, with the instances it did not settle ``unknown`` and the error in
        ``WaitResult.error``.

        Raises:
            LightsailError: An operation id AWS does not know (``NotFoundException``), or another error while
                looking the ids up, before waiting.
        """
        api = LightsailApi(self._lightsail)
        operations = resolve_operations(api, operation_ids)
        wanted = [*names, *(op.resource_name for op in operations if op.resource_name)]
        result = wait_for_instances(
            api,
            wanted,
            operations=operations,
            polling=Polling(timeout, delay, max_delay, clock, progress),
        )
        return dataclasses.replace(result, api_calls=api.calls)

    # Restore points (issue 23): list them, choose one by a selector, keep an automatic one.

    def _point(
        self,
        request: CreateInstancesFromSnapshotRequest | Mapping[str, Any],
        restore_point: str | ChosenPoint | None,
        source_region: str | None,
        clock: Clock | None,
        horizon: float,
    ) -> tuple[CreateInstancesFromSnapshotRequest | Mapping[str, Any], ChosenPoint | None]:
        if restore_point is None:
            return request, None
        api = LightsailApi(self.lightsail_for(source_region or self.region))
        now = (clock or SystemClock()).now()
        return pick_point(api, request, restore_point, now=now, horizon=horizon, region=self.region)

    def restore_points(
        self,
        source_instance_name: str | None = None,
        *,
        source_region: str | None = None,
        clock: Clock | None = None,
    ) -> tuple[RestorePoint, ...]:
        """Every restore point of an instance, or of every instance of the Region, newest first (read-only).

        Manual snapshots (by their ``fromInstanceName``, kept after the instance is deleted) and automatic ones
        (while the instance exists) together, each with its kind, name or date, creation time, age, state (a
        failed automatic snapshot is ``failed`` and never offered), size, bundle, disks, and for an automatic one
        when it is estimated to roll off (the seven most recent are kept: see ``docs/restore.md``).

        Args:
            source_instance_name: The instance; every instance of the Region when ``None``.
            source_region: Look in this Region instead of the client's.
            clock: Where "now" comes from, for the ages and roll-offs (the system clock by default).

        Raises:
            LightsailError: A look-up failed.
            ValueError: ``source_region`` is another Region and this client has no ``region_client``.
        """
        api = LightsailApi(self.lightsail_for(source_region or self.region))
        return list_restore_points(Account(api), source_instance_name, (clock or SystemClock()).now())

    def choose_restore_point(
        self,
        restore_point: str,
        *,
        source_instance_name: str,
        source_region: str | None = None,
        clock: Clock | None = None,
        horizon: float = DEFAULT_TIMEOUT,
    ) -> ChosenPoint:
        """The point ``restore_point`` chooses among ``source_instance_name``'s, and why (read-only).

        ``ChosenPoint.fields()`` are the request members that restore it; give the point to ``plan``, ``restore``
        (or any command that restores) as ``restore_point`` to restore it.

        Args:
            restore_point: ``"latest"``, ``"before:<UTC time>"`` (the newest restorable point taken before), a
                manual snapshot's name or an automatic snapshot's date (``YYYY-MM-DD``).
            source_instance_name: The instance whose points to choose among.
            source_region: Its Region, when not the client's.
            clock: Where "now" comes from (ages, roll-offs).
            horizon: How long a restore from it may take (seconds): an automatic point with less time left is
                warned about.

        Raises:
            RequestValidationError: A bad selector (nothing read), or no point fits (``restore_point``).
            LightsailError: A look-up failed.
        """
        api = LightsailApi(self.lightsail_for(source_region or self.region))
        now = (clock or SystemClock()).now()
        return choose_for(api, restore_point, source_instance_name, now=now, horizon=horizon)

    def keep(
        self,
        source_instance_name: str,
        restore_date: str,
        *,
        target_snapshot_name: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        delay: float = DEFAULT_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        clock: Clock | None = None,
        progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
    ) -> KeepOutcome:
        """Turn an automatic snapshot into a manual one in the same Region, which stays; wait until available.

        Sends CopySnapshot (``sourceResourceName``, ``restoreDate``, ``sourceRegion`` the client's Region) once,
        then waits. Safe to run again: a rerun finds the copy (even once the automatic snapshot has rolled off),
        waits for it, and never copies twice; a lost answer is judged by a second look.

        Args:
            source_instance_name: The instance (``sourceResourceName``).
            restore_date: The automatic snapshot's date (``restoreDate``, ``YYYY-MM-DD``).
            target_snapshot_name: The manual snapshot's name (``targetSnapshotName``); ``<instance>-<date>-kept``
                when ``None`` (a name of your own cannot prove on a rerun which day it holds).
            timeout: Overall seconds to wait (monotonic).
            delay: The first pause between polling rounds.
            max_delay: The longest pause between polling rounds.
            clock: Where time comes from (a manual clock in tests).
            progress: Called after each polling round with the copy's state (``copy <name>``).

        Raises:
            RequestValidationError: A name or the date breaks a rule, no such successful automatic snapshot, or the
                name is another snapshot's; nothing was written.
            LightsailError: AWS refused the copy (and a second look did not find it made), or a look-up failed.
        """
        polling = Polling(timeout, delay, max_delay, clock, progress)
        return keep_point(
            LightsailApi(self._lightsail),
            source_instance_name,
            restore_date,
            target_snapshot_name=target_snapshot_name,
            polling=polling,
        )

    def drill(
        self,
        request: CreateInstancesFromSnapshotRequest | Mapping[str, Any],
        /,
        *,
        drill_id: str | None = None,
        resume: bool = False,
        keep: bool = False,
        timeout: float = 900.0,
        delay: float = DEFAULT_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        clock: Clock | None = None,
        progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
        instance_quota: int = DEFAULT_INSTANCE_QUOTA,
        rng: random.Random | None = None,
        source_region: str | None = None,
        copy_ports: bool = False,
        ports: Sequence[PortInfo | Mapping[str, Any]] | None = None,
        health_checks: Sequence[HealthCheck | str] | None = None,
        static_ip: str | None = None,
        move_static_ip: bool = False,
        copy_alarms: bool = False,
        join_load_balancers: bool = False,
    ) -> DrillReport:
        """A restore drill: restore under a throwaway name, check, time it, then tear down what it made.

        The restore is ``restore``'s own (plan, copy across Regions, create, wait), then Lightsail's status checks
        and ``health_checks`` (the readiness gate), each step timed; then, even when a step or a check failed, the
        teardown deletes every instance, disk and copy the drill made (each deletion waited on and checked), and
        nothing else. Every instance carries the drill's id (tag ``lightsail-restore:drill``) beside the restore's
        mark, so ``cleanup(drill_id=...)`` and a resumed drill find exactly what it made.

        Args:
            request: A request model or the boto3 dict; ``instanceNames`` may be left out (then the drill's id is
                the one instance's name).
            drill_id: The drill's id; by default ``<source>-drill-<UTC YYYYMMDDTHHMMSSffffffZ>`` (the snapshot's name,
                or the source instance's for an automatic snapshot).
            resume: Finish the interrupted drill ``drill_id`` (the same request): what exists is resumed, and when
                nothing is left but the teardown, only the teardown runs.
            keep: Leave what the drill made for a person to look at (``cleanup(drill_id=...)`` removes it later).
            timeout: The restore's deadline in seconds (the teardown has its own, as long).
            delay: As in ``restore``.
            max_delay: As in ``restore``.
            clock: As in ``restore``.
            progress: As in ``restore``.
            instance_quota: As in ``restore``.
            rng: As in ``restore``.
            source_region: Drill a restore from another Region: the copy (``<drill id>-from-<Region>``) is the
                drill's own, and is deleted with the rest.
            copy_ports: As in ``restore``.
            ports: As in ``restore``.
            health_checks: As in ``restore``: each must pass on each instance (the status checks always run).
            static_ip: Refused: a drill never touches a static IP.
            move_static_ip: Refused: a drill never touches a static IP.
            copy_alarms: Refused: the teardown deletes what the drill made by its mark, and an alarm has none.
            join_load_balancers: Refused: a drill's throwaway instances must not get a load balancer's traffic.

        Returns:
            The drill's report (``DrillReport``): its id, the restore point and its age (RPO), the time to ready
            (RTO), each step timed, each check, each deletion, and ``ok``.

        Raises:
            RequestValidationError: A rule is broken, ``static_ip``, ``move_static_ip``, ``copy_alarms`` or
                ``join_load_balancers`` is given, or ``resume`` comes without ``drill_id`` (``PlanRefusedError`` for
                findings of the plan); nothing sent.
        """
        from .drill._marks import copy_name, drill_id_for, drill_request
        from .drill._run import DrillOptions, run_drill
        from .restore._steps.ready import ReadyGate

        issues = [
            Issue(name, "drill_no_static_ip", "a drill never touches a static IP: it restores under a throwaway name")
            for name, given in (("static_ip", static_ip is not None), ("move_static_ip", move_static_ip))
            if given
        ]
        refused = (
            (
                "copy_alarms",
                copy_alarms,
                "drill_no_alarms",
                "a drill puts no alarms: its teardown deletes what it made by its mark, and an alarm carries none",
            ),
            (
                "join_load_balancers",
                join_load_balancers,
                "drill_no_load_balancers",
                "a drill joins no load balancer: its throwaway instances must not get the source's traffic",
            ),
        )
        issues += [Issue(name, rule, why, (name,)) for name, given, rule, why in refused if given]
        if resume and drill_id is None:
            issues.append(Issue("drill_id", "resume_needs_id", "resume=True needs the drill_id of the drill to finish"))
        if issues:
            raise RequestValidationError(issues)
        params = dict(request.to_boto3() if isinstance(request, CreateInstancesFromSnapshotRequest) else request)
        polling = Polling(timeout, delay, max_delay, clock, progress, rng)
        base = str(params.get("instanceSnapshotName") or params.get("sourceInstanceName") or "restore")
        the_id = drill_id if drill_id is not None else drill_id_for(base, polling.the_clock().now())
        parsed = self._request(drill_request(params, the_id), {})
        cut_over = CutOver.of(copy_ports=copy_ports, ports=ports, health_checks=health_checks)
        cut_over = cut_over.with_part("ready", ReadyGate(cut_over.part(ReadyGate).health_checks, status_checks=True))
        options = RestoreOptions(polling=polling, plan=PlanOptions(instance_quota=instance_quota), cut_over=cut_over)
        cross = self._cross(source_region, None if source_region is None else copy_name(the_id, source_region))
        return run_drill(LightsailApi(self._lightsail), parsed, options, cross, DrillOptions(the_id, keep, resume))

    def cleanup(
        self,
        *,
        drill_id: str | None = None,
        instance_names: Sequence[str] = (),
        dry_run: bool = False,
        timeout: float = 900.0,
        delay: float = DEFAULT_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        clock: Clock | None = None,
    ) -> CleanupReport:
        """Delete what one earlier drill or restore made, chosen by its mark; plan first.

        The plan lists every resource it deletes (the run's instances, the disks attached to them, a drill's
        cross-Region copy) and refuses every instance asked for, or under the drill's name, that the run did not
        mark (naming it); a refusal stops the cleanup before anything is deleted. Each deletion is sent once,
        waited on and checked; a lost answer counts as done once the resource is gone; run it again to finish.
        A static IP is never deleted (one attached to an instance that goes stays allocated, unattached).

        Args:
            drill_id: The drill whose resources go.
            instance_names: Or: instances a restore created; their mark names the run (all of its instances go).
            dry_run: Only plan.
            timeout: The deadline of the deletions' waits, in seconds.
            delay: As in ``restore``.
            max_delay: As in ``restore``.
            clock: As in ``restore``.

        Raises:
            RequestValidationError: Neither or both of ``drill_id`` and ``instance_names``; nothing sent.
        """
        from .drill._cleanup import cleanup

        pace = Polling(timeout, delay, max_delay, clock).pace()
        api = LightsailApi(self._lightsail)
        return cleanup(api, pace, drill_id=drill_id, instance_names=list(instance_names), dry_run=dry_run)


def unread_options(
    request: CreateInstancesFromSnapshotRequest | Mapping[str, Any],
    *,
    wait: bool = True,
    check: bool = True,
    source_region: str | None = None,
    copy_name: str | None = None,
    fallback_zones: Sequence[str] | str | None = None,
    like_source: bool = False,
    **cut_over: Any,
) -> tuple[CutOver, dict[str, Any]]:
    """Every check of a plan's or a restore's options that needs no read, in one place, before anything is read.

    ``plan`` and ``restore`` call it first (before the restore point's reads too), and so does the command before it
    reads the points ``--restore-point`` chooses among: the steps' own options (``CutOver.of``, ``plan_parts``),
    what needs the wait or the plan (``CutOver.check_with``, ``PlanOptions.check_with``, ``bundleId="same"``),
    and the cross-Region options (``check_cross_region``).

    Args:
        request: The request as given (a model or the boto3 dict; only its ``bundleId`` is looked at here).
        wait: As in ``restore``.
        check: As in ``restore``.
        source_region: As in ``restore``.
        copy_name: As in ``restore``.
        fallback_zones: As in ``restore``.
        like_source: As in ``restore``.
        **cut_over: The cut-over's keywords, as ``CutOver.of`` takes them.

    Returns:
        The cut-over and the plan's step options (``PlanOptions.parts``), checked.

    Raises:
        RequestValidationError: An option breaks a rule or needs what was refused (the wait, the plan); nothing
            was sent.
    """
    checked = CutOver.of(**cut_over)
    parts = plan_parts(fallback_zones=fallback_zones)
    checked.check_with(wait=wait, check=check)
    PlanOptions(like_source=like_source, parts=parts).check_with(check=check)
    same_needs_plan(_bundle_id(request), check=check)
    check_cross_region(source_region, copy_name, check=check)
    return checked, parts


def _bundle_id(request: CreateInstancesFromSnapshotRequest | Mapping[str, Any]) -> object:
    return request.bundle_id if isinstance(request, CreateInstancesFromSnapshotRequest) else request.get("bundleId")
