"""The sources a user names for ``newsweave watch``: feed or sitemap URLs, OPML files (every ``xmlUrl``), and text
files of URLs (one a line; blank lines and ``#`` comments skipped)."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

MAX_SOURCE_FILE_BYTES = 16 * 1024 * 1024


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _opml_urls(data: bytes) -> list[str]:
    root = ElementTree.fromstring(data)
    return [node.attrib["xmlUrl"].strip() for node in root.iter() if node.tag.endswith("outline") and node.attrib.get("xmlUrl")]


def read_sources(items: list[str]) -> tuple[list[str], list[str]]:
    """(the feed URLs, in order and without repeats; a line for each item or URL that cannot be used)."""
    urls: list[str] = []
    problems: list[str] = []
    for item in items:
        if "://" in item:
            (urls if _is_url(item) else problems).append(item if _is_url(item) else f"{item}: only http and https URLs can be watched")
            continue
        path = Path(item)
        try:
            if path.stat().st_size > MAX_SOURCE_FILE_BYTES:
                problems.append(f"{item}: over {MAX_SOURCE_FILE_BYTES:,} bytes; is it really a list of feeds?")
                continue
            data = path.read_bytes()
        except OSError as exc:
            problems.append(f"{item}: not a URL, and cannot be read as a file ({exc.strerror or exc})")
            continue
        if b"<opml" in data[:2048].lower():
            try:
                found = _opml_urls(data)
            except ElementTree.ParseError as exc:
                problems.append(f"{item}: not a readable OPML file ({exc})")
                continue
        else:
            lines = data.decode("utf-8-sig", "replace").splitlines()
            found = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
        for url in found:
            (urls if _is_url(url) else problems).append(url if _is_url(url) else f"{item}: {url!r} is not an http or https URL")
        if not found:
            problems.append(f"{item}: names no feed URL")
    return list(dict.fromkeys(urls)), problems
