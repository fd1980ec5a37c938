"""A story's downloads: its brief as Markdown, JSON or a self-contained HTML page, and its facts, conflicts and quotes
as CSV files a spreadsheet opens as text (no cell is run as a formula: :func:`newsweave.escape.csv_cell`)."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable, Iterable

from ..brief.render_md import conflict_groups, merged_quotes, relayed_note, shared_wording_note
from ..escape import csv_cell, file_stem
from ..store import Store

MEDIA = {"md": "text/markdown; charset=utf-8", "json": "application/json", "html": "text/html; charset=utf-8",
         "csv": "text/csv; charset=utf-8"}


def _joined(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values or [] if v is not None)


def _articles(support: Any) -> str:
    return _joined(dict.fromkeys(s.get("article") for s in support or [] if isinstance(s, dict)))


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell if isinstance(cell, (int, float)) and not isinstance(cell, bool) else csv_cell(cell) for cell in row])
    return out.getvalue()


def facts_csv(brief: dict[str, Any]) -> str:
    facts = [f for f in brief.get("facts") or [] if isinstance(f, dict)]
    return _csv(["id", "status", "text", "outlets", "independent_outlets", "articles", "shared_wording", "matched", "quoting",
                 "relayed"],
                ([f.get("id"), f.get("status"), f.get("text"), _joined(f.get("outlets")), f.get("independent_outlets"),
                  _articles(f.get("support")), shared_wording_note(f), f.get("matched") or "", f.get("quoting") or "",
                  relayed_note(f)]
                 for f in facts))


def conflicts_csv(brief: dict[str, Any]) -> str:
    rows = []
    for conflict in (c for c in brief.get("conflicts") or [] if isinstance(c, dict)):
        for group in conflict_groups(conflict):
            rows.append([conflict.get("id"), conflict.get("topic"), conflict.get("kind"), group["value"], _joined(group["texts"]),
                         _joined(group["outlets"]), _articles(group["support"])])
    return _csv(["conflict", "topic", "kind", "value", "as written", "outlets", "articles"], rows)


def quotes_csv(brief: dict[str, Any]) -> str:
    rows = []
    for speaker in (q for q in brief.get("quotes") or [] if isinstance(q, dict)):
        for quote in merged_quotes(speaker):
            rows.append([speaker.get("speaker"), speaker.get("entity"), quote.get("text"), quote.get("kind") or "direct",
                         quote.get("negated") or "", _joined(quote.get("outlets")), _articles(quote.get("support"))])
    return _csv(["speaker", "entity", "quote", "kind", "negated", "outlets", "articles"], rows)


def _brief_html(brief: dict[str, Any], store: Store) -> str:
    from ..brief.render_html import render_story_html

    found = [store.get_article(row["id"]) for row in brief.get("articles") or [] if isinstance(row, dict) and row.get("id")]
    articles = [a for a in found if a is not None]
    return render_story_html(brief, {a.id: a.raw for a in articles}, {a.id: a.url for a in articles if a.url})


def _brief_md(brief: dict[str, Any], store: Store) -> str:
    from ..brief.render_md import render_markdown

    return render_markdown(brief)


FILES: dict[str, Callable[[dict[str, Any], Store], str]] = {
    "brief.md": _brief_md,
    "brief.json": lambda brief, store: json.dumps(brief, ensure_ascii=False, indent=2) + "\n",
    "brief.html": _brief_html,
    "facts.csv": lambda brief, store: facts_csv(brief),
    "conflicts.csv": lambda brief, store: conflicts_csv(brief),
    "quotes.csv": lambda brief, store: quotes_csv(brief),
}


def story_file(brief: dict[str, Any], name: str, store: Store) -> tuple[str, str, str] | None:
    """``(content, media type, file name)`` of the download ``name`` (one of :data:`FILES`), None for another name."""
    make = FILES.get(name)
    if make is None:
        return None
    stem, kind = name.rsplit(".", 1)
    return make(brief, store), MEDIA[kind], f"{file_stem(str(brief.get('id') or 'story'))}-{stem}.{kind}"
