"""docs/validation.md's sections on ports, static IPs and snapshot copies list exactly the rules the code checks.

The cross-field tables are generated from the ``Rule`` tuples; the member tables must name every member rule id of
the strategies, the messages of our own member rules must be the code's, and every source key must be explained.
Regenerate the tables with ``python tests/docs/test_validation_more_requests.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore import CopySnapshotRequest, PutInstancePublicPortsRequest, RequestValidationError
from lightsail_restore.request._copy import COPY_SNAPSHOT_RULES
from lightsail_restore.request._ports import PORT_INFO_RULES, PUT_INSTANCE_PUBLIC_PORTS_RULES
from lightsail_restore.request._rules import Rule
from lightsail_restore.testing._copy import COPY_FIELD_RULES
from lightsail_restore.testing._ports import PORTS_FIELD_RULES
from lightsail_restore.testing._static_ip import STATIC_IP_FIELD_RULES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "validation.md"
RULE_TABLES: dict[str, Sequence[Rule[Any]]] = {
    "ports-rules-table": (*PORT_INFO_RULES, *PUT_INSTANCE_PUBLIC_PORTS_RULES),
    "copy-rules-table": COPY_SNAPSHOT_RULES,
}
FIELD_TABLES = {
    "ports-field-rules": PORTS_FIELD_RULES,
    "static-ip-field-rules": STATIC_IP_FIELD_RULES,
    "copy-field-rules": COPY_FIELD_RULES,
}


def render(checks: Sequence[Rule[Any]]) -> str:
    rows = ["| Rule id | Rule | Source |", "|---|---|---|"]
    rows += [f"| `{check.rule}` | {check.summary} | {check.source} |" for check in checks]
    return "\n".join(rows)


def between(marker: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    assert text.count(start) == 1 and text.count(end) == 1, f"{start} ... {end} must appear once"
    return text.split(start, 1)[1].split(end, 1)[0].strip()


def rows(marker: str) -> dict[str, list[str]]:
    """The table's rows by rule id: the cells after the id."""
    out: dict[str, list[str]] = {}
    for line in between(marker).splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        out[cells[0].strip("`")] = cells[1:]
    return out


@pytest.mark.parametrize("marker", list(RULE_TABLES))
def test_rules_table_is_generated_from_the_checks(marker: str) -> None:
    assert between(marker) == render(RULE_TABLES[marker])


@pytest.mark.parametrize("marker", list(FIELD_TABLES))
def test_field_table_lists_every_member_rule_once(marker: str) -> None:
    table = rows(marker)
    assert sorted(table) == sorted(FIELD_TABLES[marker])
    assert len(between(marker).splitlines()) == len(table) + 2


def _message(model: Any, params: dict[str, Any]) -> str:
    with pytest.raises(RequestValidationError) as caught:
        model.from_boto3(params)
    [issue] = caught.value.issues
    return issue.message


SSH = {"fromPort": 22, "toPort": 22, "protocol": "tcp"}
COPY = {"sourceSnapshotName": "web-1-snap", "targetSnapshotName": "copy-1", "sourceRegion": "us-east-2"}
OWN_MESSAGES = [
    ("ports-field-rules", "port", PutInstancePublicPortsRequest, {**SSH, "toPort": 70000}),
    ("ports-field-rules", "ipv4_cidr", PutInstancePublicPortsRequest, {**SSH, "cidrs": ["::/0"]}),
    ("ports-field-rules", "ipv6_cidr", PutInstancePublicPortsRequest, {**SSH, "ipv6Cidrs": ["0.0.0.0/0"]}),
    ("copy-field-rules", "lightsail_region", CopySnapshotRequest, {**COPY, "sourceRegion": "us-west-1"}),
]


@pytest.mark.parametrize(("marker", "rule", "model", "params"), OWN_MESSAGES, ids=[m[1] for m in OWN_MESSAGES])
def test_own_member_rule_messages_are_the_codes(marker: str, rule: str, model: Any, params: dict[str, Any]) -> None:
    if model is PutInstancePublicPortsRequest:
        params = {"instanceName": "web-2", "portInfos": [params]}
    assert _message(model, params) in rows(marker)[rule][1]


def test_every_source_key_is_explained() -> None:
    text = PAGE.read_text(encoding="utf-8")
    sources_table = text.split("## Sources of the rules above", 1)[1]
    key_cells = re.findall(r"^\| ([^|]+?) \|", sources_table, flags=re.MULTILINE)
    explained = {key.strip() for cell in key_cells for key in cell.split(",")} - {"Key", "---"}
    used: set[str] = set()
    for marker in (*RULE_TABLES, *FIELD_TABLES):
        for cells in rows(marker).values():
            used |= {key.split(";")[0].strip() for key in cells[-1].split(",")}
    used = {key for key in used if not key.startswith("tightening")}
    assert used <= explained, used - explained


if __name__ == "__main__":
    for marker, checks in RULE_TABLES.items():
        print(f"<!-- {marker}:start -->\n{render(checks)}\n<!-- {marker}:end -->\n")
