"""The reporting word a quote hangs on ("said", "according to", "called it a ..."): the cue lexicon,
and the searches for a quote's cue in the parse above it, in the sentences around it, in the sentence
before it, or a named source introducing it with a colon."""
from __future__ import annotations

from .context import QuoteContext, is_partial, nominal
from .marks import MarkSpan
from .reporting import REPORTING
from .speakers import SUBJECT_DEPS

PHRASAL = {("go", "on"), ("point", "out"), ("fire", "back"), ("shoot", "back")}  # "“...,” he went on."
NAMING = {  # verbs that report words by naming or judging something with them ("called it a “disgrace”")
    "call", "describe", "label", "dub", "brand", "liken", "compare", "praise", "criticize", "criticise", "condemn",
    "hail", "rate", "proclaim", "chant", "decry", "denounce", "deride", "mock", "refer", "characterize",
    "characterise", "term", "blame", "thank", "pledge", "question", "dismiss", "cite", "quote", "invoke", "use",
}
# naming verbs taking a quoted complement: their object someone's words are judged by the quoted words ("calling her
# remarks “highly inappropriate”"), not said in them
JUDGING = {"call", "describe", "label", "dub", "brand", "term", "characterize", "characterise"}
SIGN_OFF_WORDS = 4  # a sentence after a quote with its reporting verb among its first words signs it ("Obama wrote.")
SAY_FORMS = {"said", "says", "told", "tells", "added", "adds", "wrote", "writes", "asked", "asks", "tweeted"}
# things that carry someone's words: "issued a statement saying" is said by whoever issued it
MESSAGES = {"statement", "letter", "email", "e-mail", "memo", "release", "message", "note", "tweet", "post",
            "video", "interview", "speech", "remark", "comment", "op-ed", "column", "editorial", "filing", "ad"}

# words someone's words are said in, owned by their speaker: "his claim that it is a “war of choice”"
SPEECH_NOUNS = MESSAGES | {"claim", "assertion", "words", "warning", "promise", "pledge", "suggestion", "argument",
                           "accusation", "insistence", "declaration", "vow", "boast", "admission", "contention",
                           "prediction", "complaint", "description", "characterization", "quip", "retort"}


def owned_words(ctx: QuoteContext, tok):
    """The owner of a speech noun ("his claim", "Ann Lee's statement"): a name or "his"/"her", else None."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in SPEECH_NOUNS or tok.i in ctx.inside:
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.i not in ctx.inside), None)
    if owner is None or not (owner.pos_ == "PROPN" or owner.lower_ in ("his", "her")):
        return None
    return owner


def is_cue(tok) -> bool:
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    if tok.lower_ in SAY_FORMS:
        return True
    if tok.pos_ == "VERB" and any(c.dep_ == "prt" and (tok.lemma_.lower(), c.lower_) in PHRASAL for c in tok.children) \
            and not any(c.dep_ in ("prep", "dobj", "advcl", "xcomp") for c in tok.children if tok.lemma_.lower() == "go"):
        return True  # not "went on about ...", "went on to win"; "pointed out in December" is a cue
    return tok.pos_ in ("VERB", "AUX") and (tok.lemma_.lower() in REPORTING or tok.lemma_.lower() in NAMING)


def with_doer(ctx: QuoteContext, cue):
    """The one doing an "-ing" cue in a "with X doing" phrase ("The criticism peaked with Tom Hale, an
    editor, writing a letter"), however the parser attached the cue: the person object of "with" whose
    phrase ends right before the cue; else None."""
    if cue.tag_ != "VBG" or cue.i == 0 or any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return None
    doc = ctx.doc
    i = cue.i - 1
    while i > 0 and (doc[i].is_punct or doc[i].is_space):
        i -= 1
    node = doc[i]  # up to the object of "with" whose phrase holds the word before the cue
    while not (node.dep_ == "pobj" and node.head.lower_ == "with") and node.head.i != node.i and node.head.i < cue.i:
        node = node.head
    if node.dep_ != "pobj" or node.head.lower_ != "with" or node.i in ctx.inside or not i <= node.right_edge.i < cue.i:
        return None
    if node.lower_ in ("him", "her") or node.pos_ == "PROPN" and nominal(node, ctx) and (
            node.ent_type_ == "PERSON" or ctx.people.known_surname(node.text)):
        return node
    return None


def ancestor_cue(ctx: QuoteContext, toks: list, span: MarkSpan):
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
            # the node itself (a reporting verb, or words someone owns: "his claim that ..."), or a
            # reporting verb set in it between commas ("Given that, X said, it was “...”")
            found = node if node.i not in ctx.inside and (is_cue(node) or owned_words(ctx, node) is not None) else next(
                (c for c in node.children if c.dep_ == "parataxis" and c.i not in ctx.inside and is_cue(c)), None)
            if found is node and not is_cue(node) and dep not in ("acl", "ccomp", "relcl") \
                    and node.dep_ == "dobj" and node.head.lemma_.lower() in JUDGING and node.head.i not in ctx.inside:
                found = node.head  # "calling her remarks “highly inappropriate”": the caller's words, not hers
            if found is not None and _requested(found) and found.head.i not in ctx.inside:
                found = found.head  # "asked that Clinton agree to a “transcribed” interview": the asker's words
            if found is not None:
                if best is None or steps < best[0]:
                    best = (steps, found)
                break
    return best[1] if best else None


REQUESTING = {"ask", "request", "demand", "urge", "recommend", "propose", "require"}  # not "suggest", "insist": they state too


def _requested(verb) -> bool:
    """Whether ``verb`` is what someone asks of another ("asked that Clinton agree to …"): the bare verb, without a
    modal, of a "that" clause under a verb of requesting."""
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REQUESTING and verb.tag_ in ("VB", "VBP") \
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children) \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


TELLING = {"say", "tell", "write", "warn", "ask", "explain", "insist", "add", "promise", "assure"}  # words to someone


def inner_teller(ctx: QuoteContext, cue, span: MarkSpan):
    """For a cue whose clause reports someone telling, with nothing else told ("“...,” aides said Mr. Hale
    told his colleagues"), that innermost reporting verb, whose subject speaks the quoted words; else ``cue``."""
    for _ in range(3):
        inner = next((c for c in cue.children if c.dep_ == "ccomp" and c.i not in ctx.inside and c.i > cue.i
                      and c.lemma_.lower() in TELLING and is_cue(c)), None)
        if inner is None or not any(c.dep_ == "nsubj" and c.i not in ctx.inside and c.pos_ in ("PROPN", "PRON") for c in inner.children) \
                or any(c.dep_ in ("ccomp", "xcomp") for c in inner.children) \
                or inner.left_edge.idx <= span.start < inner.right_edge.idx:
            break
        cue = inner
    return cue


def region_cue(ctx: QuoteContext, span: MarkSpan):
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
            if any(is_cue(t) and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in t.children)
                   for t in words[:SIGN_OFF_WORDS]):  # the quote is what the verb reports
                hi = max(hi, end)
    best = None
    for t in ctx.tokens(lo, hi):
        if t.i in ctx.inside or not is_cue(t):
            continue
        dist = span.start - t.idx if t.idx < span.start else t.idx - span.end
        if best is None or dist < best[0]:
            best = (dist, t)
    if best is None and intro is not None and intro.i not in ctx.inside and intro.pos_ in ("VERB", "AUX") \
            and colon_source(ctx, span) is None:
        return intro  # "X made the following comment:" (but not "... doesn't surprise Daron Shaw:")
    if best is None and colon and colon_source(ctx, span) is None:
        # the sentence before the colon was parsed into the quote's: the verb of its subject ("Biden was quick to retort:")
        for t in reversed(ctx.tokens(lo, span.start - 1)):
            if t.i in ctx.inside and t.text != ":":
                break
            if t.dep_ == "nsubj" and t.head.i not in ctx.inside and t.head.pos_ in ("VERB", "AUX") and t.head.idx >= p0:
                return t.head
    return best[1] if best else None


def nearer_introducer(ctx: QuoteContext, span: MarkSpan, cue):
    """A reporting verb between ``cue`` (found above the quote in the parse) and the quote, with no other
    verb before the quote ("The spot concludes with footage of Trump saying during the debate, “...”"),
    else ``cue``; a participle describing a noun ("the interactions described by the White House") is
    not such a verb."""
    if cue.idx > span.start:
        return cue
    p0, _ = ctx.para_span(span.start)
    for t in reversed(ctx.tokens(max(cue.idx + len(cue), p0), span.start - 1)):
        if t.i in ctx.inside:
            return cue
        if t.pos_ in ("VERB", "AUX"):
            said = t.lemma_.lower() in REPORTING or t.lower_ in SAY_FORMS
            # not a participle describing a noun: "X said the interactions described by Y “represent ...”"
            described = t.tag_ == "VBN" and t.dep_ == "acl"
            # nor what someone is asked to do ("asked that Clinton agree to a “transcribed” interview")
            return t if said and is_cue(t) and t.i != cue.i and not described and not _requested(t) else cue
    return cue


def lead_in_cue(ctx: QuoteContext, span: MarkSpan, prev_end: int | None):
    """For a whole-sentence quote with no reporting word of its own, the reporting word of the sentence
    just before it: in its paragraph ("Dukes walked out, saying she felt no anger. “Wal-Mart may be
    big.”"), or ending the paragraph before when the quote opens its own ("X told Fox News that ...
    / “The linguist in me ...”"); the last one there, when no earlier quote lies between (``prev_end``: where the quote before it ends); else None."""
    first = ctx.tokens(span.start, span.start + 1)
    if not first or is_partial(ctx, span):
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
    if before.start_char < floor or (prev_end is not None and prev_end > before.start_char):
        return None
    cues = [t for t in before if t.i not in ctx.inside and t.idx >= floor and is_cue(t)
            and (t.lemma_.lower() in REPORTING or t.lower_ in SAY_FORMS)
            and (t.dep_ not in ("acl", "amod") or with_doer(ctx, t) is not None)]
    return cues[-1] if cues else None


COLON_SOURCE_WORDS = 8  # words of a heading "NAME:" before a quote ("A seismic shift - Mark Blumenthal: “...”")


def colon_source(ctx: QuoteContext, span: MarkSpan):
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
            if is_cue(t):
                return None  # "told Smith:": the one told does not speak
            bounded = False
            break
        phrase.append(t)
    if not phrase or len(phrase) > COLON_SOURCE_WORDS:
        return None
    last = phrase[0]
    if last.pos_ == "PROPN" and (last.ent_type_ == "PERSON" or ctx.people.known_surname(last.text)) and nominal(last, ctx):
        return last, bounded
    return None
