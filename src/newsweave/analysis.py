"""Analysis stage: entities, quotes and numeric claims for a set of articles, linked across them.

Each article is parsed once by spaCy; mentions, quotes and numbers come from that one parse.
Entities are linked and quotes grouped across all the articles given, so an entity ``id`` or a
quote ``group`` means the same thing in every article file. All offsets in the output index the
article's raw input (``Article.raw``).

Long texts are bounded twice. A text is parsed in pieces of at most ``nlp.PIECE_CHARS`` characters
cut at paragraph or sentence boundaries; the finders run on each piece and their offsets are shifted
back onto the article's text, so no parse meets spaCy's length limit and no step that grows with the
square of its text sees more than one piece. And only the first :data:`ANALYSED_CHARS` characters of
a body are analysed (:func:`analysed_view`): a book-length text pasted in as one "article" would
otherwise cost minutes and gigabytes in parsing, sentence encoding and the brief's pairwise
links, for a text that is no news article. Such an article is still stored, clustered by its whole
text and listed in its story; its analysis document says what was left out (``partial``), and the
brief sees the same prefix.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import Any, Iterable, Iterator

from .entities import Entity, Mention, find_mentions, link_entities
from .escape import file_stem
from .nlp import cut_point, load_nlp, text_pieces
from .numbers import NumberClaim, find_numbers
from .parse_cache import ParseCache
from .quotes import Quote, find_quotes, group_quotes
from .record import Article, Paragraph
from .terms import ArticleTerms, Occurrence, terms_from_doc

# Characters of a body that are analysed (about 16,000 words: several times the longest news
# articles of the benchmark corpora); the rest of a longer body is stored but not analysed.
ANALYSED_CHARS = 100_000


def safe_name(article_id: str) -> str:
    """A file name for an id: readable, with a 64-bit hash of the id (:func:`newsweave.escape.file_stem`).
    A run's output files use :func:`newsweave.escape.unique_stems`, which also rules out two ids sharing one."""
    return file_stem(article_id)


def analysed_view(article: Article, limit: int = ANALYSED_CHARS) -> Article:
    """The article as far as it is analysed: itself when its body has at most ``limit`` characters, else
    a copy whose paragraphs end at a paragraph or sentence boundary within the first ``limit``. The
    copy's text is a prefix of the article's, and its paragraphs keep their raw offsets."""
    text = article.text
    if len(text) <= limit:
        return article
    end = cut_point(text, 0, limit)
    paragraphs: list[Paragraph] = []
    at = 0
    for p in article.paragraphs:
        keep = end - at
        if keep <= 0:
            break
        if keep >= len(p.text):
            paragraphs.append(p)
        else:  # the paragraph the cut falls in: its raw span is scaled as Article.raw_span scales it
            raw_len = p.end - p.start
            raw_keep = keep if article.raw_kind == "text" or raw_len == len(p.text) else round(keep * raw_len / max(1, len(p.text)))
            paragraphs.append(Paragraph(p.text[:keep], p.start, p.start + raw_keep))
            break
        at += len(p.text) + 1
    return replace(article, paragraphs=paragraphs)


def _partial(article: Article, view: Article, limit: int) -> dict[str, Any] | None:
    """What the analysis of a cut article left out (None when it covers the whole body)."""
    if view is article:
        return None
    done, total = len(view.text), len(article.text)
    raw_end = view.paragraphs[-1].end if view.paragraphs else 0
    return {"analysed_chars": done, "text_chars": total, "raw_end": raw_end,
            "reason": f"only the first {done:,} of {total:,} characters of the body were analysed (the limit is "
                      f"{limit:,}); entities, quotes, numbers and the brief cover that part, the rest is "
                      "stored and clustered but not analysed"}


class _RawSpans:
    """Maps spans of an article's text to raw offsets, its paragraph starts computed once (not per span)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.starts = article.paragraph_starts()

    def __call__(self, start: int, end: int) -> dict[str, Any]:
        a = self.article
        return {"start": a._raw_offset(start, self.starts, False), "end": a._raw_offset(end, self.starts, True)}


def _speaker_entity(quote: Quote, mentions: list[Mention], entity_of: dict[int, str]) -> str | None:
    """The entity of the mention the speaker span points at, else of a mention with the speaker's name."""
    if quote.speaker_start is not None:
        for m in mentions:
            if m.start < quote.speaker_end and quote.speaker_start < m.end and id(m) in entity_of:
                return entity_of[id(m)]
    if quote.speaker:
        wanted = quote.speaker.lower()
        for m in mentions:
            if m.type == "PERSON" and m.name.lower() == wanted and id(m) in entity_of:
                return entity_of[id(m)]
    return None


def _entities_view(span: _RawSpans, entities: list[tuple[Entity, list[Mention]]]) -> list[dict[str, Any]]:
    """The article's entities (each with the mentions it has in this article), in the given order."""
    return [{
        "id": entity.id, "name": entity.name, "type": entity.type,
        "mentions": [{**span(m.start, m.end), "text": m.text} for m in sorted(mentions, key=lambda m: m.start)],
    } for entity, mentions in entities]


def _entities_by_article(entities: list[Entity]) -> dict[str, list[tuple[Entity, list[Mention]]]]:
    """Article id -> [(entity, its mentions in that article)], entities in the order given."""
    out: dict[str, dict[str, tuple[Entity, list[Mention]]]] = {}
    for entity in entities:
        for article_id, mention in entity.mentions:
            per_article = out.setdefault(article_id, {})
            per_article.setdefault(entity.id, (entity, []))[1].append(mention)
    return {a: list(found.values()) for a, found in out.items()}


def _quote_view(span: _RawSpans, quote: Quote, speaker_entity: str | None) -> dict[str, Any]:
    speaker = None
    if quote.speaker or quote.speaker_start is not None:
        where = span(quote.speaker_start, quote.speaker_end) if quote.speaker_start is not None else {"start": None, "end": None}
        speaker = {"name": quote.speaker, "entity": speaker_entity, **where}
    return {"text": quote.text, **span(quote.start, quote.end), "partial": quote.partial, "kind": quote.kind,
            "speaker": speaker, "group": quote.group}


def _number_view(span: _RawSpans, claim: NumberClaim) -> dict[str, Any]:
    return {"value": claim.value, "text": claim.text, **span(claim.start, claim.end), "qualifier": claim.qualifier,
            "counted": claim.counted, "source": claim.source, "kind": claim.kind, "unit": claim.unit}


@dataclass
class Analysis:
    """Per-article documents (``{"id", "entities", "quotes", "numbers"}``) by id, and the linked entities."""

    articles: dict[str, dict[str, Any]]
    entities: list[Entity]
    framing_terms: dict[str, Any] = field(default_factory=dict)  # article id -> brief.framing.ArticleTerms, from the same parse
    partial: dict[str, dict[str, Any]] = field(default_factory=dict)  # article id -> what its analysis left out
    limit: int = ANALYSED_CHARS

    def view(self, article: Article) -> Article:
        """The article as far as this analysis covers it (:func:`analysed_view`): what the brief reads."""
        return analysed_view(article, self.limit)

    @cached_property
    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def entities_document(self) -> dict[str, Any]:
        """Every entity with its name variants and the evidence of each merge (no mention lists)."""
        return {"entities": [{k: v for k, v in e.to_dict().items() if k != "mentions"} | {"articles": sorted({a for a, _ in e.mentions})}
                             for e in self.entities]}


def _parsed_value(mentions: list[Mention], quotes: list[Quote], numbers: list[NumberClaim], terms: Any) -> dict[str, Any]:
    return {"mentions": [asdict(m) for m in mentions], "quotes": [asdict(q) for q in quotes],
            "numbers": [asdict(n) for n in numbers],
            "terms": [{k: v for k, v in asdict(o).items() if k != "article"} for o in terms.occurrences]}


def _parsed_from(value: dict[str, Any], article: Article) -> tuple[list[Mention], list[Quote], list[NumberClaim], Any]:

    occurrences = [Occurrence(**(o | {"key": tuple(o["key"]), "article": article.id})) for o in value["terms"]]
    return ([Mention(**m) for m in value["mentions"]], [Quote(**q) for q in value["quotes"]],
            [NumberClaim(**n) for n in value["numbers"]], ArticleTerms(article, occurrences))


_OFFSETS = {Mention: ("start", "end"), NumberClaim: ("start", "end"),
            Quote: ("start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end")}


def _shifted(item: Any, delta: int) -> Any:
    """``item`` (a mention, quote, number or term occurrence) with its text offsets moved by ``delta``."""
    fields = _OFFSETS.get(type(item), ("start", "end"))
    return replace(item, **{f: getattr(item, f) + delta for f in fields if getattr(item, f) is not None})


def _find_all(article: Article, text: str, pieces: list[tuple[tuple[int, int], Any]]) -> tuple:
    """Mentions, quotes, numbers and framing terms of ``text`` from the parses of its pieces, with offsets
    into ``text``."""

    if len(pieces) == 1:
        doc = pieces[0][1]
        return find_mentions(text, doc), find_quotes(text, doc), find_numbers(text, doc), terms_from_doc(article, doc)
    mentions: list[Mention] = []
    quotes: list[Quote] = []
    numbers: list[NumberClaim] = []
    occurrences: list[Any] = []
    for (start, end), doc in pieces:
        piece = text[start:end]
        mentions += [_shifted(m, start) for m in find_mentions(piece, doc)]
        quotes += [_shifted(q, start) for q in find_quotes(piece, doc)]
        numbers += [_shifted(n, start) for n in find_numbers(piece, doc)]
        occurrences += [_shifted(o, start) for o in terms_from_doc(article, doc).occurrences]
    return mentions, quotes, numbers, ArticleTerms(article, occurrences)


def _parse(todo: list[tuple[Article, str]], batch_size: int) -> Iterator[tuple[Article, str, tuple]]:
    """(article, analysed text, findings) for each of ``todo``, every text parsed in pieces (``nlp.PIECE_CHARS``)."""
    nlp = load_nlp()
    jobs = [(k, span) for k, (_, text) in enumerate(todo) for span in text_pieces(text)]
    docs = nlp.pipe((todo[k][1][a:b] for k, (a, b) in jobs), batch_size=batch_size)
    held: list[tuple[tuple[int, int], Any]] = []
    for n, ((k, span), doc) in enumerate(zip(jobs, docs)):
        held.append((span, doc))
        if n + 1 == len(jobs) or jobs[n + 1][0] != k:  # the article's last piece: find, then let the docs go
            article, text = todo[k]
            yield article, text, _find_all(article, text, held)
            held = []


def analyse(articles: Iterable[Article], batch_size: int = 16, cache: ParseCache | None = None,
            limit: int = ANALYSED_CHARS) -> Analysis:
    """Parse each article once and find its entities, quotes and numbers, linked across all of them.

    Only the first ``limit`` characters of a body are analysed (:func:`analysed_view`; ``partial``
    says which articles were cut). With ``cache`` an article whose text was parsed by an earlier run
    is not parsed again.
    """
    articles = list(articles)
    views = {a.id: analysed_view(a, limit) for a in articles}
    texts = {a.id: views[a.id].text for a in articles}
    cached = cache.get_many(texts.values()) if cache is not None else {}
    parsed = {}
    for article in articles:
        if texts[article.id] in cached:
            try:
                parsed[article.id] = _parsed_from(cached[texts[article.id]], article)
            except (TypeError, KeyError, AttributeError):  # written by other code without a version bump: parse again
                pass
    todo = [(a, texts[a.id]) for a in articles if a.id not in parsed]
    if todo:
        for article, text, found in _parse(todo, batch_size):
            parsed[article.id] = found
            if cache is not None:
                cache.put(text, _parsed_value(*found))
        if cache is not None:
            cache.flush()
    # in the order given, so entity ids and quote groups do not depend on what was cached
    mentions = {a.id: parsed[a.id][0] for a in articles}
    quotes = {a.id: parsed[a.id][1] for a in articles}
    numbers = {a.id: parsed[a.id][2] for a in articles}
    framing_terms = {a.id: parsed[a.id][3] for a in articles}
    entities = link_entities(mentions)
    group_quotes(quotes)
    entity_of = {id(m): e.id for e in entities for _, m in e.mentions}
    by_article = _entities_by_article(entities)
    result = {}
    partial = {}
    for article in articles:
        span = _RawSpans(views[article.id])
        result[article.id] = {
            "id": article.id,
            "entities": _entities_view(span, by_article.get(article.id, [])),
            "quotes": [_quote_view(span, q, _speaker_entity(q, mentions[article.id], entity_of)) for q in quotes[article.id]],
            "numbers": [_number_view(span, n) for n in numbers[article.id]],
        }
        cut = _partial(article, views[article.id], limit)
        if cut is not None:
            result[article.id]["partial"] = partial[article.id] = cut
    return Analysis(result, entities, framing_terms, partial, limit)
