"""Which backend answers, where, and how the output looks: decided once, before anything is sent.

The local backend is used with ``--local``, with ``--local-state`` (which can only mean it), and by ``local``;
it never reads the AWS configuration, and the options that only mean AWS are refused with it. AWS is used
otherwise, with the AWS CLI's resolution: ``--region``, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION`` or the
profile's ``region``; ``--output``, else ``AWS_DEFAULT_OUTPUT``, else the profile's ``output``. The Region is
checked against Lightsail's Regions either way.
"""

from __future__ import annotations

import argparse
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._errors import Problem, Refusal
from ._local import LOCAL_REGION, default_local_state
from ._parser import GLOBAL_AWS_OPTIONS, OUTPUTS

if TYPE_CHECKING:
    import boto3
    from mypy_boto3_lightsail.client import LightsailClient

__all__ = ["Backend", "Context", "lightsail_regions", "resolve"]


@dataclass(frozen=True, slots=True)
class Backend:
    """Who answers: the local backend and its state file, or AWS with a Region and a profile."""

    kind: Literal["local", "aws"]
    region: str
    state_file: Path | None = None
    profile: str | None = None
    endpoint_url: str | None = None

    def describe(self) -> str:
        """``local Lightsail us-east-2 (state file .demo/local.json)`` or ``AWS us-east-2 (profile prod)``."""
        if self.kind == "local":
            return f"local Lightsail {self.region} (state file {self.state_file})"
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"AWS {self.region}{where} (profile {self.profile or 'default'})"

    @property
    def service(self) -> str:
        """Who refuses, in messages: ``local Lightsail`` or ``AWS``."""
        return "local Lightsail" if self.kind == "local" else "AWS"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``kind``, ``region`` and ``stateFile`` or ``profile`` (and ``endpointUrl``)."""
        if self.kind == "local":
            return {"kind": "local", "region": self.region, "stateFile": str(self.state_file)}
        return {"kind": "aws", "region": self.region, "profile": self.profile, "endpointUrl": self.endpoint_url}


@dataclass
class Context:
    """Everything decided before the command runs."""

    args: argparse.Namespace
    backend: Backend
    output: str
    session: boto3.Session | None = None
    notes: list[str] = field(default_factory=list)

    def option(self, name: str, default: Any = None) -> Any:
        """A global option's value, or ``default`` when it was not given."""
        return getattr(self.args, name, default)

    def lightsail(self, region: str | None = None) -> LightsailClient:
        """A boto3 Lightsail client for the backend (the local one answers in-process), in ``region`` if given.

        Another Region than the backend's is a cross-Region restore's source (``--source-region``).
        """
        region = region or self.backend.region
        if self.backend.kind == "local":
            from ._local import open_local

            assert self.backend.state_file is not None  # noqa: S101 - set for every local backend
            return open_local(self.backend.state_file).client(region)
        from botocore.config import Config

        assert self.session is not None  # noqa: S101 - set for every AWS backend
        timeouts = {
            name: (None if value == 0 else value)
            for name in ("read_timeout", "connect_timeout")
            if (value := self.option(name)) is not None
        }
        verify: bool | str | None = self.option("ca_bundle")
        if self.option("verify_ssl") is False:
            verify = False
        return self.session.client(
            "lightsail",
            region_name=region,
            endpoint_url=self.backend.endpoint_url,
            verify=verify,
            config=Config(retries={"mode": "standard"}, **timeouts),
        )


def lightsail_regions() -> list[str]:
    """The Regions where Lightsail has an endpoint, from botocore's data (no network)."""
    from .._quiet import service_data

    session = service_data()
    found = {
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions("lightsail", partition)
    }
    return sorted(found)


def _check_region(region: str, source: str) -> None:
    known = lightsail_regions()
    if region in known:
        return
    guess = [region.strip().lower()] if region.strip().lower() in known else []
    guess = guess or difflib.get_close_matches(region.lower(), known, n=1, cutoff=0.75)
    hint = f"; did you mean {guess[0]}?" if guess else f"; Lightsail's Regions are {', '.join(known)}"
    raise Refusal(
        [Problem(f"{region!r} is not a Region where Lightsail runs{hint}", "region", source)], "configuration"
    )


def _refuse_aws_options(args: argparse.Namespace) -> None:
    given = [option for dest, option in GLOBAL_AWS_OPTIONS.items() if hasattr(args, dest)]
    if given:
        problems = [
            Problem(f"means AWS, and this command uses the local backend (--local); drop {o}", "local_backend", o)
            for o in given
        ]
        raise Refusal(problems, "configuration")


_PROFILE_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")
"""Where botocore finds the profile when ``--profile`` is not given, in its order."""


def _aws_session(args: argparse.Namespace) -> tuple[boto3.Session, dict[str, Any]]:
    import boto3
    import botocore.session
    from botocore.exceptions import ConfigParseError, ProfileNotFound

    profile = getattr(args, "profile", None)
    core = botocore.session.Session(profile=profile)
    try:
        config = dict(core.get_scoped_config())
    except ProfileNotFound:
        where = "--profile" if profile else next((v for v in _PROFILE_VARIABLES if os.environ.get(v)), "--profile")
        problem = (
            f"AWS needs the profile {core.profile!r}, and the AWS configuration files have none of that name; see "
            "`aws configure list-profiles`, or use the local backend (--local), which reads no AWS configuration"
        )
        raise Refusal([Problem(problem, "profile_not_found", where)], "configuration") from None
    except ConfigParseError as exc:
        problem = (
            f"AWS is configured by {exc.kwargs.get('path')}, which botocore cannot parse; fix it, or use the local "
            "backend (--local), which reads no AWS configuration"
        )
        raise Refusal([Problem(problem, "config_file", "AWS_CONFIG_FILE")], "configuration") from None
    return boto3.Session(botocore_session=core), config


def _check_source_region(args: argparse.Namespace) -> None:
    """``--source-region`` is a Region where Lightsail runs, and one endpoint cannot serve two Regions."""
    source = getattr(args, "source_region", None)
    if source is None:
        return
    _check_region(source, "--source-region")
    if getattr(args, "endpoint_url", None) is not None:
        problem = "names one endpoint, and a cross-Region restore talks to two Regions: drop --endpoint-url"
        raise Refusal([Problem(problem, "endpoint_two_regions", "--endpoint-url")], "configuration")


def resolve(args: argparse.Namespace) -> Context:
    """Decide the backend, the Region and the output format.

    Raises:
        Refusal: An option that means AWS with the local backend, an unknown profile, no Region, or a Region
            where Lightsail does not run, ``--region`` or ``--source-region`` (``configuration``).
    """
    local = bool(getattr(args, "local", False)) or hasattr(args, "local_state") or args.command == "local"
    output = getattr(args, "output", None)
    if local:
        _refuse_aws_options(args)
        region = getattr(args, "region", None) or LOCAL_REGION
        _check_region(region, "--region")
        _check_source_region(args)
        state = getattr(args, "local_state", None) or default_local_state()
        return Context(args, Backend("local", region, state_file=state), output or "table")
    session, config = _aws_session(args)
    bundle = getattr(args, "ca_bundle", None)
    if bundle is not None and not Path(bundle).expanduser().is_file():
        raise Refusal([Problem(f"no file {bundle}", "file", "--ca-bundle")], "configuration")
    region, source = getattr(args, "region", None), "--region"
    if not region and os.environ.get("AWS_REGION"):
        region, source = os.environ["AWS_REGION"], "AWS_REGION"
    if not region:
        region, source = session.region_name, "AWS_DEFAULT_REGION or the profile's region"
    if not region:
        problem = "no Region: give --region, or set AWS_REGION, or a region in the AWS profile (nothing was sent)"
        raise Refusal([Problem(problem, "no_region", "--region")], "configuration")
    _check_region(region, source)
    _check_source_region(args)
    if output is None:
        configured = os.environ.get("AWS_DEFAULT_OUTPUT") or config.get("output")
        output = configured if configured in OUTPUTS else "table"
    profile = getattr(args, "profile", None) or session.profile_name
    backend = Backend("aws", region, profile=profile, endpoint_url=getattr(args, "endpoint_url", None))
    return Context(args, backend, output, session=session)
