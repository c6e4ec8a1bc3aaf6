"""Saving the local state: atomic, locked across processes, and kind to the file that is already there.

- A save writes a temporary file beside the state file, fsyncs it and renames it over the file, so a crash never
  leaves a half-written state.
- The file keeps its mode (a 0664 or 0444 file stays so); a new file is 0600, since it describes an account.
- A symlink stays a symlink: the save goes to the file it points to.
- Every save happens under the lock, so a temporary file seen under the lock is the orphan of a crashed save:
  taking the lock removes them.
- A folder that cannot be written raises ``OSError`` (``PermissionError``), from taking the lock or from saving.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

__all__ = ["NEW_FILE_MODE", "locked", "read_state", "write_state"]

NEW_FILE_MODE: Final = 0o600
"""The mode of a state file the backend creates."""

_TMP_SUFFIX: Final = ".tmp"


def _real(path: Path) -> Path:
    """The file a path names, through any symlinks (the path itself when it does not exist yet)."""
    return Path(os.path.realpath(path))


def _tmp_prefix(target: Path) -> str:
    return f".{target.name}."


def _remove_orphans(target: Path) -> None:
    pattern = os.path.join(glob.escape(str(target.parent)), glob.escape(_tmp_prefix(target)) + "*" + _TMP_SUFFIX)
    for orphan in glob.glob(pattern, include_hidden=True):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(orphan)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<file>.lock`` beside the file ``path`` names, then clean orphaned temporaries.

    Every process using the same state file (by its own name or through a symlink) takes the same lock.

    Raises:
        OSError: The folder cannot be created or the lock file cannot be opened (a read-only folder).
    """
    target = _real(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{target}.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            _remove_orphans(target)
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_state(path: Path) -> Any:
    """The JSON saved at ``path`` (not yet checked), or ``None`` when there is no file yet.

    Raises:
        ValueError: The file is not JSON (or not UTF-8).
        OSError: The file cannot be read.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        return None


def write_state(path: Path, state: dict[str, Any]) -> None:
    """Write ``state`` to the file ``path`` names, atomically, keeping its mode (``NEW_FILE_MODE`` for a new one).

    Raises:
        OSError: The folder cannot be written.
    """
    target = _real(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        before: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        before = None
    fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(target), suffix=_TMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=1)
            handle.flush()
            os.fchmod(handle.fileno(), stat.S_IMODE(before.st_mode) if before else NEW_FILE_MODE)
            if before is not None:
                with contextlib.suppress(OSError):  # only an owner or root may give the file back to its owner
                    os.fchown(handle.fileno(), before.st_uid, before.st_gid)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
