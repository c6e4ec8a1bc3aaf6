"""JSON and YAML as the command reads them: a key given twice in one object is refused, never silently the last.

The shorthand syntax already refuses a key given twice; a JSON or YAML input (a flag's value, the whole request,
a ports file) that says two things about one member is refused the same way, since the one kept would be a
guess. What Python's parsers cannot read without a ``RecursionError`` (nesting thousands deep), or YAML whose
values cannot be built (``2026-13-45`` as a date), is ``UnreadableError``. YAML needs PyYAML (the ``yaml`` extra).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["DuplicateKeyError", "UnreadableError", "load_json", "load_yaml"]

NESTED_TOO_DEEPLY = "is nested too deeply (thousands of levels of lists or objects)"


class UnreadableError(ValueError):
    """An input the parser cannot read, for a reason its syntax errors do not cover; the message says why."""


class DuplicateKeyError(ValueError):
    """A key given twice in one object.

    Attributes:
        key: The key.
        line: Its second occurrence's line (1-based), when known (YAML).
    """

    def __init__(self, key: str, line: int | None = None) -> None:
        self.key, self.line = key, line
        where = f" (line {line})" if line is not None else ""
        super().__init__(f"holds the key {key!r} twice in one object{where}; give each key once")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(key)
        found[key] = value
    return found


def load_json(text: str) -> Any:
    """``text`` as JSON.

    Raises:
        json.JSONDecodeError: It is not JSON.
        DuplicateKeyError: An object holds a key twice.
        UnreadableError: It is nested too deeply to be read.
    """
    try:
        return json.loads(text, object_pairs_hook=_unique)
    except RecursionError:
        raise UnreadableError(NESTED_TOO_DEEPLY) from None


def load_yaml(text: str) -> Any:
    """``text`` as YAML (safe: plain data only).

    Raises:
        ImportError: PyYAML is not installed.
        yaml.YAMLError: It is not YAML.
        DuplicateKeyError: A mapping holds a key twice.
        UnreadableError: It is nested too deeply, or a value cannot be built (``2026-13-45``).
    """
    import yaml

    class _Loader(yaml.SafeLoader):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, str) and key in seen:
                    raise DuplicateKeyError(key, key_node.start_mark.line + 1)
                seen.add(key if isinstance(key, str) else id(key_node))
            return super().construct_mapping(node, deep=deep)

    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader
    except RecursionError:
        raise UnreadableError(NESTED_TOO_DEEPLY) from None
    except DuplicateKeyError:
        raise
    except ValueError as exc:
        raise UnreadableError(f"is not valid YAML ({exc})") from None
