"""Checks on the text of a story file (personal data, hostile Markdown), and how
findings are printed for people, scripts and GitHub.

The layers, lowest first: model, reading, checks, archive, derived, site.
Above them the two entry points: cli (the only importer of click) and
plugin (the only importer of mkdocs). tests/test_layers.py keeps every
layer from importing a higher one.
"""
