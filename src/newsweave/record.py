"""The one record type that flows through every pipeline stage.

An :class:`Article` starts life in ingestion with only its raw input and metadata; extraction
fills in the cleaned body as :class:`Paragraph` spans that point back into ``raw``, and every
span it drops is kept as a :class:`Removed` span with its reason. Nothing of the raw input is lost.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

RawKind = Literal["text", "html"]


@dataclass(frozen=True)
class Paragraph:
    """A kept block of the story body; ``raw[start:end]`` is where it came from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Removed:
    """A span of the raw input that is not part of the story, with the reason it was dropped."""

    start: int
    end: int
    reason: str
    text: str = ""


@dataclass
class Article:
    """One news article, from raw input to cleaned body.

    ``raw`` is the decoded input exactly as read (a text file, an HTML page, or a record's
    ``text``/``html`` field); all offsets in ``paragraphs`` and ``removed`` index it.
    """

    id: str
    raw: str
    raw_kind: RawKind
    source: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    title_span: tuple[int, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The cleaned story body, one paragraph per line."""
        return "\n".join(p.text for p in self.paragraphs)

    def paragraph_starts(self) -> list[int]:
        """Offset in :attr:`text` at which each paragraph begins."""
        starts, at = [], 0
        for p in self.paragraphs:
            starts.append(at)
            at += len(p.text) + 1
        return starts

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of :attr:`text` (the cleaned body) to a span of :attr:`raw`.

        Exact for plain text; for HTML the paragraph's raw span is scaled, so it is close.
        """
        starts = self.paragraph_starts()
        return self._raw_offset(start, starts, False), self._raw_offset(end, starts, True)

    def _raw_offset(self, i: int, starts: list[int], is_end: bool) -> int:
        if not self.paragraphs:
            return 0
        k = max(0, bisect_right(starts, i - 1 if is_end else i) - 1)
        p = self.paragraphs[k]
        local = min(max(i - starts[k], 0), len(p.text))
        if self.raw_kind == "text" or len(p.text) == p.end - p.start:
            return p.start + local
        return p.start + round(local * (p.end - p.start) / max(1, len(p.text)))

    @property
    def content_hash(self) -> str:
        """Hash of the raw input and the metadata given with it: equal hashes mean nothing changed."""
        h = hashlib.sha256()
        for part in (self.raw, self.raw_kind, self.url, self.outlet, self.published, self.extra.get("given_title")):
            h.update((part or "").encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["title_span"] = list(self.title_span) if self.title_span else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        data = dict(data)
        data["paragraphs"] = [Paragraph(**p) for p in data.get("paragraphs", [])]
        data["removed"] = [Removed(**r) for r in data.get("removed", [])]
        span = data.get("title_span")
        data["title_span"] = tuple(span) if span else None
        return cls(**data)

    def extract_view(self) -> dict[str, Any]:
        """The stateless ``newsweave extract`` output for this article."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "removed": [{"start": r.start, "end": r.end, "reason": r.reason} for r in self.removed],
        }
