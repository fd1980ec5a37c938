"""Offsets of the cleaned body map back onto the raw input."""
from __future__ import annotations

from newsweave.record import Article, Paragraph


def test_raw_span_for_text_is_exact():
    raw = "Headline\n\nFirst para here.\nNoise\nSecond para.\n"
    article = Article(id="a", raw=raw, raw_kind="text", paragraphs=[Paragraph("First para here.", 10, 26), Paragraph("Second para.", 33, 45)])
    text = article.text
    for word in ("First", "here.", "Second", "para."):
        i = text.rindex(word)
        a, b = article.raw_span(i, i + len(word))
        assert raw[a:b] == word
