"""The model: the value objects every layer shares (Story, Consent, Finding)
and did-you-mean suggestions. Imports nothing else of story_tools.

The layers, lowest first: model, reading, checks, archive, derived, site.
Above them the two entry points: cli (the only importer of click) and
plugin (the only importer of mkdocs). tests/test_layers.py keeps every
layer from importing a higher one.
"""
