"""Leave-one-corpus-out (LOCO) figures of the story clusterer: for each dev corpus, the joining model is fitted
and the settings chosen on the other three, then the held-out corpus is scored with them.

    .venv/bin/python benchmarks/clustering_loco.py [--shared ../shared] [--grid model_threshold=5,6,7 ...]
        [--set key=value ...] [--corpora ecbplus,gvc,...] [--dev] [--spans] [--cost]
        [--write-model PATH]

Articles are read and cleaned by the normal ingestion path and near-copies marked, then turned into the
clusterer's features (names included) once; those features are cached per corpus and feature settings under
the system's temporary folder (``--cache``), so later runs cluster without reading or parsing again.

For each held-out corpus: the joining model is fitted (``benchmarks/train_merge_model.fit``: pairs harvested
with teacher forcing, corpora weighing the same) on the other three corpora; every combination of the
``--grid`` values is scored on those three, and the one with the best mean BCubed F1 (the three weighing the
same; ties to the first listed) is applied to the held-out corpus. Nothing about the held-out corpus is read
before its figure is taken. ``--dev`` also prints the figure of the shipped settings and model on each corpus
(tuned on all four: not a held-out figure). ``--spans`` counts predicted stories whose articles span more than
60 days while their gold story's articles do not.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import tempfile
import time
from dataclasses import asdict, fields, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_merge_model import CORPORA, fit  # noqa: E402

from newsweave.dedupe import mark_duplicates  # noqa: E402
from newsweave.evaluate.clustering import bcubed, read_labels  # noqa: E402
from newsweave.pipeline import extract_paths  # noqa: E402
from newsweave.stories import ClusterConfig, StoryClusterer  # noqa: E402
from newsweave.stories.cluster_state import features_data, features_from  # noqa: E402
from newsweave.stories.features import Features, SiteFurniture, features  # noqa: E402

FEATURE_KEYS = ("lead_words", "headline_weight", "name_weight", "number_weight", "entity_words")
SPAN_DAYS = 60


def corpus_features(folder: Path, config: ClusterConfig, cache: Path) -> list[tuple[Features, str | None]]:
    """Each article's features (names included) and the id of the original it is a near-copy of, in file order."""
    key = hashlib.sha256(json.dumps([str(folder), *(getattr(config, k) for k in FEATURE_KEYS)]).encode()).hexdigest()[:16]
    path = cache / f"{folder.name}-{key}.json"
    if path.exists():
        return [(features_from(f), original) for f, original in json.loads(path.read_text(encoding="utf-8"))]
    articles = mark_duplicates(extract_paths([folder / "articles.jsonl"]).articles)
    reader = StoryClusterer(config)
    furniture = SiteFurniture()
    out = []
    for article in articles:
        f = features(article, config.lead_words, config.headline_weight, config.name_weight, config.number_weight,
                     furniture, config.entity_words)
        if config.entity_words and f.ner_text.strip():
            f.persons, f.places, f.sites = reader._names(f.ner_text)
        out.append((f, article.extra.get("duplicate_of")))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([(features_data(f), original) for f, original in out]), encoding="utf-8")
    return out


def cluster(feats: list[tuple[Features, str | None]], config: ClusterConfig) -> dict[str, str]:
    clusterer = StoryClusterer(config)
    for f, original in feats:
        clusterer.add_features(_copy(f), original)
    return clusterer.assignments()


def _copy(f: Features) -> Features:
    return replace(f, terms=dict(f.terms))


class _Harvester(StoryClusterer):
    """Places every article into its gold story and records the signals of its candidate stories first
    (as ``train_merge_model._Harvester`` does, from cached features)."""

    def __init__(self, config: ClusterConfig) -> None:
        super().__init__(replace(config, consolidate_every=0))
        self.rows: list[tuple[dict[str, float], int]] = []
        self.searching = False

    def _join(self, idx, tf, story) -> None:
        if self.searching:
            vec = self.member_cache[idx][1]
            for sid in self._candidates(vec):
                other = self.stories[sid]
                if other.members:
                    self.rows.append((self._signals(idx, vec, other), int(other is story)))
        super()._join(idx, tf, story)


def harvest(feats, labels: dict[str, str], config: ClusterConfig) -> list:
    h = _Harvester(config)
    for f, original in feats:
        h.searching = original is None
        h.add_features(_copy(f), original, labels.get(f.id, "unlabelled:" + f.id))
    return h.rows


def cached_rows(feats, labels: dict[str, str], config: ClusterConfig, cache: Path) -> list:
    """:func:`harvest`, cached under a digest of the features, the settings and the code of the stories package."""
    import newsweave.stories.cluster as code

    ident = [feats[0][0].id if feats else "", len(feats), json.dumps(asdict(config), sort_keys=True, default=str),
             *(p.read_text(encoding="utf-8") for p in sorted(Path(code.__file__).parent.glob("*.py")))]
    path = cache / ("rows-" + hashlib.sha256(json.dumps(ident).encode()).hexdigest()[:16] + ".json")
    if path.exists():
        return [tuple(row) for row in json.loads(path.read_text(encoding="utf-8"))]
    rows = harvest(feats, labels, config)
    path.write_text(json.dumps(rows), encoding="utf-8")
    return rows


def scored(feats, labels: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    gold = {f.id: labels[f.id] for f, _ in feats if f.id in labels}
    return bcubed(gold, {i: pred[i] for i in gold})


def long_spans(feats, labels: dict[str, str], pred: dict[str, str], days: int = SPAN_DAYS) -> int:
    """Predicted stories spanning more than ``days`` whose gold stories (of their articles) all span at most that."""
    day = {f.id: f.day for f, _ in feats}

    def span(groups: dict[str, list[str]]) -> dict[str, int]:
        out = {}
        for k, ids in groups.items():
            ds = [day[i] for i in ids if day[i] is not None]
            out[k] = max(ds) - min(ds) if ds else 0
        return out

    by_pred, by_gold = {}, {}
    for i, s in pred.items():
        by_pred.setdefault(s, []).append(i)
        if i in labels:
            by_gold.setdefault(labels[i], []).append(i)
    pspan, gspan = span(by_pred), span(by_gold)
    return sum(1 for s, ids in by_pred.items()
               if pspan[s] > days and not any(gspan.get(labels.get(i), 0) > days for i in ids))


def parse_grid(items: list[str]) -> dict[str, list]:
    grid = {}
    types = {f.name: f.type for f in fields(ClusterConfig)}
    for item in items:
        key, _, values = item.partition("=")
        grid[key] = [_typed(types[key], v) for v in values.split(",")]
    return grid


def _typed(kind, value: str):
    kind = str(kind)
    if "bool" in kind:
        return value.lower() in ("1", "true", "yes", "on")
    if "int" in kind:
        return int(value)
    if "float" in kind:
        return float(value)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "newsweave-loco"))
    parser.add_argument("--corpora", default=",".join(CORPORA), help="corpora to hold out in turn (all four train)")
    parser.add_argument("--grid", nargs="*", default=[], help="KEY=V1,V2,... settings chosen on the training corpora")
    parser.add_argument("--set", nargs="*", default=[], help="KEY=VALUE settings fixed for every run")
    parser.add_argument("--shipped-model", action="store_true", help="use the shipped joining model (no refit)")
    parser.add_argument("--dev", action="store_true", help="also score each corpus with the settings and model as given")
    parser.add_argument("--spans", action="store_true", help=f"count predicted stories spanning over {SPAN_DAYS} days")
    parser.add_argument("--write-model", metavar="PATH",
                        help="write the joining model fitted on all four corpora to PATH (as train_merge_model.py does)")
    parser.add_argument("--cost", action="store_true",
                        help="time the clustering stage (names read beforehand) on gva_stream's first 1k articles and on all")
    args = parser.parse_args()
    root = Path(args.shared) / "benchmarks"
    fixed = {k: v[0] for k, v in parse_grid(args.set).items()}
    base = replace(ClusterConfig(), **fixed)
    grid = parse_grid(args.grid)
    combos = [dict(zip(grid, values)) for values in itertools.product(*grid.values())] or [{}]
    t0 = time.perf_counter()
    data = {}
    for corpus in CORPORA:
        folder = root / corpus
        if not (folder / "articles.jsonl").exists():
            sys.exit(f"skipped: {folder} not found")
        data[corpus] = (corpus_features(folder, base, Path(args.cache)), read_labels(folder / "labels.csv"))
    print(f"features ready in {time.perf_counter() - t0:.0f} s; fixed {fixed or '{}'}; grid {grid or '{}'}", file=sys.stderr)
    if args.cost:
        feats = data["gva_stream"][0]
        for n in (1000, len(feats)):
            t = time.perf_counter()
            cluster(feats[:n], base)
            dt = time.perf_counter() - t
            print(f"gva_stream first {n}: clustering {dt:.1f} s, {1000 * dt / n:.2f} ms per article")
        return
    rows = {c: cached_rows(*data[c], base, Path(args.cache)) for c in CORPORA} if not args.shipped_model else {}
    if args.write_model:
        Path(args.write_model).write_text(json.dumps(fit(rows, list(CORPORA)), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.write_model}", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix="loco-models-"))
    memo: dict = {}

    def run(corpus: str, train: tuple[str, ...], combo: dict) -> tuple[dict, dict]:
        key = (corpus, train, tuple(sorted(combo.items())))
        if key not in memo:
            config = replace(base, **combo)
            if not args.shipped_model and config.merge_model:
                path = tmp / ("model-" + "-".join(train) + ".json")
                if not path.exists():
                    path.write_text(json.dumps(fit(rows, list(train))))
                config = replace(config, merge_model=str(path))
            pred = cluster(data[corpus][0], config)
            memo[key] = (scored(*data[corpus], pred), pred)
        return memo[key]

    table = []
    for held in args.corpora.split(","):
        train = tuple(c for c in CORPORA if c != held)
        means = [0.0]  # one combination: nothing to choose, the training corpora are not scored
        for combo in combos if len(combos) > 1 else []:
            f1s = [run(c, train, combo)[0]["f1"] for c in train]
            means.append(sum(f1s) / len(f1s))
            print(f"  without {held}: {combo} train F1 {' '.join(f'{x:.4f}' for x in f1s)} mean {means[-1]:.4f}",
                  file=sys.stderr)
        means = means[1:] or means
        chosen = combos[max(range(len(combos)), key=lambda k: (means[k], -k))]
        b, pred = run(held, train, chosen)
        row = {"corpus": held, "chosen": chosen, "loco": b}
        if args.dev:
            row["dev"] = run(held, CORPORA, {})[0] if not args.shipped_model else b
        if args.spans:
            row["spans"] = long_spans(data[held][0], data[held][1], pred)
        table.append(row)
        print(json.dumps(row), file=sys.stderr)
    print(f"\n{'corpus':11s} {'LOCO P':>7s} {'R':>7s} {'F1':>7s}" + ("   dev F1" if args.dev else "")
          + (f"  >{SPAN_DAYS}d" if args.spans else "") + "  chosen on the other three")
    for row in table:
        b = row["loco"]
        print(f"{row['corpus']:11s} {b['precision']:7.4f} {b['recall']:7.4f} {b['f1']:7.4f}"
              + (f"   {row['dev']['f1']:.4f}" if args.dev else "") + (f"  {row['spans']:4d}" if args.spans else "")
              + f"  {row['chosen'] or 'as given'}")
    print(f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
