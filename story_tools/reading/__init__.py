"""Reading: story files and their positions, YAML with line and column, typed
values, settings from mkdocs.yml, Markdown link syntax, and git changes.

The layers, lowest first: model, reading, checks, archive, derived, site.
Above them the two entry points: cli (the only importer of click) and
plugin (the only importer of mkdocs). tests/test_layers.py keeps every
layer from importing a higher one.
"""
