"""The archive: the vocabulary, story validation, the catalog, links between
stories, audiences, the JSON Schema, and story files written as text.

The layers, lowest first: model, reading, checks, archive, derived, site.
Above them the two entry points: cli (the only importer of click) and
plugin (the only importer of mkdocs). tests/test_layers.py keeps every
layer from importing a higher one.
"""
