"""Outlets as the user describes them: an optional outlets file (:mod:`newsweave.outlets.file`) loaded into the
store, looked up by an article's outlet, and a story's coverage by outlet group (:mod:`newsweave.outlets.directory`).

newsweave ships no bias ratings or other outlet labels of its own: each label comes from the user's file, with the
source the file names for it.
"""
from .directory import UNKNOWN, GroupCoverage, OutletDirectory, blindspots, story_coverage
from .file import OutletsFileError, read_outlets

__all__ = ["UNKNOWN", "GroupCoverage", "OutletDirectory", "OutletsFileError", "blindspots", "read_outlets", "story_coverage"]
