"""Incremental story clustering.

Each new article is compared with a bounded set of candidate stories and joins the best one when
the evidence is strong enough; otherwise it opens a new story. Nothing is ever re-clustered, the number
of stories is never given, and stories stored by an earlier run merge like any others when the evidence
grows (the merged story goes on under the key a run showed). A run saves the clusterer before its closing
pass (:mod:`.stored_state`), so batches end in the stories one run over all of them makes.

Evidence, all from the article itself:
- TF-IDF over the headline (weighted up) and the lead, with capitalised names and specific
  numbers (addresses, ages, counts) as extra terms; document frequencies are those of every
  article seen so far.
- publication dates: the further an article lies from a story's dates, the more evidence it needs.
- syndication: a near-copy (``extra["duplicate_of"]``) joins its original's story when within ``late_days`` of it.

Joining weighs these signals with a small logistic model whose weights ship as JSON in this package
(``merge_model.json``, written by ``benchmarks/train_merge_model.py``); ``merge_model=""`` weighs them
by hand (``threshold`` and the penalties) instead.

Candidates come from an inverted index over each story's distinctive terms (a term is skipped once
it is common), so the cost per article depends on the size of the candidate set, not the store.

Site furniture an outlet repeats (title segments such as its name, lead lines) is learned per outlet
and left out. Consolidation (merging stories every ``consolidate_every`` articles and before
assignments are read) is :mod:`newsweave.stories.consolidation`'s.
"""
from __future__ import annotations

import heapq
import json
import math
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..parse_cache import ParseCache
from ..record import Article
from ..settings import ClusterConfig
from .cluster_state import restore_state, snapshot_state
from .features import (Features, SiteFurniture, ages_disagree, blocks_disagree, counts_disagree, entity_keys, features,
                       gap_units, sublinear)
from .consolidation import Consolidation
from .story import Story


@lru_cache(maxsize=None)
def load_merge_model(name: str) -> dict:
    """The learned joining model ``name`` from the package folder (or an absolute path, for training
    runs): ``{"weights": {signal: weight}, "bias": b, ...}``."""
    path = Path(name)
    source = path if path.is_absolute() else resources.files(__package__).joinpath(name)
    model = json.loads(source.read_text(encoding="utf-8"))
    return {"weights": {k: float(w) for k, w in model["weights"].items()}, "bias": float(model["bias"])}


class StoryClusterer(Consolidation):
    def __init__(self, config: ClusterConfig | None = None, ner=None, name_cache: ParseCache | None = None) -> None:
        self.config = config or ClusterConfig()
        self.df: dict[str, int] = defaultdict(int)
        self.n = 0
        self.stories: list[Story] = []
        self.postings: dict[str, set[int]] = defaultdict(set)
        self.articles: list[Features] = []
        self.tf: list[dict[str, float]] = []
        self.story_of: list[int] = []
        self.index_of: dict[str, int] = {}
        self.by_key: dict[str, Story] = {}
        self.next_number = 0
        self.member_cache: list[tuple[int, dict[str, float]]] = []
        self.furniture = SiteFurniture()
        self.summaries: dict[int, tuple[int, int, tuple]] = {}  # story id -> (version, n, summary)
        self.dirty: set[int] = set()  # stories touched since the last consolidation
        self.since_consolidation = 0
        self.since_full_pass = 0  # articles added (not loaded with a stored key) since the last full consolidation pass
        # stories those articles joined since the last full pass: the next full pass compares these (a clusterer
        # restored from the saved state keeps them; a replay into stored stories compares every story)
        self.grown: set[int] = set()
        self.ner = ner  # text -> mentions; default: the spaCy pipeline (tagger and NER only) + find_mentions
        self.name_cache = name_cache  # names found in a text by earlier runs (see _names)
        self.named_in: dict[str, set[int]] = defaultdict(set)  # person/place key -> stories naming it
        self.refresh = self.REFRESH
        self.episode_memo: dict[int, tuple[tuple[int, int], list[tuple[int, int]]]] = {}  # story id -> its episodes

    # -- weights -------------------------------------------------------------
    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def _weigh(self, tf: dict[str, float]) -> dict[str, float]:
        vec = {t: w * self.idf(t) for t, w in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def _cos_raw(self, vec: dict[str, float], tf: dict[str, float]) -> float:
        """Cosine between a weighted unit vector and raw term weights weighted now."""
        dot = 0.0
        norm = 0.0
        idf = self.idf
        for t, w in tf.items():
            x = w * idf(t)
            norm += x * x
            v = vec.get(t)
            if v is not None:
                dot += v * x
        return dot / math.sqrt(norm) if norm else 0.0

    REFRESH = 1.2  # re-weigh a cached vector once the corpus grew by this factor (the closing full pass: any growth)

    @staticmethod
    def _dot(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(t, 0.0) for t, v in a.items())

    def _member_vec(self, idx: int) -> dict[str, float]:
        at, vec = self.member_cache[idx]
        if self.n > at * self.refresh:
            vec = self._weigh(self.tf[idx])
            self.member_cache[idx] = (self.n, vec)
        return vec

    # -- candidates ----------------------------------------------------------
    def _candidates(self, vec: dict[str, float]) -> list[int]:
        cfg = self.config
        cap = cfg.min_posting_cap
        scores: dict[int, float] = defaultdict(float)
        for term, w in heapq.nlargest(cfg.query_terms, vec.items(), key=lambda kv: kv[1]):
            posting = self.postings.get(term)
            if not posting or len(posting) > cap:
                continue
            for sid in posting:
                scores[sid] += w
        # ties go to the older story, whatever order the posting sets iterate in
        return heapq.nlargest(cfg.candidates, scores, key=lambda sid: (scores[sid], -sid))

    # -- scoring -------------------------------------------------------------
    @staticmethod
    def _days_outside(day: int, days: list[int]) -> int:
        """How many days ``day`` lies before the first or after the last of ``days`` (0 within them)."""
        lo, hi = min(days), max(days)
        return lo - day if day < lo else day - hi if day > hi else 0

    def _date_penalty(self, day: int | None, story: Story) -> float:
        if day is None or not story.days:
            # one side dated, the other not: nothing to check the timing against
            return self.config.undated_penalty if (day is None) != (not story.days) else 0.0
        return self.config.date_slope * gap_units(self._days_outside(day, story.days), self.config.date_scale_days)

    def _pair_penalty(self, a: int | None, b: int | None, undated: bool = True) -> float:
        """Date penalty between two articles' days (one dated, the other not: ``undated_penalty``)."""
        cfg = self.config
        if a is None or b is None:
            return cfg.undated_penalty if undated and (a is None) != (b is None) else 0.0
        return cfg.date_slope * gap_units(abs(a - b), cfg.date_scale_days)

    def _score(self, idx: int, vec: dict[str, float], story: Story) -> float:
        """How far the evidence that the article belongs to ``story`` lies above the joining
        threshold: it may join when this is at least 0."""
        if self._late(idx, story):  # ruled out whatever the rest says: nothing else is weighed
            return -math.inf
        if self.config.merge_model:
            return self._model_logit(self._signals(idx, vec, story))
        return self._hand_score(idx, vec, story) - self.config.threshold

    def _hand_score(self, idx: int, vec: dict[str, float], story: Story) -> float:
        s = self._centroid_cos(vec, story)
        f = self.articles[idx]
        names = self._site_bonus(f.sites, story.sites, (story.id,))
        date = self._date_penalty(f.day, story)
        return (s + names - date - self._age_penalty(f.ages, story.ages)
                - self._count_penalty(f.counts, story.counts) - self._block_penalty(f.blocks, story.blocks))

    def _centroid_cos(self, vec: dict[str, float], story: Story) -> float:
        if story.cached_at < 0 or self.n > story.cached_at * self.refresh:
            story.cached = self._weigh(story.centroid)
            story.cached_at = self.n
        return self._dot(vec, story.cached)

    def _signals(self, idx: int, vec: dict[str, float], story: Story, own: int | None = None) -> dict[str, float]:
        """The evidence the learned joining score weighs, between article ``idx`` and ``story``:
        cosine with the story centroid (``cent``) and with its closest member (``best``); the date
        gap in :func:`gap_units` when both sides are dated (``gap``); contradictions of stated ages,
        casualty counts and block addresses (``age``, ``count``, ``block``: 0 or 1); shared
        specific people (``persons``: at least ``persons_needed``), places (``place``) and sites
        (``site``); and whether exactly one side is dated (``undated``, not a model input: see
        :meth:`_model_logit`). A join that time rules out (:meth:`_late`) is never weighed: its callers
        check that first."""
        cfg = self.config
        f = self.articles[idx]
        sides = (story.id,) if own is None else (story.id, own)
        same_person = len(self._specific(f.persons, sides) & self._specific(story.persons, sides)) >= cfg.persons_needed
        gap, undated = 0.0, 0.0
        if f.day is None or not story.days:
            undated = 1.0 if (f.day is None) != (not story.days) else 0.0
        else:
            gap = gap_units(self._days_outside(f.day, story.days), cfg.date_scale_days)
        return {
            "cent": self._centroid_cos(vec, story),
            "best": max(self._dot(vec, self._member_vec(m)) for m in story.members),
            "gap": gap,
            "age": 1.0 if ages_disagree(f.ages, story.ages) else 0.0,
            "count": 1.0 if counts_disagree(f.counts, story.counts) else 0.0,
            "block": 1.0 if blocks_disagree(f.blocks, story.blocks) else 0.0,
            "site": 1.0 if self._specific(f.sites & story.sites, sides) else 0.0,
            "persons": 1.0 if same_person else 0.0,
            "place": 1.0 if self._specific(f.places, sides) & self._specific(story.places, sides) else 0.0,
            "undated": undated,
        }

    def _model_logit(self, sig: dict[str, float]) -> float:
        """Logit of the learned joining model less ``model_threshold``. One side dated and the other
        not is not learned (only one dev corpus has undated articles): it costs ``undated_penalty``
        in cosine units, i.e. times the sum of the two cosine weights."""
        model = load_merge_model(self.config.merge_model)
        weights = model["weights"]
        z = model["bias"] + sum(w * sig[k] for k, w in weights.items())
        if sig["undated"]:
            z -= self.config.undated_penalty * (weights.get("cent", 0.0) + weights.get("best", 0.0))
        return z - self.config.model_threshold

    def _rejoin_margin(self, story: Story, target: Story) -> float:
        """How far the weakest member of the small ``story`` lies above the bar for rejoining ``target``:
        its joining logit plus ``rejoin_relief``."""
        if any(self._late(idx, target) for idx in story.members):
            return -math.inf
        return min(self._model_logit(self._signals(idx, self._member_vec(idx), target, story.id))
                   for idx in story.members) + self.config.rejoin_relief

    def _mentions(self, text: str) -> list:
        if self.ner is None:  # spaCy, as .names reads many texts ahead
            from .names import lead_mentions

            return lead_mentions([text])[0]
        return self.ner(text)

    def _names(self, text: str) -> tuple[frozenset, frozenset, frozenset]:
        """(person, place, site) keys named in ``text``, from ``name_cache`` when an earlier run found them."""
        cache = self.name_cache
        got = cache.get(text) if cache is not None else None
        if got is not None:
            return frozenset(got[0]), frozenset(got[1]), frozenset(got[2])
        names = entity_keys(self._mentions(text))
        if cache is not None:
            cache.put(text, [sorted(keys) for keys in names])
        return names

    def _specific(self, keys, sides: tuple[int, ...]) -> set:
        """The keys named by at most ``specific_stories`` stories besides ``sides``."""
        cap = self.config.specific_stories
        named = self.named_in
        out = set()
        for k in keys:
            got = named.get(k, ())
            if len(got) - sum(1 for s in sides if s in got) <= cap:
                out.add(k)
        return out

    def _site_bonus(self, sites_a, sites_b, sides: tuple[int, ...]) -> float:
        """``site_bonus`` when the two sides name one specific site (a street, a building), else 0."""
        cfg = self.config
        return cfg.site_bonus if cfg.entity_words and cfg.site_bonus and self._specific(sites_a & sites_b, sides) else 0.0

    # -- public --------------------------------------------------------------
    def add(self, article: Article, story_key: str | None = None) -> str:
        """Place one article and return its story key. With ``story_key`` the article joins that story (created if
        new) without any search: this is how assignments already stored are loaded back before new articles arrive."""
        return self.place(self.read(article), article.extra.get("duplicate_of"), story_key)

    def read(self, article: Article) -> Features:
        """The article's features, names not yet read (from ``ner_text``); the site furniture learns from it."""
        cfg = self.config
        return features(article, cfg.lead_words, cfg.headline_weight, cfg.name_weight, cfg.number_weight, self.furniture,
                        cfg.entity_words)

    def place(self, f: Features, duplicate_of: str | None = None, story_key: str | None = None) -> str:
        """Place an article by the features :meth:`read` gave, its names read now (or found in ``name_cache``)."""
        if self.config.entity_words and f.ner_text.strip():
            f.persons, f.places, f.sites = self._names(f.ner_text)
        return self.add_features(f, duplicate_of, story_key)

    def add_features(self, f: Features, duplicate_of: str | None = None, story_key: str | None = None) -> str:
        """Place an article by its features (names included), as :meth:`add` does once it has read them."""
        cfg = self.config
        tf = sublinear(f.terms)
        idx = len(self.articles)
        self.articles.append(f)
        self.tf.append(tf)
        self.index_of[f.id] = idx
        for t in tf:
            self.df[t] += 1
        self.n += 1
        vec = self._weigh(tf)
        self.member_cache.append((self.n, vec))
        target: Story | None = None
        if story_key is not None:
            target = self.by_key.get(story_key)
            if target is None:
                target = self._new_story(story_key)
            target.pinned = True
        elif duplicate_of is not None and duplicate_of in self.index_of and self._copy_in_time(f, duplicate_of):
            target = self.stories[self.story_of[self.index_of[duplicate_of]]]
        else:
            best, best_s = None, 0.0
            for sid in self._candidates(vec):
                if not self.stories[sid].members:
                    continue
                s = self._score(idx, vec, self.stories[sid])
                if s >= best_s:
                    best, best_s = self.stories[sid], s
            target = best
        if target is None:
            target = self._new_story()
        self._join(idx, tf, target)
        if story_key is None:
            self.since_full_pass += 1
            self.grown.add(target.id)
        if story_key is None and cfg.consolidate_every:
            self.dirty.add(target.id)
            self.since_consolidation += 1
            if self.since_consolidation >= cfg.consolidate_every:
                self.consolidate()
            # a checkpoint: the full pass falls on every full_pass_every-th article of the stream, wherever runs end
            if cfg.full_pass and cfg.full_pass_every and self.n % cfg.full_pass_every == 0:
                self._full_pass()
        return self.stories[self.story_of[idx]].key

    def _copy_in_time(self, f: Features, original: str) -> bool:
        """Whether a near-copy lies within ``late_days`` of its original (or either is undated): a copy months later
        shares a page's template, not a report, and is placed like any article."""
        day, first = f.day, self.articles[self.index_of[original]].day
        return day is None or first is None or abs(day - first) <= self.config.late_days

    def _new_story(self, key: str | None = None) -> Story:
        if key is None:
            while True:
                self.next_number += 1
                key = f"s{self.next_number:06d}"
                if key not in self.by_key:
                    break
        story = Story(len(self.stories), key)
        self.stories.append(story)
        self.by_key[key] = story
        return story

    def _join(self, idx: int, tf: dict[str, float], story: Story) -> None:
        story.members.append(idx)
        story.version += 1
        story.cached_at = -1
        for t, w in tf.items():
            story.centroid[t] = story.centroid.get(t, 0.0) + w
            self.postings[t].add(story.id)
        day = self.articles[idx].day
        if day is not None:
            story.days.append(day)
        story.ages.update(self.articles[idx].ages)
        story.counts.update(self.articles[idx].counts)
        story.blocks.update(self.articles[idx].blocks)
        f = self.articles[idx]
        for k in f.persons | f.places:
            self.named_in[k].add(story.id)
        story.persons.update(f.persons)
        story.places.update(f.places)
        story.sites.update(f.sites)
        self.story_of.append(story.id)

    def snapshot(self, texts: bool = True) -> dict:
        """Everything the clusterer holds, as plain JSON data (see :mod:`newsweave.stories.cluster_state`); without
        ``texts``, less the texts the articles' names were read from."""
        return snapshot_state(self, texts)

    @classmethod
    def restore(cls, snapshot: dict, config: ClusterConfig | None = None, ner=None,
                name_cache: ParseCache | None = None) -> StoryClusterer:
        """The clusterer :meth:`snapshot` was taken of: adding the same articles to both places them alike.
        ``config`` must be the one the snapshot's clusterer had (it is not part of the snapshot)."""
        clusterer = cls(config, ner, name_cache)
        restore_state(clusterer, snapshot)
        return clusterer

    def revisit_all(self) -> None:
        """Make the next full pass compare every story, those loaded with stored keys too (see :meth:`assignments`)."""
        self.grown = {s.id for s in self.stories if s.members}
        self.since_full_pass = max(1, self.since_full_pass)

    def assignments(self) -> dict[str, str]:
        """Article id -> story key, for every article added (runs a pending consolidation and,
        when articles came since the last one, a full pass first)."""
        if self.dirty:
            self.consolidate()
        if self.config.full_pass and self.config.consolidate_every and self.since_full_pass:
            self._full_pass()
        return {f.id: self.stories[self.story_of[i]].key for i, f in enumerate(self.articles)}
