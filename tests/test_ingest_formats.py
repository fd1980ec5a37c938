"""Every input kind, from small hand-written fixtures: ids, metadata, offsets back into the raw input."""
from __future__ import annotations

import gzip
import json

from newsweave import extract_paths

PAGE = """<!doctype html><html><head><title>Dam holds after storm | Valley Post</title>
<meta property="og:site_name" content="Valley Post"><link rel="canonical" href="https://www.valleypost.example/news/dam">
<meta property="article:published_time" content="2026-03-04T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Dam holds after storm</h1>
<p>The Orvel dam held overnight as the storm dumped &quot;record&quot; rain on the valley, engineers said on Wednesday.</p>
<p>About 400 people who left their homes on Tuesday were allowed to return by the afternoon, according to the regional office.</p>
<p>Share this article</p>
<p>Inspectors will examine the spillway again on Friday before the next band of rain arrives from the west.</p>
</article><footer>Copyright Valley Post. All rights reserved.</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Ledger</title><link>https://ledger.example/</link><description>news</description>
<item><title>Port strike ends</title><link>https://ledger.example/port-strike-ends</link>
<guid>ledger-1</guid><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Dock workers at the port of Sella voted to end their nine-day strike on Tuesday after the operator offered a 6 percent pay rise over two years.</p>
<p>The union said ships would be unloaded from Wednesday morning, and that the backlog of some 40 vessels would take a week to clear.</p>]]></content:encoded></item>
<item><title>Weather outlook</title><link>https://ledger.example/weather</link><guid>ledger-2</guid><description>Rain again.</description></item>
</channel></rss>"""


def _by_id(summary):
    return {a.id: a for a in summary.articles}


def test_text_offsets_point_into_raw(tmp_path):
    raw = "Flood warning lifted\n\n  The warning for the Velya valley was lifted on Sunday.  \r\nRoads reopened by noon.\n"
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8", newline="")
    article = extract_paths([tmp_path / "a.txt"]).articles[0]
    assert article.id == "a.txt"
    assert article.title == "Flood warning lifted"
    for p in article.paragraphs:
        assert raw[p.start : p.end] == p.text
    assert article.text == "The warning for the Velya valley was lifted on Sunday.\nRoads reopened by noon."


def test_html_page_metadata_and_offsets(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "dam.html").write_text(PAGE, encoding="utf-8")
    article = extract_paths([tmp_path]).articles[0]
    assert article.id == "news/dam.html"
    assert article.outlet == "valleypost.example"
    assert article.published == "2026-03-04"
    assert article.title.startswith("Dam holds after storm")
    assert 'storm dumped "record" rain' in article.text
    assert "Share this article" not in article.text
    assert "Copyright" not in article.text
    reasons = {r.reason for r in article.removed}
    assert "subscribe, share or navigation prompt" in reasons
    for p in article.paragraphs:
        assert PAGE[p.start : p.end].startswith(p.text[:10])


def test_feed_entries_and_link_only(tmp_path):
    (tmp_path / "ledger.xml").write_text(FEED, encoding="utf-8")
    summary = extract_paths([tmp_path / "ledger.xml"])
    article = _by_id(summary)["ledger.xml#ledger-1"]
    assert article.outlet == "ledger.example"
    assert article.published == "2026-03-03"
    assert article.title == "Port strike ends"
    assert "6 percent pay rise" in article.text
    assert len(summary.not_fetched) == 1 and "does not fetch" in summary.not_fetched[0].reason
    assert summary.errors == []


def test_jsonl_records_and_gzip(tmp_path):
    records = [
        {"id": "w1", "title": "Fire contained", "text": "Fire contained\nCrews contained the wildfire near Aldon on Friday after three days.\nNo one was hurt.", "url": "https://wire.example/w1", "outlet": None, "published": "2026-05-01", "language": "en"},
        {"id": "w2", "title": "Page record", "html": PAGE, "text": None, "url": "https://valleypost.example/news/dam"},
    ]
    data = "\n".join(json.dumps(r) for r in records) + "\n"
    with gzip.open(tmp_path / "wire.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(data)
    articles = _by_id(extract_paths([tmp_path]))
    assert articles["w1"].outlet == "wire.example"
    assert articles["w1"].title == "Fire contained"
    assert articles["w1"].text.startswith("Crews contained")  # the title line is recognised, not repeated
    assert articles["w2"].raw_kind == "html" and "Orvel dam" in articles["w2"].text


def test_manifest_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("RESCUERS reached the village of Brenn on Monday after the bridge collapsed.\nTwo people were injured.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,url,outlet,published,title\na.txt,https://www.sun.example/brenn,,2026-02-02,Bridge collapse\n", encoding="utf-8")
    article = extract_paths([tmp_path]).articles[0]
    assert (article.outlet, article.published, article.title, article.url) == ("sun.example", "2026-02-02", "Bridge collapse", "https://www.sun.example/brenn")
    assert article.text.startswith("RESCUERS reached")


def test_html_fragment_record_keeps_its_text(tmp_path):
    fragment = "<p>Dock workers at the port of Sella voted to end their strike on Tuesday after the operator offered a 6 percent rise.</p>"
    (tmp_path / "r.jsonl").write_text(json.dumps({"id": "f1", "html": fragment, "text": None}) + "\n", encoding="utf-8")
    article = extract_paths([tmp_path]).articles[0]
    assert article.text.startswith("Dock workers at the port of Sella")
    p = article.paragraphs[0]
    assert fragment[p.start : p.end].startswith("Dock workers")


def test_size_limits_per_document_and_per_collection(tmp_path):
    from newsweave import Options

    big = "word " * 400
    records = [{"id": "small", "text": "A short story about a storm that passed the coast on Monday."}, {"id": "big", "text": big}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text(big, encoding="utf-8")
    summary = extract_paths([tmp_path], Options(max_bytes=1000, max_collection_bytes=100_000))
    assert [a.id for a in summary.articles] == ["small"]
    assert sorted(e.source for e in summary.errors) == [str(tmp_path / "c.jsonl") + ":2", str(tmp_path / "d.txt")]
    summary = extract_paths([tmp_path], Options(max_bytes=1000, max_collection_bytes=100))
    assert all("--max-collection-bytes" in e.reason for e in summary.errors if e.source.endswith("c.jsonl"))


def test_jsonl_strings_may_hold_unicode_line_separators(tmp_path):
    records = [{"id": f"r{n}", "text": f"Line one of record {n}\u2028still line one\x85and more.\nSecond paragraph of record {n}."} for n in range(3)]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    summary = extract_paths([tmp_path])
    assert summary.errors == [] and [a.id for a in summary.articles] == ["r0", "r1", "r2"]
