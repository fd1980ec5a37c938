"""Finding input files: folders walked without following links out of them or opening special files.

Inside a folder, a symbolic link is read only when it resolves to a regular file inside that same
folder; a link out of it, a broken link, a link to a folder, a FIFO, a socket or a device is
reported with its reason and never opened (opening a FIFO would wait for a writer). A path the user
names on the command line is followed wherever it points: they chose it.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, UnsupportedInput
from .manifest import MANIFEST_NAMES, read_manifest
from .streams import special_file_reason

INPUT_SUFFIXES = (
    ".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom",
    ".warc", ".arc", ".gz", ".bz2", ".xz",
)


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it is, the article id it gets, and manifest metadata for it."""

    path: str
    rel: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Discovery:
    files: list[InputFile] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _manifest_for(folder: Path, cache: dict[Path, dict[str, dict[str, str]]], errors: list[InputError]) -> dict[str, dict[str, str]]:
    if folder not in cache:
        table: dict[str, dict[str, str]] = {}
        for name in MANIFEST_NAMES:
            candidate = folder / name
            # a manifest linked in from elsewhere is not read either
            if candidate.is_file() and (not candidate.is_symlink() or _inside(os.path.realpath(candidate), os.path.realpath(folder))):
                try:
                    table.update(read_manifest(candidate))
                except InputError as exc:
                    errors.append(exc)
        cache[folder] = table
    return cache[folder]


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _link_problem(path: Path, real_root: str) -> str | None:
    """Why the symbolic link ``path`` (inside the input folder ``real_root``) is not read, or None."""
    target = os.path.realpath(path)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return "broken symbolic link (its target does not exist or loops); fix or remove the link"
    if stat.S_ISDIR(mode):
        return "symbolic link to a folder; not followed (pass the folder itself to read it)"
    if not _inside(target, real_root):
        return "symbolic link to a file outside the input folder; pass the target itself to read it"
    reason = special_file_reason(mode)
    return f"symbolic link to a {reason}" if reason else None


def _walk(root: Path, found: Discovery) -> list[Path]:
    """Readable file paths under ``root`` in sorted order; links and special files reported in ``found``."""
    real_root = os.path.realpath(root)
    files: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.errors.append(UnsupportedInput(str(folder), f"cannot list folder ({exc.strerror or exc}); check its permissions"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                found.errors.append(UnsupportedInput(str(path), f"cannot read file ({exc.strerror or exc})"))
                continue
            if stat.S_ISDIR(mode):
                subfolders.append(path)
                continue
            if entry.name in MANIFEST_NAMES:
                continue
            if stat.S_ISLNK(mode):
                problem = _link_problem(path, real_root)
            else:
                problem = special_file_reason(mode)
            if problem:
                found.errors.append(UnsupportedInput(str(path), problem))
                continue
            files.append(path)
        stack.extend(reversed(subfolders))
    return sorted(files, key=lambda p: p.relative_to(root).parts)  # the order of sorted(root.rglob("*"))


def discover(paths: list[str | Path], manifest: str | Path | None = None) -> Discovery:
    """List the input files under ``paths`` (directories recursively) with their ids and metadata."""
    found = Discovery()
    cache: dict[Path, dict[str, dict[str, str]]] = {}
    extra: dict[str, dict[str, str]] = {}
    if manifest is not None:
        try:
            extra = read_manifest(Path(manifest))
        except InputError as exc:
            found.errors.append(exc)
    for given in paths:
        root = Path(given)
        try:
            mode = os.stat(root).st_mode  # a path named by the user is followed
        except OSError:
            reason = "broken symbolic link (its target does not exist); check the path" if os.path.islink(root) else "no such file or directory; check the path"
            found.errors.append(UnsupportedInput(str(root), reason))
            continue
        if stat.S_ISDIR(mode):
            for path in _walk(root, found):
                rel = path.relative_to(root).as_posix()
                if path.suffix.lower() not in INPUT_SUFFIXES and path.suffix:
                    found.ignored.append(str(path))
                    continue
                table = _manifest_for(path.parent, cache, found.errors)
                meta = {**table.get(path.name, {}), **extra.get(rel, extra.get(path.name, {}))}
                found.files.append(InputFile(str(path), rel, meta))
        elif reason := special_file_reason(mode):
            found.errors.append(UnsupportedInput(str(root), reason))
        else:
            table = _manifest_for(root.parent, cache, found.errors)
            meta = {**table.get(root.name, {}), **extra.get(root.name, {})}
            found.files.append(InputFile(str(root), root.name, meta))
    return found
