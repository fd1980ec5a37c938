"""Reliability of outputs: data cannot inject into Markdown or a terminal, no two ids share a file,
a failed write keeps the previous file, and a weak token cannot guard a server off loopback.

CLI cases run newsweave in its own process through the reliability harness; each builds its hostile
input on the fly.
"""
from __future__ import annotations

import errno
import html
import json
import os
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave import atomic_write, escape
from newsweave.atomic_write import write_text_atomic
from newsweave.brief.render_html import render_index_html
from newsweave.errors import OutputError
from newsweave.escape import file_stem, md_code, md_text, terminal_json, terminal_text, unique_stems
from newsweave.outputs import write_brief_pages
from newsweave.web.guard import token_problem

try:
    from reliability_harness import integrity_ok, run_cli, stored_ids
except ImportError:  # tests collected as a package
    from .reliability_harness import integrity_ok, run_cli, stored_ids

markdown_it = pytest.importorskip("markdown_it")

ESC = "\x1b"
TITLE = ESC + "]0;owned\x07"              # set the window title
CLEAR = ESC + "[2J" + ESC + "[H"          # clear the screen
CLIPBOARD = ESC + "]52;c;ZXZpbA==\x07"    # OSC 52: write to the clipboard
CSI8 = "\x9b31m"                          # an 8-bit CSI
RLO = "\u202e"                            # right-to-left override
EVIL_ID = "evil\n<script>alert(1)</script>\n# Injected heading\n![pic](http://evil.example/x.png)\n" + TITLE
QUOTE_ID = "b`2``\r\n> quoted block\n- list item"
BAD_FILE = f"bad{TITLE}{RLO}.txt"
# what no byte of terminal output may contain: C0 (but tab and newline), DEL, C1, bidi embeddings/overrides/isolates
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ARTICLES = [
    {"id": EVIL_ID, "outlet": f"Alpha{CLEAR} News", "published": "2026-03-01",
     "title": f"Crane {RLO}collapses [link=https://evil.example]click[/link] {CSI8}in storm",
     "text": (f"A harbour crane collapsed in the storm on Sunday, the port authority said.{CLIPBOARD} About 40 workers were "
              "evacuated from the quay.\n\nDana Keller said: \"We heard the steel groan before it fell.\"")},
    {"id": QUOTE_ID, "outlet": "Beta Post", "published": "2026-03-01", "title": "# Harbour crane <b>collapses</b> in storm",
     "text": ("A harbour crane collapsed in a storm on Sunday, the port authority said. About 45 workers were evacuated "
              "from the quay.\n\nDana Keller said: \"We heard the steel groan before it fell.\"")},
]


def _no_raw_control(text: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, f"raw control character {found.group()!r} in {text[max(0, found.start() - 60):found.end() + 20]!r}"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """One ``run`` over articles whose ids, outlets, titles and bodies carry markup and escape sequences,
    beside an empty input whose file name carries some too."""
    root = tmp_path_factory.mktemp("hostile-outputs")
    inputs = root / "in"
    inputs.mkdir()
    (inputs / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    (inputs / BAD_FILE).write_bytes(b"")
    out = root / "out"
    outcome = run_cli(["run", inputs, "--out", out])
    return inputs, out, outcome


def test_run_names_a_hostile_file_name_without_sending_its_escapes(hostile_run):
    inputs, out, outcome = hostile_run
    outcome.check_budget()
    assert outcome.code == 1, outcome.err  # the empty file was skipped
    _no_raw_control(outcome.err + outcome.out)
    skipped = [line for line in outcome.err.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 1 and terminal_text(str(inputs / BAD_FILE)) in skipped[0], outcome.err
    assert "\\x1b]0;owned\\x07\\u202e.txt: " in skipped[0]  # shown, with its reason after it
    assert stored_ids(out / "newsweave.db") == {a["id"] for a in ARTICLES}
    assert integrity_ok(out / "newsweave.db")


def _markdown_tokens(text: str) -> list:
    """Every token of a CommonMark parse, inline children included."""
    tokens = []
    for token in markdown_it.MarkdownIt("commonmark").parse(text):
        tokens.append(token)
        tokens += token.children or []
    return tokens


def test_markdown_brief_cannot_be_injected_through_ids_or_text(hostile_run):
    _, out, _ = hostile_run
    pages = sorted((out / "stories").glob("*.md"))
    assert len(pages) == 1, pages
    text = pages[0].read_text(encoding="utf-8")
    _no_raw_control(text)
    tokens = _markdown_tokens(text)
    kinds = {t.type for t in tokens}
    assert not kinds & {"html_block", "html_inline", "image", "link_open", "blockquote_open", "ordered_list_open", "code_block", "fence"}
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert not any("Injected" in h or "quoted block" in h for h in headings), headings
    assert sum(t.type == "bullet_list_open" for t in tokens) == sum(line == "" and nxt.startswith("- ") for line, nxt
                                                                     in zip(text.splitlines(), text.splitlines()[1:]))
    codes = [t.content for t in tokens if t.type == "code_inline"]
    assert terminal_text(EVIL_ID) in codes and terminal_text(QUOTE_ID) in codes  # each id whole, on one line, visible
    assert any("# Harbour crane <b>collapses</b> in storm" in t.content for t in tokens if t.type == "text")


def _cli(*args: str):
    outcome = run_cli(list(args))
    outcome.check_budget()
    return outcome


def test_show_articles_and_stories_print_no_escape_sequences(hostile_run):
    _, out, _ = hostile_run
    db = str(out / "newsweave.db")
    shown = _cli("show", EVIL_ID, "--db", db, "--removed")
    assert shown.code == 0, shown.err
    _no_raw_control(shown.out + shown.err)
    lines = shown.out.splitlines()
    assert [line.split(":", 1)[0] for line in lines[:7]] == ["id", "title", "outlet", "published", "language", "url", "source"]
    assert lines[0] == "id:        " + terminal_text(EVIL_ID)  # the id's newlines cannot fake fields or lines
    assert "\\x1b]52;c;ZXZpbA==\\x07" in shown.out and "\\u202e" in lines[1] and "\\x9b31m" in lines[1]

    listed = _cli("articles", "--db", db)
    assert listed.code == 0, listed.err
    _no_raw_control(listed.out + listed.err)
    assert "[link=https://evil.example]" in listed.out  # Rich markup in a title is printed as text, not made a link
    assert "Alpha\\x1b[2J" in listed.out

    stories = _cli("stories", "--db", db)
    assert stories.code == 0, stories.err
    _no_raw_control(stories.out + stories.err)
    assert "Alpha\\x1b[2J" in stories.out

    as_json = _cli("articles", "--db", db, "--json")
    _no_raw_control(as_json.out)
    rows = json.loads(as_json.out)["articles"]
    assert {r["id"] for r in rows} == {a["id"] for a in ARTICLES}  # the same values, escaped only as JSON
    assert any(r["title"] == ARTICLES[0]["title"] for r in rows)


def test_brief_command_prints_inert_markdown(hostile_run):
    _, out, _ = hostile_run
    db = str(out / "newsweave.db")
    story = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"][0]["id"]
    brief = _cli("brief", story, "--db", db)
    assert brief.code == 0, brief.err
    _no_raw_control(brief.out + brief.err)
    assert not {t.type for t in _markdown_tokens(brief.out)} & {"html_block", "html_inline", "image", "link_open"}


def test_web_pages_link_and_open_every_hostile_id(hostile_run):
    from fastapi.testclient import TestClient

    from newsweave.web import create_app

    _, out, _ = hostile_run
    with TestClient(create_app(out / "newsweave.db"), base_url="http://127.0.0.1") as client:
        story = re.findall(r'href="(/stories/[^"]+)"', client.get("/").text)[0]
        page = client.get(html.unescape(story)).text
        links = sorted(set(re.findall(r'href="(/articles/[^"]+)"', page)))
        assert len(links) == len(ARTICLES)  # newlines, backticks and slashes percent-encoded in one path segment
        for link in links:
            article = client.get(html.unescape(link))
            assert article.status_code == 200 and "<script>" not in article.text
            # HTML whitespace (\r, \f) and bidi marks stay in HTML, where a browser contains them
            _no_raw_control(re.sub("[\r\f\u202a-\u202e\u2066-\u2069]", "", article.text))
            assert client.get("/api" + html.unescape(link)).json()["article"]["id"] in {a["id"] for a in ARTICLES}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert [f"stories/{p.stem}.html" for p in (out / "stories").glob("*.html")] == re.findall(r'href="(stories/[^"]+)"', index)


# --- escaping, unit by unit --------------------------------------------------------------------

MARKUP = st.text(alphabet=st.sampled_from(list("ab1 .-+=*_`#<>[]()!|~&@:/\\\n\r\t\"'") + [ESC, "\x07", "\x9b", RLO, "\u2028", "w"]),
                 max_size=40)


@settings(max_examples=300, deadline=None)
@given(MARKUP.filter(lambda s: s.strip()))
def test_md_text_is_one_inert_list_item(value):
    tokens = markdown_it.MarkdownIt("commonmark").parse("- " + md_text(value) + " — cited\n")
    assert [t.type for t in tokens] == ["bullet_list_open", "list_item_open", "paragraph_open", "inline", "paragraph_close",
                                       "list_item_close", "bullet_list_close"]
    children = tokens[3].children
    assert {c.type for c in children} == {"text"}
    expected = terminal_text(" ".join(value.split()))
    assert "".join(c.content for c in children) == expected + " — cited"


@settings(max_examples=300, deadline=None)
@given(MARKUP.filter(lambda s: s != ""))
def test_md_code_shows_any_id_whole_in_one_code_span(value):
    tokens = markdown_it.MarkdownIt("commonmark").parse("[1] x — " + md_code(value) + "\n")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    codes = [c for c in tokens[1].children if c.type == "code_inline"]
    assert len(codes) == 1 and codes[0].content == terminal_text(value)


def test_gfm_autolinks_are_broken_up():
    assert md_text("see https://evil.example and www.evil.example") == "see https\\://evil.example and www\\.evil.example"


def test_terminal_text_shows_every_control_and_bidi_override():
    assert terminal_text(f"a{CLEAR}b{CSI8}{RLO}\tc\nd") == "a\\x1b[2J\\x1b[Hb\\x9b31m\\u202e\\tc\\nd"
    assert terminal_text("para one\r\npara\ttwo\rx", block=True) == "para one\npara\ttwo\\rx"
    _no_raw_control(terminal_text("".join(map(chr, range(0x20))) + "\x7f\x85\u2066", block=True))
    assert terminal_text("name\udcff.txt") == "name\\udcff.txt"  # an undecodable file name byte prints, shown


def test_terminal_json_keeps_the_value_and_drops_what_a_terminal_acts_on():
    data = {"id": EVIL_ID, "title": f"{CSI8}{RLO}x\u2028y\x7f", "odd": "lone \ud800 surrogate"}
    text = terminal_json(json.dumps(data, ensure_ascii=False))
    _no_raw_control(text)
    text.encode("utf-8")  # printable: no lone surrogate left
    assert json.loads(text) == data


# --- file names ----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_file_stem_is_safe_for_any_id(value):
    stem = file_stem(value)
    assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]*-[0-9a-f]{16}", stem), stem
    assert len(stem) <= escape.READABLE_CHARS + 17
    assert stem.split(".")[0].split("-")[0].casefold() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}


def test_reserved_hidden_and_dot_ids_get_ordinary_names():
    for value in (".", "..", "../..", ".hidden", "CON", "nul.txt", "LPT1", "/etc/passwd", ""):
        stem = file_stem(value)
        assert not stem.startswith(".") and "/" not in stem and stem.split("-")[0].casefold() not in {"con", "nul", "lpt1"}


def test_no_two_ids_share_a_file_even_when_their_hashes_collide(monkeypatch, tmp_path):
    monkeypatch.setattr(escape, "_digest", lambda value: "0" * 64)  # every id hashes alike
    ids = ["story/1", "story?1", "STORY_1", "story_1", "story_1-0000000000000000"]
    stems = unique_stems(ids)
    assert len({s.casefold() for s in stems.values()}) == len(ids)  # distinct on a case-insensitive file system too
    briefs = [{"id": i, "title": f"Story {n}", "articles": []} for n, i in enumerate(ids)]
    write_brief_pages(tmp_path, briefs)
    assert len(list((tmp_path / "stories").glob("*.md"))) == len(ids)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="stories/([^"]+)\.html"', index)
    assert sorted(hrefs) == sorted(stems.values())
    for n, story_id in enumerate(ids):  # each link opens its own story
        assert f"Story {n}</h1>" in (tmp_path / "stories" / f"{stems[story_id]}.html").read_text(encoding="utf-8")
    assert render_index_html(briefs[:1]).count("stories/story_1-0000000000000000.html") == 1  # old readers: one story, plain stem


HOOK = """
import errno, os
from newsweave import {module}
{body}
"""


def _hooked_env(tmp_path: Path, module: str, body: str) -> dict[str, str]:
    """Environment for a child newsweave whose ``module`` is patched at start-up by a sitecustomize."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK.format(module=module, body=textwrap.dedent(body)), encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))}


def test_ids_whose_hashes_collide_still_get_one_file_each_in_a_run_and_stale_files_go(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [{"id": f"same/{n}", "outlet": f"Outlet {n}", "title": f"Article {n}", "text": f"Article number {n} tells a story. " * 3}
            for n in range(4)] + [{"id": "SAME_0", "title": "Upper", "text": "An article whose name differs only in case. " * 3}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    for name in ("articles/gone-0123456789abcdef.json", "articles/old-name-deadbeef.json", "stories/s9-0123456789abcdef.md",
                 "articles/notes.txt", "stories/keep-me.json"):  # left by earlier runs, and the user's own files
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("{}", encoding="utf-8")
    env = _hooked_env(tmp_path, "escape", 'escape._digest = lambda value: "0" * 64  # every id hashes alike\n')
    outcome = run_cli(["run", source, "--out", out], env=env)
    outcome.check_budget()
    assert outcome.code == 0, outcome.err
    files = list((out / "articles").glob("*.json"))
    assert sorted(json.loads(f.read_text(encoding="utf-8"))["id"] for f in files) == sorted(r["id"] for r in rows)
    assert (out / "articles" / "notes.txt").exists() and (out / "stories" / "keep-me.json").exists()
    assert not (out / "stories" / "s9-0123456789abcdef.md").exists()  # stale outputs of a story no longer there are gone


# --- atomic writes ----------------------------------------------------------------------------

def _disk_full_after_half(fd: int, data: bytes) -> None:
    os.write(fd, data[: len(data) // 2])
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_failed_write_keeps_the_previous_file(monkeypatch, tmp_path):
    target = tmp_path / "stories.json"
    write_text_atomic(target, '{"old": true}\n')
    assert (target.stat().st_mode & 0o777) != 0o600  # an ordinary file mode, not the temp file's
    monkeypatch.setattr(atomic_write, "_write_all", _disk_full_after_half)
    with pytest.raises(OutputError, match="No space left on device; the previous file is kept. Free some disk space"):
        write_text_atomic(target, '{"new": ' + "1" * 10_000 + "}\n")
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["stories.json"]  # no temp file left behind
    monkeypatch.undo()
    (tmp_path / "index.html").mkdir()  # replacing fails after a whole write
    with pytest.raises(OutputError, match="index.html"):
        write_text_atomic(tmp_path / "index.html", "<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "stories.json"]
    with pytest.raises(OutputError, match="cannot create the folder .*stories.json"):
        atomic_write.make_folder(tmp_path / "stories.json" / "articles")  # a file where a folder should be


def test_a_full_disk_during_run_keeps_every_previous_output(hostile_run, tmp_path):
    _, first, _ = hostile_run
    out = tmp_path / "out"
    shutil.copytree(first, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".db" not in p.name}
    evil_file = next(p for p in before if str(p).startswith("articles/evil"))
    source = tmp_path / "more.jsonl"  # one more article, so the run rewrites every output
    source.write_text(json.dumps({"id": "gamma", "outlet": "Gamma", "title": "Crane", "text": "A crane fell at the port. " * 4}) + "\n",
                      encoding="utf-8")
    env = _hooked_env(tmp_path, "atomic_write", f"""
        real = atomic_write._write_all
        def failing(fd, data):
            if os.path.basename(os.readlink(f"/proc/self/fd/{{fd}}")).startswith(".{evil_file.name}."):
                real(fd, data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(fd, data)
        atomic_write._write_all = failing
    """)
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file is written")
    outcome = run_cli(["run", source, "--out", out], env=env)
    outcome.check_budget()
    assert outcome.code == 2, outcome.err
    errors = [line for line in outcome.err.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith(f"newsweave: error: cannot write {out / evil_file}: No space left on device; "
                                                     "the previous file is kept."), outcome.err
    assert (out / evil_file).read_bytes() == before[evil_file]  # intact, not truncated
    assert not [p for p in out.rglob("*.tmp")]
    assert integrity_ok(out / "newsweave.db")


# --- serve ------------------------------------------------------------------------------------

def test_the_suggested_token_command_makes_tokens_a_command_line_takes_as_they_are():
    import secrets

    from newsweave.web.guard import MAKE_TOKEN

    assert "secrets.token_hex(32)" in MAKE_TOKEN
    for _ in range(500):
        token = secrets.token_hex(32)
        assert not token.startswith("-") and token_problem("0.0.0.0", token) is None


def test_weak_tokens_are_refused_off_loopback_only():
    assert token_problem("0.0.0.0", None) and "token_hex(32)" in token_problem("0.0.0.0", None)
    for weak in ("a", "s3cret", "aaaaaaaaaaaaaaaaaaaa", "abcdabcdabcdabcdabcd", "abcdefghijklmnopqrs", "0123456789012345"):
        assert "too weak" in token_problem("0.0.0.0", weak), weak
    assert token_problem("::", "x9Q-2kLm_7vTz0Rb") is None  # 16 varied characters
    assert token_problem("127.0.0.1", "a") is None and token_problem("localhost", None) is None


def test_serve_refuses_a_weak_token_before_announcing_anything(hostile_run):
    _, out, _ = hostile_run
    for token in ("a", "aaaaaaaaaaaaaaaaaaaa"):
        outcome = _cli("serve", "--db", str(out / "newsweave.db"), "--host", "0.0.0.0", "--port", "0", "--token", token)
        lines = [line for line in outcome.err.splitlines() if line.strip()]
        assert outcome.code == 2 and len(lines) == 1 and "serving" not in outcome.err and not outcome.out, outcome.err
        assert "too weak" in lines[0] and 'python -c "import secrets; print(secrets.token_hex(32))"' in lines[0]
