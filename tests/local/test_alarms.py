"""PutAlarm, GetAlarms and GetContactMethods as the model and AWS's CloudFormation handler describe them (E80-E83)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .conftest import client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

    from lightsail_restore.local import LocalLightsail

CPU: dict[str, Any] = {
    "alarmName": "web-1-cpu",
    "metricName": "CPUUtilization",
    "monitoredResourceName": "web-1",
    "comparisonOperator": "GreaterThanOrEqualToThreshold",
    "threshold": 90.0,
    "evaluationPeriods": 3,
}


def _alarm(client: LightsailClient, name: str) -> dict[str, Any]:
    return dict(client.get_alarms(alarmName=name)["alarms"][0])


def test_put_creates_in_insufficient_data_and_answers_one_alarm_operation(client: LightsailClient) -> None:
    [op] = client.put_alarm(**CPU)["operations"]
    assert (op["resourceName"], op["resourceType"], op["operationType"]) == ("web-1-cpu", "Alarm", "PutAlarm")
    alarm = _alarm(client, "web-1-cpu")
    assert alarm["state"] == "INSUFFICIENT_DATA" and alarm["monitoredResourceInfo"]["name"] == "web-1"
    assert (alarm["treatMissingData"], alarm["notificationTriggers"], alarm["notificationEnabled"]) == (
        "missing",
        ["ALARM"],
        True,
    )


def test_put_of_an_existing_name_overwrites_its_settings_and_keeps_its_identity(client: LightsailClient) -> None:
    client.put_alarm(**CPU)
    before = _alarm(client, "web-1-cpu")
    client.put_alarm(**{**CPU, "threshold": 50.0, "contactProtocols": ["SMS"]})
    after = _alarm(client, "web-1-cpu")
    assert (after["threshold"], after["contactProtocols"]) == (50.0, ["SMS"])
    assert (after["arn"], after["createdAt"], after["state"]) == (before["arn"], before["createdAt"], before["state"])
    assert [a["name"] for a in client.get_alarms()["alarms"]] == ["web-1-cpu"]


def test_refusals(client: LightsailClient) -> None:
    missing = client_error(client.get_alarms, alarmName="ghost")
    assert missing["Error"]["Code"] == "NotFoundException"
    assert client_error(client.put_alarm, **{**CPU, "monitoredResourceName": "ghost"})["Error"]["Code"] == (
        "NotFoundException"
    )
    not_an_instance_s = client_error(client.put_alarm, **{**CPU, "metricName": "HealthyHostCount"})
    assert not_an_instance_s["Error"]["Code"] == "InvalidInputException"
    for name in ("a-1", "a-2"):
        client.put_alarm(**{**CPU, "alarmName": name})
    third = client_error(client.put_alarm, **CPU)  # two alarms a metric (E81)
    assert "up to 2 alarms per metric" in third["Error"]["Message"]


def test_listing_pages_newest_first_and_filters_by_resource(client: LightsailClient, backend: LocalLightsail) -> None:
    for name in ("a-1", "a-2"):
        client.put_alarm(**{**CPU, "alarmName": name})
    client.put_alarm(**{**CPU, "alarmName": "b-1", "metricName": "NetworkIn"})
    backend.page_size = 2
    first = client.get_alarms()
    rest = client.get_alarms(pageToken=first["nextPageToken"])
    assert [a["name"] for a in first["alarms"] + rest["alarms"]] == ["b-1", "a-2", "a-1"]
    assert not rest.get("nextPageToken")
    assert client.get_alarms(monitoredResourceName="web-2")["alarms"] == []
    assert client.get_contact_methods()["contactMethods"] == []
