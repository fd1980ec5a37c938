"""Readability checks of the briefs of the BASIL triplets (issue 14, items 5 and 6).

Builds the brief of every BASIL story (the three articles sharing ``story`` in labels.csv) from
../shared/benchmarks/basil and counts:

- ``event_dates``: timeline events, and those whose date disagrees with the dates written in their
  sentence (a "Month D[, YYYY]" / "D Month [YYYY]" / "Month YYYY" in the sentence whose month, day
  and year, where written, the event's date does not match; or, for a sentence that names only a
  weekday, a date that is not that weekday in the week up to the article's publication; or a
  sentence with no date written in it at all; "yesterday" must be the day before publication);
- ``fact_starts``: fact texts (and summary lines, attribution conflict sides) starting with a
  lower-case word or a connective (that/and/but/which/while/as); of the facts, those starting
  lower-case, and those ending as a dangling clause ("… Russia claimed", "“…,”"); facts whose text
  repeats another fact's in the brief;
- ``boilerplate_facts``: fact texts that are author bios, "Follow ... on Twitter", "Click here",
  or "... contributed to this report".

Sentence vectors are cached in /tmp (they depend only on the text), the parse is always fresh.

    .venv/bin/python benchmarks/basil_brief_checks.py [--stories 48] [--show] [--clauses]
"""
from __future__ import annotations

import argparse
import csv
import json
import base64
import re
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from newsweave import extract_paths
from newsweave.analysis import analyse
from newsweave.brief import build_brief
from newsweave.dedupe import mark_duplicates

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "basil"
VECTORS = Path(tempfile.gettempdir()) / "newsweave-basil-vectors.json"

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"]
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WRITTEN = [
    re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d)\b)?"),  # March 1(, 2010)
    re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+((?:19|20)\d\d)\b)?"),  # 1 March (2010)
    re.compile(r"\b" + _MONTH + r",?\s+((?:19|20)\d\d)\b"),  # March 2010
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_CONNECTIVE = re.compile(r"^[\"“‘'(]*(that|and|but|which|while|as)\b", re.I)
_BOILER = re.compile(r"\bfollow (him|her|them|us|me)? ?on twitter\b|\bclick here\b|\bcontributed to this report\b"
                     r"|^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3} (?:is|was) an? (?:[\w-]+ ){0,3}"
                     r"(?:reporter|correspondent|writer|editor|contributor|columnist|producer|journalist)\b", re.I)


# a reporting clause cut before what was reported, a quotation cut before who said it
_DANGLING = re.compile(r"\b(?:said|says|claimed|claims|told \w+|reported|announced|warned|wrote|tweeted)\s*$|,[”\"’]\s*$")


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(k for k, m in enumerate(_MONTH_NAMES, 1) if m.startswith(name[:3]))


def written_dates(text: str) -> list[tuple[int | None, int, int | None]]:
    """(year or None, month, day or None) of each date written in ``text``."""
    out = []
    for m in _WRITTEN[0].finditer(text):
        out.append((int(m.group(3)) if m.group(3) else None, _month(m.group(1)), int(m.group(2))))
    for m in _WRITTEN[1].finditer(text):
        out.append((int(m.group(3)) if m.group(3) else None, _month(m.group(2)), int(m.group(1))))
    for m in _WRITTEN[2].finditer(text):
        out.append((int(m.group(2)), _month(m.group(1)), None))
    return [d for d in out if d[2] is None or 1 <= d[2] <= 31]


def event_agrees(event: dict, published: str | None) -> bool:
    text = event["text"]
    if len(event["date"]) == 7:  # "YYYY-MM": a month and year written
        y0, m0 = map(int, event["date"].split("-"))
        return any(y == y0 and mo == m0 and day is None for y, mo, day in written_dates(text))
    d = date.fromisoformat(event["date"])
    for y, mo, day in written_dates(text):
        if d.month == mo and (day is None or d.day == day) and (y is None or d.year == y):
            return True
    if published:
        pub = date.fromisoformat(published[:10])
        if re.search(r"\byesterday\b", text, re.I) and d == pub - timedelta(days=1):
            return True
        for m in _WEEKDAY.finditer(text):
            if _WEEKDAYS.index(m.group(1).lower()) == d.weekday() and pub - timedelta(days=6) <= d <= pub:
                return True
    return False


def fact_start_bad(text: str) -> bool:
    t = text.lstrip(" \"“‘'(—–-")
    return bool(t[:1].islower() or _CONNECTIVE.match(text.lstrip()))


def load_stories(limit: int) -> tuple[list, dict[str, list[str]]]:
    with open(DATA / "labels.csv", encoding="utf-8") as f:
        story_of = {row["id"]: row["story"] for row in csv.DictReader(f)}
    stories: dict[str, list[str]] = {}
    for aid, story in story_of.items():
        stories.setdefault(story, []).append(aid)
    chosen = dict(list(stories.items())[:limit])
    wanted = {a for ids in chosen.values() for a in ids}
    records = [json.loads(line) for line in open(DATA / "articles.jsonl", encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "basil.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records if r["id"] in wanted), encoding="utf-8")
        articles = mark_duplicates(extract_paths([str(path)]).articles)
    return articles, chosen


class _VectorStore:
    """A ParseCache store in a JSON file (never a pickle): sentence vectors depend on the text only."""

    def __init__(self) -> None:
        stored = json.loads(VECTORS.read_text(encoding="utf-8")) if VECTORS.is_file() else {}
        self.data = {k: base64.b64decode(v) for k, v in stored.items()}

    def get_cached(self, kind, keys):
        return {k: self.data[k] for k in keys if k in self.data}

    def put_cached(self, kind, values):
        self.data.update(values)
        VECTORS.write_text(json.dumps({k: base64.b64encode(v).decode("ascii") for k, v in self.data.items()}),
                           encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=48)
    parser.add_argument("--show", action="store_true", help="print the failing texts")
    parser.add_argument("--clauses", action="store_true",
                        help="show bare clauses as facts and conflict sides (the brief before readable texts)")
    args = parser.parse_args()
    if args.clauses:
        import newsweave.brief.facts as facts_module
        import newsweave.brief.sentences as sentences_module

        def bare(sentences):
            return [s.text for s in sentences]
        facts_module.readable_texts = sentences_module.readable_texts = bare
    if not (DATA / "articles.jsonl").is_file():
        print(f"needs {DATA}", file=sys.stderr)
        return 2
    from newsweave.parse_cache import ParseCache

    articles, stories = load_stories(args.stories)
    analysis = analyse(articles)
    vectors = ParseCache(_VectorStore(), "sentence-vectors", binary=True)
    by_id = {a.id: a for a in articles}
    counts = {"stories": 0, "facts": 0, "events": 0, "event_dates_wrong": 0, "fact_starts_bad": 0, "fact_starts_lower": 0, "fact_ends_dangling": 0, "fact_texts_repeated": 0,
              "summary_starts_bad": 0, "conflict_sides": 0, "conflict_sides_bad": 0, "boilerplate_facts": 0}
    shown = []
    for sid, ids in stories.items():
        story_articles = [by_id[a] for a in ids if a in by_id]
        brief = build_brief({"id": sid, "articles": ids}, story_articles, analysis, vectors)
        published = {a["id"]: a["published"] for a in brief["articles"]}
        counts["stories"] += 1
        texts = [f["text"] for f in brief["facts"]]
        counts["fact_texts_repeated"] += len(texts) - len(set(texts))
        for fact in brief["facts"]:
            counts["facts"] += 1
            if fact_start_bad(fact["text"]):
                counts["fact_starts_bad"] += 1
                shown.append(("start", fact["text"]))
            if fact["text"].lstrip(" \"“‘'(—–-")[:1].islower():
                counts["fact_starts_lower"] += 1
            if _DANGLING.search(fact["text"]):
                counts["fact_ends_dangling"] += 1
                shown.append(("dangling", fact["text"]))
            if _BOILER.search(fact["text"]):
                counts["boilerplate_facts"] += 1
                shown.append(("boiler", fact["text"]))
        for line in brief["summary"]:
            if fact_start_bad(line["text"]):
                counts["summary_starts_bad"] += 1
                shown.append(("summary", line["text"]))
        for conflict in brief["conflicts"]:
            if conflict["kind"] != "attribution":
                continue
            for side in conflict["sides"]:
                counts["conflict_sides"] += 1
                if fact_start_bad(side["text"]):
                    counts["conflict_sides_bad"] += 1
                    shown.append(("conflict", side["text"]))
        for event in brief["timeline"]:
            if event["kind"] != "event":
                continue
            counts["events"] += 1
            pub = published.get(event["support"][0]["article"])
            if not event_agrees(event, pub):
                counts["event_dates_wrong"] += 1
                shown.append(("date", f"{event['date']} (published {pub}): {event['text']}"))
    if args.show:
        for kind, text in shown:
            print(f"[{kind}] {text}")
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
