"""lightsail-restore: typed, validated AWS Lightsail CreateInstancesFromSnapshot.

Every rule of the operation is checked before anything is sent; answers come back as typed objects and
errors as typed exceptions. See ``README.md`` and ``docs/``.
"""

import importlib.util as _importlib_util
import typing as _typing

if _typing.TYPE_CHECKING:  # the public names (``_public.__all__``), for type checkers; at run time __getattr__
    from ._public import *  # noqa: F403

__version__ = "0.1.0"


def __getattr__(name: str) -> _typing.Any:
    """Load every public name, and ``__all__``, on first use (see ``_public``); the package imports nothing heavy.

    A submodule's name (``from lightsail_restore import cli``) is left to the import system, unloaded.
    """
    if name == "__all__" or not (name.startswith("_") or _importlib_util.find_spec(f"{__name__}.{name}")):
        from . import _public

        globals().update({each: getattr(_public, each) for each in _public.__all__})
        globals()["__all__"] = sorted([*_public.__all__, "__version__"])
        if name in globals():
            return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__getattr__("__all__")})
