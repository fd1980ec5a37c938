"""``newsweave watch``: rounds that poll feeds, fetch their new pages (:mod:`newsweave.fetch`), ingest them and run
the incremental pipeline (:func:`newsweave.runner.run`), then log what changed in each story (:mod:`.changes`).
What the watcher knows between rounds and restarts lives in the store (:mod:`.state`)."""
from .changes import changed_story_ids, changes_since
from .changes_render import render_changes
from .report import RoundReport, Step
from .round import run_round, watch
from .state import WatchState

__all__ = ["changed_story_ids", "changes_since", "render_changes", "RoundReport", "Step", "run_round", "watch", "WatchState"]
