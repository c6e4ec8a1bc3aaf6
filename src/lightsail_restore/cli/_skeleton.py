"""``--generate-cli-skeleton``: a request to fill in, exactly as the AWS CLI prints it for the operation.

It walks the service model's input shape (the one the AWS CLI uses) as botocore's ``ArgumentGenerator`` does,
so the skeleton has every member in the model's order, ``""`` for strings, one element in each list; it is the
input of ``--cli-input-json``. The JSON Schema stays under ``schema``.
"""

from __future__ import annotations

import json
from typing import Any

from ._errors import Problem, Refusal

__all__ = ["skeleton", "skeleton_text"]


def _fill(shape: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return {name: _fill(member) for name, member in shape.members.items()}
    if kind == "list":
        return [_fill(shape.member)]
    if kind == "map":
        return {"KeyName": _fill(shape.value)}
    if kind == "string":
        return shape.enum[0] if shape.enum else ""
    if kind == "boolean":
        return True
    return 0


def skeleton(operation: str = "CreateInstancesFromSnapshot") -> dict[str, Any]:
    """The fill-in input of ``operation``, from botocore's Lightsail model (nothing is sent).

    As the AWS CLI's (botocore's ``ArgumentGenerator``): every member in the model's order, ``""`` for a string,
    one element per list, ``KeyName`` for a map's key, ``true`` for a boolean; an enum gets its first value
    (the AWS CLI picks one at random).
    """
    from .._quiet import service_data

    model = service_data().get_service_model("lightsail")
    shape = model.operation_model(operation).input_shape
    data: dict[str, Any] = _fill(shape) if shape is not None else {}
    return data


def skeleton_text(kind: str) -> str:
    """The skeleton as ``--generate-cli-skeleton input`` (JSON) or ``yaml-input`` (YAML) prints it.

    Raises:
        Refusal: ``output`` (a sample of AWS's answer: this command prints its own documents instead), or YAML
            without PyYAML.
    """
    if kind == "output":
        problem = "output is not offered: this command prints its own documents (see docs/cli.md, Output)"
        raise Refusal([Problem(problem, "usage", "--generate-cli-skeleton")], "flags")
    data = skeleton()
    if kind == "yaml-input":
        try:
            import yaml
        except ImportError:
            problem = "yaml-input needs PyYAML: pip install 'lightsail-restore[yaml]'"
            raise Refusal([Problem(problem, "yaml_missing", "--generate-cli-skeleton")], "flags") from None
        text: str = yaml.safe_dump(data, sort_keys=False, default_flow_style=False)
        return text.rstrip("\n")
    return json.dumps(data, indent=4)
