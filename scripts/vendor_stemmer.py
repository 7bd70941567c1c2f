"""Writes story_tools/site/assets/story-stem.js: Snowball's English stemmer for the browser.

Source: the npm package snowball-stemmers 0.6.0 (ISC licence, Oleg Mazko's
JavaScript port of the Snowball stemmers, generated from the same Snowball
algorithms as PyPI's snowballstemmer 2.x). Of its 24 languages only the shared
runtime (Among, SnowballProgram, SnowballStemmer) and englishStemmer are kept:
77 kB instead of 868 kB. The code is copied as it is, line for line; only the
other languages and the factory's table of them are left out.

tests/test_search_stems.py checks, in Chromium, that this file stems every word
of the example stories and of a word list exactly as snowballstemmer does in
Python at build time.

Usage (npm fetches the package from the registry):
  npm pack snowball-stemmers@0.6.0 && python scripts/vendor_stemmer.py snowball-stemmers-0.6.0.tgz
"""

from __future__ import annotations

import re
import sys
import tarfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "story_tools" / "site" / "assets" / "story-stem.js"
HEADER = """/* Snowball's English stemmer (Porter2), for the archive's search (story-search.js).
   Vendored from the npm package snowball-stemmers 0.6.0 by scripts/vendor_stemmer.py:
   its runtime and englishStemmer only, copied as they are.
   Copyright (c) Oleg Mazko; ISC licence: permission to use, copy, modify, and/or distribute
   this software for any purpose with or without fee is hereby granted, provided that the
   above copyright notice and this permission notice appear in all copies. THE SOFTWARE IS
   PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS SOFTWARE.
   The algorithm: Snowball, (c) Dr Martin Porter and Richard Boulton, BSD licence.
   Build time stems with Snowball 2.2's C library, PyPI's PyStemmer 2.2 (derived/searchindex.py); the two agree
   (tests/test_search_stems.py). Use: snowballFactory.newStemmer("english").stem(word). */
"""


def main(tarball: str) -> None:
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/snowball-stemmers.js")
        assert member is not None
        source = member.read().decode("utf-8")
    lines = source.split("\n")
    language = re.compile(r"    var \w+Stemmer = function \(_SnowballStemmer")
    first = next(i for i, line in enumerate(lines) if language.match(line))
    english = next(i for i, line in enumerate(lines) if line.startswith("    var englishStemmer = function"))
    after = next(i for i, line in enumerate(lines) if i > english and re.match(r"    var \w+Stemmer = function", line))
    factory = next(i for i, line in enumerate(lines) if line.startswith("    function newStemmer(lng)"))
    table = next(i for i, line in enumerate(lines) if i > factory and line.strip() == "var stemMap = {")
    table_end = next(i for i, line in enumerate(lines) if i > table and line.strip() == "};")
    algorithms = next(i for i, line in enumerate(lines) if line.startswith("    function algorithms()"))
    kept = (
        lines[:first] + lines[english:after] + lines[factory:table + 1]
        + ["            english: englishStemmer"] + lines[table_end:algorithms]
        + ["    function algorithms() {", "        return ['english'];", "    }", "});"]
    )
    TARGET.write_text(HEADER + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{TARGET}: {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
