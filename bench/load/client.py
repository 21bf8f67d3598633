"""A Streamlit session without a browser: one websocket speaking Streamlit's own protocol.

The browser's side of the conversation, as far as a load test needs it: connect to
``/_stcore/stream`` (subprotocol ``streamlit``), ask for a script run of a page with a URL
(``BackMsg.rerun_script``: ``ClientState(query_string, page_name)``), read ``ForwardMsg``s until the
run finishes. Like a browser, it tells the server which large messages it already holds
(``cached_message_hashes``), so unchanged charts come back as references. Each run reports what a
person would have noticed: exceptions, error boxes, the page shown and the URL left in the address bar.
"""

from __future__ import annotations

import ipaddress
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

import websocket
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

Query = list[tuple[str, str]]
RUN_TIMEOUT_S = 120.0  # a run that takes longer counts as failed and the session is dropped
_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


def loopback_only(url: str) -> str:
    """``url`` if it names this machine's loopback interface; refuses anything else."""
    host = urlsplit(url).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"load tests only talk to servers on this machine's loopback, not {host!r}")
    return url


@dataclass
class Run:
    """What one script run showed."""

    page: str
    seconds: float
    received_bytes: int = 0
    elements: int = 0
    exceptions: list[str] = field(default_factory=list)  # "Type: message" of each exception box
    error_boxes: list[str] = field(default_factory=list)  # bodies of st.error boxes
    markdown: list[str] = field(default_factory=list)  # bodies of Markdown elements (text shown)
    final_query: Query = field(default_factory=list)
    shown_page: str | None = None  # URL path of the page the navigation says is open
    page_not_found: bool = False

    def lost_params(self, sent: Query) -> Query:
        """Parameters sent in the URL that the page did not keep."""
        kept = set(self.final_query)
        return [pair for pair in sent if pair not in kept]

    @property
    def wrong_page(self) -> bool:
        return self.page_not_found or self.shown_page != self.page


class StreamlitSession:
    """One browser tab's websocket session with a Streamlit server."""

    def __init__(self, base_url: str, timeout: float = RUN_TIMEOUT_S, cookie: str | None = None) -> None:
        """Like a browser: load the page (keeping the cookies it sets, e.g. a proxy's sticky-session
        cookie) unless ``cookie`` is given from an earlier visit, then open the websocket with them."""
        parts = urlsplit(loopback_only(base_url))
        root = f"{parts.netloc}{parts.path.rstrip('/')}"
        self.url = f"ws://{root}/_stcore/stream"
        self.timeout = timeout
        self.cached: set[str] = set()
        self.query: Query = []  # the address bar after the last run
        if cookie is None:
            with urllib.request.urlopen(f"http://{root}/", timeout=timeout) as response:
                response.read()
                cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
        self.cookie = cookie
        self._ws = websocket.create_connection(
            self.url, subprotocols=["streamlit"], timeout=timeout, cookie=cookie or None
        )

    def close(self) -> None:
        self._ws.close()

    def rerun(self, page: str, query: Query) -> Run:
        """Run ``page`` (its URL path, "" for the home page) with ``query``; wait for the run to end."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = urlencode(query)
        state.page_name = page
        state.cached_message_hashes.extend(self.cached)
        run = Run(page=page, seconds=0.0, final_query=list(query))
        pages: dict[str, str] = {}
        shown_hash = None
        start = time.perf_counter()
        deadline = start + self.timeout
        self._ws.send_binary(message.SerializeToString())
        while True:
            self._ws.settimeout(max(0.1, deadline - time.perf_counter()))
            try:
                payload = self._ws.recv()
            except (TimeoutError, websocket.WebSocketTimeoutException) as exc:
                raise TimeoutError(f"{page or 'home'}: no end of run within {self.timeout:.0f} s") from exc
            run.received_bytes += len(payload)
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            if msg.metadata.cacheable:
                self.cached.add(msg.hash)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                _read_delta(msg, run)
            elif kind == "navigation":
                pages = {p.page_script_hash: p.url_pathname for p in msg.navigation.app_pages}
                shown_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                run.final_query = parse_qsl(msg.page_info_changed.query_string, keep_blank_values=True)
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "script_finished" and msg.script_finished in _DONE:
                break
        run.seconds = time.perf_counter() - start
        run.shown_page = pages.get(shown_hash) if shown_hash else None
        if run.shown_page == "" and page == "home":
            run.shown_page = "home"  # the default page answers to "" and to its own name
        self.query = run.final_query
        return run


def _read_delta(msg: ForwardMsg, run: Run) -> None:
    if msg.delta.WhichOneof("type") != "new_element":
        return
    element = msg.delta.new_element
    run.elements += 1
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.exceptions.append(f"{element.exception.type}: {element.exception.message}".rstrip(": "))
    elif kind == "alert" and element.alert.format == Alert.ERROR:
        run.error_boxes.append(element.alert.body)
    elif kind == "markdown":
        run.markdown.append(element.markdown.body)
