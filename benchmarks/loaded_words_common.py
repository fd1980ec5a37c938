"""Count how widely political news uses each loaded word (``src/newsweave/brief/loaded_words_common.json``).

    .venv/bin/python benchmarks/loaded_words_common.py [--shared ../shared] [--out PATH]

Reads PolNeAR (``SHARED/benchmarks/polnear/articles.jsonl``: 924 political news articles of 2016 from
seven outlets; never BASIL) and writes, for every lemma of the loaded-word lexicon
(:mod:`newsweave.loaded_words`) that occurs there, the number of articles that use it, quotations
included (single tokens: hyphenated compounds such as "last-ditch" are not counted). A word that a large share of political news uses ("radical", "scandal", "controversy") is
that news's common vocabulary rather than one outlet's marked choice; the framing section drops a
loaded word whose share reaches ``brief.framing_max_common_share``. Only counts of the lexicon's own
words are written (no text). Rerun after editing the lexicon.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from newsweave.loaded_words import is_loaded
from newsweave.nlp import load_nlp, model_package

OUT = Path(__file__).resolve().parents[1] / "src" / "newsweave" / "brief" / "loaded_words_common.json"


def count(articles: list[str]) -> Counter:
    """Per loaded lemma: how many of ``articles`` use it (tagger and lemmatizer as the analysis runs them)."""
    nlp = load_nlp()
    used: Counter = Counter()
    with nlp.select_pipes(disable=[p for p in ("parser", "ner") if p in nlp.pipe_names]):  # tags and lemmas only
        for doc in nlp.pipe(articles, batch_size=32):
            used.update({tok.lemma_.lower() for tok in doc
                         if is_loaded(tok.lemma_.lower(), tok.pos_, tok.text.lower().replace("’", "'"))})
    return used


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    path = args.shared / "benchmarks" / "polnear" / "articles.jsonl"
    if not path.is_file():
        print(f"error: {path} not found", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    used = count(texts)
    table = {"corpus": "PolNeAR train and dev (political news, 2016; benchmarks/polnear)", "articles": len(texts),
             "model": model_package(), "articles_using": dict(sorted(used.items()))}
    args.out.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(used)} lexicon lemmas used in {len(texts)} articles; most used: "
          + ", ".join(f"{w} {n}" for w, n in used.most_common(10)) + f"; written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
