"""What the story clusterer sees of an article: headline, lead, terms, names and numbers, date."""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date

from ..record import Article

_TOKEN = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
# ages in words, as reporters write a child's or a teenager's ("a two-year-old boy", "the 17-year-old's friend")
_AGE_WORDS = {w: k for k, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                          "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_NUMBER_WORDS = {w: k for w, k in _AGE_WORDS.items() if k <= 12}  # counts in words ("five people were killed")
# (not after a hyphen: "twenty-one-year-old" is no age of one)
_AGE = re.compile(r"(?<![\w-])(\d{1,3}|" + "|".join(_AGE_WORDS) + r")[- ](?:year|yr)s?[- ]old\b|\b([A-Z][a-z]+),\s(\d{1,2}),\s",
                  re.IGNORECASE)
# stated casualty counts: "3 dead", "five people were killed", "two others wounded"
_COUNT = re.compile(
    r"\b(\d{1,3}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:(?:others?|more|people|persons|men|women|teens|children|victims)\s+)?(?:(?:were|are|have been|has been|was)\s+)?"
    r"(dead|killed|die[ds]?|injured|wounded|hurt|shot)\b", re.IGNORECASE)
_COUNT_KIND = {"dead": "dead", "killed": "dead", "die": "dead", "died": "dead", "dies": "dead",
               "injured": "hurt", "wounded": "hurt", "hurt": "hurt", "shot": "shot"}
# stated block addresses: "in the 3400 block of Lamar Street"
_BLOCK = re.compile(r"\b(\d{2,5})\s+block\s+of\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")
_TITLE_SPLIT = re.compile(r"\s+[|\-–—:»]\s+|\s+::\s+")

STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves said says say told according news
one two three new also may might must shall us its it's he's she's i'm we're they're that's there's who's what's
year years day days week weeks month months time today yesterday tomorrow monday tuesday wednesday thursday friday
saturday sunday morning night evening afternoon am pm mr mrs ms dr st am people man woman get got go going went
like make made take took see seen know known back well way even still just many much first last next since around
told report reported reports reporting according copyright rights reserved click read share comments comment
""".split())


@dataclass
class Features:
    id: str
    day: int | None  # days since 1970-01-01, or None
    terms: dict[str, float] = field(default_factory=dict)  # raw term counts (words, names, numbers)
    headline: str = ""
    lead: str = ""
    ages: frozenset = frozenset()  # ages stated in headline + lead: 16 ("a 16-year-old", "a man, 16,"), -34 ("Smith, 34,")
    counts: frozenset = frozenset()  # (kind, n) casualty counts stated in headline + lead ("3 dead", "two wounded")
    persons: frozenset = frozenset()  # keys of full person names (two words or more) named in headline + lead
    places: frozenset = frozenset()  # keys of places (towns, streets, buildings, regions) named in headline + lead
    sites: frozenset = frozenset()  # keys of the places among them that are sites (streets, buildings)
    blocks: frozenset = frozenset()  # block numbers stated in headline + lead ("the 3400 block of ...")
    ner_text: str = ""  # headline + the first ``entity_words`` words of the body: what NER reads


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal() - 719163
    except ValueError:
        return None


def clean_headline(title: str | None) -> str:
    """The headline without a site suffix or prefix ("Man shot in X - KSL.com" -> "Man shot in X")."""
    if not title:
        return ""
    parts = [p for p in _TITLE_SPLIT.split(title.strip()) if p]
    if len(parts) <= 1:
        return title.strip()
    return max(parts, key=lambda p: len(p.split()))


def _is_number(tok: str) -> bool:
    return any(ch.isdigit() for ch in tok)


def article_terms(headline: str, body: str, lead_words: int, headline_weight: float, name_weight: float,
                  number_weight: float) -> dict[str, float]:
    """Term counts over headline and lead: lowercase words, plus capitalised names (``@name``) and numbers (``#n``)."""
    counts: dict[str, float] = {}

    def add(text: str, weight: float, limit: int | None) -> None:
        seen = 0
        for line in text.splitlines():
            prev_end = True  # sentence start: a capital letter there proves nothing
            for m in _TOKEN.finditer(line):
                tok = m.group()
                if limit is not None and seen >= limit:
                    return
                seen += 1
                low = tok.lower()
                if _is_number(tok):
                    digits = re.sub(r"\D", "", tok)
                    if 2 <= len(digits) <= 6 or "-" in tok:
                        key = "#" + low
                        counts[key] = counts.get(key, 0.0) + weight * number_weight
                elif low not in STOPWORDS and len(low) > 2:
                    counts[low] = counts.get(low, 0.0) + weight
                    if tok[0].isupper() and not prev_end and not tok.isupper():
                        key = "@" + low
                        counts[key] = counts.get(key, 0.0) + weight * name_weight
                prev_end = bool(_SENTENCE_END.search(line[m.start() : m.end() + 1])) or line[m.end() : m.end() + 2].startswith(". ")
    add(headline, headline_weight, None)
    add(body, 1.0, lead_words)
    return counts


class SiteFurniture:
    """What an outlet repeats from article to article: title segments (site names) and body lines.

    A title segment (split at `` - ``, `` | ``, ``:`` ...) or a body line (among the first
    :data:`LINES` lines) already seen in an earlier article of the same outlet is furniture, not
    news: it is left out of the features. Learned incrementally, per outlet, from the articles seen.
    Across outlets, a sentence of those lines that :attr:`STOCK_OUTLETS` other outlets printed at
    least :attr:`STOCK_DAYS` days earlier is stock text ("No arrests have been made.", a network's
    sign-up box), left out too: copies of one story's sentences come within days, not weeks.
    """

    LINES = 12

    def __init__(self) -> None:
        self.segments: dict[str, set[str]] = {}
        self.lines: dict[str, set[bytes]] = {}  # stable digests (never ``hash()``: it changes between processes)
        self.sentences: dict[bytes, list] = {}  # sentence digest -> [outlets that printed it (a few), first day]

    def headline(self, article: Article) -> str:
        title = (article.title or "").strip()
        parts = [p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()]
        if not article.outlet or len(parts) <= 1:
            return clean_headline(article.title)
        seen = self.segments.setdefault(article.outlet, set())
        fresh = [p for p in parts if p.lower() not in seen]
        seen.update(p.lower() for p in parts)
        if not fresh:
            return clean_headline(article.title)
        return max(fresh, key=lambda p: len(p.split()))

    def body(self, article: Article) -> str:
        if not article.outlet:
            return article.text
        seen = self.lines.setdefault(article.outlet, set())
        lines = article.text.splitlines()
        kept = []
        day = _day(article.published)
        for k, line in enumerate(lines):
            if k < self.LINES and len(line) > 20:
                h = _digest(line)
                if h in seen:
                    continue
                seen.add(h)
                if self.STOCK_OUTLETS:
                    line = self._stock(line, article.outlet, day)
                    if not line:
                        continue
            kept.append(line)
        return "\n".join(kept)

    STOCK_OUTLETS = 2  # a sentence other outlets printed ...
    STOCK_DAYS = 7  # ... at least this many days before is stock text, not news

    def _stock(self, line: str, outlet: str, day: int | None) -> str:
        """The line without sentences several other outlets have printed for a week or more."""
        out = []
        for sent in _SENTENCE_SPLIT.split(line):
            if len(sent.split()) < 4:
                out.append(sent)
                continue
            h = _digest(sent)
            entry = self.sentences.get(h)
            if entry is None:
                entry = self.sentences[h] = [set(), day]
            outlets, first = entry
            if (day is not None and first is not None and day - first >= self.STOCK_DAYS
                    and len(outlets - {outlet}) >= self.STOCK_OUTLETS):
                continue
            if len(outlets) <= self.STOCK_OUTLETS:
                outlets.add(outlet)
            if first is None:
                entry[1] = day
            out.append(sent)
        return " ".join(out)


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.strip().lower().encode("utf-8", "surrogatepass"), digest_size=8).digest()


def _age(number: str) -> int:
    return int(number) if number.isdigit() else _AGE_WORDS[number.lower()]


def features(article: Article, lead_words: int, headline_weight: float, name_weight: float, number_weight: float,
             furniture: SiteFurniture | None = None, entity_words: int = 0) -> Features:
    headline = furniture.headline(article) if furniture else clean_headline(article.title)
    body = furniture.body(article) if furniture else article.text
    if headline and body.startswith(headline):
        body = body[len(headline):]
    lead = " ".join(body.split()[:60])
    terms = article_terms(headline, body, lead_words, headline_weight, name_weight, number_weight)
    window = headline + "\n" + " ".join(body.split()[:lead_words])
    ages = frozenset(_age(a) if a else -int(n) if w[:1].isupper() else int(n) for a, w, n in _AGE.findall(window))
    counts = frozenset((_COUNT_KIND[k.lower()], int(n) if n.isdigit() else _NUMBER_WORDS[n.lower()])
                       for n, k in _COUNT.findall(window))
    blocks = frozenset(int(n) for n in _BLOCK.findall(window))
    ner_text = entity_text(headline, body, entity_words) if entity_words else ""
    return Features(article.id, _day(article.published), terms, headline, lead, ages, counts, blocks=blocks,
                    ner_text=ner_text)


def entity_text(headline: str, body: str, words: int) -> str:
    """Headline and the first ``words`` words of the body, the text names are read from."""
    lead = " ".join(body.split()[:words])
    return f"{headline}\n\n{lead}" if headline else lead


_SITE_WORDS = frozenset("""street st avenue ave road rd drive dr boulevard blvd lane ln block highway hwy way court ct
place parkway terrace circle plaza square mall school church hospital apartments apartment complex motel hotel
bar club restaurant station park""".split())


def entity_keys(mentions) -> tuple[frozenset, frozenset, frozenset]:
    """(person keys, place keys, site keys) of an article's mentions: people named in full, places of any
    kind, and the places among them that are sites (buildings, streets: ``FAC`` or a street/building word)."""
    from ..entities.names import translit_key

    site_words = _site_keys(translit_key)
    persons, places, sites = set(), set(), set()
    for m in mentions:
        key = m.key
        if not key:
            continue
        if m.type == "PERSON":
            if len(key.split()) >= 2:
                persons.add(key)
        elif m.type in ("GPE", "LOC", "FAC"):
            places.add(key)
            toks = key.split()
            if m.type == "FAC" or len(toks) >= 2 and toks[-1] in site_words:
                sites.add(key)
    return frozenset(persons), frozenset(places), frozenset(sites)


_SITE_KEYS: frozenset | None = None


def _site_keys(translit_key) -> frozenset:
    global _SITE_KEYS
    if _SITE_KEYS is None:
        _SITE_KEYS = frozenset(translit_key(w) for w in _SITE_WORDS)
    return _SITE_KEYS


def counts_disagree(a, b) -> bool:
    """Both sides state a casualty count of the same kind and none of those agree."""
    if not a or not b:
        return False
    for kind in {k for k, _ in a} & {k for k, _ in b}:
        if not ({n for k, n in a if k == kind} & {n for k, n in b if k == kind}):
            return True
    return False


def gap_units(days: float, scale_days: float) -> float:
    """The date gap as evidence against joining: ``sqrt(days / scale_days)``. It grows without bound, so a gap of
    months or years takes ever stronger evidence (a follow-up must share far more than a like event in the same
    town), yet never forbids a join outright."""
    return math.sqrt(days / scale_days)


def ages_disagree(a, b) -> bool:
    """Both sides state ages of the same kind and none of those agree. An age given after a name ("Smith, 34,",
    kept negative) and one given without ("a 71-year-old farmer", "a man, 25,") are of different kinds: a named
    person's age says nothing about an anonymous one's (the owner of a dam against a farmer it flooded)."""
    if not a or not b:
        return False
    kinds = {x > 0 for x in a} & {y > 0 for y in b}
    return bool(kinds) and not (a & b)


def blocks_disagree(a, b, near: int = 100) -> bool:
    """Both sides state block addresses and none lie within ``near`` of each other (different places)."""
    return bool(a and b) and not any(abs(x - y) <= near for x in a for y in b)


def episodes(days: list[int], late_days: int) -> list[tuple[int, int]]:
    """A side's report days cut into episodes (first day, last day): each starts at a report and holds the reports
    up to ``late_days`` after that first one; a report later than that starts the next."""
    out: list[tuple[int, int]] = []
    for day in sorted(days):
        if out and day - out[-1][0] <= late_days:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out


def joined_span(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """The shortest span an episode of one side and an episode of the other would cover together: a chain of
    reports each weeks after the last spans months, and the months count as they do between two reports."""
    return min(max(x[1], y[1]) - min(x[0], y[0]) for x in a for y in b)


def days_between(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Days between the closest episodes of two sides (0 when two overlap): an article in the months between two
    episodes of a story lies months from its reports, though within their first and last day."""
    return min(max(0, y[0] - x[1], x[0] - y[1]) for x in a for y in b)


def late_without_detail(days_apart: int, a, b, late_days: int, persons_needed: int, specific=None) -> bool:
    """Whether two sides (articles or stories) lie more than ``late_days`` apart without strong evidence of one
    event: ``persons_needed`` people named on both sides, or a specific person named alike (a spelling variant
    counts, as the entity linker's person-name rule takes it; ``specific`` keeps the person keys few other stories
    name, as the joining signals do) together with a block address (within 100) or a stated age. Reports months
    apart are one story (an arrest, a trial) when they name what the first reports named; a like event in the same
    town shares its words, its place, often the police spokesman, and on gva_stream often a common age ("a
    17-year-old") together with a block of a busy street (2 stories months apart held only those two; requiring the
    person as well left every leave-one-corpus-out figure as it was or better: benchmarks/clustering_loco.py)."""
    if days_apart <= late_days:
        return False
    if len(a.persons & b.persons) >= persons_needed:
        return False
    if not _blocks_alike(a, b) and not a.ages & b.ages:
        return True
    pick = specific or (lambda keys: keys)
    return not _person_alike(pick(a.persons), pick(b.persons))


def chain_without_detail(a, b) -> bool:
    """Whether two sides weeks apart, whose reports together would span months (a chain of like events, each
    weeks after the last), share no detail of one event: a person named alike, a stated age or a block address."""
    if a.ages & b.ages or _blocks_alike(a, b):
        return False
    return not _person_alike(a.persons, b.persons)


def _blocks_alike(a, b) -> bool:
    """Both sides state block addresses and two lie within 100 of each other (the same place)."""
    return bool(a.blocks and b.blocks) and not blocks_disagree(a.blocks, b.blocks)


def _person_alike(a, b) -> bool:
    if a & b:
        return True
    from ..entities.link_people import person_names_fit, surname_initial

    by_initial: dict[str, list[str]] = {}
    for key in b:
        by_initial.setdefault(surname_initial(key), []).append(key)
    return any(person_names_fit(x, y) for x in a for y in by_initial.get(surname_initial(x), ()))


def sublinear(counts: dict[str, float]) -> dict[str, float]:
    return {t: 1.0 + math.log(c) if c >= 1 else c for t, c in counts.items()}
