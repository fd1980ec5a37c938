"""Per-article stage: one spaCy parse of an article's analysed text and what is found in it (entity mentions,
quotes, numeric claims, framing terms), as an :class:`ArticleParse`. Nothing here looks at another article;
linking entities and grouping quotes across articles is :mod:`newsweave.analysis`'s (per story).

Long texts are bounded twice. A text is parsed in pieces of at most ``nlp.PIECE_CHARS`` characters
cut at paragraph or sentence boundaries; the finders run on each piece and their offsets are shifted
back onto the article's text, so no parse meets spaCy's length limit and no step that grows with the
square of its text sees more than one piece. And only the first :data:`ANALYSED_CHARS` characters of
a body are analysed (:func:`analysed_view`): a book-length text pasted in as one "article" would
otherwise cost minutes and gigabytes in parsing, sentence encoding and the brief's pairwise
links, for a text that is no news article. Such an article is still stored, clustered by its whole
text and listed in its story; its analysis document says what was left out (``partial``), and the
brief sees the same prefix.

Parses are cached by text (:class:`~newsweave.parse_cache.ParseCache`, handed in by the caller), so a
later run parses only new or changed text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from functools import partial
from typing import Any, Iterable, Iterator

from .entities import Mention, find_mentions
from .execution import Executor, InProcessExecutor, batches
from .nlp import PIECE_CHARS, cut_point, load_nlp, text_pieces
from .numbers import NumberClaim, find_numbers
from .parse_cache import ParseCache
from .progress import StageProgress
from .quotes import Quote, find_quotes
from .record import Article, Paragraph
from .terms import ArticleTerms, Occurrence, terms_from_doc

from .settings import DEFAULT_SETTINGS

# Characters of a body that are analysed (settings: analysis.analysed_chars); the rest of a longer body is
# stored but not analysed.
ANALYSED_CHARS = DEFAULT_SETTINGS.analysis.analysed_chars


@dataclass
class ArticleParse:
    """What one article's parse found, offsets into ``view.text`` (the analysed part of its body)."""

    view: Article  # the article as far as it is analysed (:func:`analysed_view`)
    mentions: list[Mention]
    quotes: list[Quote]
    numbers: list[NumberClaim]
    terms: ArticleTerms
    partial: dict[str, Any] | None = None  # what the analysis left out of a cut article

    @property
    def article_id(self) -> str:
        return self.view.id


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


# an occurrence's fields as cached (its article is the cache entry's); read directly, as asdict's deep copy of
# every one cost about 4% of a run (all plain values: the same JSON)
_OCCURRENCE_FIELDS = tuple(f.name for f in fields(Occurrence) if f.name != "article")


def _parsed_value(mentions: list[Mention], quotes: list[Quote], numbers: list[NumberClaim], terms: Any) -> dict[str, Any]:
    return {"mentions": [asdict(m) for m in mentions], "quotes": [asdict(q) for q in quotes],
            "numbers": [asdict(n) for n in numbers],
            "terms": [{k: getattr(o, k) for k in _OCCURRENCE_FIELDS} for o in terms.occurrences]}


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


def _parse(todo: list[tuple[Article, str]], batch_size: int, piece_chars: int) -> Iterator[tuple[Article, str, tuple]]:
    """(article, analysed text, findings) for each of ``todo``, every text parsed in pieces of at most ``piece_chars``."""
    nlp = load_nlp()
    jobs = [(k, span) for k, (_, text) in enumerate(todo) for span in text_pieces(text, piece_chars)]
    docs = nlp.pipe((todo[k][1][a:b] for k, (a, b) in jobs), batch_size=batch_size)
    held: list[tuple[tuple[int, int], Any]] = []
    for n, ((k, span), doc) in enumerate(zip(jobs, docs)):
        held.append((span, doc))
        if n + 1 == len(jobs) or jobs[n + 1][0] != k:  # the article's last piece: find, then let the docs go
            article, text = todo[k]
            yield article, text, _find_all(article, text, held)
            held = []


PARSE_BATCH = 32  # articles per parse task handed to the executor


def _parse_batch(todo: list[tuple[Article, str]], batch_size: int, piece_chars: int) -> list[tuple[str, dict[str, Any]]]:
    """(article id, findings as plain data) for a batch of (article view, text): one task of the executor, run
    in-process or in a worker (which loads spaCy once)."""
    return [(article.id, _parsed_value(*found)) for article, _, found in _parse(todo, batch_size, piece_chars)]


def parse_articles(articles: Iterable[Article], cache: ParseCache | None = None, limit: int = ANALYSED_CHARS,
                   batch_size: int = 16, piece_chars: int = PIECE_CHARS, executor: Executor | None = None,
                   progress: StageProgress | None = None) -> dict[str, ArticleParse]:
    """Article id -> :class:`ArticleParse` for each article, in the order given. Only the first ``limit``
    characters of a body are analysed (:func:`analysed_view`), in pieces of at most ``piece_chars``. With
    ``cache`` an article whose text was parsed by an earlier run is not parsed again (a cache for other
    ``piece_chars`` is keyed apart: :meth:`newsweave.settings.Settings.parse_fingerprint`). The articles to parse
    go to ``executor`` (in-process when None) in batches of :data:`PARSE_BATCH`; the findings come back as the
    plain data the cache keeps, so a parse gives the same records whether it ran here, in a worker or earlier."""
    articles = list(articles)
    views = {a.id: analysed_view(a, limit) for a in articles}
    texts = {a.id: views[a.id].text for a in articles}
    cached = cache.get_many(texts.values()) if cache is not None else {}
    values: dict[str, dict[str, Any]] = {a.id: cached[texts[a.id]] for a in articles if texts[a.id] in cached}
    found: dict[str, tuple] = {}
    for article in articles:
        if article.id in values:
            try:
                found[article.id] = _parsed_from(values[article.id], article)
            except (TypeError, KeyError, AttributeError):  # written by other code without a version bump: parse again
                pass
    todo = [(views[a.id], texts[a.id]) for a in articles if a.id not in found]
    if progress:  # counts the articles parsed, those found in the cache at once
        progress(len(found), len(articles))
    if todo:
        by_id = {a.id: a for a in articles}
        run = executor or InProcessExecutor()
        for results in run.map(partial(_parse_batch, batch_size=batch_size, piece_chars=piece_chars), batches(todo, PARSE_BATCH)):
            for article_id, value in results:
                found[article_id] = _parsed_from(value, by_id[article_id])
                if cache is not None:
                    cache.put(texts[article_id], value)
            if progress:
                progress(len(found), len(articles))
        if cache is not None:
            cache.flush()
    return {a.id: ArticleParse(views[a.id], *found[a.id], partial=_partial(a, views[a.id], limit)) for a in articles}
