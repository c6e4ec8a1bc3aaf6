"""The writes this library makes, in one table.

The thin layer's write guard reads it (``_api``), and so does the command's list of what an interrupted run wrote
(``cli/_interrupts.py``), which must not import boto3 to start.
"""

from typing import Final

__all__ = ["WRITES"]

WRITES: Final = {
    "create_instances_from_snapshot": "CreateInstancesFromSnapshot",
    "copy_snapshot": "CopySnapshot",
    "put_instance_public_ports": "PutInstancePublicPorts",
    "attach_static_ip": "AttachStaticIp",
    "detach_static_ip": "DetachStaticIp",
    "delete_instance": "DeleteInstance",
    "delete_disk": "DeleteDisk",
    "delete_instance_snapshot": "DeleteInstanceSnapshot",
    "create_instance_snapshot": "CreateInstanceSnapshot",
    "put_alarm": "PutAlarm",
}
"""The writes this library makes (boto3 method: operation), each sent at most once by botocore."""
