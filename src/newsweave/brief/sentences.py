"""Sentences of a story's articles, with what the analysis found inside each.

Sentences are split by rule (fast, no parse needed): a paragraph never spans two sentences;
inside a paragraph a break follows ``.``, ``!`` or ``?`` (and closing quotes or brackets) before
whitespace and an upper-case letter, digit or opening quote, except after a known abbreviation or
an initial, and never inside an open quotation. Offsets index the cleaned text; ``raw_start`` /
``raw_end`` index the raw input (:meth:`Article.raw_span`). The brief's units are clauses of
these sentences (:func:`split_clauses`), each a sub-span of its sentence.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..record import Article
from ..settings import DEFAULT_SETTINGS, BriefSettings
from ..terms import quoted_chars

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "maj", "cpl",
    "gens", "sens", "reps", "govs", "messrs",
    "adm", "cmdr", "st", "jr", "sr", "rev", "hon", "pres", "supt", "det", "insp", "ave", "blvd", "rd",
    "inc", "co", "corp", "ltd", "vs", "etc", "no", "nos", "vol", "fig", "approx", "dept", "est",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "a.m", "p.m", "e.g", "i.e", "d.c",
}
_BREAK = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_OPEN, _CLOSE = "“", "”"
_HAS_WORD = re.compile(r"[^\W\d_]{2,}")
_QUOTED_RUN = re.compile("\0+")
_MARKUP = re.compile(r"<[^>]*>")
_OTHER_QUOTES = re.compile(r"[«»„‹›]|(?<![A-Za-z])[‘’]|‘")  # quotation marks quoted_chars does not read (an apostrophe is no mark)


@dataclass
class Sentence:
    """One sentence of one article of the story."""

    index: int  # position in the story's sentence list
    article: str
    order: int  # position in its article
    text: str
    start: int
    end: int
    raw_start: int
    raw_end: int
    entities: set[str] = field(default_factory=set)
    numbers: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    sentence_text: str = ""  # the whole sentence the clause belongs to
    sentence_order: int = -1  # the sentence's position in its article
    narration: str = ""  # the whole sentence with each run of quoted words (quoted_chars of its paragraph) as " | "
    paragraph_narration: str = ""  # the same of its whole paragraph
    title: bool = False  # the article's headline: a unit of facts only (not in its text: start = end = 0)
    verbs: set[str] = field(default_factory=set)  # lemmas of its verbs of acting (not of saying)

    @property
    def groups(self) -> set[str]:
        return {q["group"] for q in self.quotes if q.get("group")}

    @property
    def speakers(self) -> set[str]:
        """Entities (else names) of the speakers of quotes inside the sentence."""
        out = set()
        for q in self.quotes:
            sp = q.get("speaker") or {}
            key = sp.get("entity") or (sp.get("name") or "").lower()
            if key:
                out.add(key)
        return out


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, 0, dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREV:
        return True
    return len(word) == 1 and text[dot] == "."  # an initial: "John F. Kennedy"


def split_paragraph(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph (offsets into it), whitespace trimmed."""
    spans, begin = [], 0
    for m in _BREAK.finditer(text):
        if m.group(0)[0] == "." and _is_abbreviation(text, m.start()):
            continue
        chunk = text[begin:m.end()]
        if chunk.count(_OPEN) > chunk.count(_CLOSE):  # inside an open quotation
            continue
        spans.append((begin, m.end()))
        begin = m.end()
    spans.append((begin, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a cleaned article text (paragraphs joined by newlines)."""
    out, at = [], 0
    for para in text.split("\n"):
        out.extend((at + s, at + e) for s, e in split_paragraph(para))
        at += len(para) + 1
    return out


# Clause boundaries inside a sentence (outside quotations): the connective starts the next clause.
_CLAUSE = re.compile(
    r"(?:;\s+)"  # "...; ..."
    r"|(?:,\s+(?=(?:with|while|whereas)\s))"  # "..., with the flag being removed"
    r"|(?:,?\s+(?=but\s))"  # "... but the minister ordered ..."
    r"|(?:,?\s+(?=as\s+well\s+as\s+[a-z]+ing\s+(?:the|a|an|his|her|its|their|our|all|some)\s))"  # "... as well as
    # closing the library" (not "his supporters as well as ...", "tax cuts as well as funding for schools")
    r"|(?:,?\s+(?=and\s+(?:(?:the|a|an|his|her|its|their|this|that|these|those|he|she|it|they|we|i)\s|(?=[a-z]))"
    r"(?:\S+\s+){0,3}?(?:is|are|was|were|has|have|had|will|would|could|can|may|might|should|must|did|does|"
    r"do|said|says|being)\s))"  # "... and the retreat could mean ..." (a subject and a verb of its own)
    r"|(?:\s+(?=and\s+[a-z]+ing\s+(?:the|a|an|his|her|its|their|our|all|some)\s))"  # "... and removing their flags"
    r"|(?:,\s+(?=and\s+[a-z]))"  # "..., and a race by ..." (not a list's last name)
    r"|(?P<quoted>(?<=[,.!?]”)\s+(?=[A-Z]))"  # "“...,” the minister told ..." (a quotation, then who said it)
    r"|(?P<that>\s+(?=that\s))"  # "X said earlier | that ...", only after a verb of saying (below)
    r"|(?P<bare>\s+(?=(?:it|he|she|they|we|there)\s))"  # "X said | it was ...", right after the verb
)
_SAID = re.compile(r"\b(?:said|says|reported|warned|announced|tweeted|wrote|claimed)$")
# a verb of saying shortly before a "that" cut, with no "that" between ("said that in response to | that request":
# the second "that" is a determiner, not what was said)
_SAYING = re.compile(r"\b(?:said|says|reported|told|warned|announced|tweeted|wrote|claimed)\b(?:(?!\bthat\b)[^,;“”]){0,40}$")
# "all but the wealthy", "nothing but praise": an exception, not a second clause
_EXCEPTIVE = re.compile(r"\b(?:all|everything|anything|nothing|everyone|everybody|anyone|anybody|none|nobody|no one|every\s+\w+)$", re.I)
_SAYING_WORD = re.compile(r"\b(?:said|says|say|told|tells|asked|asks|added|adds|wrote|writes|reported|warned|announced|tweeted|claimed|explained|insisted|noted|stated)\b")


def _bare_attribution(tail: str, attribution_words: int) -> bool:
    """Whether the rest of a sentence after a quotation only says who said it ("Mr. Obama said to
    their applause.", "Justice Ginsburg asked."): a verb of saying within a few words and no
    quotation of its own. Such a clause states nothing another outlet could corroborate alone."""
    words = _HAS_WORD.findall(tail)
    return len(words) <= attribution_words and _OPEN not in tail and '"' not in tail and bool(_SAYING_WORD.search(tail))


def split_clauses(text: str, settings: BriefSettings | None = None) -> list[tuple[int, int]]:
    """Clause spans of one sentence (offsets into it): compound sentences are cut before a
    connective joining two clauses ("; ", ", with", "but", "as well as", "and" followed by a
    subject and a verb); never inside a quotation, never leaving a clause under
    ``clause_min_words`` words (``settings``, default: those of ``defaults.toml``)."""
    settings = settings or DEFAULT_SETTINGS.brief
    min_words, attribution_words = settings.clause_min_words, settings.attribution_words
    cuts = []
    for m in _CLAUSE.finditer(text):
        head = text[:m.start()]
        if head.count(_OPEN) > head.count(_CLOSE) or head.count('"') % 2:
            continue
        if m.group("that") and not _SAYING.search(head):
            continue
        if text.startswith("but ", m.end()) and _EXCEPTIVE.search(head.rstrip(" ,")):
            continue  # "extended for all | but the wealthy" would read as the opposite
        if m.group("bare") and (not _SAID.search(head) or len(_HAS_WORD.findall(head)) < attribution_words):
            continue  # "The service said | it ...": only a telling attribution (where, who) is a unit
        if m.group("quoted") and _bare_attribution(text[m.end():], attribution_words):
            continue  # "“...,” Mr. Obama said to their applause.": the speaker stays with the words
        cuts.append((m.start(), m.end()))
    spans, begin = [], 0
    for a, b in cuts:
        if len(_HAS_WORD.findall(text[begin:a])) >= min_words and len(_HAS_WORD.findall(text[b:])) >= min_words:
            spans.append((begin, a))
            begin = b
    spans.append((begin, len(text)))
    return spans


def _overlaps(a0: int, a1: int, b0: int | None, b1: int | None) -> bool:
    return b0 is not None and b1 is not None and a0 < b1 and b0 < a1


# verbs of saying name no claim of their own: "said" in two sentences is no sign they state the same thing (the
# quote finder's reporting verbs hold more, some of them actions in news: "charged", "ordered", "called")
SAYING_VERBS = frozenset("say tell add ask write tweet note state report claim insist explain announce declare argue "
                         "reply respond confirm deny describe warn".split())


def _acting(lemma: str) -> bool:
    """A verb of acting: neither a verb of saying nor a light verb (spaCy's stop words, by lemma: "made" and
    "makes" alike)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return lemma not in SAYING_VERBS and lemma not in STOP_WORDS


def _narration(text: str, start: int, end: int, quoted: list[bool]) -> str:
    """The sentence ``text[start:end]`` with each run of quoted words (``quoted``: :func:`~newsweave.terms.quoted_chars`
    of the text) as " | "; "" where its paragraph's quotation marks do not pair up (an odd straight mark, as in
    '12" pipes', a quotation running on from the paragraph before, or other marks than double quotes), which makes
    what lies outside them unknown."""
    p0 = text.rfind("\n", 0, start) + 1
    p1 = text.find("\n", end)
    paragraph = text[p0:p1 if p1 >= 0 else len(text)]
    if paragraph.count('"') % 2 or paragraph.count("“") != paragraph.count("”") or _OTHER_QUOTES.search(paragraph):
        return ""
    if '"' not in paragraph and "“" not in paragraph:
        return text[start:end]  # nothing quoted in its paragraph
    return _QUOTED_RUN.sub(" | ", "".join("\0" if q else ch for ch, q in zip(text[start:end], quoted[start:end])))


def _headline(article: Article) -> str | None:
    """The article's headline where its raw input holds it, word for word at ``title_span`` (markup and entities
    aside); None where it has none, or a title given apart that the span does not hold ("Headline | Site Name")."""
    title = " ".join(unicodedata.normalize("NFC", article.title or "").split())
    if not article.title_span or not _HAS_WORD.search(title):
        return None
    r0, r1 = article.title_span
    found = [article.raw[r0:r1]]
    if article.raw_kind == "html":  # a tag between words ("<br>") or inside a word ("<em>Berg</em>'s")
        found = [html.unescape(_MARKUP.sub(gap, found[0])) for gap in (" ", "")]
    return title if any(" ".join(unicodedata.normalize("NFC", f).split()) == title for f in found) else None


def story_sentences(articles: list[Article], analysis_docs: dict[str, dict[str, Any]], clauses: bool = True,
                    settings: BriefSettings | None = None, terms: dict[str, Any] | None = None) -> list[Sentence]:
    """Every sentence (with at least one word) of every article, with the entities, numbers and
    quotes of the analysis that fall inside it (matched on raw offsets) and, from ``terms`` (article id ->
    :class:`~newsweave.terms.ArticleTerms` of the same parse), the lemmas of its verbs of acting. With
    ``clauses`` a compound sentence gives one unit per clause (:func:`split_clauses` under ``settings``),
    each a sub-span of it. Then, after every article's units, the headline of each article whose headline was found
    in its raw input (``Article.title_span``: its support points there), as one unit (``title``) that facts may hold:
    a headline states the story's main claim, and two outlets' headlines, or one's headline and another's sentence,
    can corroborate it."""
    sentences: list[Sentence] = []
    for article in articles:
        doc = analysis_docs.get(article.id) or {}
        text = article.text
        found = terms.get(article.id) if terms else None
        verbs = sorted((o.start, o.lemma) for o in (found.occurrences if found else [])
                       if o.pos == "VERB" and len(o.key) == 1 and _acting(o.lemma))
        mentions = [(m["start"], m["end"], e["id"]) for e in doc.get("entities", []) for m in e.get("mentions", [])]
        numbers = doc.get("numbers", [])
        quotes = doc.get("quotes", [])
        order = sentence_order = 0
        paragraph_at, paragraph = -1, ""
        quoted = quoted_chars(text) if '"' in text or "“" in text else []  # read only where a paragraph quotes
        for s0, e0 in split_sentences(text):
            whole = text[s0:e0]
            if not _HAS_WORD.search(whole):
                continue
            narration = _narration(text, s0, e0, quoted)
            p0 = text.rfind("\n", 0, s0) + 1
            if p0 != paragraph_at:
                p1 = text.find("\n", e0)
                paragraph_at, paragraph = p0, _narration(text, p0, len(text) if p1 < 0 else p1, quoted)
            for cs, ce in (split_clauses(whole, settings) if clauses else [(0, len(whole))]):
                start, end = s0 + cs, s0 + ce
                piece = text[start:end]
                r0, r1 = article.raw_span(start, end)
                s = Sentence(len(sentences), article.id, order, piece, start, end, r0, r1,
                             sentence_text=whole, sentence_order=sentence_order, narration=narration,
                             paragraph_narration=paragraph)
                s.entities = {eid for a, b, eid in mentions if _overlaps(r0, r1, a, b)}
                s.numbers = [n for n in numbers if r0 <= n["start"] < r1]
                s.quotes = [q for q in quotes if _overlaps(r0, r1, q["start"], q["end"])]
                s.verbs = {lemma for at, lemma in verbs if start <= at < end}
                sentences.append(s)
                order += 1
            sentence_order += 1
    for article in articles:  # headlines last, so the body's units keep their indexes whatever the headlines
        title = _headline(article)
        if title:
            r0, r1 = article.title_span
            sentences.append(Sentence(len(sentences), article.id, -1, title, 0, 0, r0, r1, sentence_text=title,
                                      sentence_order=-1, narration=_narration(title, 0, len(title), quoted_chars(title)),
                                      title=True))
    return sentences


_CONNECTIVES = frozenset("that and but which while whereas as with or nor so because who whom whose where".split())
_BARE = frozenset("it he she they we there".split())
_FIRST_WORD = re.compile(r"[\"“‘'(\[—–-]*\s*([^\W_][\w’'-]*)")
_QUOTE_CUT = re.compile(r"[,.!?]?[”\"’]\s*$")


def _starts_alone(clause: str, previous: str | None) -> bool:
    """Whether a clause (not a sentence's first) can open a text: a capital or digit, no connective,
    and not the attribution after a quotation ("“…,” | the minister said")."""
    m = _FIRST_WORD.match(clause)
    if not m:
        return False
    word = m.group(1)
    if not (word[:1].isupper() or word[:1].isdigit()) or word.lower() in _CONNECTIVES:
        return False
    return previous is None or not _QUOTE_CUT.search(previous)


def _ends_alone(clause: str, following: str) -> bool:
    """Whether a clause (not a sentence's last) can close a text: not a reporting clause cut before
    what was reported ("At the time, Russia claimed | that …", "X said | it …"), not a quotation cut
    before who said it ("“…,” | she said")."""
    m = _FIRST_WORD.match(following)
    word = m.group(1) if m else ""
    if word == "that" or word in _BARE:
        return False
    return not re.search(r",[”\"’]\s*$|[:,]\s*$", clause)


def readable_texts(sentences: list[Sentence]) -> list[str]:
    """What the brief shows for each unit: the clause itself when it reads alone as a sentence, else
    the shortest run of its sentence's clauses around it that does (a clause opening with "that",
    "and", "but" … takes the clauses before it; a reporting clause cut before what was reported
    takes what follows, up to a clause that could open a text; a sentence's own first and last
    clause always open and close it). Matching
    stays on clauses; only the text shown changes."""
    out = [s.text for s in sentences]
    groups: dict[tuple[str, int], list[int]] = {}
    for s in sentences:
        groups.setdefault((s.article, s.sentence_order), []).append(s.index)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        units = [sentences[i] for i in idx]
        whole = units[0].sentence_text or "".join(u.text for u in units)
        base = units[0].start
        n = len(units)
        for k, unit in enumerate(units):
            i = j = k
            if _list_item(unit, whole, base):  # an item of a list cut at ";" states nothing alone: its whole sentence
                i, j = 0, n - 1
            while i > 0 and not _starts_alone(units[i].text, units[i - 1].text):
                i -= 1
            while j < n - 1 and not _ends_alone(units[j].text, units[j + 1].text):
                j += 1
            if j > k:  # what was reported runs on through the clauses that cannot open a text
                while j < n - 1 and not _starts_alone(units[j + 1].text, units[j].text):
                    j += 1
            if (i, j) == (k, k):
                continue
            start = units[i].start - base
            end = len(whole) if j == n - 1 else units[j].end - base
            text = whole[start:end]
            if j < n - 1:
                text = text.rstrip(" ,;:–—-")
            out[unit.index] = text
    return out


# a verb a clause's acting verbs (Sentence.verbs) leave out: auxiliaries, verbs of saying, light verbs, and words
# that read as a past tense or participle
_OTHER_VERB = re.compile(r"\b(?:is|are|was|were|be|been|being|am|has|have|had|will|would|can|could|may|might|must|shall"
                         r"|should|do|does|did|done|says?|said|tells?|told|asks?|asked|make|makes|made|get|gets|got|go"
                         r"|goes|went|gone|give|gives|gave|given|take|takes|took|taken|put|puts|see|sees|saw|seen|become"
                         r"|becomes|became|come|comes|came|keep|keeps|kept|show|shows|call|calls|seem|seems|\w+(?:ed|ing))\b",
                         re.IGNORECASE)


def _list_item(unit: Sentence, sentence: str, base: int) -> bool:
    """A clause cut at a semicolon that holds no verb: an item of a list ("Senators Amy Klobuchar of Minnesota; Gov.
    Jay Inslee of Washington; …")."""
    start, end = unit.start - base, unit.end - base
    cut = sentence[:start].rstrip().endswith(";") or sentence[end:].lstrip().startswith(";")
    return cut and not unit.verbs and not _OTHER_VERB.search(unit.text)


def readable_sides(conflicts: list[dict[str, Any]], sentences: list[Sentence]) -> None:
    """A conflict side whose text is a whole unit (an attribution conflict's sentence) shows the
    unit as it reads alone (:func:`readable_texts`); a figure's side keeps the figure's words."""
    readable = readable_texts(sentences)
    by_span = {(s.article, s.raw_start, s.raw_end): s for s in sentences}
    for conflict in conflicts:
        for side in conflict.get("sides") or []:
            s = by_span.get((side.get("article"), side.get("start"), side.get("end")))
            if s is not None and side.get("text") == s.text:
                side["text"] = readable[s.index]
