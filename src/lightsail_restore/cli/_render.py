"""The machine outputs of a document: JSON, the AWS CLI's text format, YAML; and ``--query`` (JMESPath).

JSON is strict (``NaN`` and ``Infinity`` are refused, never printed). The text format is the AWS CLI's: the
scalars of an object on one tab-separated line (keys sorted), nested lists and objects on lines of their own
prefixed by their key in capitals, ``None``/``True`` as Python spells them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

__all__ = [
    "MACHINE_OUTPUTS",
    "compile_query",
    "early_render",
    "render",
    "requested_output",
    "to_json",
    "to_text",
    "to_yaml",
]

MACHINE_OUTPUTS = ("json", "text", "yaml")
"""The output formats that print the document (``table`` prints readable lines)."""


def compile_query(expression: str) -> Any:
    """The compiled JMESPath expression.

    Raises:
        ValueError: It is not valid JMESPath (the message says why).
    """
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.compile(expression)
    except JMESPathError as exc:
        raise ValueError(str(exc).replace("\n", " ")) from None


def to_json(data: Any) -> str:
    """Strict, indented JSON."""
    return json.dumps(data, indent=2, allow_nan=False, ensure_ascii=False, default=str)


def to_yaml(data: Any) -> str:
    """Block-style YAML (needs PyYAML, the ``yaml`` extra)."""
    import yaml

    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return text.rstrip("\n")


def _scalar(value: Any) -> str:
    return str(value)


def _text(item: Any, out: list[str], identifier: str | None = None, keys: list[str] | None = None) -> None:
    if isinstance(item, dict):
        scalar_keys = keys if keys is not None else sorted(k for k, v in item.items() if not isinstance(v, dict | list))
        scalars = [_scalar(item.get(k, "")) for k in scalar_keys]
        nested = sorted((k, v) for k, v in item.items() if k not in scalar_keys and isinstance(v, dict | list))
        if scalars:
            out.append("\t".join(([identifier.upper()] if identifier else []) + scalars))
        for key, value in nested:
            _text(value, out, key)
    elif isinstance(item, list):
        if not item:
            return
        if any(isinstance(v, dict) for v in item):
            common = sorted(
                {k for v in item if isinstance(v, dict) for k, x in v.items() if not isinstance(x, dict | list)}
            )
            for value in item:
                _text(value, out, identifier, common if isinstance(value, dict) else None)
        else:
            scalars = [v for v in item if not isinstance(v, list)]
            if scalars:
                if identifier:
                    out.extend(f"{identifier.upper()}\t{_scalar(v)}" for v in scalars)
                else:
                    out.append("\t".join(_scalar(v) for v in scalars))
            for value in item:
                if isinstance(value, list):
                    _text(value, out, identifier)
    else:
        out.append(_scalar(item))


def to_text(data: Any) -> str:
    """The AWS CLI's ``--output text`` format."""
    out: list[str] = []
    _text(data, out)
    return "\n".join(out)


def _given(argv: Sequence[str], option: str) -> str | None:
    """The value the raw command line gives ``option`` (or an unambiguous prefix of it: ``--out=json``)."""
    value = None
    for index, word in enumerate(argv):
        name, sep, inline = word.partition("=")
        if len(name) >= 4 and option.startswith(name) and name.startswith("--"):
            value = inline if sep else (argv[index + 1] if index + 1 < len(argv) else None)
    return value


def requested_output(argv: Sequence[str]) -> str | None:
    """The machine format the raw command line asks for, before (or without) parsing it; ``None`` for the table.

    ``--output``, else ``AWS_DEFAULT_OUTPUT``. Used when the command line cannot be parsed, or the command is
    interrupted or fails before it is.
    """
    value = _given(argv, "--output") or os.environ.get("AWS_DEFAULT_OUTPUT")
    return value if value in MACHINE_OUTPUTS else None


def early_render(argv: Sequence[str], document: dict[str, Any]) -> str | None:
    """An outcome's document printed before the command line was parsed, as ``--output`` and ``--query`` ask.

    ``None`` when nothing is to be printed (the table output, without ``--query``). A ``--query`` that is not
    JMESPath, or fails on the document, leaves the whole document.
    """
    output, query = requested_output(argv), _given(argv, "--query")
    data: Any = document
    if query is not None:
        from jmespath.exceptions import JMESPathError

        try:
            data = compile_query(query).search(document)
        except (ValueError, JMESPathError):
            data = document
        output = output or "text"
    if output is None:
        return None
    try:
        return render(data, output)
    except ImportError:  # YAML without PyYAML
        return render(data, "json")


def render(data: Any, output: str) -> str:
    """``data`` in ``json``, ``text`` or ``yaml``."""
    if output == "yaml":
        return to_yaml(data)
    if output == "text":
        return to_text(data)
    return to_json(data)
