"""Time build_brief on one 50-article story (model load and analysis excluded; medians and bests).

The story: the articles of the biggest ECB+ topic (both of its sub-stories, so a busy story),
topped up from the next biggest topics to 50 articles, from ../shared/benchmarks/ecbplus, read
through newsweave's JSON Lines reader.

    .venv/bin/python benchmarks/brief_speed.py [--articles 50] [--repeat 5]
"""
from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from newsweave import extract_paths
from newsweave.analysis import analyse
from newsweave.brief import build_brief
from newsweave.brief.encoder import encode_sentences
from newsweave.dedupe import mark_duplicates

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "ecbplus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not (DATA / "articles.jsonl").is_file():
        print(f"needs {DATA} (the shared data folder beside the repository)", file=sys.stderr)
        return 2
    with open(DATA / "labels.csv", encoding="utf-8") as f:
        topic = {row["id"]: row.get("topic") or row["story"].split("_")[0] for row in csv.DictReader(f)}
    ranked = [t for t, _ in Counter(topic.values()).most_common()]
    biggest = ranked[0]
    records = [json.loads(line) for line in open(DATA / "articles.jsonl", encoding="utf-8")]
    rank = {t: k for k, t in enumerate(ranked)}
    chosen = sorted((r for r in records if r["id"] in topic), key=lambda r: rank[topic[r["id"]]])[: args.articles]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
        articles = mark_duplicates(extract_paths([str(path)]).articles)
    analysis = analyse(articles)
    encode_sentences(["warm up the encoder"])  # model load, not timed
    story = {"id": f"ecbplus-topic-{biggest}", "articles": [a.id for a in articles]}
    from newsweave.brief.framing import article_terms, framing_section

    terms = article_terms(articles)  # the parse framing needs, as analysis already makes it (not timed)
    times, framing, given_parse = [], [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        brief = build_brief(story, articles, analysis)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        framing_section(articles)  # the framing section (brief/framing.py) on its own, parsing for itself
        framing.append(time.perf_counter() - t)
        t = time.perf_counter()
        framing_section(articles, terms=terms)  # framing when handed that parse
        given_parse.append(time.perf_counter() - t)
    sentences = sum(len(f["support"]) for f in brief["facts"])
    print(json.dumps({"story": story["id"], "articles": len(articles), "facts": len(brief["facts"]),
                      "corroborated": sum(f["status"] == "corroborated" for f in brief["facts"]),
                      "conflicts": len(brief["conflicts"]), "support_spans": sentences,
                      "seconds_median": round(statistics.median(times), 3), "seconds_best": round(min(times), 3),
                      "seconds_all": [round(t, 3) for t in times],
                      "framing_seconds_median": round(statistics.median(framing), 3), "framing_seconds_best": round(min(framing), 3),
                      "framing_seconds_all": [round(t, 3) for t in framing],
                      "framing_given_parse_seconds_median": round(statistics.median(given_parse), 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
