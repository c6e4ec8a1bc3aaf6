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
from typing import TYPE_CHECKING, Any, Unpack, overload

from .api import LightsailApi, checked_request
from .clock import Clock
from .options import DEFAULT_DELAY, DEFAULT_MAX_DELAY, PlanOptions, Polling
from .request import (
    CreateInstancesFromSnapshotKwargs,
    CreateInstancesFromSnapshotRequest,
    PortInfo,
)
from .request.health import HealthCheck
from .response import CreateInstancesFromSnapshotResult
from .restore import (
    DEFAULT_INSTANCE_QUOTA,
    InstanceProgress,
    Plan,
    RestoreOptions,
    RestoreOutcome,
    WaitResult,
    make_plan,
    resolve_operations,
    run_restore,
    wait_for_instances,
)
from .restore.cross_region import CrossRegion, check_cross_region
from .restore.cutover import CutOver

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_lightsail.client import LightsailClient

__all__ = ["LightsailRestoreClient"]


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
        attached_disks: bool = True,
        like_source: bool = False,
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
            attached_disks: As in ``restore``: the plan lists each disk, its size and its new name.
            like_source: As in ``restore``: the plan says what it carries; without it, it warns of each difference.

        Raises:
            RequestValidationError: A rule decidable from the request itself is broken; nothing was looked up.
            LightsailError: A look-up failed for a reason other than a missing resource.
            ValueError: ``source_region`` is another Region and this client has no ``region_client``.
        """
        parsed = self._request(request, {})
        cross = self._cross(source_region, copy_name)
        cut_over = CutOver.of(
            copy_ports=copy_ports,
            ports=ports,
            static_ip=static_ip,
            move_static_ip=move_static_ip,
            health_checks=health_checks,
        )
        api = LightsailApi(self._lightsail)
        options = PlanOptions(
            instance_quota=instance_quota, provenance=provenance, attached_disks=attached_disks, like_source=like_source
        )
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
        timeout: float = 900.0,
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
        attached_disks: bool = True,
        like_source: bool = False,
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
            attached_disks: When the request has no ``attachedDiskMapping``, map every block-storage disk the
                snapshot holds to each new instance (``<instance>-data`` for ``web-1-data``), so it is created
                from the snapshot and attached at its original path; ``False`` maps none (the plan warns of each
                disk left out). A mapping the request gives is sent as given. Needs the plan (``check=True``).
            like_source: Give the new instances the source instance's user tags, ``ipAddressType`` and
                AutoSnapshot add-on (with its time), each unless the request sets it. The source instance must
                still exist. Without it, the plan warns of each difference. Needs ``check=True``.

        Returns:
            One outcome per instance and per step, the plan, the operations, the request id, the source restored
            and the number of API calls.

        Raises:
            RequestValidationError: A rule is broken (``PlanRefusedError`` for findings of the plan), or the cut-over
                is asked with ``wait=False`` or ``check=False``; nothing sent.
            LightsailError: AWS refused the create call (and a second look did not find it applied), or a look-up
                failed.
            TransportError: No answer to the create call, and a second look did not find it applied.
            ResponseShapeError: AWS answered the create with no operations.
            RestoreFailedError: With ``raise_on_failure``, when the restore is not ``ok``.
            ValueError: ``source_region`` with ``check=False``, or another Region and no ``region_client``.
        """
        cut_over = CutOver.of(
            copy_ports=copy_ports,
            ports=ports,
            static_ip=static_ip,
            move_static_ip=move_static_ip,
            health_checks=health_checks,
        )
        cut_over.check_with(wait=wait, check=check)
        options = RestoreOptions(
            wait=wait,
            check=check,
            raise_on_failure=raise_on_failure,
            polling=Polling(timeout, delay, max_delay, clock, progress, rng),
            plan=PlanOptions(
                instance_quota=instance_quota,
                provenance=provenance,
                attached_disks=attached_disks,
                like_source=like_source,
            ),
            cut_over=cut_over,
        )
        options.plan.check_with(check=check)
        parsed = self._request(request, {})
        cross = self._cross(source_region, copy_name, check=check)
        return run_restore(LightsailApi(self._lightsail), parsed, options, cross)

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
