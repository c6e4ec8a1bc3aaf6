"""Every exception the library raises survives ``pickle`` and ``copy``: the same class, message and attributes.

A process pool, a task queue or a test runner's worker sends exceptions across as pickles; ``copy.copy`` is how
``logging`` and others keep one. An exception whose ``__init__`` takes keywords (``LightsailError``) or objects
(``PlanRefusedError``) did not rebuild from its ``args``. The userData of a plan's or an outcome's request is a
secret: it is not in the pickle at all, nor in any ``repr`` or ``str`` of what comes back.
"""

from __future__ import annotations

import copy
import functools
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from lightsail_restore import (
    LightsailRestoreClient,
    PlanRefusedError,
    RequestValidationError,
    RestoreFailedError,
)
from lightsail_restore._response import Operation
from lightsail_restore.errors import (
    Issue,
    LightsailError,
    LightsailRestoreError,
    ResponseShapeError,
    ServiceException,
    SourceRegionUnreachableError,
    TransportError,
)
from lightsail_restore.local import LocalLightsail
from lightsail_restore.restore._operations import OperationError
from lightsail_restore.restore._steps.ready import ReadinessError

from .test_exception_tree import defined_exceptions

SECRET = "#!/bin/sh\necho pickled-secret-4711\n"
_AWS: tuple[type[LightsailError], ...] = tuple(c for c in defined_exceptions() if issubclass(c, LightsailError))


def _aws(cls: type[LightsailError]) -> LightsailError:
    return cls(
        "Some names are already in use: web-2",
        error_code=cls.__name__ if cls is not LightsailError else "ThrottlingException",
        code="NameExists",
        tip="choose another name",
        docs="https://docs.aws.amazon.com/",
        request_id="1f2e3d",
        http_status=400,
    )


def _request(bundle: str) -> dict[str, Any]:
    return {
        "instanceNames": ["web-2"],
        "availabilityZone": "us-east-2a",
        "bundleId": bundle,
        "instanceSnapshotName": "web-1-snap",
        "userData": SECRET,
    }


def _plan_refused() -> PlanRefusedError:
    client = LightsailRestoreClient(LocalLightsail.demo().client())
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(_request("nano_3_0"))  # smaller than the source's micro_3_0
    return refused.value


def _restore_failed() -> RestoreFailedError:
    backend = LocalLightsail.demo()
    backend.fail_operation("web-2", error_code="InternalError", error_details="Injected failure")
    client = LightsailRestoreClient(backend.client())
    from lightsail_restore.local import ManualClock

    clock = ManualClock(backend.clock.now())
    backend.clock = clock
    with pytest.raises(RestoreFailedError) as failed:
        client.restore(_request("micro_3_0"), clock=clock, raise_on_failure=True, timeout=60)
    return failed.value


MADE: dict[str, Callable[[], LightsailRestoreError]] = {
    **{cls.__name__: functools.partial(_aws, cls) for cls in _AWS},
    "RequestValidationError": lambda: RequestValidationError(
        [Issue("bundleId", "X6_bundle_too_small", "must be micro_3_0 or larger", ("bundleId",))], omitted=3
    ),
    "PlanRefusedError": _plan_refused,
    "ResponseShapeError": lambda: ResponseShapeError("AWS answered in a shape botocore cannot read (KeyError)"),
    "TransportError": lambda: TransportError("no answer from AWS Lightsail: read timeout"),
    "SourceRegionUnreachableError": lambda: SourceRegionUnreachableError(
        "us-east-2 did not answer", region="us-east-2", cause=_aws(ServiceException)
    ),
    "OperationError": lambda: OperationError(
        Operation(id="op-1", resource_name="web-2", operation_type="AttachStaticIp", status="Failed", error_code="X"),
        "failed",
    ),
    "ReadinessError": lambda: ReadinessError("web-2", "tcp:443", 3, "connection refused"),
    "RestoreFailedError": _restore_failed,
}


def test_every_exception_of_the_library_is_made_here() -> None:
    public = {c.__name__ for c in defined_exceptions() if issubclass(c, LightsailRestoreError)}
    assert public == set(MADE) | {"LightsailRestoreError"}


def _attributes(error: BaseException) -> dict[str, Any]:
    """Its attributes (an exception among them by its repr: exceptions compare by identity)."""
    shown = {k: v for k, v in vars(error).items() if k not in ("plan", "outcome")}
    return {k: repr(v) if isinstance(v, BaseException) else v for k, v in shown.items()}


@pytest.mark.parametrize("name", sorted(MADE))
@pytest.mark.parametrize("how", ["pickle", "copy", "deepcopy"])
def test_an_exception_comes_back_whole(name: str, how: str) -> None:
    error = MADE[name]()
    back: BaseException
    if how == "pickle":
        data = pickle.dumps(error)
        assert b"pickled-secret-4711" not in data
        back = pickle.loads(data)  # noqa: S301 - our own pickle
    else:
        back = copy.copy(error) if how == "copy" else copy.deepcopy(error)
    assert type(back) is type(error)
    assert (str(back), repr(back), back.args) == (str(error), repr(error), error.args)
    assert _attributes(back) == _attributes(error)
    if isinstance(error, LightsailError):
        assert isinstance(back, LightsailError)
        assert (back.error_code, back.message, back.request_id, back.is_retryable) == (
            error.error_code,
            error.message,
            error.request_id,
            error.is_retryable,
        )
    if isinstance(error, RequestValidationError):
        assert isinstance(back, RequestValidationError)
        assert (back.issues, back.omitted, back.rules) == (error.issues, error.omitted, error.rules)
    if isinstance(error, PlanRefusedError):
        assert isinstance(back, PlanRefusedError)
        assert back.plan.findings == error.plan.findings and back.plan.source == error.plan.source
    if isinstance(error, RestoreFailedError):
        assert isinstance(back, RestoreFailedError)
        assert back.outcome.failed == error.outcome.failed
    for text in (str(back), repr(back), repr(vars(back))):
        assert "pickled-secret-4711" not in text
