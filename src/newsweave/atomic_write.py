"""Output files written whole or not at all: a temporary file in the same folder, then ``os.replace``.

A full disk, a quota or a crash mid-write leaves the previous file as it was (and at worst a hidden
``.NAME.*.tmp`` beside it, which :func:`remove_temporaries` clears), never a truncated one. Files are not
fsynced: the guarantee is against failed writes and killed processes, not power loss.
"""
from __future__ import annotations

import errno
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Callable

from .errors import OutputError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would have given a new file
_NAME_CHARS = 100  # how much of the target's name its temporary file's name holds
# a temporary file of write_bytes_atomic: "." + the target's name (cut) + "." + mkstemp's 8 random characters + ".tmp"
_TEMPORARY = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp", re.DOTALL)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd`` (one place to simulate a full disk in tests)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _advice(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "free some disk space (or choose another output folder) and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "choose an output folder you can write to and run again"
    return "check the output folder and run again"


def make_folder(path: str | os.PathLike[str]) -> Path:
    """Create the output folder ``path`` (and its parents) if missing; :class:`OutputError` when it cannot be."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path}: {exc.strerror or exc}. {_advice(exc).capitalize()}") from exc
    return path


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; on failure the old file stays and :class:`OutputError` says why."""
    path = Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:_NAME_CHARS]}.", suffix=".tmp", dir=path.parent)
        try:
            _write_all(fd, data)
            os.fchmod(fd, _FILE_MODE)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        kept = "the previous file is kept" if path.exists() else "nothing was written there"
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}; {kept}. {_advice(exc).capitalize()}") from exc
    except BaseException:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """:func:`write_bytes_atomic` for UTF-8 text (a lone surrogate, which UTF-8 cannot hold, becomes ``?``)."""
    write_bytes_atomic(path, text.encode("utf-8", "replace"))


def write_json_atomic(path: str | os.PathLike[str], data: Any) -> None:
    """``data`` as indented UTF-8 JSON ending in a newline, written atomically."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def remove_temporaries(folder: str | os.PathLike[str], ours: Callable[[str], bool]) -> list[Path]:
    """Remove the temporary files a killed write left in ``folder`` (a write that fails otherwise removes its
    own) for the targets ``ours`` accepts, given the target's name as the temporary's name holds it (the first
    100 characters). Only for a folder no other process writes to at the same time. Returns what was removed."""
    removed = []
    for path in Path(folder).iterdir():
        found = _TEMPORARY.fullmatch(path.name)
        if found and ours(found["target"]) and path.is_file() and not path.is_symlink():
            try:
                path.unlink()
            except OSError:  # gone already, or not removable: it harms nothing but space
                continue
            removed.append(path)
    return removed
