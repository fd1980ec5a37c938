"""Decide what kind of input a file is, from its content first and its name second."""
from __future__ import annotations

import re
from typing import Literal

from .streams import strip_compression_suffix

InputKind = Literal["warc", "jsonl", "feed", "html", "text"]

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_JSON_ARRAY = re.compile(rb"\[\s*\{")  # an array of records
_HTML_MARK = re.compile(rb"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)


def sniff_kind(name: str, head: bytes) -> InputKind:
    """Classify a file from its (decompressed) first bytes and its name."""
    lower = strip_compression_suffix(name)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if lower.endswith((".warc", ".arc")):
        return "warc"
    if stripped.startswith(b"{") or _JSON_ARRAY.match(stripped) or lower.endswith((".jsonl", ".json", ".ndjson")):
        return "jsonl"
    probe = stripped[:4096]
    if probe.startswith(b"<?xml") or lower.endswith((".xml", ".rss", ".atom")):
        if _FEED_ROOT.search(probe):
            return "feed"
    if _FEED_ROOT.search(probe[:1024]) and not _HTML_MARK.search(probe[:200]):
        return "feed"
    if lower.endswith((".html", ".htm", ".xhtml")) or _HTML_MARK.search(probe[:2048]):
        return "html"
    return "text"
