"""Derived data, computed from the catalog: related stories, coverage, facets,
export and feed, the search index, statistics.

The layers, lowest first: model, reading, checks, archive, derived, site.
Above them the two entry points: cli (the only importer of click) and
plugin (the only importer of mkdocs). tests/test_layers.py keeps every
layer from importing a higher one.
"""
