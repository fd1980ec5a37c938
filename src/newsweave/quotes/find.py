"""Direct and indirect quotes with their speakers, from a cleaned text and its spaCy parse."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from .marks import MarkSpan, find_marked
from .reporting import REPORTING
from .speakers import NOT_PEOPLE, PRONOUNS, SUBJECT_DEPS, Mention, People, core_tokens, is_main

PHRASAL = {("go", "on"), ("point", "out"), ("fire", "back"), ("shoot", "back")}  # "“...,” he went on."
NAMING = {  # verbs that report words by naming or judging something with them ("called it a “disgrace”")
    "call", "describe", "label", "dub", "brand", "liken", "compare", "praise", "criticize", "criticise", "condemn",
    "hail", "rate", "proclaim", "chant", "decry", "denounce", "deride", "mock", "refer", "characterize",
    "characterise", "term", "blame", "thank", "pledge", "question", "dismiss", "cite", "quote", "invoke", "use",
}
COMPLEMENT_DEPS = {"dobj", "xcomp", "oprd", "prep", "attr", "acomp", "dative", "ccomp", "pobj"}
INDIRECT = REPORTING - {"continue", "read", "sing", "call", "order", "command", "instruct", "beg", "plead"} | {
    "believe", "think", "know", "fear", "hope", "expect", "feel", "estimate", "find", "show", "learn", "conclude"}
SHORT_WORDS = 3
AFTER_QUOTE_TOKENS = 16  # tokens between a closing mark and its cue searched for the speaker ("“...,” X, a ..., said")
SIGN_OFF_WORDS = 4  # a sentence after a quote with its reporting verb among its first words signs it ("Obama wrote.")
SAY_FORMS = {"said", "says", "told", "tells", "added", "adds", "wrote", "writes", "asked", "asks", "tweeted"}
RELATIVE = {"who", "which", "that", "whom"}
# things that carry someone's words: "issued a statement saying" is said by whoever issued it
MESSAGES = {"statement", "letter", "email", "e-mail", "memo", "release", "message", "note", "tweet", "post",
            "video", "interview", "speech", "remark", "comment", "op-ed", "column", "editorial", "filing", "ad"}


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


class _Context:
    def __init__(self, text: str, doc) -> None:
        self.text, self.doc = text, doc
        self.para_starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.para_starts.append(i + 1)
        self.tok_starts = [t.idx for t in doc]
        self.people = People(doc)
        self.inside: set[int] = set()

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


def _is_cue(tok) -> bool:
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    if tok.lower_ in SAY_FORMS:
        return True
    if tok.pos_ == "VERB" and any(c.dep_ == "prt" and (tok.lemma_.lower(), c.lower_) in PHRASAL for c in tok.children) \
            and not any(c.dep_ in ("prep", "dobj", "advcl", "xcomp") for c in tok.children if tok.lemma_.lower() == "go"):
        return True  # not "went on about ...", "went on to win"; "pointed out in December" is a cue
    return tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in REPORTING or tok.lemma_.lower() in NAMING)


def _ancestor_cue(ctx: _Context, toks: list, span: MarkSpan):
    """The nearest reporting verb above the quote's tokens, reached other than through its subject."""
    inside = {t.i for t in toks}
    paras = range(ctx.para(span.start), ctx.para(span.end) + 1)
    best = None
    for t in toks:
        node, steps = t, 0
        while node.head is not node and steps < 8:
            dep, node = node.dep_, node.head
            steps += 1
            if node.i in inside:
                continue
            if dep in SUBJECT_DEPS or dep in ("relcl", "appos"):
                break
            if ctx.para(node.idx) not in paras:
                break
            # the node itself, or a reporting verb set in it between commas ("Given that, X said, it was “...”")
            found = node if node.i not in ctx.inside and _is_cue(node) else next(
                (c for c in node.children if c.dep_ == "parataxis" and c.i not in ctx.inside and _is_cue(c)), None)
            if found is not None:
                if best is None or steps < best[0]:
                    best = (steps, found)
                break
    return best[1] if best else None


def _region_cue(ctx: _Context, span: MarkSpan):
    """The reporting word nearest the quote in the sentence(s) around it (same paragraphs), outside quotes.

    A quote introduced by a colon or comma reaches back into the sentence before it; one ending in
    ``,?!`` (or followed by a lower-case word) reaches into the sentence after it.
    """
    doc = ctx.doc
    p0, _ = ctx.para_span(span.start)
    _, p1 = ctx.para_span(span.end)
    first, last = ctx.tokens(span.start - 1, span.start), ctx.tokens(span.end, span.end + 1)
    if not last:  # a quote left open at the end of its paragraph: its last word
        last = ctx.tokens(span.end - 1, span.end)
    if not first or not last:
        return None
    lo, hi = max(first[0].sent.start_char, p0), min(last[-1].sent.end_char, p1)
    before = ctx.text[p0:span.start - 1].rstrip()
    colon = before[-1:] == ":"
    if not before.strip() and p0 > 0 and ctx.text[:p0].rstrip().endswith(":"):
        p0 = ctx.para_span(len(ctx.text[:p0].rstrip()) - 1)[0]  # "He said:" closing the paragraph before
        colon = True
        before = ":"
    intro = None
    if before[-1:] in ":,—" and first[0].i > 0:
        prev = doc[first[0].i - 1]
        while prev.i > 0 and (prev.is_space or prev.is_punct):
            prev = doc[prev.i - 1]
        lo = max(min(lo, prev.sent.start_char), p0)
        if colon and prev.idx >= p0:
            intro = prev.sent.root
    after = ctx.text[span.end + 1:p1].lstrip()
    inner = ctx.text[span.start:span.end].rstrip()[-1:]
    if after and (inner in ",?!—…-" or after[:1].islower() or after[:1] == ","):
        nxt = ctx.tokens(span.end + 1, p1)
        nxt = [t for t in nxt if t.i not in ctx.inside]
        if nxt:
            hi = max(hi, min(nxt[0].sent.end_char, p1))
    elif after:  # a short sentence signing the quote off: "“... in foreign courts.” Obama wrote."
        nxt = [t for t in ctx.tokens(span.end + 1, p1) if t.i not in ctx.inside]
        if nxt:
            end = min(nxt[0].sent.end_char, p1)
            words = [t for t in ctx.tokens(nxt[0].idx, end) if t.is_alpha]
            if any(_is_cue(t) and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in t.children)
                   for t in words[:SIGN_OFF_WORDS]):  # the quote is what the verb reports
                hi = max(hi, end)
    best = None
    for t in ctx.tokens(lo, hi):
        if t.i in ctx.inside or not _is_cue(t):
            continue
        dist = span.start - t.idx if t.idx < span.start else t.idx - span.end
        if best is None or dist < best[0]:
            best = (dist, t)
    if best is None and intro is not None and intro.i not in ctx.inside and intro.pos_ in ("VERB", "AUX") \
            and _colon_source(ctx, span) is None:
        return intro  # "X made the following comment:" (but not "... doesn't surprise Daron Shaw:")
    if best is None and colon and _colon_source(ctx, span) is None:
        # the sentence before the colon was parsed into the quote's: the verb of its subject ("Biden was quick to retort:")
        for t in reversed(ctx.tokens(lo, span.start - 1)):
            if t.i in ctx.inside and t.text != ":":
                break
            if t.dep_ == "nsubj" and t.head.i not in ctx.inside and t.head.pos_ in ("VERB", "AUX") and t.head.idx >= p0:
                return t.head
    return best[1] if best else None


def _nearer_introducer(ctx: _Context, span: MarkSpan, cue):
    """A reporting verb between ``cue`` (found above the quote in the parse) and the quote, with no other
    verb before the quote ("The spot concludes with footage of Trump saying during the debate, “...”"),
    else ``cue``."""
    if cue.idx > span.start:
        return cue
    p0, _ = ctx.para_span(span.start)
    for t in reversed(ctx.tokens(max(cue.idx + len(cue), p0), span.start - 1)):
        if t.i in ctx.inside:
            return cue
        if t.pos_ in ("VERB", "AUX"):
            said = t.lemma_.lower() in REPORTING or t.lower_ in SAY_FORMS
            return t if said and _is_cue(t) and t.i != cue.i else cue
    return cue


def _lead_in_cue(ctx: _Context, span: MarkSpan, prev: "Quote | None"):
    """For a whole-sentence quote with no reporting word of its own, the reporting word of the sentence
    just before it: in its paragraph ("Dukes walked out, saying she felt no anger. “Wal-Mart may be
    big.”"), or ending the paragraph before when the quote opens its own ("X told Fox News that ...
    / “The linguist in me ...”"); the last one there, when no earlier quote lies between; else None."""
    first = ctx.tokens(span.start, span.start + 1)
    if not first or _partial(ctx, span):
        return None
    p0, _ = ctx.para_span(span.start)
    sent = first[0].sent
    if any(ch.isalnum() for ch in ctx.text[sent.start_char:span.start]) or sent.start == 0:
        return None  # words before the quote in its own sentence: its region's reporting word, if any
    floor = p0
    if not any(ch.isalnum() for ch in ctx.text[p0:span.start]):
        if p0 == 0:
            return None
        floor = ctx.para_span(p0 - 1)[0]  # the quote opens its paragraph: the one before
    k = sent.start - 1
    while k > 0 and ctx.doc[k].is_space:
        k -= 1
    before = ctx.doc[k].sent
    if before.start_char < floor or (prev is not None and prev.end > before.start_char):
        return None
    cues = [t for t in before if t.i not in ctx.inside and t.idx >= floor and _is_cue(t)
            and (t.lemma_.lower() in REPORTING or t.lower_ in SAY_FORMS) and t.dep_ not in ("acl", "amod")]
    return cues[-1] if cues else None


def _nominal(tok, ctx: _Context) -> bool:
    return (tok.pos_ in ("PROPN", "NOUN") or (tok.pos_ == "PRON" and tok.lower_ in PRONOUNS)) \
        and tok.i not in ctx.inside and tok.ent_type_ not in ("DATE", "TIME") and not tok.is_space


def _name_head(tok, limit: int):
    while tok.dep_ in ("compound", "flat") and tok.i < tok.head.i < limit:
        tok = tok.head
    return tok


# verbs whose object a following "-ing" form describes ("shows Clinton asking", "heard him saying")
PERCEIVING = {"see", "hear", "show", "watch", "feature", "catch", "capture", "depict", "film", "record"}


def _subjects(ctx: _Context, node) -> list:
    """The subject children of ``node`` that are words outside quotes (not a stray dash, not a date), nearest first."""
    found = [c for c in node.children if c.dep_ == "nsubj" and c.i not in ctx.inside
             and any(ch.isalnum() for ch in c.text) and c.ent_type_ not in ("DATE", "TIME")]
    return sorted(found, key=lambda c: abs(c.i - node.i))


def _inner_label(ctx: _Context, first: int, last: int) -> bool:
    """Whether the quoted tokens ``first``..``last`` are a short label within the words around a quote
    ("“...,” Bill Eastland, wearing “Ted Cruz” pins, said"): marks around a few words that do not end
    with the stop or comma a quoted sentence ends with."""
    doc = ctx.doc
    if last - first < 2 or doc[first].text not in "“\"" or doc[last].text not in "”\"":
        return False
    words = [t for t in doc[first + 1:last] if not t.is_punct]
    return 0 < len(words) <= SHORT_WORDS and doc[last - 1].text not in ",.?!…—-:;"


def _named_before(ctx: _Context, cue):
    """A person's name right before the cue ("... and Justice Ruth Bader Ginsburg said"), else None."""
    doc = ctx.doc
    i = cue.i - 1
    while i >= 0 and (doc[i].pos_ in ("ADV", "AUX", "PART") or doc[i].is_space):
        i -= 1
    if i < 0 or doc[i].pos_ != "PROPN" or not _nominal(doc[i], ctx):
        return None
    if doc[i].ent_type_ == "PERSON" or ctx.people.known_surname(doc[i].text):
        return _name_head(doc[i], cue.i)
    return None


def _parallel_cue(ctx: _Context, cue):
    """For a cue joined by "and" to a verb that reports nothing, an earlier verb above it with the same
    lemma ("X said the F.B.I. ruined ... and said ...": the second "said" is X's too), else None."""
    if cue.dep_ != "conj" or _is_cue(cue.head):
        return None
    node, steps = cue.head, 0
    while node.head is not node and steps < 4:
        node, steps = node.head, steps + 1
        if node.i < cue.i and node.lemma_.lower() == cue.lemma_.lower() and node.i not in ctx.inside:
            return node
    return None


def _perceived(ctx: _Context, cue):
    """The person an "-ing" cue describes ("footage of Clinton asking", "shows Trump saying"), else None."""
    if cue.tag_ != "VBG" or _subjects(ctx, cue) or cue.i == 0:
        return None
    prev = ctx.doc[cue.i - 1]
    if not (prev.pos_ == "PROPN" and (prev.ent_type_ == "PERSON" or ctx.people.known_surname(prev.text))
            or prev.lower_ in ("him", "her")):
        return None
    if prev.dep_ == "pobj" and prev.head.lower_ == "of" or prev.dep_ == "dobj" and prev.head.lemma_.lower() in PERCEIVING:
        return prev
    return None


def _person_token(ctx: _Context, tok) -> bool:
    return tok.pos_ == "PROPN" and _nominal(tok, ctx) and (
        tok.ent_type_ == "PERSON" or tok.ent_type_ not in NOT_PEOPLE or ctx.people.known_surname(tok.text))


def _appositive_before(ctx: _Context, cue):
    """The name set off from the cue by an apposition or aside: "Marc Morial, the chief executive of the
    league, told", "Trump, in Kentucky, said", "Sen. Elizabeth Warren (D-MA) said"; else None."""
    doc = ctx.doc
    para = ctx.para(cue.idx)
    i = cue.i - 1
    while i >= 0 and doc[i].pos_ == "ADV":
        i -= 1
    if i >= 1 and doc[i].text == ")":  # a parenthesis: the word before it
        j = i - 1
        while j >= 0 and cue.i - j <= 8 and doc[j].text != "(":
            j -= 1
        if j >= 1 and doc[j].text == "(" and _person_token(ctx, doc[j - 1]) and ctx.para(doc[j - 1].idx) == para:
            return _name_head(doc[j - 1], j)
        return None
    if i < 1 or doc[i].text != ",":
        return None
    node, steps = doc[i - 1], 0
    while node.dep_ not in ("appos", "acl", "relcl") and node.head is not node and node.head.i < i and steps < 8:
        node, steps = node.head, steps + 1
    head = node.head
    if node.dep_ in ("appos", "acl", "relcl") and head.i < node.i and _person_token(ctx, head) \
            and ctx.para(head.idx) == para:
        return _name_head(head, node.i)  # "Bill Eastland, wearing a cowboy hat, said"
    if node.dep_ == "appos" and head.pos_ == "NOUN" and _person_token(ctx, node) and ctx.para(head.idx) == para:
        return _name_head(node, i)  # "her senior policy adviser, Jake Sullivan, said"
    j = i - 1  # an aside without a verb between two commas, the name before it
    while j >= 0 and i - j <= 8 and doc[j].text != "," and doc[j].pos_ not in ("VERB", "AUX") and doc[j].i not in ctx.inside:
        j -= 1
    if j >= 1 and j < i - 1 and doc[j].text == "," and _person_token(ctx, doc[j - 1]) and ctx.para(doc[j - 1].idx) == para:
        return _name_head(doc[j - 1], j)
    return None


def _subject(ctx: _Context, cue):
    """The token heading the cue's source."""
    if cue.lower_ == "according":
        for c in cue.children:
            if c.lower_ == "to":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None
    for c in cue.children:  # "dubbed X by pro-Kremlin sources"
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj" and g.i not in ctx.inside:
                    return g
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children) or cue.tag_ == "VBN" and cue.dep_ == "acl":
        return None  # "what has been dubbed “X”": the words have no named source here
    seen = _perceived(ctx, cue)
    if seen is not None:
        return seen
    if not _subjects(ctx, cue) and cue.dep_ == "conj":
        named = _named_before(ctx, cue)  # "... and Justice Ginsburg said": the name, not the first conjunct's subject
        if named is not None:
            return named
        parallel = _parallel_cue(ctx, cue)
        if parallel is not None:
            cue = parallel
    node = cue
    para = ctx.para(cue.idx)
    for _ in range(4):
        subjects = _subjects(ctx, node)
        if subjects:
            c = next((c for c in subjects if ctx.para(c.idx) == para), None)
            if c is None:  # a subject in another paragraph is a parse across a line break: the words near the verb
                if node is not cue and (named := _named_before(ctx, node)) is not None:
                    return named
                break
            if c.lower_ in RELATIVE and node.dep_ == "relcl":
                return node.head
            return c
        if node.dep_ == "relcl":
            return node.head
        if node.dep_ == "ccomp" and node.head.lower_ not in SAY_FORMS:
            # "The Times reports Liz Cheney first articulated ...": the object before a subjectless clause
            objects = [c for c in node.head.children if c.dep_ == "dobj" and c.i < node.i and c.pos_ == "PROPN"
                       and c.i not in ctx.inside and ctx.para(c.idx) == para]
            if objects:
                return objects[-1]
        if node.dep_ == "acl" and node.head.lemma_.lower() in MESSAGES and node.head.head is not node.head \
                and node.head.dep_ in ("dobj", "nsubjpass", "pobj", "conj"):
            node = node.head.head  # "Steele issued a statement saying: “...”": whoever issued it
            continue
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.dep_ == "dobj" \
                and node.head.head.lemma_.lower() not in PERCEIVING:
            node = node.head.head  # "The senator emailed supporters saying: “...”": the one who emailed
            continue
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.pos_ in ("PROPN", "NOUN", "PRON") \
                and node.head.lemma_.lower() not in MESSAGES and ctx.para(node.head.idx) == para:
            return node.head  # "footage of Clinton asking, “...”"
        if node.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp", "prep", "pobj") and node.head is not node:
            node = node.head
            continue
        break
    for c in cue.children:  # "said Mr X" parsed as an object
        if c.dep_ in ("dobj", "attr", "npadvmod") and c.pos_ == "PROPN" and c.i > cue.i and _nominal(c, ctx):
            return c
    doc = ctx.doc
    # the words between a closing quote and the cue ("“...,” Flynn, a surrogate, said")
    i, reach = cue.i - 1, AFTER_QUOTE_TOKENS
    while i >= 0 and cue.i - i <= reach and "\n" not in doc[i].text:
        if i in ctx.inside:
            j = i
            while j > 0 and j - 1 in ctx.inside:
                j -= 1
            if not _inner_label(ctx, j, i):
                break
            reach += i - j + 1
            i = j  # a label inside the words after the quote: read on
        i -= 1
    if i >= 0 and i in ctx.inside and cue.i - i <= reach:
        for j in range(i + 1, cue.i):
            if _nominal(doc[j], ctx):
                return _name_head(doc[j], cue.i)
    i = cue.i - 1  # a name right before the cue ("... Chief Chuck Jordan said")
    while i >= 0 and (doc[i].pos_ in ("ADV", "AUX", "PART") or doc[i].is_space):
        i -= 1
    if i >= 0 and _nominal(doc[i], ctx):
        return _name_head(doc[i], cue.i)
    named = _appositive_before(ctx, cue)
    if named is not None:
        return named
    i = cue.i + 1  # "Said Ellis:"
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    if i < len(doc) and doc[i].pos_ == "PROPN" and _nominal(doc[i], ctx):
        return _name_head(doc[i], len(doc))
    return None


COLON_SOURCE_WORDS = 8  # words of a heading "NAME:" before a quote ("A seismic shift - Mark Blumenthal: “...”")


def _colon_source(ctx: _Context, span: MarkSpan):
    """A person named right before the colon that introduces a quote, in a short phrase with no reporting
    verb ("... - Mark Blumenthal and Jon Cohen: “...”", "... doesn't surprise pollster Daron Shaw: “...”"):
    (the name's token, whether the phrase opens its paragraph or follows a dash or stop, as a heading
    does), else None."""
    p0, _ = ctx.para_span(span.start)
    before = ctx.text[p0:span.start - 1].rstrip()
    if before[-1:] != ":":
        return None
    toks = [t for t in ctx.tokens(p0, p0 + len(before) - 1) if not t.is_space and t.i not in ctx.inside]
    phrase, bounded = [], True
    for t in reversed(toks):
        if t.text in (".", "-", "—", "–", "―", "!", "?"):
            break
        if t.pos_ in ("VERB", "AUX"):
            if _is_cue(t):
                return None  # "told Smith:": the one told does not speak
            bounded = False
            break
        phrase.append(t)
    if not phrase or len(phrase) > COLON_SOURCE_WORDS:
        return None
    last = phrase[0]
    if last.pos_ == "PROPN" and (last.ent_type_ == "PERSON" or ctx.people.known_surname(last.text)) and _nominal(last, ctx):
        return last, bounded
    return None


def _speaker(ctx: _Context, cue) -> tuple[str | None, int | None, int | None]:
    return _speaker_of(ctx, _subject(ctx, cue) if cue is not None else None)


def _speaker_of(ctx: _Context, head) -> tuple[str | None, int | None, int | None]:
    """The speaker's name and span from the token heading its mention."""
    if head is None:
        return None, None, None
    if head.lower_ in PRONOUNS and head.pos_ == "PRON":
        name, _ = ctx.people.pronoun(head)
        return name, head.idx, head.idx + len(head)
    if head.pos_ == "NOUN":
        # "the N.C.A.A. president, Mark Emmert, said": the name in apposition (to the head or its complement)
        named = [c for c in head.subtree if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > head.i
                 and (c.ent_type_ == "PERSON" or c.head.i == head.i and c.ent_type_ not in NOT_PEOPLE)]
        # "the report, by White House Counsel Robert Bauer": its author
        if not named and head.lemma_.lower() in MESSAGES:
            named = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "by"
                     for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "PERSON"]
        # "Trump’s account tweeted": the account holder
        if not named and head.lemma_.lower() in MESSAGES | {"account", "feed", "page"}:
            named = [c for c in head.children if c.dep_ == "poss" and (
                c.ent_type_ == "PERSON" or c.pos_ == "PROPN" and ctx.people.known_surname(c.text))]
        if named:
            head = _name_head(named[0], len(ctx.doc))
    toks = [t for t in core_tokens(head) if t.lower_ not in SAY_FORMS] or [head]
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    person = [t for t in toks if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]  # not "pro-Kremlin sources"
    described = None
    if not person and (head.pos_ == "NOUN" or head.ent_type_ == "NORP" or head.text.islower()):  # "the Texas governor", "the Arizona Republican"
        described = ctx.people.describe(toks, start)
    if described:
        name, proper = described, True
    elif person or (head.pos_ == "PROPN" and (head.ent_type_ not in NOT_PEOPLE or ctx.people.known_surname(head.text))):
        name = ctx.people.resolve([t.text for t in (person or toks)])
        proper = True
    else:
        if head.pos_ == "PROPN" and head.left_edge.i < toks[0].i:  # keep an organisation's possessor
            toks = [t for t in head.subtree if t.i <= head.i and t.i >= head.left_edge.i]
            start = toks[0].idx
        name = ctx.text[start:end]
        if name.split(" ", 1)[0] in ("A", "An", "The"):
            name = name[0].lower() + name[1:]
        proper = False
    if name:
        sent = ctx.people.sent_of.get(head.i, 0)
        ctx.people.add(Mention(start, end, name, True, proper, sent, True))
    return name or None, start, end


_DASH = re.compile(r"[ \t\u00a0]*[―—–-][ \t\u00a0]*([^\n]{2,80}?)[ .\t\u00a0]*$")


def _dash_source(ctx: _Context, span: MarkSpan) -> tuple[str | None, int, int] | None:
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


_SMALL = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "for", "to", "with", "by", "de", "von", "van"}


def _title_like(content: str) -> bool:
    words = [w.strip(".,;:!?()") for w in content.split()]
    words = [w for w in words if w]
    return bool(words) and all(w[:1].isupper() or w.lower() in _SMALL for w in words) and words[0][:1].isupper()


def _partial(ctx: _Context, span: MarkSpan) -> bool:
    content = ctx.text[span.start:span.end].lstrip("… .")
    first = next((ch for ch in content if ch.isalpha()), "")
    if first.islower():
        return True
    p0, _ = ctx.para_span(span.start)
    toks = ctx.tokens(span.start, span.start + 1)
    lo = max(p0, toks[0].sent.start_char) if toks else p0
    before = ctx.text[lo:span.start - 1].strip()
    return bool(before) and before[-1] not in ":,—–-" and not before.endswith(("said", "says", "added"))


def _quote_only(ctx: _Context, span: MarkSpan) -> bool:
    p0, p1 = ctx.para_span(span.start)
    rest = ctx.text[p0:span.start] + ctx.text[span.end:p1]
    return not any(ch.isalnum() for ch in rest)


def _content(ctx: _Context, span: MarkSpan) -> str:
    parts = [ctx.text[s:e].strip() for s, e in span.segments]
    return " ".join(p for p in parts if p)


def find_quotes(text: str, doc) -> list[Quote]:
    """Direct and indirect quotes of ``text`` (``doc`` = the spaCy parse of that same text), in text order."""
    ctx = _Context(text, doc)
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
        content = _content(ctx, span)
        if not content or not any(ch.isalnum() for ch in content):
            continue
        partial = _partial(ctx, span)
        short = len(content.split()) <= SHORT_WORDS
        colon = _colon_source(ctx, span)
        cue = False if colon is not None and colon[1] else _ancestor_cue(ctx, toks, span)
        if cue:
            cue = _nearer_introducer(ctx, span, cue)
        if cue is None and short and not partial and _dash_source(ctx, span) is not None:
            cue = False
        if cue is None and not (short and partial):
            cue = _region_cue(ctx, span)
            if cue is not None and short:
                gap = ctx.text[span.end + 1:cue.idx] if cue.idx > span.end else ctx.text[cue.idx:span.start]
                if len(gap.split()) > 4:
                    cue = None
        if short and partial and _title_like(content):
            continue  # names and titles: “General Armageddon”, “Fox and Friends”
        if cue is None and short and not (not partial and prev is not None and prev.speaker_start is not None
                                          and ctx.para(prev.end) == ctx.para(span.start)):
            continue  # scare quotes, nicknames, titles
        q = Quote(content, span.start, span.end, partial, "direct")
        byline = _dash_source(ctx, span)
        if byline is not None:
            q.speaker, q.speaker_start, q.speaker_end = byline
            q.cue_start = q.cue_end = span.end + 1
        elif cue:
            q.speaker, q.speaker_start, q.speaker_end = _speaker(ctx, cue)
            q.cue_start, q.cue_end = cue.idx, cue.idx + len(cue)
        elif colon is not None:
            q.speaker, q.speaker_start, q.speaker_end = _speaker_of(ctx, colon[0])
            q.cue_start = q.cue_end = ctx.text.rindex(":", 0, span.start)
        elif (lead := _lead_in_cue(ctx, span, prev)) is not None:
            q.speaker, q.speaker_start, q.speaker_end = _speaker(ctx, lead)
            q.cue_start, q.cue_end = lead.idx, lead.idx + len(lead)
        elif prev is not None and prev.speaker_start is not None and (
                ctx.para(prev.end) == ctx.para(span.start)
                or (not partial and _quote_only(ctx, span) and ctx.para(span.start) - ctx.para(prev.end) == 1)):
            # the quote before it in the paragraph (a partial one too: "Either ..., “or else ...”"), or a
            # paragraph that is only a quote right after one
            q.speaker, q.speaker_start, q.speaker_end = prev.speaker, prev.speaker_start, prev.speaker_end
            q.cue_start, q.cue_end = prev.cue_start, prev.cue_end
        quotes.append(q)
        prev = q
        if cue and partial:
            cues.setdefault(cue.i, cue)
    quotes.extend(_indirect(ctx, quotes, cues))
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _trimmed(toks: list) -> list:
    while toks and toks[-1].is_punct and toks[-1].text not in "”\"’":
        toks.pop()
    while toks and toks[0].is_punct and toks[0].text not in "“\"‘":
        toks.pop(0)
    return toks


def _indirect(ctx: _Context, direct: list[Quote], partial_cues: dict) -> list[Quote]:
    """Reported speech: the complement clause of a reporting verb ("X said that ..."), or the complement
    around a partial quote ("X called it a “disgrace”")."""
    full = [(q.start, q.end) for q in direct if not q.partial]
    partial = [(q.start, q.end, q.cue_start) for q in direct if q.partial and q.cue_start is not None]
    out = []
    for cue in ctx.doc:
        if cue.i in ctx.inside or cue.pos_ not in ("VERB", "AUX"):
            continue
        spans = []
        if cue.lemma_.lower() in INDIRECT:
            for comp in cue.children:
                if comp.dep_ == "ccomp":
                    spans.append(_trimmed([t for t in comp.subtree if not t.is_space and t.i != cue.i]))
        if not spans and cue.i in partial_cues:
            toks = [t for c in cue.children if c.i > cue.i and c.dep_ in COMPLEMENT_DEPS for t in c.subtree if not t.is_space]
            spans.append(_trimmed(sorted(toks, key=lambda t: t.i)))
        for toks in spans:
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
            q.speaker, q.speaker_start, q.speaker_end = _speaker(ctx, cue)
            q.cue_start, q.cue_end = cue.idx, cue.idx + len(cue)
            out.append(q)
    return out
