"""``LightsailRestoreClient``: validate, send exactly ``to_boto3()``, answer with typed results and errors.

boto3 stays in charge of credentials, signing, endpoints and retries (throttling is retried by botocore before
we see it); this layer adds the rules, the types and the error mapping. Nothing it refuses reaches the HTTP
layer, and no boto3 client is created at import time.
"""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Unpack, overload

from .errors import Issue, RequestValidationError, mapped_client_errors
from .preflight import DEFAULT_INSTANCE_QUOTA, Plan, plan
from .request import CreateInstancesFromSnapshotKwargs, CreateInstancesFromSnapshotRequest, parse_request
from .response import CreateInstancesFromSnapshotResult, Operation
from .restore import RestoreOutcome, run_restore
from .waiter import Clock, InstanceProgress, WaitResult, wait_for_instances

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_lightsail.client import LightsailClient

__all__ = ["LightsailRestoreClient"]

logger = logging.getLogger("lightsail_restore")


class LightsailRestoreClient:
    """Create Lightsail instances from snapshots, with every rule checked before anything is sent.

    Args:
        lightsail: A boto3 Lightsail client (``boto3.client("lightsail", region_name=...)``).
    """

    def __init__(self, lightsail: LightsailClient) -> None:
        self._lightsail = lightsail

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
            A client whose ``region`` is the boto3 client's Region.

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
        return cls(session.client("lightsail", region_name=region_name, config=merged))

    @property
    def lightsail(self) -> LightsailClient:
        """The boto3 Lightsail client underneath."""
        return self._lightsail

    @property
    def region(self) -> str:
        """The client's Region."""
        return str(self._lightsail.meta.region_name)

    def _request(
        self, request: CreateInstancesFromSnapshotRequest | Mapping[str, Any] | None, kwargs: Mapping[str, Any]
    ) -> CreateInstancesFromSnapshotRequest:
        parsed = parse_request(request, **kwargs)
        if parsed.region != self.region:
            raise RequestValidationError(
                [
                    Issue(
                        "availabilityZone",
                        "X11_zone_in_client_region",
                        f"must be a zone of {self.region}, the client's Region (not of {parsed.region}); "
                        f"use a client for {parsed.region} to restore there",
                    )
                ]
            )
        return parsed

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
        parsed = self._request(request, kwargs)
        debug = logger.isEnabledFor(logging.DEBUG)
        if debug:
            logger.debug("CreateInstancesFromSnapshot request: %s", parsed.to_redacted_boto3())
        try:
            raw = self._lightsail.create_instances_from_snapshot(**parsed.to_boto3())
        except Exception:
            with mapped_client_errors():  # entered on failure only: the success path pays nothing for it
                raise
        result = CreateInstancesFromSnapshotResult.from_boto3(raw)
        if debug:
            logger.debug(
                "CreateInstancesFromSnapshot answer: request id %s, operations %s",
                result.request_id,
                [(op.resource_name, op.id, str(op.status)) for op in result.operations],
            )
        return result

    def plan(
        self,
        request: CreateInstancesFromSnapshotRequest | Mapping[str, Any],
        /,
        *,
        instance_quota: int = DEFAULT_INSTANCE_QUOTA,
    ) -> Plan:
        """Check the request against the account (read-only look-ups) and say what a restore would do.

        Raises:
            RequestValidationError: A rule decidable from the request itself is broken; nothing was looked up.
            LightsailError: A look-up failed for a reason other than a missing resource.
        """
        return plan(self._lightsail, self._request(request, {}), instance_quota=instance_quota)

    def restore(
        self,
        request: CreateInstancesFromSnapshotRequest | Mapping[str, Any],
        /,
        *,
        wait: bool = True,
        check: bool = True,
        raise_on_failure: bool = False,
        timeout: float = 900.0,
        delay: float = 2.0,
        max_delay: float = 20.0,
        clock: Clock | None = None,
        progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
        instance_quota: int = DEFAULT_INSTANCE_QUOTA,
        rng: random.Random | None = None,
    ) -> RestoreOutcome:
        """Plan, create, and wait until the instances are running; safe to run again after an interruption.

        Args:
            request: A request model or the boto3 dict.
            wait: Wait until every instance is running, has failed, or the timeout comes.
            check: Plan first and refuse to send when a finding is an error (also what makes a rerun resume).
            raise_on_failure: Raise ``RestoreFailedError`` (carrying the whole outcome) when an instance failed
                or timed out, instead of returning the outcome.
            timeout: Overall seconds to wait.
            delay: The first pause between polling rounds (doubling up to ``max_delay``, with jitter).
            max_delay: The longest pause between polling rounds.
            clock: Where time comes from (real time by default; a manual clock in tests).
            progress: Called after each polling round with every instance's status and elapsed time.
            instance_quota: The account's Instances quota for the Region.
            rng: The random source of the jitter.

        Returns:
            One outcome per instance, the plan, the operations, the request id and the number of API calls.

        Raises:
            RequestValidationError: A rule is broken (``PlanRefusedError`` for findings of the plan); nothing sent.
            LightsailError: AWS refused the create call, or a look-up failed.
            RestoreFailedError: With ``raise_on_failure``, when an instance failed or timed out.
        """
        return run_restore(
            self,
            self._request(request, {}),
            wait=wait,
            check=check,
            raise_on_failure=raise_on_failure,
            timeout=timeout,
            delay=delay,
            max_delay=max_delay,
            clock=clock,
            progress=progress,
            instance_quota=instance_quota,
            rng=rng,
        )

    def wait(
        self,
        names: Iterable[str] = (),
        *,
        operation_ids: Iterable[str] = (),
        timeout: float = 900.0,
        delay: float = 2.0,
        max_delay: float = 20.0,
        clock: Clock | None = None,
        progress: Callable[[Sequence[InstanceProgress]], None] | None = None,
    ) -> WaitResult:
        """Wait for instances an earlier call created, by name or by the ids of its operations.

        Raises:
            LightsailError: A look-up failed with an error retrying will not fix (an unknown operation id).
        """
        operations: list[Operation] = []
        for operation_id in operation_ids:
            with mapped_client_errors():
                raw = self._lightsail.get_operation(operationId=operation_id)
            operations.append(Operation.from_boto3(raw.get("operation") or {}))
        wanted = [*names, *(op.resource_name for op in operations if op.resource_name)]
        result = wait_for_instances(
            self._lightsail,
            wanted,
            operations=operations,
            timeout=timeout,
            delay=delay,
            max_delay=max_delay,
            clock=clock,
            progress=progress,
        )
        return dataclasses.replace(result, api_calls=result.api_calls + len(operations))
