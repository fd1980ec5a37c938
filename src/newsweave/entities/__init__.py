"""Named entities: mentions per article (:mod:`.mentions`) and cross-article linking (:mod:`.link`)."""
from .mentions import Mention, find_mentions

__all__ = ["Mention", "find_mentions"]
from .link import Entity, link_entities

__all__ += ["Entity", "link_entities"]
