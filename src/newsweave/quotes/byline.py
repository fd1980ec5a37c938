"""A quote signed after a dash to the end of its paragraph: “...” ― Name."""
from __future__ import annotations

import re

from .context import QuoteContext
from .marks import MarkSpan

_DASH = re.compile(r"[ \t\u00a0]*[―—–-][ \t\u00a0]*([^\n]{2,80}?)[ .\t\u00a0]*$")


def dash_source(ctx: QuoteContext, span: MarkSpan) -> tuple[str | None, int, int] | None:
    """A quote signed after a dash to the end of its paragraph: “...” ― Name."""
    _, p1 = ctx.para_span(span.end)
    m = _DASH.match(ctx.text, span.end + 1, p1)
    if m is None or len(m.group(1).split()) > 8 or not m.group(1)[:1].isupper():
        return None
    start, end = m.span(1)
    toks = ctx.tokens(start, end)
    person = [t for t in toks if t.ent_type_ == "PERSON" or t.pos_ == "PROPN"]
    name = ctx.people.resolve([t.text for t in person]) if person else ctx.text[start:end]
    return name, start, end
