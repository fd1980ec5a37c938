"""Reliability of ingestion: memory bombs, big collections, odd JSON Lines, links and special files.

Each case writes its hostile input beside good articles in tmp_path, runs ``newsweave ingest`` in
its own process through the harness, and checks: no traceback, within 60 s and 1.5 GB, the bad
input named with its reason, every good article stored, and the store's integrity.
"""
from __future__ import annotations

import json
import os
import random
import re
import socket
import tracemalloc
from pathlib import Path

import pytest

try:
    from hostile import MIB, PLAIN_TEXT, article_record, gzip_member, page, warc_response
    from reliability_harness import integrity_ok, run_cli, stored_ids
except ImportError:  # tests collected as a package
    from .hostile import MIB, PLAIN_TEXT, article_record, gzip_member, page, warc_response
    from .reliability_harness import integrity_ok, run_cli, stored_ids


def _skips(err: str) -> dict[str, str]:
    """``skipped WHERE: reason`` lines of stderr as {WHERE: reason}."""
    return dict(m.groups() for m in re.finditer(r"^skipped (.+?): (.+)$", err, re.MULTILINE))


def _reason(err: str, where: Path | str) -> str:
    reasons = _skips(err)
    assert str(where) in reasons, f"{where} not named as skipped:\n{err[-3000:]}"
    return reasons[str(where)]


def _good_file(folder: Path) -> str:
    """A plain good article beside the hostile input; returns its id."""
    (folder / "good.txt").write_text(PLAIN_TEXT, encoding="utf-8")
    return "good.txt"


def _ingest(tmp_path: Path, *args: str):
    db = tmp_path / "store.db"
    outcome = run_cli(["ingest", *args, "--db", str(db)])
    outcome.check_budget()
    assert integrity_ok(db)
    return outcome, stored_ids(db)


def test_gzip_bombs_in_json_lines(tmp_path):
    """A .jsonl.gz unpacking past the collection limit stops there; a 150 MiB line is refused alone."""
    rng = random.Random(1)
    folder = tmp_path / "in"
    folder.mkdir()
    good = {_good_file(folder)}
    before = [article_record(f"bomb-{n}", rng) for n in range(30)]  # past the first 8 KiB looked at for binary data
    after = [article_record(f"after-{n}", rng) for n in range(2)]
    # 1 GiB of NUL bytes in one line, past a 600 MB collection limit: the records before it stand
    (folder / "bomb.jsonl.gz").write_bytes(gzip_member([b"".join(before)]) + gzip_member([(1024, b"\x00")]) + gzip_member([b"".join(after)]))
    good |= {f"bomb-{n}" for n in range(30)}
    # a 150 MiB line of spaces inside the limit: that line is refused, the records after it are read
    lines = [article_record(f"line-{n}", rng) for n in range(4)]
    (folder / "longline.jsonl.gz").write_bytes(gzip_member([lines[0], lines[1], (150, b" "), b"\n", lines[2], lines[3]]))
    good |= {f"line-{n}" for n in range(4)}

    outcome, ids = _ingest(tmp_path, str(folder), "--max-collection-bytes", "600000000")
    assert outcome.code == 1
    reason = _reason(outcome.err, folder / "bomb.jsonl.gz")
    assert "over the 600,000,000-byte limit" in reason and "--max-collection-bytes" in reason and "30 articles" in reason
    assert "over the" in _reason(outcome.err, f"{folder / 'longline.jsonl.gz'}:3")
    assert ids == good
    assert outcome.peak_mb < 400, outcome.peak_mb  # nothing unpacked is held: well under the budget


def test_warc_content_encoding_bomb_keeps_valid_records(tmp_path):
    """A response whose gzip Content-Encoding unpacks to 1 GiB is refused at --max-bytes; the others are stored."""
    rng = random.Random(2)
    folder = tmp_path / "in"
    folder.mkdir()
    good = {_good_file(folder)}
    gz_page = gzip_member([page("Gzip encoded", rng)])
    deflate = __import__("zlib").compress(page("Deflate encoded", rng))
    records = [
        warc_response("https://a.example/plain", page("Plain page", rng)),
        warc_response("https://a.example/bomb", gzip_member([b"<html><body><p>", (1024, b" ")]),
                      [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]),
        warc_response("https://a.example/gzip", gz_page, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]),
        warc_response("https://a.example/deflate", deflate, [("Content-Type", "text/html"), ("Content-Encoding", "deflate")]),
    ]
    (folder / "crawl.warc").write_bytes(b"".join(records))
    good |= {f"crawl.warc#https://a.example/{name}" for name in ("plain", "gzip", "deflate")}

    outcome, ids = _ingest(tmp_path, str(folder), "--max-bytes", "100000")
    reason = _reason(outcome.err, f"{folder / 'crawl.warc'}#https://a.example/bomb")
    assert "Content-Encoding: gzip" in reason and "over the 100,000-byte limit" in reason and "--max-bytes" in reason
    assert ids == good
    assert outcome.peak_mb < 400, outcome.peak_mb


def test_warc_record_level_gzip_bomb(tmp_path):
    """A record whose gzip member unpacks to 512 MiB is refused and skipped; records after it are stored."""
    rng = random.Random(3)
    folder = tmp_path / "in"
    folder.mkdir()
    good = {_good_file(folder)}
    body_mib = 512
    bomb_head = warc_response("https://b.example/bomb", b"", content_length=len(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n") + body_mib * MIB)
    bomb_head = bomb_head[: -len(b"\r\n\r\n")]
    members = [
        gzip_member([warc_response("https://b.example/one", page("First page", rng))]),
        gzip_member([bomb_head, (body_mib, b" "), b"\r\n\r\n"]),
        gzip_member([warc_response("https://b.example/two", page("Second page", rng))]),
    ]
    (folder / "crawl.warc.gz").write_bytes(b"".join(members))
    good |= {"crawl.warc.gz#https://b.example/one", "crawl.warc.gz#https://b.example/two"}

    outcome, ids = _ingest(tmp_path, str(folder), "--max-bytes", "100000")
    reason = _reason(outcome.err, f"{folder / 'crawl.warc.gz'}#https://b.example/bomb")
    assert "over the 100,000-byte limit" in reason and "--max-bytes" in reason
    assert ids == good
    assert outcome.peak_mb < 400, outcome.peak_mb


def test_big_collection_is_streamed(tmp_path):
    """A 150 MB JSON Lines file (2,000 records between 150 one-MiB blank lines) is never held whole."""
    rng = random.Random(4)
    folder = tmp_path / "in"
    folder.mkdir()
    good = {_good_file(folder)}
    blank = b" " * MIB + b"\n"
    with open(folder / "big.jsonl", "wb") as f:
        for n in range(2000):
            f.write(article_record(f"big-{n:04d}", rng, words=60))
            good.add(f"big-{n:04d}")
            if n % 13 == 0 and n // 13 < 150:
                f.write(blank)
    assert (folder / "big.jsonl").stat().st_size > 150 * MIB
    outcome, ids = _ingest(tmp_path, str(folder))
    assert outcome.code == 0, outcome.err[-2000:]
    assert ids == good
    assert outcome.peak_mb < 300, outcome.peak_mb  # held whole (bytes, text, lines) it was over 450 MB


def test_read_input_yields_records_lazily(tmp_path):
    """read_input reads a collection one record at a time: iterating 20 MB holds a few hundred KB."""
    from newsweave.ingest import InputFile, read_input
    from newsweave.options import Options

    rng = random.Random(5)
    path = tmp_path / "c.jsonl"
    with open(path, "wb") as f:
        for n in range(8000):
            f.write(article_record(f"r{n}", rng, words=400))
    assert path.stat().st_size > 20 * MIB
    items = read_input(InputFile(str(path), "c.jsonl"), Options())
    first = next(items)
    assert first.id == "r0"
    tracemalloc.start()
    try:
        count = 1 + sum(1 for _ in items)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 8000
    assert peak < 4 * MIB, peak


def test_json_lines_starting_with_an_array(tmp_path):
    """An array on the first line, a pretty-printed array, an unclosed array: every good record kept, bad ones by line."""
    rng = random.Random(6)
    folder = tmp_path / "in"
    folder.mkdir()
    good = {_good_file(folder)}

    def rec(id_: str, **extra: object) -> dict:
        return {"id": id_, "text": f"Story {id_}\n" + " ".join(rng.choice(["harbour", "storm", "council", "bridge"]) for _ in range(50)), **extra}

    lines = [
        json.dumps([rec("arr-1"), rec("arr-2")]),  # 1: an array of records on one line
        json.dumps(rec("arr-3")),  # 2
        '{"id": "arr-bad", "text": "an unterminated string',  # 3
        json.dumps(rec("arr-4")),  # 4
        json.dumps([rec("arr-5"), 7]),  # 5: a record and a value that is not one
    ]
    (folder / "array.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    good |= {"arr-1", "arr-2", "arr-3", "arr-4", "arr-5"}

    pretty = json.dumps([rec("pretty-1"), {"id": "pretty-nobody", "text": ""}, rec("pretty-2")], indent=2)
    (folder / "pretty.json").write_text(pretty, encoding="utf-8")
    nobody_line = 1 + pretty.split("\n").index("  {", pretty.split("\n").index('    "id": "pretty-1",'))
    good |= {"pretty-1", "pretty-2"}

    (folder / "open.jsonl").write_text("[\n" + ",\n".join(json.dumps(rec(f"open-{n}")) for n in range(3)) + "\n", encoding="utf-8")
    good |= {f"open-{n}" for n in range(3)}

    outcome, ids = _ingest(tmp_path, str(folder))
    assert outcome.code == 1
    assert ids == good
    skips = _skips(outcome.err)
    assert "broken JSON line" in skips[f"{folder / 'array.jsonl'}:3"]
    assert "not an object" in skips[f"{folder / 'array.jsonl'}:5"]
    assert "no body" in skips[f"{folder / 'pretty.json'}:{nobody_line}"]
    assert any(k.startswith(str(folder / "open.jsonl")) and "never closed" in v for k, v in skips.items()), skips
    assert not any(k.startswith(str(folder / "array.jsonl")) and k.endswith((":1", ":2", ":4")) for k in skips)


def test_links_and_special_files_reported_never_opened(tmp_path):
    """Links out of the input folder, broken links, folder links, a FIFO and a socket: each named, none read."""
    folder = tmp_path / "in"
    outside = tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    good = {_good_file(folder)}
    secret = outside / "secret.txt"
    secret.write_text("Secret memo\n\nThe contents of this file live outside the input folder and must not be stored.\n", encoding="utf-8")
    (folder / "out-link.txt").symlink_to(secret)
    (folder / "broken.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "folder-link").symlink_to(outside, target_is_directory=True)
    (folder / "in-link.txt").symlink_to(folder / "good.txt")  # inside the folder: read
    good.add("in-link.txt")
    os.mkfifo(folder / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock_path = folder / "s.sock"
    try:
        sock.bind(str(sock_path))
    except OSError:  # a path too long for a socket: the other cases still stand
        sock_path = None
    explicit = tmp_path / "named-link.txt"  # a link named on the command line is followed
    explicit.symlink_to(secret)
    try:
        outcome, ids = _ingest(tmp_path, str(folder), str(explicit))
    finally:
        sock.close()
    assert outcome.code == 1
    assert "outside the input folder" in _reason(outcome.err, folder / "out-link.txt")
    assert "pass the target itself" in _reason(outcome.err, folder / "out-link.txt")
    assert "broken symbolic link" in _reason(outcome.err, folder / "broken.txt")
    assert "symbolic link to a folder" in _reason(outcome.err, folder / "folder-link")
    assert "named pipe" in _reason(outcome.err, folder / "pipe.txt")
    if sock_path is not None:
        assert "socket" in _reason(outcome.err, sock_path)
    assert ids == good | {"named-link.txt"}
    assert outcome.seconds < 30


@pytest.mark.parametrize("name", ["pipe.jsonl", "pipe.txt"])
def test_fifo_named_on_the_command_line_is_not_opened(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    outcome, ids = _ingest(tmp_path, str(fifo))
    assert outcome.code == 1 and not ids
    assert "named pipe" in _reason(outcome.err, fifo)


def _read(path: Path, **options: int) -> tuple[list, list]:
    from newsweave.ingest import InputFile, read_input
    from newsweave.options import Options

    items = list(read_input(InputFile(str(path), path.name), Options(**options)))
    return [a.id for a in items if not isinstance(a, Exception)], [e for e in items if isinstance(e, Exception)]


@pytest.mark.parametrize("suffix", [".bz2", ".xz"])
def test_bzip2_and_xz_collections_streamed_within_the_limit(tmp_path, suffix):
    import bz2
    import lzma

    pack = bz2.compress if suffix == ".bz2" else lzma.compress
    rng = random.Random(7)
    records = b"".join(article_record(f"z{n}", rng) for n in range(20))
    (tmp_path / f"ok.jsonl{suffix}").write_bytes(pack(records))
    ids, errors = _read(tmp_path / f"ok.jsonl{suffix}")
    assert ids == [f"z{n}" for n in range(20)] and not errors
    # records, then 32 MiB of zeros in a second stream: refused at a 8 MB limit, the records kept
    (tmp_path / f"bomb.jsonl{suffix}").write_bytes(pack(records) + pack(b"\x00" * (32 * MIB)))
    ids, errors = _read(tmp_path / f"bomb.jsonl{suffix}", max_collection_bytes=8_000_000)
    assert ids == [f"z{n}" for n in range(20)]
    assert len(errors) == 1 and "over the 8,000,000-byte limit" in errors[0].reason and "20 articles" in errors[0].reason


def test_json_records_over_several_lines_recover_after_a_broken_one(tmp_path):
    rng = random.Random(8)
    good = [json.loads(article_record(f"p{n}", rng)) for n in range(3)]
    text = json.dumps(good[0], indent=2) + "\n" + json.dumps(good[1], indent=2)[:-3] + "\n" + json.dumps(good[2], indent=2) + "\n"
    (tmp_path / "objects.json").write_text(text, encoding="utf-8")
    ids, errors = _read(tmp_path / "objects.json")
    assert ids == ["p0", "p2"]  # the cut second object is reported; reading resumes after it
    assert [e.line for e in errors] == [text.split("\n").index("{", 1) + 1]


def test_warc_of_near_empty_records_is_stopped(tmp_path):
    """Records that hold nothing cost time each: 100,000 of them in a row stop the file with a reason."""
    record = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
    rng = random.Random(9)
    first = warc_response("https://d.example/one", page("First page", rng))
    (tmp_path / "tiny.warc.gz").write_bytes(gzip_member([first]) + gzip_member([record * ((16 * MIB) // len(record))]))
    ids, errors = _read(tmp_path / "tiny.warc.gz")
    assert ids == ["tiny.warc.gz#https://d.example/one"]
    assert len(errors) == 1 and "near-empty WARC records in a row" in errors[0].reason


def test_arc_file_responses(tmp_path):
    rng = random.Random(10)
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page("Arc page", rng)
    desc = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = (b"filedesc://t.arc 0.0.0.0 20260303100000 text/plain %d\n" % len(desc) + desc + b"\n"
           + b"https://e.example/a 10.0.0.1 20260303100000 text/html %d\n" % len(body) + body + b"\n")
    (tmp_path / "t.arc").write_bytes(arc)
    from newsweave.ingest import InputFile, read_input
    from newsweave.options import Options

    items = list(read_input(InputFile(str(tmp_path / "t.arc"), "t.arc"), Options()))
    assert [(a.id, a.url, a.extra["crawled"]) for a in items] == [("t.arc#https://e.example/a", "https://e.example/a", "2026-03-03")]


def test_feed_and_document_bombs_refused_at_their_whole_read_limit(tmp_path):
    """Feeds and documents are parsed whole: unpacked, they are read only up to 16 x / 1 x --max-bytes."""
    head = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title><item><title>x</title><description>"
    (tmp_path / "feed.xml.gz").write_bytes(gzip_member([head, (64, b" ")]))
    (tmp_path / "page.html.gz").write_bytes(gzip_member([b"<html><body><p>", (64, b" ")]))
    for name, cap in (("feed.xml.gz", "1,600,000"), ("page.html.gz", "100,000")):
        ids, errors = _read(tmp_path / name, max_bytes=100_000)
        assert not ids and len(errors) == 1, errors
        assert cap in errors[0].reason and "--max-bytes" in errors[0].reason, errors[0].reason
