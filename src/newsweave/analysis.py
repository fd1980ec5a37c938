"""Per-story stage: entities linked and quotes grouped across a set of articles (one story), from their
parses (:mod:`newsweave.article_parse`), as per-article analysis documents.

An entity ``id`` or a quote ``group`` means the same thing in every article of the set analysed together.
A run analyses each story on its own, so a story's analysis depends on its own articles only and an
incremental run rebuilds just the stories it touched; an entity's id is a hash of its class and canonical
name, so one person linked in two stories has one id in both. All offsets in the output index the
article's raw input (``Article.raw``).
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterable

from .article_parse import ANALYSED_CHARS, ArticleParse, analysed_view, parse_articles
from .entities import Entity, Mention, link_entities
from .escape import file_stem
from .numbers import NumberClaim
from .parse_cache import ParseCache
from .quotes import Quote, group_quotes
from .quotes.source import OWN_NOUNS
from .record import Article

__all__ = ["ANALYSED_CHARS", "Analysis", "ArticleParse", "analyse", "analysed_view", "link_parses", "parse_articles", "safe_name"]


def safe_name(article_id: str) -> str:
    """A file name for an id: readable, with a 64-bit hash of the id (:func:`newsweave.escape.file_stem`).
    A run's output files use :func:`newsweave.escape.unique_stems`, which also rules out two ids sharing one."""
    return file_stem(article_id)


class _RawSpans:
    """Maps spans of an article's text to raw offsets, its paragraph starts computed once (not per span)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.starts = article.paragraph_starts()

    def __call__(self, start: int, end: int) -> dict[str, Any]:
        a = self.article
        return {"start": a._raw_offset(start, self.starts, False), "end": a._raw_offset(end, self.starts, True)}


def _speaker_entity(quote: Quote, mentions: list[Mention], entity_of: dict[int, str]) -> str | None:
    """The entity of the mention the speaker span points at, else of a mention with the speaker's name.

    In the span, a person comes first, the last one named ("Senate Majority Leader Mitch McConnell" is McConnell,
    not the Senate); any other mention counts only when it ends the span, as the speaker's head ("the White
    House"): in "a top Senate Democratic aide" or "one Democrat" the Senate and the party are not the speaker."""
    if quote.speaker_start is not None:
        inside = [m for m in mentions
                  if m.start < quote.speaker_end and quote.speaker_start < m.end and id(m) in entity_of]
        # not a possessor or modifier ("Stone’s attorney" is not Stone)
        persons = [m for m in inside if m.type == "PERSON" and not _possessor(m, quote)]
        if persons:
            return entity_of[id(max(persons, key=lambda m: m.end))]
        heads = [m for m in inside if m.end >= quote.speaker_end and m.type != "NORP"]  # "one Democrat": no one
        if heads:
            return entity_of[id(heads[0])]
    if quote.speaker:
        wanted = quote.speaker.lower()
        for m in mentions:
            if m.type == "PERSON" and m.name.lower() == wanted and id(m) in entity_of:
                return entity_of[id(m)]
    return None


# what follows a name in a speaker's span when the words are still that person's ("Trump’s account tweeted",
# "Obama’s response"), or when the span runs on past the name ("Trump over …")
_OWN_WORDS = OWN_NOUNS | {"words", "tweets", "posts", "remarks", "comments", "over", "on", "in", "at", "to", "for", "of", "and",
                          "or", "but", "with", "from", "by", "as", "who", "that", "said", "says"}


def _possessor(mention: Mention, quote: Quote) -> bool:
    """Whether the speaker's name has ``mention`` qualify a common noun, as its possessor or modifier ("Stone’s
    attorney", "the Obama administration", "a Trump spokesman"): the speaker is someone else."""
    if not quote.speaker:
        return False
    m = re.search(re.escape(mention.text) + r"(?:['’]s?)?\s+([a-z][\w-]*)", quote.speaker)
    return m is not None and m.group(1) not in _OWN_WORDS


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
            "speaker": speaker, "group": quote.group, "negated": quote.negated}


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


def link_parses(articles: Iterable[Article], parses: dict[str, ArticleParse], limit: int = ANALYSED_CHARS) -> Analysis:
    """Entities linked and quotes grouped across ``articles`` (every one parsed in ``parses``), in the order given,
    so entity ids and quote groups do not depend on what was cached. ``parses`` is not changed."""
    articles = list(articles)
    mentions = {a.id: parses[a.id].mentions for a in articles}
    quotes = {a.id: [replace(q, group=None) for q in parses[a.id].quotes] for a in articles}  # grouping writes into its quotes
    entities = link_entities(mentions)
    group_quotes(quotes)
    entity_of = {id(m): e.id for e in entities for _, m in e.mentions}
    by_article = _entities_by_article(entities)
    result = {}
    partial = {}
    for article in articles:
        parse = parses[article.id]
        span = _RawSpans(parse.view)
        result[article.id] = {
            "id": article.id,
            "entities": _entities_view(span, by_article.get(article.id, [])),
            "quotes": [_quote_view(span, q, _speaker_entity(q, mentions[article.id], entity_of)) for q in quotes[article.id]],
            "numbers": [_number_view(span, n) for n in parse.numbers],
        }
        if parse.partial is not None:
            result[article.id]["partial"] = partial[article.id] = parse.partial
    return Analysis(result, entities, {a.id: parses[a.id].terms for a in articles}, partial, limit)


def analyse(articles: Iterable[Article], batch_size: int = 16, cache: ParseCache | None = None,
            limit: int = ANALYSED_CHARS) -> Analysis:
    """Parse each article once (:func:`~newsweave.article_parse.parse_articles`, cached with ``cache``) and link
    its entities and group its quotes across all of them (:func:`link_parses`)."""
    articles = list(articles)
    return link_parses(articles, parse_articles(articles, cache, limit, batch_size), limit)
