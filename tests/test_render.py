"""Story briefs rendered as Markdown and HTML: every section, citations, and inert hostile text."""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from newsweave.brief.render_html import render_index_html, render_story_html, story_file_stem
from newsweave.brief.render_md import render_markdown
from newsweave.outputs import write_brief_pages

RAW_A = "Officials said 80,000 soldiers left the city on Friday. \"We will rebuild,\" the mayor said."
RAW_B = "About 30,000 troops withdrew, Kyiv said. The mayor said: \"We will rebuild.\" Wagner fighters were seen."
RAW_C = "Officials said 80,000 soldiers left the city on Friday."


def _span(raw: str, part: str) -> tuple[int, int]:
    start = raw.index(part)
    return start, start + len(part)


def _support(article: str, raw: str, part: str) -> dict:
    start, end = _span(raw, part)
    return {"article": article, "start": start, "end": end}


BRIEF = {
    "id": "s0001",
    "title": "Troops leave the city",
    "articles": [
        {"id": "a.txt", "outlet": "Alpha News", "title": "Troops leave", "published": "2026-03-01", "duplicate_of": None},
        {"id": "b.txt", "outlet": "Beta Post", "title": "Withdrawal begins", "published": "2026-03-02", "duplicate_of": None},
        {"id": "c.txt", "outlet": "Gamma Wire", "title": "Troops leave", "published": "2026-03-02", "duplicate_of": "a.txt"},
    ],
    "outlets": ["Alpha News", "Beta Post", "Gamma Wire"],
    "facts": [
        {"id": "f1", "text": "The mayor said the city will rebuild.", "status": "corroborated",
         "support": [_support("a.txt", RAW_A, "\"We will rebuild,\" the mayor said."),
                     _support("b.txt", RAW_B, "The mayor said: \"We will rebuild.\"")],
         "outlets": ["Alpha News", "Beta Post"], "independent_outlets": 2},
        {"id": "f2", "text": "Wagner fighters were seen.", "status": "single_source",
         "support": [_support("b.txt", RAW_B, "Wagner fighters were seen.")], "outlets": ["Beta Post"], "independent_outlets": 1},
        {"id": "f3", "text": "Soldiers left on Friday.", "status": "single_source",
         "support": [_support("a.txt", RAW_A, "soldiers left the city on Friday")], "outlets": ["Alpha News"], "independent_outlets": 1},
    ],
    "conflicts": [
        {"id": "c1", "topic": "soldiers withdrawn", "kind": "count", "sides": [
            {"article": "a.txt", "outlet": "Alpha News", "text": "80,000 soldiers", "start": _span(RAW_A, "80,000 soldiers")[0],
             "end": _span(RAW_A, "80,000 soldiers")[1], "value": 80000},
            {"article": "b.txt", "outlet": "Beta Post", "text": "About 30,000 troops", "start": 0, "end": 19, "value": 30000.0},
        ]},
    ],
    "quotes": [
        {"speaker": "Mayor Ivanenko", "entity": "e1", "variants": ["Mayor Ivanenko", "Ivanenko"], "quotes": [
            {"text": "We will rebuild", "group": "q1", "outlets": ["Alpha News", "Beta Post"],
             "support": [_support("a.txt", RAW_A, "We will rebuild"), _support("b.txt", RAW_B, "We will rebuild")]},
        ]},
    ],
    "entities": [
        {"id": "e1", "name": "Ivanenko", "type": "PERSON", "variants": ["Ivanenko", "Iwanenko"], "outlets": ["Alpha News", "Beta Post"]},
        {"id": "e2", "name": "Kyiv", "type": "GPE", "variants": ["Kyiv"], "outlets": ["Beta Post"]},
    ],
    "framing": {"outlets": [
        {"outlet": "Alpha News", "articles": ["a.txt"], "headline": "Troops leave",
         "distinctive_terms": [{"term": "soldiers", "score": 2.0, "support": []}], "loaded_terms": ["fled"]},
        {"outlet": "Beta Post", "articles": ["b.txt"], "headline": "Withdrawal begins",
         "distinctive_terms": [{"term": "withdrew", "score": 1.5, "support": []}], "loaded_terms": []},
    ]},
    "summary": [{"text": "Troops left the city and the mayor promised to rebuild.", "outlets": ["Alpha News", "Beta Post"],
                 "support": [{"article": "a.txt", "start": 0, "end": 10}, {"article": "b.txt", "start": 0, "end": 10}]}],
    "timeline": [{"date": "2026-03-01", "text": "Soldiers leave the city.", "outlets": ["Alpha News"],
                  "support": [{"article": "a.txt", "start": 0, "end": 10}]}],
}
TEXTS = {"a.txt": RAW_A, "b.txt": RAW_B, "c.txt": RAW_C}

HOSTILE = "<script>alert(1)</script>"
HOSTILE_URL = "javascript:alert(2)"


def _hostile_brief() -> dict:
    brief = copy.deepcopy(BRIEF)
    brief["title"] = HOSTILE + " [click](" + HOSTILE_URL + ")"
    brief["articles"][0]["title"] = f'<a href="{HOSTILE_URL}">x</a>'
    brief["articles"][0]["outlet"] = '"><img src=x onerror=alert(3)>'
    brief["facts"][0]["text"] = HOSTILE
    brief["conflicts"][0]["topic"] = "<iframe src=https://evil.example>"
    brief["quotes"][0]["speaker"] = "<b onmouseover=alert(4)>"
    brief["framing"]["outlets"][0]["headline"] = HOSTILE
    brief["framing"]["outlets"][0]["loaded_terms"] = [{"term": "<style>body{display:none}</style>"}]
    brief["timeline"][0]["text"] = "https://evil.example/<script>"
    return brief


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_markdown_has_every_section_and_cites_outlets():
    md = render_markdown(BRIEF)
    assert md.startswith("# Troops leave the city\n")
    for heading in ("## Summary", "## Corroborated", "## Only in one outlet", "## Conflicting figures", "## Who said what",
                    "## Name variants", "## Framing", "## Timeline", "## Sources"):
        assert heading in md
    assert "3 articles from 3 outlets (2 independent)" in md
    section = lambda name: md.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]  # noqa: E731
    assert "*Alpha News* [1], *Beta Post* [2]" in section("Corroborated") and "(2 independent)" in section("Corroborated")
    single = section("Only in one outlet")
    assert single.index("### Beta Post") < single.index("Wagner") and single.index("### Alpha News") < single.index("Friday")
    conflict = section("Conflicting figures")
    assert "80,000 soldiers" in conflict and "About 30,000 troops" in conflict and "*Alpha News* [1]" in conflict and "*Beta Post* [2]" in conflict
    quotes = section("Who said what")
    assert "### Mayor Ivanenko (also written: Ivanenko)" in quotes and "“We will rebuild” — *Alpha News* [1], *Beta Post* [2]" in quotes
    assert "Iwanenko" in section("Name variants") and "Kyiv" not in section("Name variants")
    framing = section("Framing")
    assert "### Alpha News" in framing and "soldiers" in framing and "fled" in framing and "withdrew" in framing
    assert "**2026-03-01**" in section("Timeline")
    assert "[3] *Gamma Wire*" in section("Sources") and "(copy of [1])" in section("Sources")
    for line in md.splitlines():  # every statement in a list cites an outlet
        if line.startswith("- ") and not line.startswith(("- Distinctive", "- Loaded", "- Headline")):
            assert re.search(r"\*[^*]+\*", line), line


def test_markdown_escapes_markup_and_handles_an_empty_brief():
    md = render_markdown(_hostile_brief())
    assert "<script>" not in md and "](" not in md.replace("\\](", "")
    assert "\\<script\\>" in md
    empty = render_markdown({"id": "x", "title": "", "articles": []})
    assert empty.startswith("# Untitled story") and "_No conflicting figures found._" in empty


def test_story_html_shows_agree_and_disagree_side_by_side_with_excerpts():
    page = render_story_html(BRIEF, TEXTS)
    tags = _parse(page)
    assert "script" not in tags.tags
    assert page.index("Agree (corroborated)") < page.index("Disagree (conflicts)") < page.index("Only in one outlet")
    assert '<td class="value">80,000</td>' in page and '<td class="value">30,000</td>' in page
    assert "<mark>80,000 soldiers</mark>" in page  # the side's span in the article's raw text
    assert "<mark>We will rebuild</mark>" in page  # quotes and corroborated facts show their passages
    single = page.split('<section id="single">', 1)[1].split("</section>", 1)[0]
    assert "Wagner fighters were seen." in single and '<a class="ref" href="#src-2"' in single and "<details>" not in single
    assert "Mayor Ivanenko" in page and "Withdrawal begins" in page and "soldiers" in page
    hrefs = [v for tag, k, v in tags.attrs if k in ("href", "src")]
    assert hrefs and all(v == "../index.html" or v.startswith("#") for v in hrefs)  # the story list, or a place on this page
    assert '<a href="#single">Only in one outlet</a>' in page and '<a href="#agree">Agree (corroborated)</a>' in page  # the section index
    ids = {v for _, k, v in tags.attrs if k == "id"}
    assert all(v[1:] in ids for v in hrefs if v.startswith("#"))
    without_texts = render_story_html(BRIEF)
    assert "<details>" not in without_texts and "Agree (corroborated)" in without_texts


def test_hostile_text_renders_inert():
    brief = _hostile_brief()
    hostile_texts = {"a.txt": RAW_A.replace("Officials", "<script>x()</script>"), "b.txt": RAW_B}
    pages = [render_story_html(brief, hostile_texts), render_index_html([brief, BRIEF])]
    for page in pages:
        tags = _parse(page)
        assert "script" not in tags.tags and "iframe" not in tags.tags and "img" not in tags.tags
        assert not any(k.startswith("on") for _, k, _ in tags.attrs)
        assert not any(v and "javascript:" in v.lower() for _, _, v in tags.attrs)
        assert not any(k in ("href", "src") and v and "evil" in v for _, k, v in tags.attrs)
        assert tags.tags.count("style") == 1
        assert "&lt;script&gt;" in page
    assert "Content-Security-Policy" in pages[0]


def test_index_links_each_story_page():
    other = copy.deepcopy(BRIEF) | {"id": "story/2 ../x", "title": "Second", "conflicts": []}
    page = render_index_html([BRIEF, other])
    tags = _parse(page)
    hrefs = [v for tag, k, v in tags.attrs if tag == "a" and k == "href"]
    assert hrefs == [f"stories/{story_file_stem('s0001')}.html", f"stories/{story_file_stem('story/2 ../x')}.html"]
    assert all(re.fullmatch(r"stories/[A-Za-z0-9._-]+\.html", h) for h in hrefs)  # no path separators
    assert "Troops leave the city" in page and "Second" in page and "2 stories from 6 articles" in page
    row = page.split("Troops leave the city", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["3", "2", "1", "1"]


def test_write_brief_pages(tmp_path):
    written = write_brief_pages(tmp_path, [BRIEF], {"a.txt": RAW_A})
    stem = story_file_stem("s0001")
    assert (tmp_path / "stories" / f"{stem}.md").read_text(encoding="utf-8").startswith("# Troops leave the city")
    assert "<mark>" in (tmp_path / "stories" / f"{stem}.html").read_text(encoding="utf-8")
    assert f"stories/{stem}.html" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert written == {"pages": 1}


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")), reason="chromium not installed")
def test_story_page_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(render_story_html(_hostile_brief(), TEXTS), encoding="utf-8")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    result = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                             "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    dom = result.stdout
    assert "Agree (corroborated)" in dom and "<script>" not in dom and "alert(1)" in dom  # shown as text, never run


def test_conflict_sides_with_one_value_read_as_one_position():
    brief = copy.deepcopy(BRIEF)
    brief["conflicts"][0]["sides"].append({"article": "c.txt", "outlet": "Gamma Wire", "text": "80,000 Soldiers", "start": 15, "end": 30,
                                           "value": 80000})
    md = render_markdown(brief)
    conflict = md.split("## Conflicting figures\n", 1)[1].split("\n## ", 1)[0]
    assert "- **80,000**: “80,000 soldiers” — *Alpha News* [1], *Gamma Wire* [3]" in conflict
    assert "- **30,000**: “About 30,000 troops” — *Beta Post* [2]" in conflict
    page = render_story_html(brief, TEXTS)
    assert page.count('<td class="value">80,000</td>') == 1 and page.count('<td class="value">30,000</td>') == 1


def test_the_same_quote_from_several_outlets_is_listed_once():
    brief = copy.deepcopy(BRIEF)
    brief["quotes"][0]["quotes"] = [
        {"text": "We will rebuild,", "group": "q1", "outlets": ["Alpha News"], "support": [{"article": "a.txt", "start": 57, "end": 72}]},
        {"text": "we will rebuild.", "group": "q2", "outlets": ["Beta Post"], "support": [{"article": "b.txt", "start": 0, "end": 5}]},
        {"text": "Something else", "group": "q3", "outlets": ["Beta Post"], "support": []},
    ]
    md = render_markdown(brief)
    quotes = md.split("## Who said what\n", 1)[1].split("\n## ", 1)[0]
    assert "- “We will rebuild,” — *Alpha News* [1], *Beta Post* [2]" in quotes and quotes.count("ebuild") == 1
    page = render_story_html(brief)
    assert page.count("<blockquote>") == 2


def test_a_quote_on_a_negated_verb_is_shown_as_no_statement_and_apart_from_the_same_words_said():
    brief = copy.deepcopy(BRIEF)
    brief["quotes"][0]["quotes"] = [
        {"text": "whether he will run", "group": None, "outlets": ["Alpha News"], "negated": "has not <b>said</b>",
         "support": [{"article": "a.txt", "start": 0, "end": 5}]},
        {"text": "Whether he will run", "group": None, "outlets": ["Beta Post"], "support": [{"article": "b.txt", "start": 0, "end": 5}]},
    ]
    quotes = render_markdown(brief).split("## Who said what\n", 1)[1].split("\n## ", 1)[0]
    assert "- not a statement (has not \\<b\\>said\\</b\\>): “whether he will run” — *Alpha News*" in quotes
    assert "- “Whether he will run” — *Beta Post*" in quotes
    page = render_story_html(brief)
    assert page.count("<blockquote>") == 2 and "not a statement (has not &lt;b&gt;said&lt;/b&gt;): " in page


def test_reported_speech_is_not_shown_in_quotation_marks():
    brief = copy.deepcopy(BRIEF)
    brief["quotes"][0]["quotes"] = [
        {"text": "the dam would hold", "kind": "indirect", "group": None, "outlets": ["Alpha News"],
         "support": [{"article": "a.txt", "start": 0, "end": 5}]},
        {"text": "We will rebuild,", "kind": "direct", "group": None, "outlets": ["Beta Post"],
         "support": [{"article": "b.txt", "start": 0, "end": 5}]},
    ]
    quotes = render_markdown(brief).split("## Who said what\n", 1)[1].split("\n## ", 1)[0]
    assert "- reported: the dam would hold — *Alpha News*" in quotes and "- “We will rebuild,” — *Beta Post*" in quotes
    page = render_story_html(brief)
    assert "<blockquote>the dam would hold</blockquote>" in page and "<blockquote>“We will rebuild,”</blockquote>" in page
    assert 'reported: </span>' in page


def test_run_outputs_render_the_briefs_of_this_runs_stories(tmp_path):
    import json

    from newsweave.outputs import write_run_outputs
    from newsweave.store import RunResults

    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / f"{story_file_stem('gone')}.json").write_text(json.dumps(BRIEF | {"id": "gone"}), encoding="utf-8")
    assert write_brief_pages(tmp_path, [BRIEF], TEXTS) == {"pages": 1}  # a brief file left from an earlier run is not rendered
    assert "<mark>" in (tmp_path / "stories" / f"{story_file_stem('s0001')}.html").read_text(encoding="utf-8")
    assert not (tmp_path / "stories" / f"{story_file_stem('gone')}.html").exists()
    assert story_file_stem("gone") not in (tmp_path / "index.html").read_text(encoding="utf-8")
    written = write_run_outputs(tmp_path / "empty", RunResults({"schema": "newsweave.stories/1", "stories": [], "articles": []}))
    assert written.pages == 0 and written.index is None and not (tmp_path / "empty" / "index.html").exists()


def test_brief_command_names_an_unknown_story(tmp_path, capsys):
    from newsweave.cli import main

    from newsweave.store import open_store

    open_store(tmp_path / "empty.db").close()  # a store without run results (a missing store is refused: test_cli_traps)
    assert main(["brief", "s404", "--db", str(tmp_path / "empty.db")]) == 2
    err = capsys.readouterr().err
    assert "s404" in err and "no run results yet" in err and "newsweave run" in err  # says what to do
