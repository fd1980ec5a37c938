"""Rules that recognise paragraphs which are not part of the story.

Every rule is a general pattern of web and print furniture (comment forms, appeals, prompts,
credits, pull-quote boxes, author bios and contact lines); none names an outlet. ``find_boilerplate`` takes the candidate
paragraphs of one article in reading order and returns ``{index: reason}`` for those to drop.

Structural signals come first where the page gives them (the share of each paragraph that is link
text, a short heading followed by short teaser lines at the end); the words of furniture in each
language the corpus holds (German, Spanish, French, Italian, Dutch, Portuguese, English) are data,
in ``boilerplate_phrases/<language>.json``: ``headings`` (a line that is only the phrase: "Ähnliche
Beiträge", "Mirá también"), ``prompts`` (a short line that opens with it: "Sie sind aktuell nicht
eingeloggt"), ``notices`` (a paragraph of up to 60 words that opens with it: affiliate and review
disclosures, letters-to-the-editor invitations) and ``teaser_prefixes`` (a short line that opens
with it and a colon: "Lea también: ...").
"""
from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from importlib.resources import files
from typing import Sequence

COMMENT_FORM = "comment form"
APPEAL = "donation or charity appeal"
PROMPT = "subscribe, share or navigation prompt"
CREDIT = "photo credit"
PULL_QUOTE = "pull-quote box (repeats a sentence of the article)"
PULL_QUOTE_CAPTION = "pull-quote caption"
BYLINE = "byline or agency credit"
COPYRIGHT = "copyright notice"
NO_TEXT = "no words (punctuation or symbols only)"
AUTHOR_BIO = "author bio or contact line"
RELATED = "related-content heading or teaser"
LINK_BLOCK = "short block of link text (navigation or teaser)"

# a paragraph at least this share link text, and at most LINK_BLOCK_WORDS words, is navigation
LINK_BLOCK_SHARE = 0.8
LINK_BLOCK_WORDS = 12
HEADING_WORDS = 8
PROMPT_WORDS = 15
TEASER_WORDS = 30
NOTICE_WORDS = 60
# after a related-content heading, teaser lines of at most this many words go with it (when linked or not a sentence)
TEASER_LINE_WORDS = 20
TEASER_LINK_SHARE = 0.5

_I = re.IGNORECASE
_COMMENT = re.compile(
    r"^(leave a (reply|comment)|post a comment|add (a|your) comment|\d*\s*comments?$|join the (conversation|discussion|debate)"
    r"|your email address will not be published|required fields are marked|cancel reply|you must be logged in"
    r"|log in to (comment|reply)|notify me of (new|follow-up)|save my name, email|(show|view|hide|load) (all )?comments"
    r"|comments are (closed|moderated)|be the first to comment|have your say)",
    _I,
)
_PROMPT = re.compile(
    r"^(share (this|on|via|the)\b|share$|tweet( this)?$|email( this)?$|print( this)?$|copy link|sign up (to|for|now|here)|subscribe\b"
    r"|get (our|the) .{0,40}newsletter|(our|the) .{0,30}newsletter|follow us\b|click here\b|read more\b|read next\b|related( (stories|articles|content|topics|coverage))?\s*:?$"
    r"|related:|see also:|more (from|on) this|most (read|popular)|advertisement$|sponsored( content)?$|skip to\b|back to top"
    r"|download (our|the) app|we use cookies|accept (all )?cookies|already a subscriber|(log|sign) in\b|continue reading"
    r"|you (may|might) also like|recommended( for you)?\s*:?$|watch:|listen:|topics:|tags?:)",
    _I,
)
_NEWSLETTER = re.compile(r"\b(newsletter|inbox|sign up|subscribe|subscription)\b", _I)
_CREDIT = re.compile(
    r"^((photo|picture|image|video|graphic|photograph)s?( credit)?|credit)\s*[:/©]|\((photo|picture|image|credit)s?\s*:[^)]*\)\s*$"
    r"|(/|\|)\s*(getty images|reuters|ap photo|afp|shutterstock|alamy|pa( images| wire)?|epa)\s*\)?\s*$|^©"
    r"|\b(photo|picture|image|photograph)s?( credit)?\s*:\s*[^.!?:]{2,60}$"
    r"|\((foto|bild|imagen|fotografía|crédit photo|quelle|fuente|fonte)s?\s*:[^)]*\)\s*\.?$|©\s*(\S+\s*){1,6}$",
    _I,
)
# "Copyright 2016 WXYZ.", "Copyright © 2015 ...", "© 2017 ...", "(c) 2014 ..."; "All rights reserved." anywhere
_COPYRIGHT = re.compile(r"^(copyright\s*(©|\(c\))?|©|\(c\))\s*(19|20)\d\d\b|\ball rights reserved\b", _I)
_BYLINE = re.compile(r"^(?i:by|words by|reporting by)\s+[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}\s*($|[|,·•–—-])|^\([A-Z][\w .'’&-]{1,40}\)$")
_APPEAL_STRONG = re.compile(
    r"\bdonat(e|es|ed|ion|ions|ing)\b|\bcharit(y|ies|able)\b|\bappeal\b|\bevery (penny|pound|dollar|cent|euro)\b"
    r"|\btext( \w+)? to \d{4,6}\b|[£$€]\s?\d+\s*[—–-]+\s*text\b|\bt&cs?\b|\bfundrais\w*",
    _I,
)
_APPEAL_WEAK = re.compile(r"\bfunds?\b|\bhelp\b|\bsupport\b|\bgive\b|[£$€]\s?\d|\bvisit\b|https?://", _I)
# a paragraph that reports someone's words or acts is story, never appeal
_REPORTED = re.compile(r"\b(said|says|told|according to|announced|reported)\b|[“”„\"«»]", _I)
APPEAL_PARAGRAPH_WORDS = 35
_CALL_TO_ACTION = re.compile(r"\byou(r)?\b|^(donate|give|help|text|support|visit|click|please)\b", _I)
_WORD = re.compile(r"\w+", re.UNICODE)
_OPEN_QUOTES = "“„«‹"
_CLOSE_QUOTES = "”»›"
_SENTENCE_END = re.compile(r"[.!?…:;]['\"’”»)]*\s*$")


# a paragraph about the article's writer: "Ann Lee is a staff writer for the Valley Voice.", "Reach her
# at 555-0100.", "Follow him on Twitter @annlee.", "Ann Lee contributed to this report."
_PERSON = r"(?:[A-Z][\w.'’-]+\s+){1,3}[A-Z][\w.'’-]+"
_ROLE = r"(?:reporter|correspondent|writer|editor|columnist|contributor|producer|journalist|photographer)s?"
_BIO = re.compile(r"^" + _PERSON + r"(?:['’]s?)?\s+(?:is|was|has been)\s+(?:an?|the)\s+[^.!?]{0,80}?\b" + _ROLE
                  + r"(?:\s+(?:for|at|with|of|on)\s+[^!?]{0,80}?)?[.!]?$")
_CONTACT_START = re.compile(r"^(?:you (?:can|should|may) )?(?:follow|reach|contact|e-?mail|call|write to|find|like)\s+"
                            r"(?:him|her|them|me|the (?:author|writer|reporter)|" + _PERSON + r")\b", _I)
_REACHED = re.compile(r"\b(?:can|may) be (?:reached|contacted)\b", _I)
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}|\S+@\S+\.\w{2,}|\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}|\btwitter\b|\bfacebook\b|\binstagram\b", _I)
_CONTRIBUTED = re.compile(r"\bcontributed (?:reporting )?to this (?:report|story|article)\.?$", _I)
_STORY_WORDS = re.compile(r"\b(?:who|whom|which|that|when|while|after|before|because|said|says|told)\b|;", _I)  # a reporter in the news
_PIECES = re.compile(r"(?<=[.!?])\s+(?=[A-Z@(])")
# a word that one of the writer rules below needs in the opening sentence (a role, "contributed", "be reached",
# or a contact verb first): without one no sentence there is about the writer, and the rules need not run
_WRITER_WORDS = ("contributed", "reporter", "correspondent", "writer", "editor", "columnist", "contributor", "producer",
                 "journalist", "photographer", "reached", "contacted")
_WRITER_START = re.compile(r"\s*(?:you|follow|reach|contact|e-?mail|call|write|find|like)\b", _I)


def _writer_lines(text: str) -> tuple[bool, bool, bool] | None:
    """``(bio, contact, credit)`` found when every sentence of ``text`` is about the writer, else ``None``."""
    low = text.lower()  # plain substring tests: a case-blind regex of twelve alternatives tried at every character costs more
    if not any(word in low for word in _WRITER_WORDS) and not _WRITER_START.match(text):
        return None
    bio = contact = credit = False
    for piece in _PIECES.split(text.strip()):
        piece = piece.strip()
        if not piece:
            continue
        if _CONTRIBUTED.search(piece) and _short(piece, 25):
            credit = True
        elif _BIO.search(piece) and _short(piece, 30) and not _STORY_WORDS.search(piece):
            bio = True
        elif _short(piece, 25) and (_CONTACT_START.search(piece) or _REACHED.search(piece)) and _HANDLE.search(piece):
            contact = True
        elif _short(piece, 25) and _REACHED.search(piece):
            contact = True
        else:
            return None
    return (bio, contact, credit) if bio or contact or credit else None


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=256)  # the rules ask again and again about the paragraphs of one page (small: memory stays bounded)
def normalise(text: str) -> str:
    """Lower-case words only, single-spaced: the form in which repeats are compared."""
    return " ".join(words(text))


@lru_cache(maxsize=256)
def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _short(text: str, limit: int) -> bool:
    return _word_count(text) <= limit


def _line_rules(text: str) -> str | None:
    stripped = text.strip().strip("*•·|>-–— ").strip()
    if not _WORD.search(text):
        return NO_TEXT
    if _short(text, 25) and _COMMENT.search(stripped):
        return COMMENT_FORM
    if _short(text, 12) and _PROMPT.search(stripped):
        return PROMPT
    if _short(text, 30) and _NEWSLETTER.search(stripped) and _CALL_TO_ACTION.search(stripped):
        return PROMPT
    if _short(text, 40) and _COPYRIGHT.search(stripped):
        return COPYRIGHT
    if _short(text, 25) and _CREDIT.search(stripped):
        return CREDIT
    if _short(text, 14) and _BYLINE.search(text.strip()):
        return BYLINE
    return None


def _appeal_blocks(paragraphs: Sequence[str]) -> set[int]:
    """Runs of short paragraphs dense with donation language and a call to action.

    Structural: only short paragraphs that report nobody (no 'said', no quotation) can belong to
    an appeal, so a news story about a donation, with its quotes and reporting, stays whole.
    """
    short = [i for i, p in enumerate(paragraphs) if _short(p, APPEAL_PARAGRAPH_WORDS)]
    if sum(1 for i in short if _APPEAL_STRONG.search(paragraphs[i])) < 2:
        return set()  # no cluster of two (most pages: the reporting test below need not run)
    eligible = {i for i in short if not _REPORTED.search(paragraphs[i])}
    strong = [i for i, p in enumerate(paragraphs) if i in eligible and _APPEAL_STRONG.search(p)]
    if len(strong) < 2:
        return set()  # no cluster of two
    weak = {i for i, p in enumerate(paragraphs) if i in eligible and _APPEAL_WEAK.search(p)}
    found: set[int] = set()
    clusters: list[list[int]] = []
    for i in strong:
        if clusters and i - clusters[-1][-1] <= 3:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    for cluster in clusters:
        if len(cluster) < 2:
            continue
        first, last = cluster[0], cluster[-1]
        block = range(first, last + 1)
        if not any(i in eligible and _CALL_TO_ACTION.search(paragraphs[i]) for i in block):
            continue
        if len(cluster) / len(block) < 0.4:
            continue
        while True:  # grow over neighbours that still talk money or help
            before = [j for j in (first - 1, first - 2) if j >= 0 and (j in weak or j in strong)]
            if not before:
                break
            first = min(before)
        while True:
            after = [j for j in (last + 1, last + 2) if j < len(paragraphs) and (j in weak or j in strong)]
            if not after:
                break
            last = max(after)
        found.update(range(first, last + 1))
    return found


def _quoted_in(paragraph: str, excerpt: str) -> bool:
    """Whether the words of ``excerpt`` occur in ``paragraph`` inside a quotation (an opening mark not yet closed).

    Pull quotes repeat what someone said; a heading or list item whose words recur in the text
    (a table of contents, a section that restates its heading) is not inside quotation marks.
    """
    found = _WORD.findall(excerpt)
    if not found:
        return False
    pattern = re.compile(r"\W+".join(map(re.escape, found)), re.IGNORECASE)
    depth = straight = seen = 0  # open curly quotes, straight double quotes before the match
    for match in pattern.finditer(paragraph):
        before = paragraph[seen : match.start()]
        depth += sum(before.count(q) for q in _OPEN_QUOTES) - sum(before.count(q) for q in _CLOSE_QUOTES)
        straight += before.count('"')
        seen = match.start()
        if depth > 0 or straight % 2:
            return True
    return False


def _pull_quotes(paragraphs: Sequence[str], skip: set[int]) -> dict[int, str]:
    """A short paragraph whose words recur inside a quotation in a longer paragraph, and its caption line."""
    normal = [normalise(p) for p in paragraphs]
    # every paragraph's form between spaces, one a line (no match runs across a line break), and where each starts
    joined = " " + " \n ".join(normal) + " "
    starts: list[int] = []
    at = 0
    for text in normal:
        starts.append(at)
        at += len(text) + 3
    found: dict[int, str] = {}
    for i, text in enumerate(normal):
        n = text.count(" ") + 1 if text else 0  # words: the form is single-spaced
        if i in skip or n < 4 or n > 30:
            continue
        needle = f" {text} "
        holders = []  # the other paragraphs whose words hold these words in a row
        hit = joined.find(needle)
        while hit >= 0:
            j = bisect_right(starts, hit) - 1
            if j != i:
                holders.append(j)
            if j + 1 >= len(starts):
                break
            hit = joined.find(needle, starts[j + 1])
        if any(len(normal[j]) > len(text) and _quoted_in(paragraphs[j], paragraphs[i]) for j in holders):
            found[i] = PULL_QUOTE
            nxt = i + 1
            if nxt < len(paragraphs) and 0 < len(normal[nxt].split()) <= 6 and not _SENTENCE_END.search(paragraphs[nxt]):
                found[nxt] = PULL_QUOTE_CAPTION
    return found


@lru_cache(maxsize=1)
def phrases() -> dict[str, frozenset[str]]:
    """The furniture phrases of every language, normalised, by kind (``headings``, ``prompts``, ``notices``, ``teaser_prefixes``)."""
    found: dict[str, set[str]] = {"headings": set(), "prompts": set(), "teaser_prefixes": set(), "notices": set()}
    for entry in sorted(files(__package__).joinpath("boilerplate_phrases").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        for kind, bucket in found.items():
            bucket.update(p for p in (_phrase_form(x) for x in data.get(kind, [])) if p)
    return {kind: frozenset(bucket) for kind, bucket in found.items()}


def _phrase_form(text: str) -> str:
    return normalise(text if text.isascii() else unicodedata.normalize("NFC", text))


_TEASER_HEAD = re.compile(r"^[^\w]*([^:|\n]{1,40}?)\s*:")
_TRAILING_COUNT = re.compile(r"(\s\d+)+$")


def _opens_with(form: str, bucket: frozenset[str], most: int = 6) -> bool:
    tokens = form.split()
    return any(" ".join(tokens[:k]) in bucket for k in range(1, min(most, len(tokens)) + 1))


def _phrase_rule(text: str) -> str | None:
    """RELATED or PROMPT for a line that is a furniture phrase of one of the corpus's languages."""
    form = _phrase_form(text)
    if not form:
        return None
    n = form.count(" ") + 1  # words: the form is single-spaced
    if n > NOTICE_WORDS:
        return None  # longer than any line these phrases make
    table = phrases()
    if _is_heading(text, form):
        return RELATED
    if n <= PROMPT_WORDS and _opens_with(form, table["prompts"]):
        return PROMPT
    if n <= NOTICE_WORDS and _opens_with(form, table["notices"], most=8):
        return PROMPT
    if n <= TEASER_WORDS:
        head = _TEASER_HEAD.match(text.strip())
        if head and _phrase_form(head.group(1)) in table["teaser_prefixes"]:
            return RELATED
    return None


def _is_heading(text: str, form: str | None = None) -> bool:
    """A short line that is a related-content heading, or opens with one of two words or more and ends no sentence.

    ``form``: ``_phrase_form(text)`` where the caller has it already.
    """
    form = _phrase_form(text) if form is None else form
    n = form.count(" ") + 1 if form else 0
    if not 0 < n <= HEADING_WORDS:
        return False
    table = phrases()["headings"]
    if form in table or _TRAILING_COUNT.sub("", form) in table:
        return True
    tokens = form.split()
    return not _SENTENCE_END.search(text) and any(" ".join(tokens[:k]) in table for k in range(2, min(6, n) + 1))


def _structural(paragraphs: Sequence[str], links: Sequence[float] | None, body: list[int], reasons: dict[int, str]) -> None:
    """Link-dense short blocks, and the teaser lines under a related-content heading."""
    if links is not None:  # a list of links: two or more link-dense short blocks in a row, or one beside furniture
        dense = {i for i in body if links[i] >= LINK_BLOCK_SHARE and _short(paragraphs[i], LINK_BLOCK_WORDS)}
        for k, i in enumerate(body):
            if i not in dense or i in reasons:
                continue
            neighbours = [body[j] for j in (k - 1, k + 1) if 0 <= j < len(body)]
            if any(j in dense or reasons.get(j) in (RELATED, PROMPT) for j in neighbours):
                reasons[i] = LINK_BLOCK
    for k, i in enumerate(body):
        if k < len(body) // 2 or not _is_heading(paragraphs[i]):
            continue  # related-content sections close an article
        for j in body[k + 1 :]:
            text = paragraphs[j]
            linked = links is not None and links[j] >= TEASER_LINK_SHARE
            if j in reasons and reasons[j] in (RELATED, LINK_BLOCK, PROMPT):
                continue
            if _short(text, TEASER_LINE_WORDS) and (linked or not _SENTENCE_END.search(text)):
                reasons.setdefault(j, RELATED)
            else:
                break


def find_boilerplate(paragraphs: Sequence[str], title_index: int | None = None,
                     links: Sequence[float] | None = None) -> dict[int, str]:
    """Return ``{index: reason}`` for the paragraphs of one article that are not the story.

    ``links``, when the page gives it, is the share of each paragraph that is link text.
    """
    reasons: dict[int, str] = {}
    for i, text in enumerate(paragraphs):
        if i == title_index:
            continue
        reason = _line_rules(text) or _phrase_rule(text)
        if reason:
            reasons[i] = reason
    body = [i for i in range(len(paragraphs)) if i != title_index]
    _structural(paragraphs, links, body, reasons)
    for i in body:
        found = None if i in reasons or not _short(paragraphs[i], 70) else _writer_lines(paragraphs[i])
        if found is None:
            continue
        bio, contact, credit = found
        if credit and not bio and not contact:
            reasons[i] = BYLINE  # "The Associated Press contributed to this report."
        elif contact or i in body[-3:]:  # a bio with no contact line only among the last paragraphs
            reasons[i] = AUTHOR_BIO
    for i in _appeal_blocks(paragraphs):
        if i != title_index:
            reasons.setdefault(i, APPEAL)
    skip = set(reasons) | ({title_index} if title_index is not None else set())
    for i, reason in _pull_quotes(paragraphs, skip).items():
        reasons.setdefault(i, reason)
    return reasons
