"""Body extraction measured with must-keep and must-drop snippets on raw pages in their original encodings.

A data folder holds ``snippets.jsonl`` (``{"id", "file", "url", "with": [...], "without": [...]}``)
and the pages it names (``html/<id>.html.gz``: the bytes as served, gzip-compressed), the layout of
trafilatura's own evaluation pages. Every page's bytes go through newsweave's real ingestion
(decoding included) and extraction, and through plain ``trafilatura.extract`` on the same bytes,
in the same run.

Scores, per system, over all snippets of the pages scored:

* ``keep_recall``: share of ``with`` snippets found in the extracted text;
* ``drop_precision``: share of ``without`` snippets absent from it;
* ``f1``: their harmonic mean.

A snippet is found when it occurs in the text with whitespace runs made single spaces (exact
characters otherwise: a page decoded with the wrong encoding loses its accented snippets).
``garbled`` counts pages whose extracted text holds U+FFFD or mojibake (UTF-8 read as a one-byte
encoding: ``Ã¤``, ``â€``) while its snippets hold none, or whose snippets' non-ASCII letters are all
missing from a non-empty text. Pages are split into two halves by a hash of their id (``tune``,
``check``) so rules chosen on one half can be checked on the other; both halves and the whole are
reported.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from ..errors import InputError, NewsweaveError

NEWSWEAVE = "newsweave"
TRAFILATURA = "trafilatura default"
HALVES = ("tune", "check")
MAX_PAGE_BYTES = 50_000_000
_SPACE = re.compile(r"\s+")
# UTF-8 read as cp1252 or Latin-1: a two-byte lead shown as Â/Ã (or Ä/Å/Ð/Ñ before a letter-like continuation),
# or a three-byte lead shown as à-ï before two continuations ("â€™")
_C1 = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_CONT = f"[\u0080-\u00bf{_C1}]"
_MOJIBAKE = re.compile(f"[\u00c2\u00c3]{_CONT}|[\u00c4\u00c5\u00d0\u00d1][\u0080-\u009f\u00a1-\u00aa\u00ac-\u00b3\u00b5-\u00ba\u00bc-\u00bf"
                       f"\u20ac\u0192\u2020\u2021\u02c6\u2030\u0160\u0152\u017d\u02dc\u2122\u0161\u0153\u017e\u0178]"
                       f"|[\u00e0-\u00ef]{_CONT}{_CONT}")
_LATIN1_SUPPLEMENT = re.compile("[\u00a1-\u00ff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

Runner = Callable[[bytes, "str | None", str], str]


def squash(text: str | None) -> str:
    """``text`` with every whitespace run a single space, trimmed."""
    return _SPACE.sub(" ", text or "").strip()


def half_of(page_id: str) -> str:
    """``tune`` or ``check``: a fixed split of pages by a hash of their id."""
    return HALVES[hashlib.sha1(page_id.encode("utf-8")).digest()[0] % 2]


def _skeleton(snippet: str) -> re.Pattern | None:
    """A pattern for ``snippet`` with each run of non-ASCII characters free (one to four characters each)."""
    if not _NON_ASCII.search(snippet) or sum(ch.isascii() and ch.isalpha() for ch in snippet) < 10:
        return None
    parts = []
    for i, piece in enumerate(_NON_ASCII.split(snippet)):
        if i:
            parts.append(r"\S{1,%d}" % (4 * len(_NON_ASCII.findall(snippet)[i - 1])))
        parts.append(re.escape(piece))
    return re.compile("".join(parts))


def _latin1_share(text: str) -> float:
    letters = sum(ch.isalpha() for ch in text)
    return len(_LATIN1_SUPPLEMENT.findall(text)) / letters if letters else 0.0


def garbled(text: str, keep: Sequence[str], drop: Sequence[str] = ()) -> bool:
    """Whether ``text`` shows a wrong decoding that the page's own snippets (whitespace squashed) do not show.

    Signs: U+FFFD or UTF-8-as-cp1252 mojibake absent from the snippets; a must-keep snippet missing
    while its ASCII letters are there with other characters in place of its non-ASCII ones; or a
    text mostly of Latin-1 letters (a multi-byte encoding read as one byte per character) where the
    snippets are not.
    """
    if not text:
        return False
    joined = "".join([*keep, *drop])
    if "\ufffd" in text and "\ufffd" not in joined:
        return True
    if _MOJIBAKE.search(text) and not _MOJIBAKE.search(joined):
        return True
    if _latin1_share(text) > 0.3 and _latin1_share(joined) < 0.1:
        return True
    haystack = squash(text)
    for snippet in keep:
        pattern = _skeleton(snippet)
        if pattern is not None and snippet not in haystack and pattern.search(haystack):
            return True
    return False


def score_page(text: str, truth: dict[str, Any]) -> dict[str, int]:
    """Snippet counts of one extracted text against one ``snippets.jsonl`` record."""
    haystack = squash(text)
    keep = [squash(s) for s in truth.get("with") or []]
    drop = [squash(s) for s in truth.get("without") or []]
    return {
        "with_found": sum(s in haystack for s in keep),
        "with_total": len(keep),
        "without_avoided": sum(s not in haystack for s in drop),
        "without_total": len(drop),
        "garbled": int(garbled(text, keep, drop)),
        "empty": int(not haystack),
    }


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def aggregate(pages: Sequence[dict[str, int]]) -> dict[str, float | int]:
    """Recall, precision and F1 over all snippets of ``pages``, with page counts."""
    keys = ("with_found", "with_total", "without_avoided", "without_total", "garbled", "garbled_non_utf8", "non_utf8", "empty")
    total = {k: sum(p.get(k, 0) for p in pages) for k in keys}
    recall = total["with_found"] / total["with_total"] if total["with_total"] else 1.0
    precision = total["without_avoided"] / total["without_total"] if total["without_total"] else 1.0
    return {
        "pages": len(pages),
        "keep_recall": recall,
        "drop_precision": precision,
        "f1": 2 * recall * precision / (recall + precision) if recall + precision else 0.0,
        "garbled_pages": total["garbled"],
        "garbled_non_utf8_pages": total["garbled_non_utf8"],
        # share of the pages not in UTF-8 whose text shows no wrong decoding (1.0 when there are none)
        "non_utf8_clean": 1 - total["garbled_non_utf8"] / total["non_utf8"] if total["non_utf8"] else 1.0,
        "empty_pages": total["empty"],
    }


# --- the systems -------------------------------------------------------------------------------

def newsweave_text(data: bytes, url: str | None, page_id: str = "page") -> str:
    """newsweave's body of one page's bytes: the HTML reader (decoding included), then extraction."""
    from ..extract import extract_article
    from ..ingest.readers import read_document

    meta = {"url": url} if url else {}
    try:
        articles = [a for a in read_document(data, "html", page_id, page_id, meta) if not isinstance(a, InputError)]
    except InputError:
        return ""
    if not articles:
        return ""
    return extract_article(articles[0]).text


def trafilatura_text(data: bytes, url: str | None, page_id: str = "page") -> str:
    """Plain ``trafilatura.extract`` on the same bytes, default settings."""
    import trafilatura

    return trafilatura.extract(data, url=url) or ""


def systems() -> dict[str, Runner]:
    return {NEWSWEAVE: newsweave_text, TRAFILATURA: trafilatura_text}


# --- the data ----------------------------------------------------------------------------------

def is_snippet_folder(folder: Path) -> bool:
    return (Path(folder) / "snippets.jsonl").is_file()


def iter_pages(folder: Path, limit: int | None = None) -> Iterator[tuple[dict[str, Any], bytes]]:
    """``(record, page bytes)`` in file order (the first ``limit`` only, when given)."""
    folder = Path(folder)
    path = folder / "snippets.jsonl"
    if not path.is_file():
        raise NewsweaveError(f"{path} not found: expected a folder with snippets.jsonl and the html/ pages it names")
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows[:limit] if limit is not None else rows:
        page = folder / row["file"]
        if not page.resolve().is_relative_to(folder.resolve()):
            raise NewsweaveError(f"{path}: page {row['file']!r} lies outside the folder; fix the file name")
        try:
            with gzip.open(page, "rb") as fh:
                data = fh.read(MAX_PAGE_BYTES)
        except (OSError, EOFError) as exc:  # missing, not gzip, cut short
            raise NewsweaveError(f"{page}: cannot read the page ({exc}); restore it or remove its line from {path}") from None
        yield row, data


# --- the run -----------------------------------------------------------------------------------

def evaluate_snippets(dir: Path, limit: int | None = None, runners: dict[str, Runner] | None = None) -> dict[str, Any]:
    """Score newsweave and plain trafilatura on the snippet pages of ``dir`` (see module doc)."""
    folder = Path(dir)
    runners = runners or systems()
    per_page: dict[str, list[tuple[str, dict[str, int]]]] = {name: [] for name in runners}
    seconds = {name: 0.0 for name in runners}
    errors = {name: 0 for name in runners}
    garbled_ids: dict[str, list[str]] = {name: [] for name in runners}
    non_utf8 = 0
    for row, data in iter_pages(folder, limit):
        utf8 = is_utf8(data)
        non_utf8 += not utf8
        for name, run in runners.items():
            started = time.perf_counter()
            try:
                text = run(data, row.get("url"), row["id"])
            except Exception:  # a crash on one page scores as an empty extraction
                text = ""
                errors[name] += 1
            seconds[name] += time.perf_counter() - started
            scored = score_page(text, row)
            scored["non_utf8"] = int(not utf8)
            scored["garbled_non_utf8"] = scored["garbled"] * (not utf8)
            per_page[name].append((half_of(row["id"]), scored))
            if scored["garbled"]:
                garbled_ids[name].append(row["id"])
    results: dict[str, dict[str, Any]] = {}
    for name in runners:
        pages = per_page[name]
        row = aggregate([s for _, s in pages])
        row["halves"] = {h: aggregate([s for half, s in pages if half == h]) for h in HALVES}
        row["seconds"] = seconds[name]
        row["errors"] = errors[name]
        row["garbled_ids"] = garbled_ids[name]
        results[name] = row
    report: dict[str, Any] = {
        "format": "snippets",
        "dataset": str(folder),
        "pages": len(per_page[NEWSWEAVE]) if NEWSWEAVE in per_page else 0,
        "non_utf8_pages": non_utf8,
        "systems": results,
    }
    if NEWSWEAVE in results and TRAFILATURA in results:
        ours, theirs = results[NEWSWEAVE], results[TRAFILATURA]
        report["newsweave_minus_trafilatura_f1"] = ours["f1"] - theirs["f1"]
        report["halves"] = {h: {"newsweave_minus_trafilatura_f1": ours["halves"][h]["f1"] - theirs["halves"][h]["f1"]} for h in HALVES}
    return report


def format_report(report: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_snippets`'s result: the whole set, then each half."""
    header = ("system", "set", "pages", "keep R", "drop P", "F1", "garbled", "non-UTF-8 garbled", "empty", "s/page")
    rows = []
    for name, row in report["systems"].items():
        per_page = row["seconds"] / row["pages"] if row["pages"] else 0.0
        for label, part in (("all", row), *((h, row["halves"][h]) for h in HALVES)):
            rows.append((name if label == "all" else "", label, str(part["pages"]), f"{part['keep_recall']:.4f}",
                         f"{part['drop_precision']:.4f}", f"{part['f1']:.4f}", str(part["garbled_pages"]), str(part["garbled_non_utf8_pages"]),
                         str(part["empty_pages"]), f"{per_page:.3f}" if label == "all" else ""))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    out = [
        f"extraction snippets on {report['dataset']}: {report['pages']} pages, {report['non_utf8_pages']} of them not UTF-8"
        f" (halves by id hash: {', '.join(HALVES)})",
        "keep R = share of must-keep snippets found; drop P = share of must-drop snippets absent; F1 of the two;"
        " garbled = pages with replacement characters or mojibake the snippets do not have",
        "",
        line(header),
        line(["-" * w for w in widths]),
        *(line(r) for r in rows),
        "",
    ]
    if "newsweave_minus_trafilatura_f1" in report:
        diffs = [f"all {report['newsweave_minus_trafilatura_f1']:+.4f}"]
        diffs += [f"{h} {report['halves'][h]['newsweave_minus_trafilatura_f1']:+.4f}" for h in HALVES]
        out.append("newsweave F1 minus trafilatura's: " + ", ".join(diffs))
    for name, row in report["systems"].items():
        if row["garbled_ids"]:
            out.append(f"garbled pages ({name}): " + ", ".join(row["garbled_ids"]))
        if row["errors"]:
            out.append(f"pages that raised ({name}, scored as empty): {row['errors']}")
    return "\n".join(out)
