"""Direct and indirect quotes with their speakers, from a cleaned text and its spaCy parse.

The driver: marked spans (:mod:`.marks`) become direct quotes with the reporting word they hang on
(:mod:`.cues`) and its source (:mod:`.source`); the complements of reporting verbs become indirect ones.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .byline import dash_source
from .context import SHORT_WORDS, QuoteContext, is_partial, labelled, quote_only, span_content, title_like
from .cues import ancestor_cue, colon_source, inner_teller, lead_in_cue, nearer_introducer, region_cue
from .marks import find_marked
from .name_words import key, surname
from .negation import negating_words
from .reporting import REPORTING
from .source import speaker_of, speaker_of_cue

COMPLEMENT_DEPS = {"dobj", "xcomp", "oprd", "prep", "attr", "acomp", "dative", "ccomp", "pobj"}
INDIRECT = REPORTING - {"continue", "read", "sing", "call", "order", "command", "instruct", "beg", "plead"} | {
    "believe", "think", "know", "fear", "hope", "expect", "feel", "estimate", "find", "show", "learn", "conclude"}


@dataclass
class Quote:
    """A quote; offsets index the cleaned article text. ``cue_*`` is the reporting word it hangs on."""

    text: str
    start: int
    end: int
    partial: bool
    kind: Literal["direct", "indirect"]
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    group: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    negated: str | None = None  # the words negating its reporting verb ("has not yet said"): not a statement


def find_quotes(text: str, doc) -> list[Quote]:
    """Direct and indirect quotes of ``text`` (``doc`` = the spaCy parse of that same text), in text order."""
    ctx = QuoteContext(text, doc)
    marked = find_marked(text)
    span_toks = []
    for span in marked:
        toks = [t for s, e in span.segments for t in ctx.tokens(s, e)]
        span_toks.append(toks)
        ctx.inside.update(t.i for t in toks)
        ctx.people.quoted.extend(span.segments)
        ctx.inside.update(t.i for t in ctx.tokens(span.start - 1, span.start) + ctx.tokens(span.end, span.end + 1))
    quotes: list[Quote] = []
    prev: Quote | None = None
    cues: dict = {}  # reporting words that carry a partial quote
    for span, toks in zip(marked, span_toks):
        content = span_content(ctx, span)
        if not content or not any(ch.isalnum() for ch in content):
            continue
        partial = is_partial(ctx, span)
        short = len(content.split()) <= SHORT_WORDS
        colon = colon_source(ctx, span)
        cue = False if colon is not None and colon[1] else ancestor_cue(ctx, toks, span)
        if cue:
            cue = inner_teller(ctx, nearer_introducer(ctx, span, cue), span)
        if cue is None and short and not partial and dash_source(ctx, span) is not None:
            cue = False
        if cue is None and not (short and partial):
            cue = region_cue(ctx, span)
            if cue is not None and short:
                gap = ctx.text[span.end + 1:cue.idx] if cue.idx > span.end else ctx.text[cue.idx:span.start]
                if len(gap.split()) > 4:
                    cue = None
        if short and labelled(ctx, span) and not (cue and cue.idx > span.end):
            continue  # the subject line, “conference call”
        if title_like(content) and (partial and short or _after_preposition(ctx, span, content)):
            ctx.titles.append((span.start, span.end))
            continue  # names and titles: “General Armageddon”, “Fox and Friends”, on “The Late Show with Stephen Colbert”
        if cue is None and short and not (not partial and prev is not None and prev.speaker_start is not None
                                          and ctx.para(prev.end) == ctx.para(span.start)):
            continue  # scare quotes, nicknames, titles
        q = Quote(content, span.start, span.end, partial, "direct")
        byline = dash_source(ctx, span)
        if byline is not None:
            q.speaker, q.speaker_start, q.speaker_end = byline
            q.cue_start = q.cue_end = span.end + 1
        elif cue:
            q.speaker, q.speaker_start, q.speaker_end = speaker_of_cue(ctx, cue)
            q.cue_start, q.cue_end = cue.idx, cue.idx + len(cue)
        elif colon is not None:
            q.speaker, q.speaker_start, q.speaker_end = speaker_of(ctx, colon[0])
            q.cue_start = q.cue_end = ctx.text.rindex(":", 0, span.start)
        elif (lead := lead_in_cue(ctx, span, prev.end if prev is not None else None)) is not None:
            q.speaker, q.speaker_start, q.speaker_end = speaker_of_cue(ctx, lead)
            q.cue_start, q.cue_end = lead.idx, lead.idx + len(lead)
        elif prev is not None and prev.speaker_start is not None and (
                ctx.para(prev.end) == ctx.para(span.start)
                or (not partial and quote_only(ctx, span) and ctx.para(span.start) - ctx.para(prev.end) == 1)):
            # the quote before it in the paragraph (a partial one too: "Either ..., “or else ...”"), or a
            # paragraph that is only a quote right after one
            q.speaker, q.speaker_start, q.speaker_end = prev.speaker, prev.speaker_start, prev.speaker_end
            q.cue_start, q.cue_end = prev.cue_start, prev.cue_end
        _not_named_inside(ctx, q)
        quotes.append(q)
        prev = q
        if cue and partial:
            cues.setdefault(cue.i, cue)
    quotes.extend(_indirect(ctx, quotes, cues))
    quotes.sort(key=lambda q: (q.start, q.end))
    for q in quotes:
        if q.cue_start is not None and q.cue_end and q.cue_end > q.cue_start:
            verb = ctx.tokens(q.cue_start, q.cue_end)
            if verb:
                q.negated = negating_words(ctx.text, verb[0], (q.start, q.end))
    return quotes


_POSSESSIVE = ("'s", "’s", "'", "’")
TITLE_WORDS = 10  # a title-case quote after a preposition up to this long is the name of a work or show


def _after_preposition(ctx: QuoteContext, span, content: str) -> bool:
    """Whether the quote follows a preposition on a noun, or a network's possessive after any preposition ("an
    appearance on “The Late Show with Stephen Colbert,”", "said on MSNBC’s “Andrea Mitchell Reports”"), and is no
    longer than :data:`TITLE_WORDS` words: where a title stands, not someone's words."""
    near = [t for t in ctx.tokens(max(0, span.start - 60), span.start) if t.idx + len(t) <= span.start]
    # within the quote's sentence: "… ‘Crooked Hillary.’ / “Lock Her Up!”" is not a title after a possessive
    stops = [k for k, t in enumerate(near) if t.text in (".", "!", "?") or "\n" in t.text]
    near = near[stops[-1] + 1:] if stops else near
    before = [t for t in near if not t.is_punct or t.text in ("'s", "’s")
              or t.text in ("'", "’") and t.i > 0 and t.nbor(-1).text.endswith("s") and t.idx == t.nbor(-1).idx + len(t.nbor(-1))]
    if before and before[-1].text in _POSSESSIVE:  # "said on MSNBC’s “Andrea Mitchell Reports”": a network's show
        before.pop()
        while before and before[-1].pos_ == "PROPN":
            before.pop()
        return bool(before) and before[-1].pos_ == "ADP" and len(content.split()) <= TITLE_WORDS
    # on a noun ("appearance on", "episode of"), not a verb ("described the plan as", "warned of"), which reports words
    return bool(before) and before[-1].pos_ == "ADP" and before[-1].head.pos_ in ("NOUN", "PROPN") \
        and len(content.split()) <= TITLE_WORDS


def _not_named_inside(ctx: QuoteContext, q: Quote) -> None:
    """A full quote whose "he"/"she" was resolved to someone the quote itself names in the third person (“I would not
    trust the president alone with Putin,” he said), as a name of its own (not "the Romney/Ryan ticket", "the Trump
    campaign"): the pronoun means someone else; the next candidate, or no name."""
    if q.partial or q.speaker is None or q.speaker_start is None:
        return
    toks = ctx.tokens(q.speaker_start, q.speaker_end)
    if len(toks) != 1 or toks[0].lower_ not in ("he", "she"):
        return
    words = q.speaker.split()
    last = surname(words)
    if not last or not any(t.text[:1].isupper() and key(t.text) == last and t.dep_ not in ("compound", "nmod", "amod")
                          and not _other_first_name(t, words) for t in ctx.tokens(q.start, q.end)):
        return  # a name of its own ("alone with Putin"), not "the Trump campaign" nor "my father, Fred Trump"
    q.speaker = ctx.people.pronoun(toks[0], exclude=frozenset({q.speaker}))[0]


def _other_first_name(tok, speaker_words: list[str]) -> bool:
    """Whether the surname ``tok`` follows a first name the speaker's name lacks ("Fred Trump" in Donald Trump's quote:
    his father, not himself)."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if before is None or before.pos_ != "PROPN" or not before.text[:1].isupper() or before.text.endswith("."):
        return False  # "Putin", "Mr. Putin", "President Putin": no first name
    return key(before.text) not in {key(w) for w in speaker_words}


def _trimmed(toks: list) -> list:
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’":
        toks.pop()
    while toks and toks[0].is_punct and toks[0].text not in "“\"‘":
        toks.pop(0)
    return toks


EXPECTING = {"expect", "want", "urge", "ask", "encourage", "push", "press", "need", "wait", "like", "prefer"}


def _expected(cue) -> bool:
    """A reporting verb in an infinitive that others expect of its subject ("they expect Stone to announce he is
    quitting"): nothing has been said yet."""
    return cue.dep_ in ("ccomp", "xcomp") and cue.head.lemma_.lower() in EXPECTING \
        and any(c.tag_ == "TO" for c in cue.children) and any(c.dep_ == "nsubj" for c in cue.children)


def _indirect(ctx: QuoteContext, direct: list[Quote], partial_cues: dict) -> list[Quote]:
    """Reported speech: the complement clause of a reporting verb ("X said that ..."), or the complement
    around a partial quote ("X called it a “disgrace”")."""
    full = [(q.start, q.end) for q in direct if not q.partial]
    partial = [(q.start, q.end, q.cue_start) for q in direct if q.partial and q.cue_start is not None]
    out = []
    for cue in ctx.doc:
        if cue.i in ctx.inside or cue.pos_ not in ("VERB", "AUX"):
            continue
        spans = []
        if cue.lemma_.lower() in INDIRECT and not _expected(cue):
            for comp in cue.children:
                if comp.dep_ == "ccomp":
                    spans.append(_trimmed([t for t in comp.subtree if not t.is_space and t.i != cue.i]))
        if not spans and cue.i in partial_cues:
            toks = [t for c in cue.children if c.i > cue.i and c.dep_ in COMPLEMENT_DEPS for t in c.subtree if not t.is_space]
            spans.append(_trimmed(sorted(toks, key=lambda t: t.i)))
        for toks in spans:
            while toks and any(s - 1 <= toks[0].idx < e + 1 for s, e in ctx.titles):
                toks = toks[1:]  # "said on CBS’s “Face the Nation” that …": what is said starts after the title
            if len([t for t in toks if t.is_alpha]) < 2:
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
            if not ctx.para(start) == ctx.para(end) == ctx.para(cue.idx):
                continue
            if any(min(end, e) - max(start, s) > 0.5 * (end - start) for s, e in full):
                continue
            if any(min(end, e) - max(start, s) > 0.5 * (end - start) for s, e, c in partial if c != cue.idx):
                continue  # mostly the words of a partial quote someone else is reported to have said
            q = Quote(ctx.text[start:end], start, end, False, "indirect")
            q.speaker, q.speaker_start, q.speaker_end = speaker_of_cue(ctx, cue)
            q.cue_start, q.cue_end = cue.idx, cue.idx + len(cue)
            out.append(q)
    return out
