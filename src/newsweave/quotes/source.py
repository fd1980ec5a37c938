"""Who a reporting word reports: the token heading its source's mention (subject, agent, "according
to", a name before the cue or between it and the closing quotation mark, an apposition), and the
speaker's name and span made of it (a quote signed after a dash: :mod:`.byline`)."""
from __future__ import annotations

from .context import SHORT_WORDS, QuoteContext, modifies, name_head, nominal
from .cues import MESSAGES, SAY_FORMS, SPEECH_NOUNS, is_cue, owned_words, with_doer
from .name_words import TITLES, key
from .referents import group_named, thing_named
from .speakers import NOT_PEOPLE, POSSESSIVES, PRONOUNS, Mention, core_tokens

AFTER_QUOTE_TOKENS = 16  # tokens between a closing mark and its cue searched for the speaker ("“...,” X, a ..., said")
RELATIVE = {"who", "which", "that", "whom"}
# writings whose words are their author's ("the report, by White House Counsel Robert Bauer, concluded")
WRITINGS = {"report", "study", "book", "article", "analysis", "review", "paper", "essay", "letter", "memoir"}
ANSWERS = {"response", "reply", "answer", "rebuttal"}  # words given back by someone: "a response from the GOP"
# what a person's words come in, theirs when named by the person's name ("Obama’s response was clear: “…”")
OWN_NOUNS = SPEECH_NOUNS | ANSWERS | WRITINGS | {"word", "account", "feed", "page"}
SENDERS = ("PERSON", "ORG", "NORP")  # entity types of whom such words come from (not a place: "a statement from Chicago")
# verbs whose object a following "-ing" form describes ("shows Clinton asking", "heard him saying")
PERCEIVING = {"see", "hear", "show", "watch", "feature", "catch", "capture", "depict", "film", "record"}
# words for a part of a group, whose "of" phrase says who speaks ("a handful of party insiders")
PORTIONS = {"handful", "some", "many", "few", "several", "most", "majority", "minority", "number", "group", "dozen",
            "dozens", "half", "one", "two", "three", "none", "all", "both", "any", "each", "couple", "score"}
PORTION_REACH = 10  # tokens after the word a part's phrase may reach
# passive verbs whose subject speaks the words of a cue below them ("was quoted as saying", "was heard telling")
QUOTED_AS = PERCEIVING | {"quote", "cite", "overhear", "report"}


def _subjects(ctx: QuoteContext, node) -> list:
    """The subject children of ``node`` that are words outside quotes (not a stray dash, not a date), nearest first."""
    found = [c for c in node.children if c.dep_ == "nsubj" and c.i not in ctx.inside
             and any(ch.isalnum() for ch in c.text) and c.ent_type_ not in ("DATE", "TIME")]
    return sorted(found, key=lambda c: abs(c.i - node.i))


def _inner_label(ctx: QuoteContext, first: int, last: int) -> bool:
    """Whether the quoted tokens ``first``..``last`` are a short label within the words around a quote
    ("“...,” Bill Eastland, wearing “Ted Cruz” pins, said"): marks around a few words that do not end
    with the stop or comma a quoted sentence ends with."""
    doc = ctx.doc
    if last - first < 2 or doc[first].text not in "“\"" or doc[last].text not in "”\"":
        return False
    words = [t for t in doc[first + 1:last] if not t.is_punct]
    return 0 < len(words) <= SHORT_WORDS and doc[last - 1].text not in ",.?!…—-:;"


def _named_before(ctx: QuoteContext, cue):
    """A person's name right before the cue ("... and Justice Ruth Bader Ginsburg said"), else None."""
    doc = ctx.doc
    i = cue.i - 1
    while i >= 0 and (doc[i].pos_ in ("ADV", "AUX", "PART") or doc[i].is_space):
        i -= 1
    if i < 0 or doc[i].pos_ != "PROPN" or not nominal(doc[i], ctx):
        return None
    if doc[i].ent_type_ == "PERSON" or ctx.people.known_surname(doc[i].text):
        return name_head(doc[i], cue.i)
    return None


def _parallel_cue(ctx: QuoteContext, cue):
    """For a cue joined by "and" to a verb that reports nothing, an earlier verb above it with the same
    lemma ("X said the F.B.I. ruined ... and said ...": the second "said" is X's too), else None."""
    if cue.dep_ != "conj" or is_cue(cue.head):
        return None
    node, steps = cue.head, 0
    while node.head is not node and steps < 4:
        node, steps = node.head, steps + 1
        if node.i < cue.i and node.lemma_.lower() == cue.lemma_.lower() and node.i not in ctx.inside:
            return node
    return None


def _perceived(ctx: QuoteContext, cue):
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


def _person_token(ctx: QuoteContext, tok) -> bool:
    return tok.pos_ == "PROPN" and nominal(tok, ctx) and (
        tok.ent_type_ == "PERSON" or tok.ent_type_ not in NOT_PEOPLE or ctx.people.known_surname(tok.text))


def _appositive_before(ctx: QuoteContext, cue):
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
            return name_head(doc[j - 1], j)
        return None
    if i < 1 or doc[i].text != ",":
        return None
    node, steps = doc[i - 1], 0
    while node.dep_ not in ("appos", "acl", "relcl") and node.head is not node and node.head.i < i and steps < 8:
        node, steps = node.head, steps + 1
    head = node.head
    if node.dep_ in ("appos", "acl", "relcl") and head.i < node.i and _person_token(ctx, head) \
            and ctx.para(head.idx) == para:
        return name_head(head, node.i)  # "Bill Eastland, wearing a cowboy hat, said"
    if node.dep_ == "appos" and head.pos_ == "NOUN" and _person_token(ctx, node) and ctx.para(head.idx) == para:
        return name_head(node, i)  # "her senior policy adviser, Jake Sullivan, said"
    j = i - 1  # an aside without a verb between two commas, the name before it
    while j >= 0 and i - j <= 8 and doc[j].text != "," and doc[j].pos_ not in ("VERB", "AUX") and doc[j].i not in ctx.inside:
        j -= 1
    if j >= 1 and j < i - 1 and doc[j].text == "," and _person_token(ctx, doc[j - 1]) and ctx.para(doc[j - 1].idx) == para:
        return name_head(doc[j - 1], j)
    return None


def _paragraph_subject(ctx: QuoteContext, cue):
    """The name opening the cue's paragraph when the cue's topmost verb in that paragraph has no subject:
    "Mr. Steele, seeking to clarify ..., issued a statement, saying ..." parsed onto the paragraph
    before it. Only a name followed by a comma or by the verb itself, with no other verb heading a
    clause in between."""
    para = ctx.para(cue.idx)
    verb = cue
    while verb.head.i != verb.i and ctx.para(verb.head.idx) == para and verb.dep_ not in ("ccomp", "parataxis"):
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    doc = ctx.doc
    start, _ = ctx.para_span(verb.idx)
    first = next((t for t in doc if t.idx >= start and not t.is_space), None)
    if first is None or first.i >= verb.i or first.i in ctx.inside:
        return None
    i = first.i
    while i < verb.i and doc[i].pos_ == "PROPN":
        i += 1
    if i == first.i or not _person_token(ctx, doc[i - 1]) or doc[i - 1].ent_type_ != "PERSON" and not ctx.people.known_surname(doc[i - 1].text):
        return None
    if i < verb.i and doc[i].text != ",":
        return None
    if any(t.dep_ in ("ROOT", "ccomp", "conj") and t.pos_ in ("VERB", "AUX") for t in doc[i:verb.i]):
        return None
    return doc[i - 1]


def _subject(ctx: QuoteContext, cue):
    """The token heading the cue's source."""
    owner = owned_words(ctx, cue)
    if owner is not None:
        return owner
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
    doer = with_doer(ctx, cue)
    if doer is not None:
        return doer
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
        if node is not cue and node.lemma_.lower() in QUOTED_AS:
            passive = [c for c in node.children if c.dep_ == "nsubjpass" and c.i not in ctx.inside and ctx.para(c.idx) == para]
            if passive:
                return passive[0]  # "Justice Kaplan was quoted as saying ...", "Lee was heard telling ..."
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
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.dep_ == "pobj" and node.head.head.dep_ in ("dative", "prep") \
                and node.head.head.lower_ == "to" and node.head.head.head.pos_ == "VERB" \
                and node.head.head.head.lemma_.lower() not in PERCEIVING:
            node = node.head.head.head  # "He sent an e-mail to members saying ...": the one who sent it
            continue
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.pos_ in ("PROPN", "NOUN", "PRON") \
                and node.head.lemma_.lower() not in MESSAGES and ctx.para(node.head.idx) == para:
            return node.head  # "footage of Clinton asking, “...”"
        if node.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp", "prep", "pobj") and node.head is not node:
            node = node.head
            continue
        break
    for c in cue.children:  # "said Mr X" parsed as an object
        if c.dep_ in ("dobj", "attr", "npadvmod") and c.pos_ == "PROPN" and c.i > cue.i and nominal(c, ctx):
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
            if nominal(doc[j], ctx):
                return name_head(doc[j], cue.i)
    i = cue.i - 1  # a name right before the cue ("... Chief Chuck Jordan said")
    while i >= 0 and (doc[i].pos_ in ("ADV", "AUX", "PART") or doc[i].is_space):
        i -= 1
    if i >= 0 and nominal(doc[i], ctx):
        return name_head(doc[i], cue.i)
    named = _appositive_before(ctx, cue)
    if named is not None:
        return named
    named = _paragraph_subject(ctx, cue)
    if named is not None:
        return named
    i = cue.i + 1  # "Said Ellis:"
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    if i < len(doc) and doc[i].pos_ == "PROPN" and nominal(doc[i], ctx):
        return name_head(doc[i], len(doc))
    return None


TITLE_TOKENS = 5  # tokens a title widened at a small word may have
TITLE_LINKS = {"On", "Of", "The", "And", "In", "For", "At", "To"}  # small words a title capitalises


def _title_run(ctx: QuoteContext, toks: list) -> list:
    """The tokens of a name widened over a title the parser split at a capitalised small word in mid-sentence
    ("Hotline On Call", "Meet The Press"): a capitalised link word with a capitalised word beyond it, words
    parted by single spaces; not a person's name, nor in a headline in title case, nor over 5 tokens."""
    doc = ctx.doc

    def title_word(t) -> bool:  # a capitalised word, not a link word, outside quotes
        return t.is_alpha and t.text[:1].isupper() and t.i not in ctx.inside and t.text not in TITLE_LINKS

    def spaced(t) -> bool:
        return t.whitespace_ == " "

    lo, hi = toks[0].i, toks[-1].i
    while lo >= 2 and doc[lo - 1].text in TITLE_LINKS and title_word(doc[lo - 2]) and spaced(doc[lo - 2]) and spaced(doc[lo - 1]):
        lo -= 2
        while lo >= 1 and title_word(doc[lo - 1]) and spaced(doc[lo - 1]):
            lo -= 1
    while hi + 2 < len(doc) and doc[hi + 1].text in TITLE_LINKS and title_word(doc[hi + 2]) and spaced(doc[hi]) \
            and spaced(doc[hi + 1]):
        hi += 2
        while hi + 1 < len(doc) and title_word(doc[hi + 1]) and spaced(doc[hi]):
            hi += 1
    if (lo, hi) == (toks[0].i, toks[-1].i) or hi - lo >= TITLE_TOKENS or any(t.ent_type_ == "PERSON" for t in toks) \
            or doc[lo].lower_ in TITLES:
        return toks
    words = [t for t in toks[-1].sent if t.is_alpha]
    if 2 * sum(t.text[:1].islower() for t in words) < len(words):
        return toks  # a headline in title case ("CNN President On Trump")
    return [doc[i] for i in range(lo, hi + 1)]


def speaker_of_cue(ctx: QuoteContext, cue) -> tuple[str | None, int | None, int | None]:
    return speaker_of(ctx, _subject(ctx, cue) if cue is not None else None)


def speaker_of(ctx: QuoteContext, head, remember: bool = True) -> tuple[str | None, int | None, int | None]:
    """The speaker's name and span from the token heading its mention (``remember``: add it to the
    article's people, as a later "he" or "the senator" may mean it)."""
    if head is None:
        return None, None, None
    if head.pos_ == "PRON" and (head.lower_ in PRONOUNS or head.lower_ in POSSESSIVES and head.dep_ == "poss"):
        if head.lower_ == "they":
            name = group_named(ctx.people, head)
        elif head.lower_ == "it":
            thing = thing_named(ctx.people, head)
            name = speaker_of(ctx, thing, remember=False)[0] if thing is not None else None
        else:
            name, _ = ctx.people.pronoun(head)
        return name, head.idx, head.idx + len(head)
    writing = None  # the writing whose author is named: later "the report" means that author
    if head.pos_ == "PROPN" and head.tag_ != "NNPS" and any(c.dep_ == "det" for c in head.children):
        # "Another leading Dem, Sen. Kristen Gillibrand ..., said": a proper noun used as a common one, then the name
        named = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > head.i and c.ent_type_ == "PERSON"
                 and not any(g.dep_ == "conj" for g in c.children)]  # not "The Democrats, Pelosi and Schumer,"
        if named:
            head = name_head(named[0], len(ctx.doc))
    if head.pos_ == "NOUN":
        # "the N.C.A.A. president, Mark Emmert, said": the name in apposition (to the head or its complement)
        named = [c for c in head.subtree if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i > head.i
                 and (c.ent_type_ == "PERSON" or c.head.i == head.i and c.ent_type_ not in NOT_PEOPLE)]
        # "A spokesman for the Democratic National Committee, Brad Woodhouse, said": a person's role
        # in apposition to a name of two words or more, whatever entity type the name took from its neighbours
        if not named and key(head.text) in TITLES:
            named = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ in ("", "ORG", "NORP")
                     and any(g.dep_ in ("compound", "flat") and g.pos_ == "PROPN" for g in c.children)]
        # "the report, by White House Counsel Robert Bauer": its author
        if not named and head.lemma_.lower() in MESSAGES | WRITINGS:
            # "by" on the report, or between the report (a subject) and its verb: "the report, by X, concluded"
            by = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"]
            if head.dep_ == "nsubj":
                by += [c for c in head.head.children if c.dep_ == "prep" and c.lower_ == "by" and head.i < c.i < head.head.i]
            named = [g for c in by for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "PERSON"]
            writing = head.lemma_.lower() if named else None
        # "Trump’s account tweeted": the account holder
        if not named and head.lemma_.lower() in MESSAGES | {"account", "feed", "page"}:
            named = [c for c in head.children if c.dep_ == "poss" and (
                c.ent_type_ == "PERSON" or c.pos_ == "PROPN" and ctx.people.known_surname(c.text))]
        # "A terse response from the GOP only said": whom the words came from
        if not named and head.lemma_.lower() in MESSAGES | ANSWERS:
            named = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children
                     if g.dep_ == "pobj" and g.i not in ctx.inside
                     and (g.ent_type_ in SENDERS or g.pos_ == "PROPN" and g.ent_type_ not in ("GPE", "LOC", "FAC"))]
        if named:
            head = name_head(named[0], len(ctx.doc))
    core = [t for t in core_tokens(head) if t.lower_ not in SAY_FORMS] or [head]
    toks = _title_run(ctx, core)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    person = [t for t in toks if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]  # not "pro-Kremlin sources"
    if toks is not core:
        person = []  # a title ("Hotline On Call"), whatever entity its last word took
    # "the Obama administration", "a Trump spokesman": a name qualifying someone else, no one it describes
    qualified = head.pos_ == "NOUN" and bool(person) and all(modifies(t, head) for t in person) \
        and head.lemma_.lower() not in OWN_NOUNS
    if qualified:
        person = []
    elif person:  # "Former Obama adviser David Axelrod": Axelrod, without the name qualifying his title
        person = [t for t in person if not (t.head.pos_ == "NOUN" and t.head.i != head.i and modifies(t, t.head))] or person
    described = None
    if not person and not qualified and (head.pos_ == "NOUN" or head.ent_type_ == "NORP" or head.text.islower()):  # "the Texas governor", "the Arizona Republican"
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
        if head.lemma_.lower() in PORTIONS or head.pos_ == "ADJ":  # "a handful of insiders", "some close to him"
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "to") and c.i > head.i
                       and c.right_edge.i - head.i <= PORTION_REACH and c.right_edge.i not in ctx.inside
                       and not any(g.lower_ in RELATIVE | {"whose"} or g.dep_ == "relcl" or g.i in ctx.inside
                                   for g in c.subtree)), None)  # not "many of whom"
            if of is not None:
                end = of.right_edge.idx + len(of.right_edge)
        name = ctx.text[start:end]
        if name.split(" ", 1)[0] in ("A", "An", "The"):
            name = name[0].lower() + name[1:]
        proper = False
    if name and writing and proper and remember:
        ctx.people.roles.append((start, name, {writing}))
    if name and remember:
        sent = ctx.people.sent_of.get(head.i, 0)
        ctx.people.add(Mention(start, end, name, True, proper, sent, True))
    return name or None, start, end
