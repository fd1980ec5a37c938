"""Small parts of the web app: raw->cleaned offsets, passage marks, the coverage chart."""
from __future__ import annotations

import re

from newsweave.record import Article, Paragraph
from newsweave.web.marks import brief_spans, marked_paragraphs, text_offset
from newsweave.web.timeline import timeline_svg

RAW = "Title\n\nFirst para here.\n\nSecond one, with more.\n"


def _text_article() -> Article:
    first, second = RAW.index("First"), RAW.index("Second")
    return Article(id="a", raw=RAW, raw_kind="text", paragraphs=[
        Paragraph("First para here.", first, first + 16), Paragraph("Second one, with more.", second, second + 22)])


def test_text_offsets_map_back_exactly_and_outside_is_none():
    article = _text_article()
    assert text_offset(article, RAW.index("para")) == article.text.index("para")
    assert text_offset(article, RAW.index("with")) == article.text.index("with")
    assert text_offset(article, 0) is None  # the title line is not a kept paragraph


def test_html_offsets_are_scaled_inside_the_paragraph():
    raw = "<p>Hello <b>big</b> world</p>"
    article = Article(id="h", raw=raw, raw_kind="html", paragraphs=[Paragraph("Hello big world", 3, len(raw) - 4)])
    assert text_offset(article, 3) == 0 and text_offset(article, len(raw) - 4) == len("Hello big world")
    assert 0 < text_offset(article, raw.index("world")) <= len("Hello big world")


def test_marks_prefer_conflict_over_corroboration_over_single_source():
    article = _text_article()
    at = RAW.index("Second")
    brief = {"facts": [{"status": "single_source", "support": [{"article": "a", "start": at, "end": at + 22}]},
                       {"status": "corroborated", "support": [{"article": "a", "start": at, "end": at + 10}]}],
             "conflicts": [{"sides": [{"article": "a", "start": at + 7, "end": at + 10}]}]}
    runs = marked_paragraphs(article, brief_spans(brief)["a"])
    assert runs[0] == [("First para here.", None)]
    assert runs[1] == [("Second ", "corroborated"), ("one", "conflict"), (", with more.", "single")]


def test_timeline_counts_articles_per_day_and_per_week_for_long_spans():
    daily = timeline_svg([{"published": "2026-03-01", "outlet": "A"}, {"published": "2026-03-01T09:00", "outlet": "B"},
                          {"published": "2026-03-03", "outlet": "A"}], {"A": 0, "B": 1})
    assert daily.count("<rect") == 3 and "2 articles per day at most" in daily
    assert re.search(r"<title>2026-03-01: 1 from B</title>", daily)
    weekly = timeline_svg([{"published": "2026-01-01", "outlet": "A"}, {"published": "2026-06-01", "outlet": "A"}], {"A": 0})
    assert "per week" in weekly and weekly.count("<rect") == 2
    assert timeline_svg([{"published": None, "outlet": "A"}, {"published": "not a date", "outlet": "A"}], {}) == ""
    hostile = timeline_svg([{"published": "2026-03-01", "outlet": "<script>x</script>"}], {})
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
