"""docs/validation.md lists exactly the rules the code checks: the cross-field table is generated from RULES.

Regenerate the table with ``python tests/docs/test_validation_table.py`` and paste it between the markers.
"""

from __future__ import annotations

import re
from pathlib import Path

from lightsail_restore.request._rules import RULES
from lightsail_restore.testing.strategies import FIELD_RULES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "validation.md"
START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"
FIELD_START, FIELD_END = "<!-- field-rules:start -->", "<!-- field-rules:end -->"


def render_rules_table() -> str:
    """The cross-field rules table, one row per rule id, in the order the rules are checked."""
    rows = ["| Catalogue | Rule id | Rule |", "|---|---|---|"]
    rows += [f"| {rule.source} | `{rule.rule}` | {rule.summary} |" for rule in RULES]
    return "\n".join(rows)


def _between(text: str, start: str, end: str) -> str:
    assert text.count(start) == 1 and text.count(end) == 1, f"{start} ... {end} must appear once"
    return text.split(start, 1)[1].split(end, 1)[0].strip()


def _ids_in(table: str) -> list[str]:
    return re.findall(r"^\|[^|]*\| `([^`]+)` \|", table, flags=re.MULTILINE)


def test_rules_table_is_generated_from_rules() -> None:
    table = _between(PAGE.read_text(encoding="utf-8"), START, END)
    assert _ids_in(table) == [rule.rule for rule in RULES]
    assert table == render_rules_table()


def test_field_rules_table_lists_every_member_rule() -> None:
    table = _between(PAGE.read_text(encoding="utf-8"), FIELD_START, FIELD_END)
    ids = re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE)
    assert sorted(ids) == sorted(FIELD_RULES)
    assert len(ids) == len(set(ids))


if __name__ == "__main__":
    print(render_rules_table())
