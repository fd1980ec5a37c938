"""Stories: incremental clustering of articles into stories."""
from .cluster import ClusterConfig, Story, StoryClusterer

__all__ = ["ClusterConfig", "Story", "StoryClusterer"]
from .build import SCHEMA, cluster_articles, stories_document, store_stories_document, update_store_stories

__all__ += ["SCHEMA", "cluster_articles", "stories_document", "store_stories_document", "update_store_stories"]
