"""The floor: what reading the same bytes and converting them with OpenCC costs, nothing else.

    python benchmarks/floor.py LISTFILE            # text: read, decode UTF-8, OpenCC t2s
    python benchmarks/floor.py --html LISTFILE     # HTML: read, lxml parse, t2s of the text content

LISTFILE holds one input path per line.  Prints one JSON line (files, bytes, chars).
"""
from __future__ import annotations

import json
import sys

import opencc


def main(argv: list[str]) -> int:
    html = "--html" in argv
    listfile = [a for a in argv if not a.startswith("--")][0]
    with open(listfile, encoding="utf-8") as fh:
        paths = [line.rstrip("\n") for line in fh if line.strip()]
    conv = opencc.OpenCC("t2s")
    if html:
        import lxml.html
    files = nbytes = chars = 0
    for p in paths:
        with open(p, "rb") as fh:
            data = fh.read()
        if html:
            text = lxml.html.fromstring(data).text_content()
        else:
            text = data.decode("utf-8", errors="replace")
        chars += len(conv.convert(text))
        files += 1
        nbytes += len(data)
    print(json.dumps({"files": files, "bytes": nbytes, "chars": chars}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
