"""What a quote is read in: the cleaned text, its spaCy parse, its paragraphs and the tokens inside
quotation marks; and the shape of one marked span there (partial or whole, a title, alone in its
paragraph)."""
from __future__ import annotations

from bisect import bisect_right

from .marks import MarkSpan
from .speakers import PRONOUNS, People

SHORT_WORDS = 3  # a quote of at most this many words is short (a label, a nickname, a scare quote)


class QuoteContext:
    """The text and its parse with paragraph and token lookups, the article's people, and the indices
    of the tokens inside quotation marks (``inside``, filled by the finder)."""

    def __init__(self, text: str, doc) -> None:
        self.text, self.doc = text, doc
        self.para_starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.para_starts.append(i + 1)
        self.tok_starts = [t.idx for t in doc]
        self.people = People(doc)
        self.inside: set[int] = set()
        self.titles: list[tuple[int, int]] = []  # quoted spans found to be titles ("Face the Nation"): no one's words

    def para(self, offset: int) -> int:
        return bisect_right(self.para_starts, offset) - 1

    def para_span(self, offset: int) -> tuple[int, int]:
        k = self.para(offset)
        end = self.para_starts[k + 1] - 1 if k + 1 < len(self.para_starts) else len(self.text)
        return self.para_starts[k], end

    def tokens(self, start: int, end: int) -> list:
        i = max(0, bisect_right(self.tok_starts, start) - 1)
        out = []
        while i < len(self.doc) and self.doc[i].idx < end:
            t = self.doc[i]
            if t.idx + len(t) > start and not t.is_space:
                out.append(t)
            i += 1
        return out


def nominal(tok, ctx: QuoteContext) -> bool:
    """A noun, name or personal pronoun outside quotation marks that is not a date or time."""
    return (tok.pos_ in ("PROPN", "NOUN") or (tok.pos_ == "PRON" and tok.lower_ in PRONOUNS)) \
        and tok.i not in ctx.inside and tok.ent_type_ not in ("DATE", "TIME") and not tok.is_space


def name_head(tok, limit: int):
    """The word heading the name ``tok`` is part of (compound links followed forward, before token ``limit``)."""
    while tok.dep_ in ("compound", "flat") and tok.i < tok.head.i < limit:
        tok = tok.head
    return tok


_SMALL = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "for", "to", "with", "by", "de", "von", "van"}


# nouns that a short quote after them names ("with the subject line, “conference call”", "the slogan “Yes We Can”")
LABEL_NOUNS = {"line", "title", "headline", "slogan", "caption", "label", "hashtag", "motto", "banner", "tagline",
               "nickname", "theme", "password", "heading", "sign", "logo"}


def labelled(ctx: QuoteContext, span) -> bool:
    """A quote right after a noun that it names ("the subject line, “conference call.”"): a label, not speech."""
    p0, _ = ctx.para_span(span.start)
    before = ctx.text[max(p0, span.start - 60):span.start].rstrip(" “\"‘'").rstrip(" ,:")
    word = before.split()[-1].lower() if before.split() else ""
    return word in LABEL_NOUNS


def title_like(content: str) -> bool:
    """Words in title case ("Fox and Friends"): a name or a title, not a quotation."""
    words = [w.strip(".,;:!?()") for w in content.split()]
    words = [w for w in words if w]
    return bool(words) and all(w[:1].isupper() or w.lower() in _SMALL for w in words) and words[0][:1].isupper()


def is_partial(ctx: QuoteContext, span: MarkSpan) -> bool:
    """A quote that is part of a sentence: it opens in lower case, or follows words of its sentence that do
    not introduce it (a colon, comma, dash or "said")."""
    content = ctx.text[span.start:span.end].lstrip("… .")
    first = next((ch for ch in content if ch.isalpha()), "")
    if first.islower():
        return True
    p0, _ = ctx.para_span(span.start)
    toks = ctx.tokens(span.start, span.start + 1)
    lo = max(p0, toks[0].sent.start_char) if toks else p0
    before = ctx.text[lo:span.start - 1].strip()
    return bool(before) and before[-1] not in ":,—–-" and not before.endswith(("said", "says", "added"))


def quote_only(ctx: QuoteContext, span: MarkSpan) -> bool:
    """The quote is all its paragraph says."""
    p0, p1 = ctx.para_span(span.start)
    rest = ctx.text[p0:span.start] + ctx.text[span.end:p1]
    return not any(ch.isalnum() for ch in rest)


def span_content(ctx: QuoteContext, span: MarkSpan) -> str:
    """The quoted words, the segments of a quote across paragraphs joined by a space."""
    parts = [ctx.text[s:e].strip() for s, e in span.segments]
    return " ".join(p for p in parts if p)


def modifies(tok, head) -> bool:
    """Whether ``tok`` is part of a name that modifies the common noun ``head`` (compound or possessor links up to it)."""
    while tok.dep_ in ("compound", "flat", "poss", "nmod") and tok.head is not tok:  # nmod: "the Biden campaign’s manager"
        if tok.head.i == head.i:
            return True
        tok = tok.head
    return False
