"""The one record type that flows through every pipeline stage.

An :class:`Article` starts life in ingestion with only its raw input and metadata; extraction
fills in the cleaned body as :class:`Paragraph` spans that point back into ``raw``, and every
span it drops is kept as a :class:`Removed` span with its reason. Nothing of the raw input is lost.
"""
from __future__ import annotations

import hashlib
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
