"""Analysis stage: entities, quotes and numeric claims for a set of articles, linked across them.

Each article is parsed once by spaCy; mentions, quotes and numbers come from that one parse.
Entities are linked and quotes grouped across all the articles given, so an entity ``id`` or a
quote ``group`` means the same thing in every article file. All offsets in the output index the
article's raw input (``Article.raw``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Iterable

from .entities import Entity, Mention, find_mentions, link_entities
from .escape import file_stem
from .nlp import load_nlp
from .numbers import NumberClaim, find_numbers
from .parse_cache import ParseCache
from .quotes import Quote, find_quotes, group_quotes
from .record import Article


def safe_name(article_id: str) -> str:
    """A file name for an id: readable, with a 64-bit hash of the id (:func:`newsweave.escape.file_stem`).
    A run's output files use :func:`newsweave.escape.unique_stems`, which also rules out two ids sharing one."""
    return file_stem(article_id)


def _span(article: Article, start: int, end: int) -> dict[str, Any]:
    raw_start, raw_end = article.raw_span(start, end)
    return {"start": raw_start, "end": raw_end}


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


def _entities_view(article: Article, entities: list[tuple[Entity, list[Mention]]]) -> list[dict[str, Any]]:
    """The article's entities (each with the mentions it has in this article), in the given order."""
    return [{
        "id": entity.id, "name": entity.name, "type": entity.type,
        "mentions": [{**_span(article, m.start, m.end), "text": m.text} for m in sorted(mentions, key=lambda m: m.start)],
    } for entity, mentions in entities]


def _entities_by_article(entities: list[Entity]) -> dict[str, list[tuple[Entity, list[Mention]]]]:
    """Article id -> [(entity, its mentions in that article)], entities in the order given."""
    out: dict[str, dict[str, tuple[Entity, list[Mention]]]] = {}
    for entity in entities:
        for article_id, mention in entity.mentions:
            per_article = out.setdefault(article_id, {})
            per_article.setdefault(entity.id, (entity, []))[1].append(mention)
    return {a: list(found.values()) for a, found in out.items()}


def _quote_view(article: Article, quote: Quote, speaker_entity: str | None) -> dict[str, Any]:
    speaker = None
    if quote.speaker or quote.speaker_start is not None:
        where = _span(article, quote.speaker_start, quote.speaker_end) if quote.speaker_start is not None else {"start": None, "end": None}
        speaker = {"name": quote.speaker, "entity": speaker_entity, **where}
    return {"text": quote.text, **_span(article, quote.start, quote.end), "partial": quote.partial, "kind": quote.kind,
            "speaker": speaker, "group": quote.group}


def _number_view(article: Article, claim: NumberClaim) -> dict[str, Any]:
    return {"value": claim.value, "text": claim.text, **_span(article, claim.start, claim.end), "qualifier": claim.qualifier,
            "counted": claim.counted, "source": claim.source, "kind": claim.kind, "unit": claim.unit}


@dataclass
class Analysis:
    """Per-article documents (``{"id", "entities", "quotes", "numbers"}``) by id, and the linked entities."""

    articles: dict[str, dict[str, Any]]
    entities: list[Entity]
    framing_terms: dict[str, Any] = field(default_factory=dict)  # article id -> brief.framing.ArticleTerms, from the same parse

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
    from .brief.framing import ArticleTerms, Occurrence

    occurrences = [Occurrence(**(o | {"key": tuple(o["key"]), "article": article.id})) for o in value["terms"]]
    return ([Mention(**m) for m in value["mentions"]], [Quote(**q) for q in value["quotes"]],
            [NumberClaim(**n) for n in value["numbers"]], ArticleTerms(article, occurrences))


def analyse(articles: Iterable[Article], batch_size: int = 16, cache: ParseCache | None = None) -> Analysis:
    """Parse each article once and find its entities, quotes and numbers, linked across all of them.

    With ``cache`` an article whose text was parsed by an earlier run is not parsed again.
    """
    from .brief.framing import terms_from_doc

    articles = list(articles)
    cached = cache.get_many(a.text for a in articles) if cache is not None else {}
    parsed = {}
    for article in articles:
        if article.text in cached:
            try:
                parsed[article.id] = _parsed_from(cached[article.text], article)
            except (TypeError, KeyError, AttributeError):  # written by other code without a version bump: parse again
                pass
    todo = [a for a in articles if a.id not in parsed]
    if todo:
        nlp = load_nlp()
        for article, doc in zip(todo, nlp.pipe((a.text for a in todo), batch_size=batch_size)):
            found = (find_mentions(article.text, doc), find_quotes(article.text, doc), find_numbers(article.text, doc),
                     terms_from_doc(article, doc))
            parsed[article.id] = found
            if cache is not None:
                cache.put(article.text, _parsed_value(*found))
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
    for article in articles:
        result[article.id] = {
            "id": article.id,
            "entities": _entities_view(article, by_article.get(article.id, [])),
            "quotes": [_quote_view(article, q, _speaker_entity(q, mentions[article.id], entity_of)) for q in quotes[article.id]],
            "numbers": [_number_view(article, n) for n in numbers[article.id]],
        }
    return Analysis(result, entities, framing_terms)
