"""A Markdown extension that passes the generator's HTML blocks through untouched, fast.

The generator's pages (site/generate.py) are Markdown whose archive parts (a
story's header and related list, a term's list, Browse) are HTML rendered
already. Python-Markdown would parse every tag of that HTML again to find
where each block ends: at 10,000 stories that doubled the time it spends on a
story page (4.6 ms against 2.1 ms). The generator writes each such block
between two comment lines,

    <!-- st:html -->
    <div class="st-story">...</div>
    <!-- /st:html -->

and this preprocessor stores what is between them in Markdown's HTML stash as
one piece, so it reaches the page as it was written. Without the extension
the page renders the same (Markdown's own raw-HTML rules keep the block, and
the two comments); tests/test_htmlblocks.py compares both.

Use it as `story_tools.site.htmlblocks` in `markdown_extensions` (mkdocs.yml,
read by MkDocs and Zensical alike); the MkDocs plugin adds it when missing.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

__all__ = ["END", "NAME", "START", "HtmlBlocksExtension", "html_block", "makeExtension", "split_blocks"]

NAME = "story_tools.site.htmlblocks"
START = "<!-- st:html -->"
END = "<!-- /st:html -->"


def html_block(html: str) -> str:
    """`html` as a block of a generated page: between the marker lines, blank lines around."""
    return f"\n{START}\n{html}\n{END}\n"


class _HtmlBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if START not in lines:
            return lines
        out: list[str] = []
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            if line != START:
                out.append(line)
                index += 1
                continue
            try:
                end = lines.index(END, index + 1)
            except ValueError:  # no end: left to Markdown's own rules
                out.extend(lines[index:])
                break
            placeholder = self.md.htmlStash.store("\n".join(lines[index + 1:end]))
            out += ["", placeholder, ""]
            index = end + 1
        return out


class HtmlBlocksExtension(Extension):
    """Registers the preprocessor before Markdown's own raw-HTML one (priority 20)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_HtmlBlocks(md), "story_tools_html", 25)


def makeExtension(**kwargs: Any) -> HtmlBlocksExtension:
    """What `markdown_extensions: [story_tools.site.htmlblocks]` loads."""
    return HtmlBlocksExtension(**kwargs)


def split_blocks(text: str) -> tuple[str, str, str]:
    """A generated page's Markdown (without front matter) as (the HTML of its first block,
    the Markdown between, the HTML of its last block); "" for a block it does not start or
    end with. The MkDocs plugin renders only the middle, a story's own text, with Markdown
    and sanitises it alone: the blocks are the generator's, and no text of a story can end
    one (its markers cannot be typed into a title, and a body is always followed by the
    generator's last block)."""
    lines = text.split("\n")
    first, last = 0, len(lines)
    while first < last and not lines[first].strip():
        first += 1
    while last > first and not lines[last - 1].strip():
        last -= 1
    head = tail = ""
    if first < last and lines[first] == START and END in lines[first + 1:last]:
        end = lines.index(END, first + 1)
        head, first = "\n".join(lines[first + 1:end]), end + 1
    if last > first and lines[last - 1] == END:
        starts = [n for n in range(first, last - 1) if lines[n] == START]
        if starts:
            tail, last = "\n".join(lines[starts[-1] + 1:last - 1]), starts[-1]
    return head, "\n".join(lines[first:last]), tail
