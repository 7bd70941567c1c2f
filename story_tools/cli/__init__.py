"""The `story-tools` command line (click). Nothing else in the package imports click."""

from .main import main

__all__ = ["main"]
