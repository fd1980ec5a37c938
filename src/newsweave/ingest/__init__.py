"""Ingestion: find input files, sniff their kind, and read them into raw Articles.

``discover`` walks the paths the user gave; ``read_input`` reads one file (it runs in worker
processes, so it only takes and returns plain, picklable values).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedInput, UnsupportedInput
from ..options import Options
from ..record import Article
from .manifest import MANIFEST_NAMES, read_manifest
from .readers import read_document, read_feed, read_jsonl, read_warc
from .sniff import sniff_kind

__all__ = ["InputFile", "discover", "read_input", "INPUT_SUFFIXES"]

INPUT_SUFFIXES = (
    ".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom",
    ".warc", ".arc", ".gz",
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
            if candidate.is_file():
                try:
                    table.update(read_manifest(candidate))
                except InputError as exc:
                    errors.append(exc)
        cache[folder] = table
    return cache[folder]


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
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                rel = path.relative_to(root).as_posix()
                if any(part.startswith(".") for part in path.relative_to(root).parts) or path.name in MANIFEST_NAMES:
                    continue
                if path.suffix.lower() not in INPUT_SUFFIXES and path.suffix:
                    found.ignored.append(str(path))
                    continue
                table = _manifest_for(path.parent, cache, found.errors)
                name_in_folder = path.name
                meta = {**table.get(name_in_folder, {}), **extra.get(rel, extra.get(name_in_folder, {}))}
                found.files.append(InputFile(str(path), rel, meta))
        elif root.is_file():
            table = _manifest_for(root.parent, cache, found.errors)
            meta = {**table.get(root.name, {}), **extra.get(root.name, {})}
            found.files.append(InputFile(str(root), root.name, meta))
        else:
            found.errors.append(UnsupportedInput(str(root), "no such file or directory; check the path"))
    return found


_COLLECTION_SUFFIXES = (".jsonl", ".json", ".ndjson", ".warc", ".arc", ".xml", ".rss", ".atom")


def _size_limit(item: InputFile, options: Options) -> tuple[int, str]:
    """Collections (JSON Lines, WARC, feeds) may be large; a single document may not."""
    name = item.path.lower().removesuffix(".gz")
    if name.endswith(_COLLECTION_SUFFIXES):
        return options.max_collection_bytes, "--max-collection-bytes"
    return options.max_bytes, "--max-bytes"


def _read_bytes(item: InputFile, options: Options) -> bytes:
    path = Path(item.path)
    limit, flag = _size_limit(item, options)
    try:
        size = path.stat().st_size
        if size > limit:
            raise UnsupportedInput(item.path, f"file is {size:,} bytes, over the {limit:,}-byte limit; raise it with {flag} if this is really one input")
        if size == 0:
            raise UnsupportedInput(item.path, "empty file")
        data = path.read_bytes()
    except OSError as exc:
        raise UnsupportedInput(item.path, f"cannot read file ({exc.strerror or exc})") from None
    return data


def _gunzip(data: bytes, item: InputFile, options: Options) -> tuple[bytes, InputError | None]:
    """Decompress (multi-member) gzip data, keeping what precedes a truncation and reporting it."""
    limit, flag = _size_limit(item, options)
    out = bytearray()
    rest = data
    while rest:
        decompressor = zlib.decompressobj(wbits=31)
        try:
            out += decompressor.decompress(rest, limit + 1 - len(out))
        except zlib.error as exc:
            if out:
                return bytes(out), MalformedInput(item.path, f"corrupt gzip data after {len(out):,} bytes ({exc}); the complete records before it were kept")
            raise MalformedInput(item.path, f"corrupt gzip data ({exc}); re-compress or unpack the file") from None
        if len(out) > limit or decompressor.unconsumed_tail:
            raise UnsupportedInput(item.path, f"decompresses to over the {limit:,}-byte limit; raise it with {flag}")
        if not decompressor.eof:
            return bytes(out), MalformedInput(item.path, f"truncated gzip: only the first {len(out):,} decompressed bytes could be read; the complete records in them were kept")
        rest = decompressor.unused_data.lstrip(b"\x00")
    return bytes(out), None


def _within_limit(item: Article | InputError, options: Options) -> Article | InputError:
    """One article (a record, entry or response of a collection) may not exceed ``max_bytes``."""
    if isinstance(item, Article) and len(item.raw) > options.max_bytes:
        return UnsupportedInput(item.source, f"article body is {len(item.raw):,} characters, over the {options.max_bytes:,} limit; raise it with --max-bytes")
    return item


def _is_warc_name(path: str) -> bool:
    return path.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def read_input(item: InputFile, options: Options) -> list[Article | InputError]:
    """Read one input file into raw Articles and per-record errors; never raises for bad input."""
    try:
        data = _read_bytes(item, options)
        truncated: InputError | None = None
        if data[:2] == b"\x1f\x8b":
            # WARCs too: warcio would silently drop a truncated last member, and this keeps the size limit
            data, truncated = _gunzip(data, item, options)
            if not data.strip():
                raise truncated or MalformedInput(item.path, "gzip file holds no data")
        kind = "warc" if _is_warc_name(item.path) else sniff_kind(item.path, data[:8192])
        items: list[Article | InputError]
        if kind == "warc":
            items = list(read_warc(data, item.rel, item.path, item.meta))
        elif kind == "jsonl":
            if truncated is not None and b"\n" in data:
                data = data[: data.rindex(b"\n") + 1]  # drop the partial last line
            items = list(read_jsonl(data, item.rel, item.path, item.meta))
        elif kind == "feed":
            items = list(read_feed(data, item.rel, item.path, item.meta))
        else:
            items = list(read_document(data, kind, item.rel, item.path, item.meta))
        items = [_within_limit(x, options) for x in items]
        if truncated is not None:
            items.append(truncated)
        return items
    except InputError as exc:
        return [exc]
    except (RecursionError, MemoryError, ValueError, LookupError) as exc:
        return [MalformedInput(item.path, f"cannot be parsed ({type(exc).__name__}: {exc})")]
    except Exception as exc:  # a parser bug must not sink the batch; report it for this file
        return [MalformedInput(item.path, f"cannot be read ({type(exc).__name__}: {exc}); please report this input")]
