"""Hostile input: every kind of bad file beside good ones; nothing crashes, every skip is named."""
from __future__ import annotations

import gzip
import re
import sqlite3
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsweave import cli
from newsweave.cli import main
from newsweave.errors import InputError
from newsweave.options import Options
from newsweave.pipeline import extract_paths
from newsweave.store import open_store

try:
    from hostile import HOSTILE_URLS, QUOTED_URL, SAFE_URL, SCRIPT_LEAKS, SCRIPT_PAGE, make_hostile_corpus, make_hostile_url_corpus
except ImportError:  # tests collected as a package
    from .hostile import HOSTILE_URLS, QUOTED_URL, SAFE_URL, SCRIPT_LEAKS, SCRIPT_PAGE, make_hostile_corpus, make_hostile_url_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    return root, make_hostile_corpus(root)


def _ingest(capsys, monkeypatch, *args: str):
    """Run ``newsweave ingest`` in-process; return (exit code, stderr lines, the run's Summary)."""
    seen = []
    real = cli.ingest_paths

    def spy(*a, **k):
        seen.append(real(*a, **k))
        return seen[-1]

    monkeypatch.setattr(cli, "ingest_paths", spy)
    capsys.readouterr()
    code = main(["ingest", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.err and "Traceback" not in out.out
    return code, out.err.splitlines(), seen[0]


def _skipped(lines: list[str], path: Path) -> list[str]:
    """The reasons given on ``skipped PATH[:line|#entry]: reason`` lines for ``path``."""
    pattern = re.compile(rf"^skipped {re.escape(str(path))}(?::\d+|#\S+)?: (\S.*)$")
    return [m.group(1) for m in map(pattern.match, lines) if m]


def _belongs(source: str, path: Path) -> bool:
    """Whether an error's source is ``path`` itself or one of its lines, entries or records."""
    return source == str(path) or (source.startswith(str(path)) and source[len(str(path))] in "#:")


def _rows(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        return {r[0]: r for r in conn.execute("SELECT * FROM articles")}
    finally:
        conn.close()


def test_hostile_corpus_ingest(corpus, tmp_path, capsys, monkeypatch):
    root, expect = corpus
    db = tmp_path / "store.db"
    read: list[str] = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real_read_bytes(self))
    code, lines, summary = _ingest(capsys, monkeypatch, str(root), "--db", str(db))
    assert code == 1, lines
    assert "plain.txt" in read and expect["over_limit"] not in read  # skipped by its size, never read

    # every bad file is named on stderr with a reason, and reported with the expected kind
    for rel, kind in expect["bad"].items():
        assert _skipped(lines, root / rel), f"{rel} not named as skipped:\n" + "\n".join(lines)
        kinds = {e.kind for e in summary.errors if _belongs(e.source, root / rel)}
        assert kinds == {kind}, (rel, kinds)
    for rel, numbers in expect["bad_lines"].items():
        assert sorted(e.line for e in summary.errors if e.source == str(root / rel)) == numbers
    # files that are only good are not named as skipped
    for rel in set(expect["good"]) - set(expect["bad"]):
        assert not _skipped(lines, root / rel), (rel, _skipped(lines, root / rel))
    # and every error belongs to one of the bad files
    for error in summary.errors:
        assert any(_belongs(error.source, root / rel) for rel in expect["bad"]), error
    huge = _skipped(lines, root / expect["over_limit"])
    assert len(huge) == 1 and "over the" in huge[0] and "limit" in huge[0] and "--max-bytes" in huge[0]
    for rel, n in expect["not_fetched"].items():
        assert sum(1 for line in lines if line.startswith(f"not fetched {root / rel}#")) == n

    # every good file's articles are stored, and nothing else
    store = open_store(db)
    try:
        ids = {row["id"] for row in store.article_rows()}
        wanted = {i for group in expect["good"].values() for i in group}
        assert ids == wanted, (sorted(wanted - ids), sorted(ids - wanted))
        assert store.integrity_check() == "ok"
        for id_, raw in expect["exact_raw"].items():
            assert store.get_article(id_).raw == raw, id_
        for id_, parts in expect["raw_contains"].items():
            raw = store.get_article(id_).raw
            for part in parts:
                assert part in raw, (id_, part)
        for id_, parts in expect["text_contains"].items():
            text = store.get_article(id_).text
            for part in parts:
                assert part in text, (id_, part, text)
        for id_, parts in expect["text_lacks"].items():
            text = store.get_article(id_).text
            for part in parts:
                assert part.lower() not in text.lower(), (id_, part, text)
    finally:
        store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert summary.stored["new"] == len(wanted)

    # a second ingest of the same corpus stores nothing new and changes nothing
    before = _rows(db)
    code, lines, again = _ingest(capsys, monkeypatch, str(root), "--db", str(db))
    assert code == 1
    assert again.stored["new"] == 0 and again.stored["changed"] == 0 and again.stored["unchanged"] == len(wanted)
    assert any(re.search(r"\b0 new, 0 changed, \d+ unchanged\b", line) for line in lines), lines
    assert _rows(db) == before


def test_script_page_raw_kept_text_clean(corpus, tmp_path, capsys, monkeypatch):
    root, _ = corpus
    db = tmp_path / "store.db"
    code, lines, _ = _ingest(capsys, monkeypatch, str(root / "scripts.html"), "--db", str(db))
    assert code == 0, lines
    store = open_store(db)
    article = store.get_article("scripts.html")
    store.close()
    assert article.raw == SCRIPT_PAGE  # raw is stored exactly as read, script and all
    assert "reopened to shipping on Thursday" in article.text
    for leak in SCRIPT_LEAKS:
        assert leak.lower() not in article.text.lower(), leak
    for p in article.paragraphs:  # offsets still point into the raw page
        assert 0 <= p.start <= p.end <= len(article.raw)


def test_bad_batch_leaves_stored_articles_untouched(corpus, tmp_path, capsys, monkeypatch):
    root, expect = corpus
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    texts = {
        "story.txt": (root / "plain.txt").read_bytes(),
        "cafe.txt": (root / "cp1252.txt").read_bytes(),
        "page.html": (root / "scripts.html").read_bytes(),
    }
    for name, data in texts.items():
        (good / name).write_bytes(data)
    db = tmp_path / "store.db"
    code, _, first = _ingest(capsys, monkeypatch, str(good), "--db", str(db))
    assert code == 0 and first.stored["new"] == 3
    before = _rows(db)

    # the same names, now broken, and more bad files
    (bad / "story.txt").write_bytes((root / "image.txt").read_bytes())
    (bad / "cafe.txt").write_bytes(b"")
    (bad / "page.html").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + b"\xff" * 64)
    for rel in ("corrupt.gz", "blank.txt", "empty.txt"):
        (bad / rel).write_bytes((root / rel).read_bytes())
    (bad / "feed.rss").write_bytes(b"<?xml version='1.0'?><rss><chan")
    code, lines, summary = _ingest(capsys, monkeypatch, str(bad), "--db", str(db))
    assert code == 1
    assert summary.stored["new"] == summary.stored["changed"] == 0
    for path in bad.iterdir():
        assert _skipped(lines, path), (path, lines)
    assert _rows(db) == before
    store = open_store(db)
    assert store.integrity_check() == "ok"
    assert all(len(store.versions(i)) == 1 for i in before)
    store.close()


SUFFIXES = [".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom",
            ".warc", ".arc", ".gz", ".jsonl.gz", ".warc.gz", ".html.gz"]
PREFIXES = [b"", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss><channel><item>",
            b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", b'{"id": "x", "text": "', b"<html><body><div>",
            b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]


def _gzipped(data: bytes, cut: int) -> bytes:
    packed = gzip.compress(data, mtime=0)
    return packed[: max(10, len(packed) * cut // 100)]


hostile_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=2000)),
    st.builds(lambda p, t: p + t.encode("utf-8", "surrogatepass"), st.sampled_from(PREFIXES), st.text(max_size=1000)),
    st.builds(_gzipped, st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=2000)), st.integers(1, 100)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_bytes, suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_raise(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        summary = extract_paths([folder], Options(max_bytes=1_000_000))
    assert all(isinstance(e, InputError) for e in summary.errors)
    for article in summary.articles:
        for p in article.paragraphs:
            assert 0 <= p.start <= p.end <= len(article.raw)
        for r in article.removed:
            assert 0 <= r.start <= r.end <= len(article.raw)


class _Links(HTMLParser):
    """Every tag of a page with its attributes (values unescaped, as a browser reads them)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


OWN = ("/", "#", "?", "../index.html", "stories/")


def _outside_links(page: str) -> list[tuple[str, str | None]]:
    """(href, rel) of every link that leaves our pages; fails on a script, an event handler or a non-http(s) address."""
    found = []
    for tag, attrs in _Links(page).tags:
        assert tag not in ("script", "iframe", "object", "embed", "img"), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = attrs.get(name)
            if value is None or value.startswith(OWN):
                continue
            assert tag == "a" and name == "href", (tag, attrs)
            parts = urlsplit(value)
            assert parts.scheme in ("http", "https") and parts.hostname and "@" not in parts.netloc, value
            assert not re.search(r"[\s\"'<>]", value), value
            found.append((value, attrs.get("rel")))
    return found


def test_hostile_urls_are_never_linked(tmp_path, capsys):
    from fastapi.testclient import TestClient

    from newsweave.web import create_app

    out = tmp_path / "out"
    assert main(["run", str(make_hostile_url_corpus(tmp_path / "in")), "--out", str(out)]) == 0
    pages = [p.read_text(encoding="utf-8") for p in [out / "index.html", *sorted((out / "stories").glob("*.html"))]]
    assert SAFE_URL in {href for page in pages for href, _ in _outside_links(page)}  # the static pages link the originals too
    with TestClient(create_app(out / "newsweave.db"), base_url="http://127.0.0.1") as client:
        stories = client.get("/api/stories").json()["stories"]
        assert stories
        pages.append(client.get("/").text)
        for story in stories:
            story_url = "/stories/" + quote(story["id"], safe="")
            pages += [client.get(story_url).text, client.get(story_url + "/download/brief.html").text]
            pages += [client.get("/articles/" + quote(a, safe="")).text for a in story["articles"]]
    links = [link for page in pages for link in _outside_links(page)]
    assert all(rel == "noopener noreferrer" for _, rel in links), links
    linked = {href for href, _ in links}
    assert SAFE_URL in linked  # http(s) addresses are linked: the checks above saw links to check
    assert QUOTED_URL.replace('"', "%22").replace("<", "%3C").replace(">", "%3E") in linked  # quotes and brackets encoded
    assert not [href for href in linked if "evil.example" in href and not href.startswith("https://evil.example/%22")], linked
    for url in HOSTILE_URLS:  # every refused address is still shown to the reader, as text
        assert url.strip()[:12].replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") in "".join(pages), url
