"""Values from a URL, a file or a person, shown back as plain text inside the app's own Markdown.

Streamlit renders messages, captions, labels and table cells in ``st.markdown`` as Markdown: a value
echoed there could bring its own link (``[x](http://evil)``), image, HTML, emphasis, colour directive
or bare URL into the app's words. ``inert`` makes it plain: every ASCII punctuation character is
backslash-escaped (CommonMark lets any of them be escaped, and shows it as itself), which also breaks
bare-URL autolinks (``http\\://``) and Streamlit's ``:icon:`` / ``:color[…]`` directives, and runs of
whitespace (newlines too) become one space, so a value cannot start a heading, list or code block.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")


def inert(value: object) -> str:
    """Markdown that shows ``str(value)`` as exactly that text, on one line."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))
