"""Body extraction measured on WCXB-format data, side by side with plain trafilatura.

A data folder holds ``pages.jsonl.gz`` (``{"id", "url", "html"}``) and ``truth.jsonl``
(``{"id", "text", "title", "with", "without"}``). Every page goes through newsweave's real
extraction stage and through ``trafilatura.extract`` with several settings, in the same run.

Scores, per system:

* shingle P/R/F1: per page, the extracted and the true text become token 4-gram multisets
  (a text shorter than four tokens is one shingle of all its tokens); precision and recall are
  the multiset overlap over each side's count. Precision and recall are averaged over pages and
  F1 is the harmonic mean of the two averages.
* token P/R/F1: the same with single tokens (bag of words).
* ``with``: share of all ``with`` snippets whose token sequence occurs in the extracted text;
  ``without``: share of all ``without`` snippets that do not occur in it (see :func:`contains`).

Tokens are lower-cased ``\\w+`` runs (:func:`tokens`); the same tokens serve every measure.
"""
from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from ..errors import NewsweaveError
from .extraction_snippets import evaluate_snippets, is_snippet_folder
from .extraction_snippets import format_report as format_snippet_report

SHINGLE_SIZE = 4
NEWSWEAVE = "newsweave"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str | None) -> list[str]:
    """The scoring tokens of ``text``: lower-cased runs of word characters."""
    return _TOKEN.findall((text or "").lower())


def shingles(toks: Sequence[str], size: int = SHINGLE_SIZE) -> Counter:
    """Multiset of the ``size``-token windows of ``toks``; fewer tokens make one shingle of them all."""
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


def precision_recall(predicted: Counter, expected: Counter) -> tuple[float, float]:
    """Multiset precision and recall of ``predicted`` against ``expected``.

    Both empty is a perfect score (1, 1); otherwise a measure whose denominator is empty is 0.
    """
    if not predicted and not expected:
        return 1.0, 1.0
    overlap = sum((predicted & expected).values())
    n_pred, n_exp = sum(predicted.values()), sum(expected.values())
    precision = overlap / n_pred if n_pred else 0.0
    recall = overlap / n_exp if n_exp else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def contains(text_tokens: Sequence[str], snippet: str) -> bool:
    """Whether the tokens of ``snippet`` occur, in order and adjacent, in ``text_tokens``.

    Snippets are cut at character positions, so in a snippet of two or more tokens the first
    may be the tail of a word and the last the head of one; a one-token snippet must be a whole word.
    """
    needle = tokens(snippet)
    if not needle:
        return True
    haystack = f" {' '.join(text_tokens)} "
    if len(needle) == 1:
        return f" {needle[0]} " in haystack
    return " ".join(needle) in haystack


def score_page(predicted: str, truth: dict[str, Any]) -> dict[str, float | int]:
    """Scores of one extracted text against one ``truth.jsonl`` record."""
    got, want = tokens(predicted), tokens(truth.get("text"))
    sp, sr = precision_recall(shingles(got), shingles(want))
    tp, tr = precision_recall(Counter(got), Counter(want))
    with_snippets = truth.get("with") or []
    without_snippets = truth.get("without") or []
    return {
        "shingle_p": sp,
        "shingle_r": sr,
        "token_p": tp,
        "token_r": tr,
        "with_found": sum(contains(got, s) for s in with_snippets),
        "with_total": len(with_snippets),
        "without_avoided": sum(not contains(got, s) for s in without_snippets),
        "without_total": len(without_snippets),
    }


def aggregate(pages: Sequence[dict[str, float | int]]) -> dict[str, float | int]:
    """Mean precision and recall over pages, F1 of the means; snippet shares over all snippets."""
    n = len(pages)
    out: dict[str, float | int] = {"pages": n}
    for kind in ("shingle", "token"):
        p = sum(s[f"{kind}_p"] for s in pages) / n if n else 0.0
        r = sum(s[f"{kind}_r"] for s in pages) / n if n else 0.0
        out[f"{kind}_p"], out[f"{kind}_r"], out[f"{kind}_f1"] = p, r, f1(p, r)
    for name, total in (("with_found", "with_total"), ("without_avoided", "without_total")):
        hit, all_ = sum(s[name] for s in pages), sum(s[total] for s in pages)
        out[name.split("_")[0]] = hit / all_ if all_ else 1.0
    return out


# --- the systems -------------------------------------------------------------------------------

def newsweave_text(html: str, url: str | None, page_id: str = "page") -> str:
    """newsweave's extracted body of one page, through the real extraction stage."""
    from ..extract import extract_article
    from ..record import Article

    article = Article(id=page_id, raw=html, raw_kind="html", url=url)
    extract_article(article)
    return article.text


def _trafilatura(**options: Any) -> Callable[[str, str | None, str], str]:
    def run(html: str, url: str | None, page_id: str = "page") -> str:
        import trafilatura

        return trafilatura.extract(html, url=url, **options) or ""

    return run


TRAFILATURA_SETTINGS: dict[str, dict[str, Any]] = {
    "trafilatura default": {},
    "trafilatura favor_precision": {"favor_precision": True},
    "trafilatura favor_recall": {"favor_recall": True},
}


def systems() -> dict[str, Callable[[str, str | None, str], str]]:
    found: dict[str, Callable[[str, str | None, str], str]] = {NEWSWEAVE: newsweave_text}
    for name, options in TRAFILATURA_SETTINGS.items():
        found[name] = _trafilatura(**options)
    return found


# --- the data ----------------------------------------------------------------------------------

def load_truth(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / "truth.jsonl"
    if not path.is_file():
        raise NewsweaveError(f"{path} not found: expected a WCXB-format folder (pages.jsonl.gz, truth.jsonl) or raw pages with snippets (snippets.jsonl, html/)")
    with path.open(encoding="utf-8") as fh:
        return {row["id"]: row for row in map(json.loads, filter(str.strip, fh))}


def iter_pages(folder: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Records of ``pages.jsonl.gz`` in file order (the first ``limit`` only, when given)."""
    path = folder / "pages.jsonl.gz"
    if not path.is_file():
        raise NewsweaveError(f"{path} not found: expected a WCXB-format folder (pages.jsonl.gz, truth.jsonl) or raw pages with snippets (snippets.jsonl, html/)")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        count = 0
        for line in fh:
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            count += 1
            yield json.loads(line)


# --- the run -----------------------------------------------------------------------------------

def evaluate_extraction(dir: Path, limit: int | None = None) -> dict[str, Any]:
    """Score newsweave and plain trafilatura settings on the pages of ``dir`` (see module doc).

    A folder of raw pages with must-keep/must-drop snippets (``snippets.jsonl``) is scored by
    :mod:`.extraction_snippets` instead.
    """
    folder = Path(dir)
    if is_snippet_folder(folder):
        return evaluate_snippets(folder, limit)
    truth = load_truth(folder)
    runners = systems()
    scores: dict[str, list[dict[str, float | int]]] = {name: [] for name in runners}
    seconds = {name: 0.0 for name in runners}
    errors = {name: 0 for name in runners}
    missing = 0
    for page in iter_pages(folder, limit):
        gold = truth.get(page["id"])
        if gold is None:
            missing += 1
            continue
        for name, run in runners.items():
            started = time.perf_counter()
            try:
                text = run(page["html"], page.get("url"), page["id"])
            except Exception:  # a crash on one page scores as an empty extraction
                text = ""
                errors[name] += 1
            seconds[name] += time.perf_counter() - started
            scores[name].append(score_page(text, gold))
    results: dict[str, dict[str, Any]] = {}
    for name in runners:
        row = aggregate(scores[name])
        row["seconds"] = seconds[name]
        row["pages_per_s"] = row["pages"] / seconds[name] if seconds[name] else 0.0
        row["errors"] = errors[name]
        results[name] = row
    trafs = [name for name in runners if name != NEWSWEAVE]
    best = max(trafs, key=lambda name: results[name]["shingle_f1"])
    return {
        "dataset": str(folder),
        "pages": len(scores[NEWSWEAVE]),
        "pages_without_truth": missing,
        "shingle_size": SHINGLE_SIZE,
        "systems": results,
        "best_trafilatura": best,
        "newsweave_minus_best_shingle_f1": results[NEWSWEAVE]["shingle_f1"] - results[best]["shingle_f1"],
    }


def format_report(report: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_extraction`'s result."""
    if report.get("format") == "snippets":
        return format_snippet_report(report)
    header = ("system", "shingle P", "shingle R", "shingle F1", "token P", "token R", "token F1", "with", "without", "pages/s")
    rows = []
    for name, row in report["systems"].items():
        label = name + (" (best)" if name == report["best_trafilatura"] else "")
        rows.append((
            label,
            *(f"{row[k]:.4f}" for k in ("shingle_p", "shingle_r", "shingle_f1", "token_p", "token_r", "token_f1", "with", "without")),
            f"{row['pages_per_s']:.1f}",
        ))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    out = [
        f"extraction on {report['dataset']}: {report['pages']} pages"
        + (f" ({report['pages_without_truth']} without truth skipped)" if report.get("pages_without_truth") else ""),
        f"shingles: token {report['shingle_size']}-grams; P and R are means over pages, F1 of the means;"
        " with = share of must-have snippets found, without = share of must-not snippets avoided",
        "",
        line(header),
        line(["-" * w for w in widths]),
        *(line(r) for r in rows),
        "",
    ]
    best = report["best_trafilatura"]
    diff = report["newsweave_minus_best_shingle_f1"]
    out.append(f"best plain trafilatura setting: {best}; newsweave shingle F1 {'+' if diff >= 0 else ''}{diff:.4f} against it")
    errs = {n: r["errors"] for n, r in report["systems"].items() if r["errors"]}
    if errs:
        out.append("pages that raised (scored as empty): " + ", ".join(f"{n} {k}" for n, k in errs.items()))
    return "\n".join(out)
