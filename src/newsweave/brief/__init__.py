"""The cross-source brief of one story: facts, conflicts, who said what, entities, summary, timeline.

``build_brief(story, articles, analysis)`` takes one story of the ``newsweave.stories/1`` document,
the story's articles and the :class:`~newsweave.analysis.Analysis` of (at least) those articles.
Every ``start``/``end`` in the brief indexes the article's raw input. Syndicated copies
(``extra["duplicate_of"]``) count once: a fact's ``independent_outlets`` is the number of distinct
outlets among its supporting articles, a copy standing for its original, and outlets whose supports tell the fact
in the same narration word for word one report (``shared_wording``, :func:`~.copied.shared_wording`). Articles without an
outlet (e.g. bare files) are all the outlet ``unknown``: one source, not one independent source each. What the brief says is ruled by the ``[brief]`` settings
(:class:`~newsweave.settings.BriefSettings`) it is given: every threshold of its sections comes from them.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..analysis import Analysis
from ..parse_cache import ParseCache
from ..record import Article
from ..outlets import UNKNOWN
from ..settings import DEFAULT_SETTINGS, BriefSettings
from .conflicts import conflicts_section
from .counterparts import index_from_units
from .encoder import DIMENSIONS, encode_sentences
from .facts import align, facts_section
from .framing import FramingConfig, framing_section
from .links import link_matrix
from .sentences import readable_sides, story_sentences
from .speakers import entities_section, quotes_section
from .summary import summary_section, timeline_section

SCHEMA = "newsweave.brief/1"

__all__ = ["SCHEMA", "brief_units", "build_brief", "unit_texts"]


class StoryContext:
    """The story's articles: order, outlet labels and independence of sources."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = sorted(articles, key=lambda a: (a.published or "9999", a.id))
        self.by_id = {a.id: a for a in self.articles}
        self.article_rank = {a.id: k for k, a in enumerate(self.articles)}

    def outlet(self, article_id: str) -> str:
        return self.by_id[article_id].outlet or UNKNOWN

    def source_key(self, article_id: str) -> str:
        """The outlet an article stands for: its original's when it is a syndicated copy."""
        seen = set()
        while article_id not in seen:
            seen.add(article_id)
            original = self.by_id[article_id].extra.get("duplicate_of")
            if not original or original not in self.by_id:
                break
            article_id = original
        return self.outlet(article_id)

    def is_copy(self, article_id: str) -> bool:
        return bool(self.by_id[article_id].extra.get("duplicate_of"))

    def outlets(self, article_ids) -> list[str]:
        return sorted({self.outlet(a) for a in article_ids})

    def independent(self, article_ids) -> int:
        return len({self.source_key(a) for a in article_ids})


def brief_units(story: dict[str, Any], articles: list[Article], analysis: Analysis,
                settings: BriefSettings | None = None) -> tuple[StoryContext, dict[str, Any], list]:
    """What :func:`build_brief` reads a story as: its articles (as far as analysed), their analysis documents and
    the sentence units (:func:`~.sentences.story_sentences`)."""
    settings = settings or DEFAULT_SETTINGS.brief
    wanted = set(story.get("articles") or [a.id for a in articles])
    # a body longer than the analysis limit is read as far as it was analysed
    context = StoryContext([analysis.view(a) for a in articles if a.id in wanted])
    docs = {a.id: analysis.articles.get(a.id, {}) for a in context.articles}
    return context, docs, story_sentences(context.articles, docs, settings=settings,
                                          terms=getattr(analysis, "framing_terms", None))


def unit_texts(sentences: list) -> list[str]:
    """The texts the brief encodes for its units: each clause, then each clause's whole sentence; none for a story
    of one article, where vectors only ever meet units of the same article (links, counterparts: none)."""
    if len({s.article for s in sentences}) < 2:
        return []
    return [s.text for s in sentences] + [s.sentence_text or s.text for s in sentences]


def build_brief(story: dict[str, Any], articles: list[Article], analysis: Analysis,
                vectors: ParseCache | None = None, link_model: dict[str, Any] | None = None,
                settings: BriefSettings | None = None, units: tuple | None = None) -> dict[str, Any]:
    """The brief of one story (see the module docstring and the README's *Briefs* section); ``vectors``
    caches sentence vectors between runs; ``link_model`` replaces the shipped link model (training);
    ``settings``: the ``[brief]`` settings (default: those of ``defaults.toml``); ``units``: what
    :func:`brief_units` gave for the same story, when the caller has it already."""
    settings = settings or DEFAULT_SETTINGS.brief
    context, docs, sentences = units or brief_units(story, articles, analysis, settings)
    # one call for clauses and their sentences: a sentence that is its own clause is encoded once
    texts = unit_texts(sentences)
    encoded = encode_sentences(texts, vectors) if texts else np.zeros((2 * len(sentences), DIMENSIONS), dtype=np.float32)
    score = link_matrix(sentences, encoded[:len(sentences)], encoded[len(sentences):], link_model)
    # headlines (the last units) serve facts and the summary; conflicts, framing and the timeline read the articles' text
    n = sum(1 for s in sentences if not s.title)
    body = sentences[:n]
    if n < len(sentences):  # the body's links as without headlines (their words would shift its weights and ranks)
        score[:n, :n] = link_matrix(body, encoded[:n], encoded[len(sentences):len(sentences) + n], link_model)
    facts = facts_section(sentences, align(sentences, score, context.source_key, settings), context, score)
    body_facts = [{**f, "_sentences": [i for i in f["_sentences"] if i < n]} for f in facts]
    brief = {
        "schema": SCHEMA,
        "id": story.get("id"),
        "title": story.get("title") or next((a.title for a in context.articles if a.title), "") or "",
        "articles": [{"id": a.id, "outlet": a.outlet, "title": a.title, "published": a.published,
                      "duplicate_of": a.extra.get("duplicate_of")} for a in context.articles],
        "outlets": sorted({a.outlet for a in context.articles if a.outlet}),
        "facts": [],
        "conflicts": conflicts_section(body, score[:n, :n], body_facts, context, settings),
        "quotes": quotes_section(context, docs, analysis),
        "entities": entities_section(context, docs, analysis),
        "framing": framing_section(context.articles, terms=getattr(analysis, "framing_terms", None),
                                   config=FramingConfig.from_settings(settings),
                                   sentences=index_from_units(body, encoded[len(sentences):len(sentences) + n])),
        "summary": summary_section(sentences, facts, settings),
        "timeline": timeline_section(body, context, settings),
    }
    brief["facts"] = [{k: v for k, v in f.items() if not k.startswith("_")} for f in facts]
    readable_sides(brief["conflicts"], sentences)  # an attribution's sides read as sentences, as facts do
    return brief
