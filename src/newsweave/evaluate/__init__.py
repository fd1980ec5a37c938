"""Measurements of newsweave on labelled data."""
