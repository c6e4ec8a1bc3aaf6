# mypy: ignore-errors
# (the project's mypy run skips this case; tests/typing/test_mypy_cases.py blanks line 1 and checks it)
"""The cut-over and copy requests under mypy: good uses pass, each mistake is caught on its own line."""

from __future__ import annotations

from datetime import date

from lightsail_restore import (
    AttachStaticIpRequest,
    CopySnapshotRequest,
    DetachStaticIpRequest,
    PortInfo,
    PutInstancePublicPortsRequest,
)

ssh = PortInfo(from_port=22, to_port=22, protocol="tcp", cidrs=["203.0.113.7/32"])
ping = PortInfo(from_port=8, to_port=-1, protocol="icmp")
web = {"fromPort": 80, "toPort": 80, "protocol": "tcp"}
ports = PutInstancePublicPortsRequest.for_instance("web-2", [ssh, ping, web])
firewall = PutInstancePublicPortsRequest(instance_name="web-2", port_infos=[ssh])
attach = AttachStaticIpRequest.of("web-ip", "web-2")
detach = DetachStaticIpRequest.of("web-ip")
manual = CopySnapshotRequest.from_manual_snapshot("web-1-snap", source_region="us-east-2", target_snapshot_name="c-1")
auto = CopySnapshotRequest.from_auto_snapshot(
    "web-1", date(2026, 11, 20), source_region="us-east-2", target_snapshot_name="c-2"
)
latest = CopySnapshotRequest.from_latest_auto_snapshot("web-1", source_region="us-east-2", target_snapshot_name="c-3")
warning: str | None = latest.same_region_warning("us-west-2")

bad_protocol = PortInfo(from_port=22, to_port=22, protocol="ssh")  # E: arg-type
text_port = PortInfo(from_port="22", to_port=22, protocol="tcp")  # E: arg-type
a_string_for_a_list = PortInfo(from_port=22, to_port=22, protocol="tcp", cidrs="0.0.0.0/0")  # E: arg-type
bad_alias = PortInfo(from_port=22, to_port=22, protocol="tcp", cidr_list_aliases=["anywhere"])  # E: list-item
one_rule_not_a_list = PutInstancePublicPortsRequest.for_instance("web-2", ssh)  # E: arg-type
manual_with_a_date = CopySnapshotRequest.from_manual_snapshot(  # E: call-arg
    "web-1-snap", source_region="us-east-2", target_snapshot_name="c-4", restore_date="2026-11-20"
)
latest_with_a_date = CopySnapshotRequest.from_latest_auto_snapshot(  # E: call-arg
    "web-1", source_region="us-east-2", target_snapshot_name="c-5", restore_date="2026-11-20"
)
no_target = CopySnapshotRequest.from_auto_snapshot("web-1", "2026-11-20", source_region="us-east-2")  # E: call-arg
detach_from = DetachStaticIpRequest.of("web-ip", "web-1")  # E: call-arg
