"""Values from a URL, a file or a person, shown back as plain text inside the app's own Markdown.

Streamlit renders messages, captions, labels and table cells as Markdown: a value echoed there could
bring its own link (``[x](http://evil)``), image, HTML, emphasis or colour directive into the app's
words. Backslash escapes are not enough: Streamlit turns a bare ``http://…`` or ``www.…`` into a
link after the escapes are read (checked in chromium, ``tests/browser/test_inert.py``). A code span
is the one Markdown construct whose content is never parsed, linked or styled, so ``inert`` puts the
value in one, fenced with more backticks than any run inside it, on one line.
"""

from __future__ import annotations

import re


def inert(value: object, table_cell: bool = False) -> str:
    """Markdown that shows ``str(value)`` as exactly that text (in a code span), on one line.

    ``table_cell``: the value sits in a Markdown table, whose rows are split at ``|`` before a code
    span is read; the pipes are escaped for the table (GFM shows ``\\|`` there as ``|``)."""
    text = " ".join(str(value).split())
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    shown = f"{fence} {text} {fence}"
    return shown.replace("|", "\\|") if table_cell else shown
