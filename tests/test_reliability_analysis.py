"""Reliability: a book-length article, a page that hangs extraction, a large collection.

Each case generates its input in ``tmp_path`` and runs ``newsweave`` in its own process through the
harness (time, peak memory, no traceback); unit tests beside them pin the mechanisms (pieces and
their offsets, the analysed prefix, the extraction budget, lazy chunked reading).
"""
from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest

from newsweave.analysis import ANALYSED_CHARS, analyse, analysed_view
from newsweave.budget import BudgetExceeded, can_interrupt, extraction_budget
from newsweave.execution import InProcessExecutor, ProcessPoolExecutor
from newsweave.extract import extract_article
from newsweave.ingest import InputFile
from newsweave.nlp import PIECE_CHARS, cut_point, text_pieces
from newsweave.options import Options
from newsweave.pipeline import CHUNK_RECORDS, _tasks, extract_paths
from newsweave.record import Article

try:
    from reliability_harness import integrity_ok, run_cli, stored_ids
except ImportError:  # tests collected as a package
    from .reliability_harness import integrity_ok, run_cli, stored_ids

FIRST = "Anna Boris Carla David Elena Frank Greta Hugo Ines Jonas Karin Lukas Maria Nils".split()
LAST = "Brandt Keller Novak Meyer Ruiz Jensen Costa Weber Schmidt Lindqvist Moreau Rossi".split()
PLACES = "Velsen Haarlem Leiden Utrecht Zwolle Arnhem Delft Gouda Breda Tilburg".split()


def _sentence(r: random.Random) -> str:
    name, place = f"{r.choice(FIRST)} {r.choice(LAST)}", r.choice(PLACES)
    return r.choice((
        f'"We will rebuild the quay at {place} before the winter storms return," said {name}, a spokesman for the council.',
        f"{name} said repairs in {place} would cost about {r.randrange(2, 90)} million euros and take {r.randrange(2, 14)} months.",
        f"About {r.randrange(10, 900)} workers were sent to {place} on Monday, the port authority said.",
        f'"This is not what we were promised," {name} told reporters in {place}.',
        f"The flood reached {place} at about {r.randrange(1, 12)} p.m., and {r.randrange(2, 40)} families left their homes.",
    ))


def _paragraph(r: random.Random) -> str:
    return " ".join(_sentence(r) for _ in range(r.randrange(2, 6)))


def _article(title: str, r: random.Random, chars: int) -> str:
    parts, size = [title], len(title)
    while size < chars:
        parts.append(_paragraph(r))
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)


def _small_corpus(folder: Path, n: int = 8) -> set[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        r = random.Random(i)
        (folder / f"small{i}.txt").write_text(_article(f"Bridge closed in {PLACES[i % len(PLACES)]} after storm", r, 2500), encoding="utf-8")
    return {f"small{i}.txt" for i in range(n)}


# -- long texts: pieces, offsets, the analysed prefix ------------------------------------------------

def test_pieces_cover_the_text_at_boundaries():
    r = random.Random(1)
    text = "\n".join(_paragraph(r) for _ in range(400))
    pieces = text_pieces(text, 5000)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a < b <= a + 5000 for a, b in pieces)
    assert all(pieces[k][1] == pieces[k + 1][0] for k in range(len(pieces) - 1))
    assert all(text[b - 1] == "\n" for _, b in pieces[:-1])  # cut after a paragraph
    one_line = " ".join(_sentence(r) for _ in range(300))  # no paragraph break: cut after a sentence
    assert all(one_line[b - 2] in '.!?"' for _, b in text_pieces(one_line, 3000)[:-1])
    assert cut_point("x" * 50, 0, 20) == 20  # nothing to cut at: the limit itself
    assert text_pieces("short") == [(0, 5)]


def test_analysed_view_is_a_prefix_with_raw_offsets():
    r = random.Random(2)
    raw = _article("Storm floods the river towns", r, 3 * ANALYSED_CHARS)
    article = extract_article(Article("long", raw, "text"))
    view = analysed_view(article)
    assert len(view.text) <= ANALYSED_CHARS and article.text.startswith(view.text) and view.text
    assert all(raw[p.start:p.end] == p.text for p in view.paragraphs)
    assert view.raw_span(0, len(view.text)) == article.raw_span(0, len(view.text))
    assert analysed_view(article, 10 * ANALYSED_CHARS) is article


def test_pieced_analysis_maps_offsets_back():
    """A text parsed in several pieces: every mention, quote and number points at its own words in the raw text."""
    r = random.Random(3)
    raw = _article("Storm floods the river towns", r, int(2.5 * PIECE_CHARS))
    article = extract_article(Article("long", raw, "text"))
    assert len(text_pieces(article.text)) >= 3
    doc = analyse([article]).articles["long"]
    mentions = [m for e in doc["entities"] for m in e["mentions"]]
    assert max(m["start"] for m in mentions) > 2 * PIECE_CHARS  # found in the last piece too
    assert all(raw[m["start"]:m["end"]] == m["text"] for m in mentions)
    assert doc["quotes"] and all(raw[q["start"]:q["end"]] == q["text"] for q in doc["quotes"])
    assert doc["numbers"] and all(raw[n["start"]:n["end"]] == n["text"] for n in doc["numbers"])
    assert "partial" not in doc


def test_book_length_article_run_twice(tmp_path):
    """One 1.2-million-character article beside a small corpus: both runs finish within budget, the
    article is in stories.json, its analysis says how far it went (it used to kill every run: E088)."""
    inputs = tmp_path / "in"
    ids = _small_corpus(inputs)
    (inputs / "long.txt").write_text(_article("Storm floods the river towns", random.Random(9), 1_200_000), encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "out" / "newsweave.db"
    for _ in range(2):
        outcome = run_cli(["run", inputs, "--out", out])
        outcome.check_budget()
        assert outcome.code == 0, outcome.err[-3000:]
        assert "article(s) longer than" in outcome.err  # the partial analysis is reported
        stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))
        assert stories["stories"]
        assert {a for s in stories["stories"] for a in s["articles"]} == ids | {"long.txt"}
    assert integrity_ok(db) and stored_ids(db) == ids | {"long.txt"}
    analyses = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "articles").glob("*.json")]
    long_doc = next(d for d in analyses if d["id"] == "long.txt")
    assert long_doc["partial"]["text_chars"] > 1_000_000 and long_doc["partial"]["analysed_chars"] <= ANALYSED_CHARS
    assert long_doc["entities"] and long_doc["quotes"]
    assert all("partial" not in d for d in analyses if d["id"] != "long.txt")


# -- the extraction budget ---------------------------------------------------------------------------

@pytest.mark.skipif(not can_interrupt(), reason="needs setitimer in the main thread")
def test_budget_interrupts_a_busy_loop_and_restores_the_timer():
    start = time.monotonic()
    with pytest.raises(BudgetExceeded, match="took over 0.3 s"):
        with extraction_budget(0.3, 10_000):
            while True:
                try:
                    sum(range(1000))
                except Exception:  # noqa: BLE001 - a swallowing parser cannot keep it
                    pass
    assert time.monotonic() - start < 3
    with pytest.raises(BudgetExceeded, match="over 50 MB"):
        with extraction_budget(30, 50):
            hoard = []
            while True:
                hoard.append(bytearray(1024 * 1024))
    del hoard
    with extraction_budget(5, 10_000):
        total = sum(range(10_000))
    assert total == 49_995_000
    import signal

    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _runaway_page(folder: Path, elements: int) -> Path:
    page = folder / "runaway.html"
    page.write_text("<html><head><title>t</title></head><body>" + "<p>a b</p>\n" * elements + "</body></html>", encoding="utf-8")
    return page


def _good_pages(folder: Path, n: int = 3) -> set[str]:
    for i in range(n):
        body = "".join(f"<p>The bridge number {i} reopened on Monday after repairs that took {k + 2} weeks, the council said.</p>"
                       for k in range(5))
        (folder / f"good{i}.html").write_text(f"<html><head><title>Bridge {i} reopens</title></head><body><article>"
                                              f"<h1>Bridge {i} reopens</h1>{body}</article></body></html>", encoding="utf-8")
    return {f"good{i}.html" for i in range(n)}


def test_runaway_page_is_skipped_with_its_reason(tmp_path):
    """An 11 MB page of 10^6 <p> (quadratic in trafilatura: still extracting after 600 s) beside good pages."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = _good_pages(inputs)
    page = _runaway_page(inputs, 10**6)
    db = tmp_path / "s.db"
    outcome = run_cli(["ingest", inputs, "--db", db])
    outcome.check_budget()
    assert outcome.code == 1
    # whichever of the default budgets (20 s, 1024 MB) runs out first on this machine
    assert re.search(rf"^skipped {re.escape(str(page))}: extraction (took over 20 s|needed over 1024 MB of memory); ", outcome.err, re.M)
    assert stored_ids(db) == good and integrity_ok(db)


def test_budget_under_the_process_pool(tmp_path):
    """The same budget holds in pool workers: the page is skipped, the good pages come back in order."""
    good = _good_pages(tmp_path)
    page = _runaway_page(tmp_path, 3 * 10**5)
    options = Options(workers=2, extract_seconds=2)
    summary = extract_paths([tmp_path], options, executor=ProcessPoolExecutor(2))
    assert [a.id for a in summary.articles] == sorted(good)
    assert [(e.source, e.reason.split(";")[0]) for e in summary.errors] == [(str(page), "extraction took over 2 s")]


# -- collections stream -----------------------------------------------------------------------------

def _collection(path: Path, records: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(records):
            words = " ".join(f"crews{k % 97} cleared road {i}." if k % 9 == 0 else f"word{k % 89}" for k in range(500))
            f.write(json.dumps({"id": f"r{i}", "text": f"Storm {i} closes roads\n\n{words}"}) + "\n")


def test_collection_is_read_in_chunks(tmp_path):
    path = tmp_path / "c.jsonl"
    _collection(path, 3 * CHUNK_RECORDS + 5)
    tasks = list(_tasks([InputFile(str(path), "c.jsonl")], Options()))
    assert [len(t.records) for t in tasks] == [CHUNK_RECORDS] * 3 + [5]
    assert [t.last for t in tasks] == [False, False, False, True]
    pooled = extract_paths([path], Options(workers=2), executor=ProcessPoolExecutor(2, window=2))
    inline = extract_paths([path], Options(), executor=InProcessExecutor())
    assert len(inline.articles) == 3 * CHUNK_RECORDS + 5 and not inline.errors
    assert [a.id for a in pooled.articles] == [a.id for a in inline.articles]
    assert [a.text for a in pooled.articles] == [a.text for a in inline.articles]


def test_large_collection_memory_is_bounded_by_the_batch(tmp_path):
    """4,000 records (18 MB): the peak grows by little over a 50-record run's. Holding the file's
    records before the first batch (the old pipeline) grew it by about 40 MB."""
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    _collection(small, 50)
    _collection(large, 4000)
    base = run_cli(["ingest", small, "--db", tmp_path / "small.db"])
    base.check_budget()
    outcome = run_cli(["ingest", large, "--db", tmp_path / "large.db"])
    outcome.check_budget()
    assert base.code == outcome.code == 0, outcome.err[-2000:]
    assert len(stored_ids(tmp_path / "large.db")) == 4000 and integrity_ok(tmp_path / "large.db")
    assert outcome.peak_mb - base.peak_mb < 20, (base.peak_mb, outcome.peak_mb)
