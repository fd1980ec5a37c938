"""Pieces of a story page: outlet labels in their colours, citations of the supporting articles,
excerpts of the supporting passages, anchors of facts and conflicts with links to their passages, quotations, term chips."""
from __future__ import annotations

from typing import Any, Iterable

from .html_page import esc
from .render_md import Sources, brief_outlets, counterpart_wording, term_text

PALETTE = 8  # outlet colour classes o0..o7
SHOWN_TERMS = 15  # framing terms shown per list before the rest fold away


Passages = dict[str, list[tuple[str, str]]]  # fact or conflict anchor -> (article id, the passage's anchor), in page order


def item_anchors(brief: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``(anchor, item)`` for every fact (``fact-1`` ... by its place in the brief) and conflict (``conflict-1`` ...):
    the ids a story page gives them, and that their passages link back to."""
    facts = [(f"fact-{i}", f) for i, f in enumerate(brief.get("facts") or [], 1) if isinstance(f, dict)]
    return facts + [(f"conflict-{i}", c) for i, c in enumerate(brief.get("conflicts") or [], 1) if isinstance(c, dict)]


class StoryView:
    """Rendering state for one story: article numbers, outlet colours, raw texts for excerpts, the anchor of each
    fact and conflict, and (on pages that show the articles side by side) where each one's passages are."""

    def __init__(self, brief: dict[str, Any], articles_text: dict[str, str] | None, passages: Passages | None = None):
        self.brief = brief
        self.sources = Sources(brief)
        self.outlets = brief_outlets(brief)
        self.colour: dict[str, int] = {o: i % PALETTE for i, o in enumerate(self.outlets)}
        self.texts = articles_text or {}
        self.anchors = {id(item): anchor for anchor, item in item_anchors(brief)}
        self.passages = passages or {}

    def anchor(self, item: dict[str, Any]) -> str:
        """`` id="fact-3"`` for a fact or conflict of the brief (empty for anything else)."""
        anchor = self.anchors.get(id(item))
        return f' id="{anchor}"' if anchor else ""

    def jumps(self, item: dict[str, Any]) -> str:
        """Links to the item's highlighted passages in the side-by-side view, one per article (empty when none is shown)."""
        found = self.passages.get(self.anchors.get(id(item), ""), [])
        if not found:
            return ""
        links = "".join(f'<a class="jump" href="#{esc(target)}" title="the passage in article {self.sources.number.get(article, "")}">'
                        f'{self.sources.number.get(article) or "·"}</a>' for article, target in found)
        return f' <span class="jumps">passages {links}</span>'

    def outlet(self, name: str) -> str:
        if name not in self.colour:
            self.colour[name] = len(self.colour) % PALETTE
        return f'<span class="outlet o{self.colour[name]}">{esc(name)}</span>'

    def cite(self, outlets: Iterable[str] | None, support: Iterable[Any] | None) -> str:
        parts = []
        for outlet, numbers in self.sources.grouped(outlets, support):
            refs = "".join(f'<a class="ref" href="#src-{n}" title="article {n}">[{n}]</a>' for n in numbers)
            parts.append(f'<span class="cite">{self.outlet(outlet)}{refs}</span>')
        return " ".join(parts) if parts else '<span class="cites">no outlet recorded</span>'

    def refs(self, support: Iterable[Any] | None) -> str:
        """Only the article numbers (where the outlet is already named)."""
        numbers = sorted({self.sources.number[a] for a in self.sources.articles_of(support) if a in self.sources.number})
        return "".join(f'<a class="ref" href="#src-{n}" title="article {n}">[{n}]</a>' for n in numbers)

    def excerpts(self, support: Iterable[Any] | None, context: int = 90) -> str:
        """``<details>`` with each supporting span in its article's raw text, when the texts are given."""
        rows = []
        for item in support or []:
            if not isinstance(item, dict):
                continue
            article, start, end = item.get("article"), item.get("start"), item.get("end")
            text = self.texts.get(article) if isinstance(article, str) else None
            if not text or not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
                continue
            end = min(end, start + 600)
            # context up to the nearest paragraph break or markup tag (HTML inputs), so only prose shows
            before = text[max(0, start - context):start]
            before = before[max(before.rfind(">"), before.rfind("\n\n")) + 1:]
            after = text[end:end + context]
            cuts = [i for i in (after.find("<"), after.find("\n\n")) if i >= 0]
            after = after[:min(cuts)] if cuts else after
            n = self.sources.number.get(article)
            label = f"{self.outlet(self.sources.outlet_of.get(article, article))}" + (f" [{n}]" if n else "")
            rows.append(f'<div class="excerpt">{label} …{esc(before)}<mark>{esc(text[start:end])}</mark>{esc(after)}…</div>')
        if not rows:
            return ""
        return f"<details><summary>in the articles ({len(rows)})</summary>{''.join(rows)}</details>"


def quoted(text: Any) -> str:
    """Escaped text in curly quotes, unless it already opens with a quotation mark."""
    text = "" if text is None else str(text).strip()
    return esc(text) if text[:1] in "\"'“‘«„" else f"“{esc(text)}”"


def term_chips(terms: Any, cls: str, none: str) -> str:
    """Terms as chips, the first SHOWN_TERMS in the given order (scored lists come best first), the rest folded."""
    texts = [term_text(t) for t in terms or [] if term_text(t)]
    if not texts:
        return f'<span class="cites">{esc(none)}</span>'
    chips = [f'<span class="{cls}">{esc(t)}</span>' for t in texts]
    html_out = "<div>" + "".join(chips[:SHOWN_TERMS]) + "</div>"
    if len(chips) > SHOWN_TERMS:
        html_out += f"<details><summary>{len(chips) - SHOWN_TERMS} more</summary>{''.join(chips[SHOWN_TERMS:])}</details>"
    return html_out


def loaded_terms(terms: Any, view: StoryView) -> str:
    """Loaded terms as chips, each with what the other outlets wrote in its place (the word, its sentence
    on hover; the sentence itself where no single word stands in for it)."""
    rows = []
    for term in [t for t in terms or [] if term_text(t)][:SHOWN_TERMS]:
        instead = []
        for outlet, word, sentence in counterpart_wording(term):
            said = (f'<span title="{esc(sentence)}">“{esc(word)}”</span>' if word else f"“{esc(sentence)}”")
            instead.append(f"{view.outlet(outlet)} {said}")
        rows.append(f'<li><span class="chip loaded">{esc(term_text(term))}</span>'
                    + (f' <span class="cites">where {"; ".join(instead)}</span>' if instead else "") + "</li>")
    if not rows:
        return '<span class="cites">none found</span>'
    return f'<ul class="loaded">{"".join(rows)}</ul>'


def empty_note(text: str) -> str:
    """A section's note that it has nothing to show."""
    return f'<p class="empty">{esc(text)}</p>'


def plural(n: int, word: str) -> str:
    """"1 article", "3 articles"."""
    return f"{n} {word}{'' if n == 1 else 's'}"
