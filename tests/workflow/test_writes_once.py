"""Writes at most once: botocore never re-sends a write the library makes, whatever client it was given.

Each write (CreateInstancesFromSnapshot, CopySnapshot, PutInstancePublicPorts, DetachStaticIp, AttachStaticIp) is
applied by the service and then its answer is lost: a 500 (a ``before-send`` handler registered ahead of the
backend answers it, while the backend applies the request), or a connection dropped after applying it (the
backend's ``lose_answer``). The clients are those the project builds (botocore's standard retries) and clients of
every retry mode with more attempts: the service receives the write exactly once, and the step says the answer was
lost (the library's own second look found it applied). Reads, and the user's own writes, keep botocore's retries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

import boto3
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HTTPHeaders
from botocore.config import Config

from lightsail_restore import LightsailRestoreClient
from lightsail_restore._api import LightsailApi
from lightsail_restore.errors import LightsailError
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import REGION, WEST, manual, refuse_the_move

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

MOVE: Final[dict[str, Any]] = {"copy_ports": True, "static_ip": "web-ip", "move_static_ip": True}
CUT_OVER_WRITES: Final = ("PutInstancePublicPorts", "DetachStaticIp", "AttachStaticIp")
MODES: Final = ("standard", "legacy", "adaptive")


class _Raw:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


def answer_500_once(operation: str) -> Callable[..., AWSResponse | None]:
    """A ``before-send`` handler: the first ``operation`` is answered 500 (the backend, called after it, applies it)."""
    left = [1]

    def handler(request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
        if left[0] == 0:
            return None
        left[0] -= 1
        body = json.dumps({"__type": "ServiceException", "message": "Internal failure"}).encode()
        headers = HTTPHeaders()
        headers["Content-Type"] = "application/x-amz-json-1.1"
        return AWSResponse(str(request.url), 500, headers, _Raw(body))

    return handler


def lose(backend: LocalLightsail, client: LightsailClient, operation: str, how: str) -> None:
    """Lose the answer of the next ``operation`` after the service applied it: ``500``, or ``drop``."""
    if how == "drop":
        backend.lose_answer(operation=operation)
    else:  # more specific than the backend's "before-send.lightsail": called first, and its answer wins
        events: Any = client.meta.events  # its stub types handlers as returning None; this one answers
        events.register_first(f"before-send.lightsail.{operation}", answer_500_once(operation))


def built(backend: LocalLightsail, mode: str, region: str = REGION) -> LightsailClient:
    """A boto3 client of ``mode`` with 5 attempts a call, answered by ``backend`` (as a user may build one)."""
    retries: Any = {"mode": mode, "max_attempts": 5}
    client: LightsailClient = boto3.session.Session().client(
        "lightsail",
        region_name=region,
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries=retries),
    )
    backend.attach(client)
    return client


@pytest.mark.parametrize("how", ["500", "drop"])
@pytest.mark.parametrize("mode", MODES)
def test_a_create_whose_answer_is_lost_is_sent_once(
    mode: str, how: str, backend: LocalLightsail, clock: ManualClock
) -> None:
    boto = backend.client() if mode == "standard" else built(backend, mode)
    lose(backend, boto, "CreateInstancesFromSnapshot", how)
    outcome = LightsailRestoreClient(boto).restore(manual(names=("web-2", "web-3")), clock=clock)
    assert outcome.ok and outcome.answer_lost, outcome.steps
    assert backend.calls("CreateInstancesFromSnapshot") == 1
    assert "the answer was lost" in outcome.steps[1].detail


@pytest.mark.parametrize("how", ["500", "drop"])
@pytest.mark.parametrize("operation", CUT_OVER_WRITES)
def test_a_cut_over_write_whose_answer_is_lost_is_sent_once(
    operation: str, how: str, backend: LocalLightsail, clock: ManualClock
) -> None:
    boto = backend.client()  # the project's own: standard retries
    if operation == "DetachStaticIp":
        refuse_the_move(backend)  # a detach is sent only when the service refuses the move in one attach
    lose(backend, boto, operation, how)
    outcome = LightsailRestoreClient(boto).restore(manual(), clock=clock, **MOVE)
    assert outcome.ok, outcome.steps
    assert backend.calls(operation) == 1
    step = next(
        s for s in outcome.steps if s.name == ("ports" if operation == "PutInstancePublicPorts" else "static-ip")
    )
    assert "the answer was lost" in step.detail
    assert boto.get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-2"


@pytest.mark.parametrize("how", ["500", "drop"])
@pytest.mark.parametrize("mode", MODES)
def test_a_copy_whose_answer_is_lost_is_sent_once(
    mode: str, how: str, backend: LocalLightsail, clock: ManualClock
) -> None:
    west = backend.client(WEST) if mode == "standard" else built(backend, mode, WEST)
    lose(backend, west, "CopySnapshot", how)
    client = LightsailRestoreClient(west, region_client={REGION: backend.client()}.__getitem__)
    outcome = client.restore(manual(zone="us-west-2a"), source_region=REGION, clock=clock)
    assert outcome.ok and outcome.copy is not None and outcome.copy.answer_lost, outcome.steps
    assert backend.calls("CopySnapshot") == 1
    assert "the answer was lost" in outcome.steps[1].detail


def test_the_guard_is_set_once_per_client_and_on_every_client(backend: LocalLightsail, clock: ManualClock) -> None:
    """The guard is registered the first time a client is used (not on each call: botocore inspects every handler it
    registers, which cost a call a third of its time), and still on each new client of the same session."""
    session = boto3.session.Session()
    first, second = (built(backend, "standard") for _ in range(2))
    for _ in range(3):
        LightsailApi(first)  # the façade makes one per call
    fresh: LightsailClient = session.client(
        "lightsail", region_name=REGION, aws_access_key_id="local", aws_secret_access_key="local"
    )
    backend.attach(fresh)
    for client, names in ((first, ("web-2",)), (second, ("web-3",)), (fresh, ("web-4",))):
        lose(backend, client, "CreateInstancesFromSnapshot", "500")
        outcome = LightsailRestoreClient(client).restore(manual(names=names), clock=clock)
        assert outcome.ok and outcome.answer_lost, outcome.steps
    assert backend.calls("CreateInstancesFromSnapshot") == 3  # each once


def test_reads_and_the_users_own_writes_keep_botocores_retries(backend: LocalLightsail) -> None:
    boto = backend.client()
    api = LightsailApi(boto)  # registers the library's guard on the client
    backend.gateway_error(503, operation="GetInstances")
    assert api.get_instances()
    assert backend.calls("GetInstances") == 2  # botocore's retry
    backend.gateway_error(503, operation="PutInstancePublicPorts")
    boto.put_instance_public_ports(instanceName="web-1", portInfos=[{"fromPort": 22, "toPort": 22, "protocol": "tcp"}])
    assert backend.calls("PutInstancePublicPorts") == 2  # not the library's write: botocore's business


def test_a_write_refused_by_throttling_is_still_retried_by_botocore(
    backend: LocalLightsail, clock: ManualClock
) -> None:
    """A throttled write was refused, not applied: botocore's retry cannot apply it twice."""
    boto = backend.client()
    backend.throttle(operation="CreateInstancesFromSnapshot")
    outcome = LightsailRestoreClient(boto).restore(manual(), clock=clock)
    assert outcome.ok and not outcome.answer_lost
    assert backend.calls("CreateInstancesFromSnapshot") == 2


@pytest.mark.parametrize("mode", MODES)
def test_any_write_sent_through_write_is_sent_once_and_its_reads_keep_their_retries(
    mode: str, backend: LocalLightsail
) -> None:
    """The guard covers every operation sent through ``write`` (one no module of the library names here); the same
    operation sent by the user through the same client, and a read through ``read``, keep botocore's retries."""
    boto = backend.client() if mode == "standard" else built(backend, mode)
    api = LightsailApi(boto)
    port: Any = {"fromPort": 8080, "toPort": 8080, "protocol": "tcp"}
    lose(backend, boto, "OpenInstancePublicPorts", "500")
    with pytest.raises(LightsailError, match="Internal failure"):
        api.write(boto.open_instance_public_ports, instanceName="web-1", portInfo=port)
    assert backend.calls("OpenInstancePublicPorts") == 1  # applied, answer lost: not sent again
    [operation] = api.write(boto.open_instance_public_ports, instanceName="web-1", portInfo=port)
    assert (operation.resource_name, str(operation.operation_type)) == ("web-1", "OpenInstancePublicPorts")
    backend.gateway_error(503, operation="OpenInstancePublicPorts")
    boto.open_instance_public_ports(instanceName="web-1", portInfo=port)
    assert backend.calls("OpenInstancePublicPorts") == 4  # the user's own: botocore retried it
    backend.gateway_error(503, operation="GetInstanceState")
    assert api.read(boto.get_instance_state, instanceName="web-1")["state"]["name"] == "running"
    assert backend.calls("GetInstanceState") == 2
    assert api.calls == 3


def test_write_takes_only_a_method_of_its_own_client(backend: LocalLightsail) -> None:
    """A write is named by botocore's own name for the client's method: a lambda, or another client's method, is
    refused before anything is sent (the guard could not know its operation)."""
    boto, other = backend.client(), backend.client()
    api = LightsailApi(boto)
    with pytest.raises(TypeError, match="takes a method of this Lightsail client"):
        api.write(lambda: boto.delete_instance(instanceName="web-1"))
    with pytest.raises(TypeError, match="takes a method of this Lightsail client"):
        api.write(other.delete_instance, instanceName="web-1")
    assert backend.calls("DeleteInstance") == 0 and api.calls == 0
