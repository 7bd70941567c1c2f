"""`python -m story_tools.cli`: the same as the `story-tools` command."""

from .main import main

main()
