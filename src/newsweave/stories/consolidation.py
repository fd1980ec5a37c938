"""Consolidation, the second half of :class:`~newsweave.stories.cluster.StoryClusterer`: stories touched lately
are compared with their candidate stories by average linkage (mean similarity over member pairs, less each
pair's date penalty) and strongly linked ones merge; small stories rejoin the larger story their articles
nearly reach. A mixin: it uses the clusterer's weights, candidates and date penalties (``self``); the penalties for
contradictions and the months-apart rule, which joining an article uses too, are here.

Every ``consolidate_every`` articles (and before assignments are read) the stories touched since the last
pass are compared with their candidate stories; strongly linked ones are merged. An undated article meeting
a dated story (or the reverse), stories whose stated ages never agree, stories whose casualty counts of one
kind never agree and stories whose block addresses never agree need more evidence. A story of one article
merges only with the candidate it is closest to, whether or not each side is dated. A small story (a few
articles) also joins the larger story each of its articles nearly reaches by the learned joining score.
A full pass compares the stories articles joined since the last full pass (every story, when a run asks to
revisit all) with their candidates once more, and the small stories near them with those stories alone, with
every vector weighed as of now: on every ``full_pass_every``-th article of the stream, and before assignments
are read. Its cost follows what the stream added since the last pass, not the size of the store."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable

from .features import ages_disagree, blocks_disagree, counts_disagree, chain_without_detail, days_between, episodes, joined_span, late_without_detail
from .story import Story

if TYPE_CHECKING:
    from ..settings import ClusterConfig


class Consolidation:
    """The consolidation methods of :class:`~newsweave.stories.cluster.StoryClusterer`."""

    config: ClusterConfig
    REFRESH: float
    articles: list

    # -- what contradicts a join (joining an article and merging stories alike) ----
    def _age_penalty(self, a, b) -> float:
        return self.config.age_penalty if ages_disagree(a, b) else 0.0

    def _block_penalty(self, a, b) -> float:
        return self.config.block_penalty if self.config.block_penalty and blocks_disagree(a, b) else 0.0

    def _count_penalty(self, a, b) -> float:
        return self.config.count_penalty if self.config.count_penalty and counts_disagree(a, b) else 0.0

    def _late_unsupported(self, days_apart: int, a, b, span: Callable[[], int] | None = None) -> bool:
        """Whether time rules out joining two sides: more than ``late_days`` apart without strong evidence
        (:func:`~.features.late_without_detail`), or at least ``chain_days`` apart and spanning more than
        ``late_days`` together (``span``, :meth:`_reach`) without one detail in common
        (:func:`~.features.chain_without_detail`)."""
        # every name counts, not only specific ones: keeping only the names few other stories use cost ecbplus
        # 0.9732 -> 0.9709 (follow-ups months apart that name a well-known person and an age), and 0.9715 -> 0.9692
        # leave-one-corpus-out once a person became needed
        if days_apart > self.config.late_days:
            return late_without_detail(days_apart, a, b, self.config.late_days, self.config.persons_needed)
        return (span is not None and days_apart >= self.config.chain_days and span() > self.config.late_days
                and chain_without_detail(a, b))

    def _episodes(self, story: Story) -> list[tuple[int, int]]:
        """The story's report days as :func:`~.features.episodes` (kept while its members stay the same)."""
        memo = self.episode_memo.get(story.id)
        if memo is None or memo[0] != (story.version, len(story.days)):
            memo = ((story.version, len(story.days)), episodes(story.days, self.config.late_days))
            self.episode_memo[story.id] = memo
        return memo[1]

    def _reach(self, a: Story, b: Story) -> int:
        """Days that the closest episodes of two stories would span together (:func:`~.features.joined_span`)."""
        return joined_span(self._episodes(a), self._episodes(b))

    def _late(self, idx: int, story: Story) -> bool:
        """Whether time rules article ``idx`` out of ``story`` (months apart, or a chain: :meth:`_late_unsupported`):
        such a join is scored -inf before any similarity is computed (most candidates of a long stream are months
        away)."""
        f = self.articles[idx]
        if f.day is None or not story.days:
            return False
        own, theirs = [(f.day, f.day)], self._episodes(story)
        return self._late_unsupported(days_between(own, theirs), f, story, lambda: joined_span(own, theirs))

    # -- consolidation -------------------------------------------------------
    def _summary(self, story: Story) -> tuple[dict[str, float], list[int | None], int]:
        """Sum of the unit vectors of (at most ``merge_members`` recent) members, their days, their count."""
        got = self.summaries.get(story.id)
        if got is not None and got[0] == story.version and self.n <= got[1] * self.refresh:
            return got[2]
        members = story.members[-self.config.merge_members:]
        total: dict[str, float] = {}
        for m in members:
            for t, v in self._member_vec(m).items():
                total[t] = total.get(t, 0.0) + v
        summary = (total, [self.articles[m].day for m in members], len(members))
        self.summaries[story.id] = (story.version, self.n, summary)
        return summary

    def _linkage(self, a: Story, b: Story, cache: dict, undated: bool = True) -> float:
        """Average over member pairs of cosine similarity less the pair's date penalty."""
        sa = cache.get(a.id) or cache.setdefault(a.id, self._summary(a))
        sb = cache.get(b.id) or cache.setdefault(b.id, self._summary(b))
        pairs = sa[2] * sb[2]
        if not pairs:
            return 0.0
        if a.days and b.days and self._late_unsupported(days_between(self._episodes(a), self._episodes(b)), a, b,
                                                        lambda: self._reach(a, b)):
            return -math.inf
        sim = self._dot(sa[0], sb[0]) / pairs
        names = self._site_bonus(a.sites, b.sites, (a.id, b.id))
        pen = sum(self._pair_penalty(x, y, undated) for x in sa[1] for y in sb[1]) / pairs
        return (sim + names - pen - self._age_penalty(a.ages, b.ages) - self._count_penalty(a.counts, b.counts)
                - self._block_penalty(a.blocks, b.blocks))

    def consolidate(self, neighbours: dict[int, set[int]] | None = None) -> int:
        """Merge each recently touched story with candidate stories it is strongly linked to; returns merges made.
        A small story among ``neighbours`` (see :meth:`_full_pass`) is compared only with the stories that found it."""
        cfg = self.config
        dirty, self.dirty = self.dirty, set()
        self.since_consolidation = 0
        if not cfg.merge_threshold or not dirty:
            return 0
        cache: dict = {}
        scored: list[tuple[float, int, int]] = []
        seen: set[tuple[int, int]] = set()
        relieved: set[tuple[int, int]] = set()
        closest: dict[int, int | None] = {}
        rejoined: set[tuple[int, int]] = set()
        for sid in sorted(dirty):
            story = self.stories[sid]
            if not story.members:
                continue
            finders = neighbours.get(sid) if neighbours else None
            links = []
            for other in self._candidates(self._query(story, cache)) if finders is None else sorted(finders):
                pair = (min(sid, other), max(sid, other))
                if other == sid or not self.stories[other].members:
                    continue
                s = self._linkage(story, self.stories[other], cache)
                links.append((s, pair))
                if pair in seen:
                    continue
                seen.add(pair)
                if s >= cfg.merge_threshold and self._closest_allows(story, self.stories[other], cache, closest) \
                        and self._closest_allows(self.stories[other], story, cache, closest):
                    scored.append((s, *pair))
            # the relief needs the best link's margin over the next of all candidates: not for a neighbour
            if cfg.single_relief and len(story.members) == 1 and links and finders is None:
                links.sort(reverse=True)
                s, pair = links[0]
                second = links[1][0] if len(links) > 1 else 0.0
                if cfg.merge_threshold > s >= cfg.merge_threshold - cfg.single_relief and s - second >= cfg.single_margin:
                    relieved.add(pair)
                    scored.append((s + cfg.single_relief, *pair))
            if cfg.rejoin and cfg.merge_model and len(story.members) <= cfg.rejoin_members:
                target = self._rejoin_target(story, finders)
                if target is not None:
                    rejoined.add((sid, target))
        merges = 0
        # merges by linkage first, best first; then small stories that rejoin a larger one
        todo = [(s, a, b, False) for s, a, b in sorted(scored, reverse=True)]
        todo += [(0.0, a, b, True) for a, b in sorted(rejoined)]
        size = {a: len(self.stories[a].members) for a, _ in rejoined}
        for _, a, b, rejoin in todo:
            small = a  # rejoin pairs are (the small story, its target)
            a, b = self._live(a), self._live(b)
            if a == b:
                continue
            sa, sb = self.stories[a], self.stories[b]
            cache.pop(a, None)
            cache.pop(b, None)
            if rejoin:
                # the small story may have grown or merged since
                if self.stories[small].merged_into >= 0 or len(self.stories[small].members) != size[small]:
                    continue
                one, other = (sa, sb) if sa.id == small else (sb, sa)
                if self._rejoin_margin(one, other) < 0:
                    continue
            else:
                relief = cfg.single_relief if (min(a, b), max(a, b)) in relieved else 0.0
                if self._linkage(sa, sb, cache) + relief < cfg.merge_threshold:
                    continue
            # the larger, then older, story takes in the other, as in one run over every article; a story a run
            # has shown (pinned) passes its key on, so the merged story goes on under the key readers know
            keep, move = (sa, sb) if (len(sa.members), -sa.id) >= (len(sb.members), -sb.id) else (sb, sa)
            if move.pinned and not keep.pinned:
                self._swap_keys(keep, move)
            self._merge(move, keep)
            cache.pop(keep.id, None)
            merges += 1
        return merges

    def _full_pass(self) -> None:
        """Compare the stories articles joined since the last full pass, and the small stories near them, with their
        candidates, weighing every vector as of now (whenever it was cached); a pending consolidation runs first."""
        if self.dirty:
            self.consolidate()
        self.since_full_pass = 0
        self.refresh = 1.0
        grown, self.grown = self.grown, set()
        touched = {self._live(s) for s in grown}
        touched = {s for s in touched if self.stories[s].members}
        for _ in range(2):  # then the stories that grew by merging, and the small stories they may now absorb
            neighbours = self._small_neighbours(touched)
            self.dirty = touched | set(neighbours)
            self.consolidate(neighbours)
            touched = {s for s in self.dirty if self.stories[s].members}
            if not touched:
                break
        self.refresh = self.REFRESH

    def _query(self, story: Story, cache: dict) -> dict[str, float]:
        """The unit vector of the story's summary, to find its candidates with."""
        total = cache.setdefault(story.id, self._summary(story))[0]
        norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
        return {t: v / norm for t, v in total.items()}

    def _small_neighbours(self, sids: set[int]) -> dict[int, set[int]]:
        """The small stories (at most ``rejoin_members`` articles) among the candidates of the stories ``sids``,
        besides those, each with the stories of ``sids`` that found it and that the months-apart rule lets it join:
        stored stories that a story grown by later articles may now absorb. A run over every article compares them
        anyway (each is a story its articles joined); a batch compares only what it touched, so without them a small
        story stored by an earlier batch never rejoins its story. It is compared with those finders alone (its
        links to other stories move only as the pass re-weighs every vector), so a pass costs what the touched
        stories reach, not what the store holds; one run and batched runs alike."""
        cfg = self.config
        if not (cfg.rejoin and cfg.merge_model):
            return {}
        out: dict[int, set[int]] = {}
        for sid in sorted(sids):
            story = self.stories[sid]
            for other in self._candidates(self._query(story, {})):
                small = self.stories[other]
                if other in sids or not 0 < len(small.members) <= cfg.rejoin_members:
                    continue
                # the months-apart rule alone: ruled out here, a dated member is ruled out, so _rejoin_margin is -inf
                if story.days and small.days and self._late_unsupported(
                        days_between(self._episodes(story), self._episodes(small)), story, small):
                    continue
                out.setdefault(other, set()).add(sid)
        return out

    def _rejoin_target(self, story: Story, among: set[int] | None = None) -> int | None:
        """The candidate story (or story of ``among``, when given) the small ``story`` rejoins best, if any reaches the bar
        (see :meth:`_rejoin_margin`); a story of several articles rejoins only a larger one."""
        floor = len(story.members) if len(story.members) > 1 else 0
        targets: set[int] = set(among or ())
        if among is None:
            for idx in story.members:
                targets.update(self._candidates(self._member_vec(idx)))
        got = [(self._rejoin_margin(story, self.stories[other]), -other) for other in targets
               if other != story.id and len(self.stories[other].members) > floor]
        if not got:
            return None
        margin, other = max(got)
        return -other if margin >= 0 else None

    def _closest_allows(self, single: Story, other: Story, cache: dict, closest: dict) -> bool:
        """Whether a story of one article may merge with ``other``: only with the candidate it is closest
        to when whether each side is dated is left out (else an undated article goes to an undated
        story merely because a closer, dated one charges the undated penalty)."""
        if not self.config.single_closest_only or len(single.members) != 1:
            return True
        if single.id not in closest:
            vec = self._member_vec(single.members[0])
            fair = [(self._linkage(single, self.stories[o], cache, undated=False), -o) for o in self._candidates(vec)
                    if o != single.id and self.stories[o].members]
            closest[single.id] = -max(fair)[1] if fair else None
        return closest[single.id] in (None, other.id)

    def _live(self, sid: int) -> int:
        while self.stories[sid].merged_into >= 0:
            sid = self.stories[sid].merged_into
        return sid

    def _swap_keys(self, a: Story, b: Story) -> None:
        a.key, b.key = b.key, a.key
        a.pinned, b.pinned = b.pinned, a.pinned
        self.by_key[a.key], self.by_key[b.key] = a, b

    def _merge(self, move: Story, keep: Story) -> None:
        for idx in move.members:
            keep.members.append(idx)
            self.story_of[idx] = keep.id
        for t, w in move.centroid.items():
            keep.centroid[t] = keep.centroid.get(t, 0.0) + w
            self.postings[t].add(keep.id)
            self.postings[t].discard(move.id)
        keep.days.extend(move.days)
        keep.ages.update(move.ages)
        keep.counts.update(move.counts)
        keep.blocks.update(move.blocks)
        for k in move.persons | move.places:
            self.named_in[k].discard(move.id)
            self.named_in[k].add(keep.id)
        keep.persons.update(move.persons)
        keep.places.update(move.places)
        keep.sites.update(move.sites)
        keep.cached_at = -1
        keep.version += 1
        move.version += 1
        self.summaries.pop(move.id, None)
        move.members, move.centroid, move.days, move.ages, move.counts, move.blocks = [], {}, [], set(), set(), set()
        move.persons, move.places, move.sites = set(), set(), set()
        move.merged_into = keep.id
        self.dirty.add(keep.id)
