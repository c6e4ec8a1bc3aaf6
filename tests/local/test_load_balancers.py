"""Load balancers as the model and the AWS CLI examples show them (E85-E88): create, list, read, attach."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .conftest import client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

    from lightsail_restore.local import LocalLightsail, ManualClock


def _summary(client: LightsailClient, name: str = "web-lb") -> list[dict[str, Any]]:
    return [dict(h) for h in client.get_load_balancer(loadBalancerName=name)["loadBalancer"]["instanceHealthSummary"]]


def test_create_answers_one_operation_and_the_load_balancer_is_region_wide_and_empty(client: LightsailClient) -> None:
    [op] = client.create_load_balancer(loadBalancerName="web-lb", instancePort=8080)["operations"]
    assert (op["resourceName"], op["resourceType"], op["operationType"]) == (
        "web-lb",
        "LoadBalancer",
        "CreateLoadBalancer",
    )
    balancer = client.get_load_balancer(loadBalancerName="web-lb")["loadBalancer"]
    assert balancer["location"] == {"availabilityZone": "all", "regionName": "us-east-2"}
    assert (balancer["resourceType"], balancer["instancePort"], balancer["instanceHealthSummary"]) == (
        "LoadBalancer",
        8080,
        [],
    )


def test_attach_answers_two_operations_an_instance_and_lists_it_initial_then_healthy(
    client: LightsailClient, backend: LocalLightsail, clock: ManualClock
) -> None:
    client.create_load_balancer(loadBalancerName="web-lb", instancePort=80)
    ops = client.attach_instances_to_load_balancer(loadBalancerName="web-lb", instanceNames=["web-1"])["operations"]
    assert [(o["resourceName"], o["resourceType"], o["operationDetails"], o["status"]) for o in ops] == [
        ("web-lb", "LoadBalancer", "web-1", "Started"),
        ("web-1", "Instance", "web-lb", "Started"),
    ]
    assert {o["operationType"] for o in ops} == {"AttachInstancesToLoadBalancer"}
    assert _summary(client) == [
        {"instanceName": "web-1", "instanceHealth": "initial", "instanceHealthReason": "Lb.RegistrationInProgress"}
    ]
    clock.advance(backend.timings.operation_seconds)
    assert _summary(client) == [{"instanceName": "web-1", "instanceHealth": "healthy"}]
    assert client.get_operation(operationId=ops[1]["id"])["operation"]["status"] == "Succeeded"
    again = client.attach_instances_to_load_balancer(loadBalancerName="web-lb", instanceNames=["web-1"])
    assert len(again["operations"]) == 2 and _summary(client) == [
        {"instanceName": "web-1", "instanceHealth": "healthy"}
    ]


def test_refusals(client: LightsailClient) -> None:
    assert client_error(client.get_load_balancer, loadBalancerName="ghost")["Error"]["Code"] == "NotFoundException"
    ghost = client_error(client.attach_instances_to_load_balancer, loadBalancerName="ghost", instanceNames=["web-1"])
    assert ghost["Error"]["Code"] == "NotFoundException"
    client.create_load_balancer(loadBalancerName="web-lb", instancePort=80)
    taken = client_error(client.create_load_balancer, loadBalancerName="web-lb", instancePort=80)
    assert taken["Error"]["Code"] == "InvalidInputException"
    no_one = client_error(client.attach_instances_to_load_balancer, loadBalancerName="web-lb", instanceNames=["nobody"])
    assert no_one["Error"]["Code"] == "NotFoundException"
    dotted = client_error(client.create_load_balancer, loadBalancerName="web.lb", instancePort=80)
    assert dotted["Error"]["Code"] == "InvalidInputException"
    for n in range(9):
        client.create_load_balancer(loadBalancerName=f"lb-{n}", instancePort=80)
    eleventh = client_error(client.create_load_balancer, loadBalancerName="lb-10", instancePort=80)
    assert "maximum number of load balancers (10)" in eleventh["Error"]["Message"]


def test_a_pending_instance_is_refused_and_a_deleted_one_leaves(
    client: LightsailClient, backend: LocalLightsail, clock: ManualClock
) -> None:
    client.create_load_balancer(loadBalancerName="web-lb", instancePort=80)
    client.create_instances_from_snapshot(
        instanceNames=["web-2"], availabilityZone="us-east-2a", bundleId="micro_3_0", instanceSnapshotName="web-1-snap"
    )
    pending = client_error(client.attach_instances_to_load_balancer, loadBalancerName="web-lb", instanceNames=["web-2"])
    assert pending["Error"]["Code"] == "InvalidInputException" and "must be running" in pending["Error"]["Message"]
    clock.advance(backend.timings.boot_seconds + backend.timings.operation_seconds)
    client.attach_instances_to_load_balancer(loadBalancerName="web-lb", instanceNames=["web-1", "web-2"])
    client.delete_instance(instanceName="web-1")
    assert [h["instanceName"] for h in _summary(client)] == ["web-2"]


def test_listing_pages_newest_first(client: LightsailClient, backend: LocalLightsail, clock: ManualClock) -> None:
    for name in ("a-lb", "b-lb", "c-lb"):
        client.create_load_balancer(loadBalancerName=name, instancePort=80)
        clock.advance(1)
    backend.page_size = 2
    first = client.get_load_balancers()
    rest = client.get_load_balancers(pageToken=first["nextPageToken"])
    assert [b["name"] for b in first["loadBalancers"] + rest["loadBalancers"]] == ["c-lb", "b-lb", "a-lb"]
    assert not rest.get("nextPageToken")
