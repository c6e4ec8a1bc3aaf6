"""A botocore session that reads no AWS configuration: no profile, no config or credentials file, no environment.

For what needs only botocore's own data (the Lightsail model, the Regions with an endpoint) and for the local
backend's clients: ``AWS_PROFILE=prod`` or a broken ``~/.aws/config`` must not break them, since neither talks to
AWS. Every setting is botocore's default.
"""

from __future__ import annotations

import functools
import os
from typing import Any

__all__ = ["quiet_session", "service_data"]


def quiet_session() -> Any:
    """A new ``botocore.session.Session`` whose every setting is botocore's default, read from nowhere."""
    import botocore.session
    from botocore.configprovider import BOTOCORE_DEFAUT_SESSION_VARIABLES, ConfigValueStore, ConstantProvider

    session = botocore.session.Session()
    mapping = {name: ConstantProvider(spec[2]) for name, spec in BOTOCORE_DEFAUT_SESSION_VARIABLES.items()}
    mapping["config_file"] = mapping["credentials_file"] = ConstantProvider(os.devnull)
    mapping["ignore_configured_endpoint_urls"] = ConstantProvider(True)  # AWS_ENDPOINT_URL* too
    session.register_component("config_store", ConfigValueStore(mapping=mapping))
    return session


@functools.cache
def service_data() -> Any:
    """One quiet session, shared, for botocore's data: ``service_data().get_service_model("lightsail")``."""
    return quiet_session()
