"""``--generate-cli-skeleton``: a request to fill in, exactly as the AWS CLI prints it for the operation.

botocore's own ``ArgumentGenerator`` walks the service model's input shape (the one the AWS CLI uses), so the
skeleton has every member in the model's order, ``""`` for strings, the first value of an enum, one element
in each list; it is the input of ``--cli-input-json``. The JSON Schema stays under ``schema``.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import Problem, Refusal

__all__ = ["skeleton", "skeleton_text"]


def skeleton(operation: str = "CreateInstancesFromSnapshot") -> dict[str, Any]:
    """The fill-in input of ``operation`` (from botocore's Lightsail model; nothing is sent)."""
    import botocore.session
    from botocore.utils import ArgumentGenerator

    model = botocore.session.get_session().get_service_model("lightsail")
    shape = model.operation_model(operation).input_shape
    data: dict[str, Any] = ArgumentGenerator().generate_skeleton(shape) if shape is not None else {}
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
