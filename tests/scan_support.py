"""Everything a page sends to the browser, as text, so a test can look for names that must not be there.

Walks every element of an AppTest run (main area and sidebar): the serialised message of each one
(markdown, captions, alerts, widget labels and options, metric values, dataframe cells, which travel as
Arrow bytes with their strings in UTF-8), each Plotly figure's JSON decoded (labels, hover text,
customdata), and the bytes of every file a download button offers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence

from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest


def _nodes(node: object) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def shown_text(app: AppTest, stores: Sequence[MemoryMediaFileStorage] = ()) -> str:
    """All text of every element and download of ``app``'s last run, one piece a line."""
    parts: list[str] = []
    for root in (app.main, app.sidebar):
        for node in _nodes(root):
            proto = getattr(node, "proto", None)
            if proto is None:
                continue
            parts.append(proto.SerializeToString().decode("utf-8", "ignore"))
            if proto.DESCRIPTOR.name == "DownloadButton" and proto.url and stores:
                content = stores[-1].get_file(proto.url.rsplit("/", 1)[1]).content
                parts.append(bytes(content).decode("utf-8", "ignore"))
            spec = getattr(proto, "spec", "")
            if spec:  # Plotly JSON escapes non-ASCII characters; decode it so names read as typed
                parts.append(json.dumps(json.loads(spec), ensure_ascii=False))
    return "\n".join(parts)


def leaked(text: str, names: Iterable[str]) -> list[str]:
    """The ``names`` that occur in ``text`` as whole words (ids like T00012 not inside T000123)."""
    return sorted(name for name in set(names) if re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text))
