# mypy: ignore-errors
# (the project's mypy run skips this case; tests/typing/test_mypy_cases.py blanks line 1 and checks it)
"""The thin layer's answers are boto3-stubs' TypedDicts: a misspelt AWS key is a mypy error, not a silent ``None``.

``item["key"]`` with a misspelt key is an error; ``item.get("key")`` with one is not (PEP 589 allows any str),
but its value is ``object``, so any typed use of it is (the truth-test-only gap is pinned in case_known_gaps.py).
"""

from __future__ import annotations

import boto3

from lightsail_restore._api import LightsailApi
from lightsail_restore.restore._account import Account

api = LightsailApi(boto3.client("lightsail", region_name="us-east-2"))
account = Account(api)

static_ip = api.get_static_ip("web-ip").get("staticIp") or {}
attached: bool | None = static_ip.get("isAttached")
holder: str = static_ip["attachedTo"]
misspelt: bool | None = static_ip.get("isAtached")  # E: assignment
misspelt_holder = static_ip["atachedTo"]  # E: typeddict-item
for listed in api.get_static_ips():
    print(listed["isAttached"], listed["attached"])  # E: typeddict-item
instance = account.instances()["web-1"]
state: str | None = (instance.get("state") or {}).get("name")
ports = (instance.get("networking") or {})["port"]  # E: typeddict-item
for op in api.get_operations():
    resource: str | None = op.get("resourceName")
    kind: str | None = op.get("operationTyp")  # E: assignment
snapshot = api.get_instance_snapshot("web-1-snap").get("instanceSnapshot") or {}
size: int | None = snapshot.get("sizeInGb")
misspelt_size: int | None = snapshot.get("sizeInGB")  # E: assignment
bundle = account.bundle("micro_3_0") or {}
ram: float = bundle.get("ramSizeInGb") or 0.0
wrong_argument = api.get_instance(instanceName="web-1")  # E: call-arg
no_dispatch = api.call("get_instance", instanceName="web-1")  # E: attr-defined
