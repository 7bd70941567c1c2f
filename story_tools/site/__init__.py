"""The site, whatever publishes it: address rules, HTML sanitising, the page
templates and the browser assets (templates/, assets/).

The layers, lowest first: model, reading, checks, archive, derived, site.
Above them the two entry points: cli (the only importer of click) and
plugin (the only importer of mkdocs). tests/test_layers.py keeps every
layer from importing a higher one.
"""
