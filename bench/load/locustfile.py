"""Locust users that browse the dashboard over Streamlit's websocket protocol.

Used by ``python -m bench.load`` (which starts its own servers and bounds every run), and usable on
its own against a server on this machine, e.g.::

    LMP_DB=data/lmp.duckdb .venv/bin/locust -f bench/load/locustfile.py --host http://127.0.0.1:8501 \
        --headless -u 10 -r 10 -t 60s

Each user is one browser tab: it opens a page with a realistic link (``states.Plan``), waits for the
run to end, thinks, and opens the next. Opening the page it is already on is a reload (a new
session), as in a browser. Every run is reported to Locust (failures: an exception or error box, a URL
parameter the page dropped, another page shown) and kept in ``samples`` for exact percentiles.
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass
from typing import ClassVar

from locust import User, constant, task

from bench.load.client import Query, Run, StreamlitSession
from bench.load.states import Plan


@dataclass
class Sample:
    """One script run as a person saw it."""

    started: float  # time.monotonic() when the link was opened
    page: str
    seconds: float
    failure: str | None  # what went wrong, None for a clean run
    kind: str  # "ok", "error", "lost", "wrong", "timeout"


def judge(run: Run, sent: Query) -> tuple[str, str | None]:
    """(kind, failure text) of a finished run."""
    if run.exceptions or run.error_boxes:
        # with showErrorDetails = "type" the message is a fixed redaction notice: keep the type
        shown = [e.split(": This app has encountered an error")[0] for e in run.exceptions]
        return "error", "; ".join(shown + run.error_boxes)[:300]
    if run.wrong_page:
        return "wrong", f"asked for {run.page!r}, shown {run.shown_page!r}"
    lost = run.lost_params(sent)
    if lost:
        return "lost", f"dropped {lost}"
    return "ok", None


class StreamlitUser(User):
    """A person with one tab open on the dashboard."""

    wait_time = constant(0)
    plan: ClassVar[Plan | None] = None
    samples: ClassVar[list[Sample]] = []
    seed: ClassVar[int] = 7

    def on_start(self) -> None:
        if self.plan is None:  # run by the locust command line: facts from $LMP_DB
            type(self).plan = Plan.from_db(os.environ.get("LMP_DB", "data/lmp.duckdb"))
        self.rng = random.Random(self.seed * 1000 + id(self) % 1000)
        self.session: StreamlitSession | None = None
        self.page: str | None = None
        self.cookie: str | None = None

    def on_stop(self) -> None:
        if self.session is not None:
            self.session.close()

    @task
    def open_link(self) -> None:
        page, query = self.plan.pick(self.rng)
        started = time.monotonic()
        try:
            if self.session is None or page == self.page:  # a reload: a fresh session
                self.on_stop()
                self.session = None
                self.session = StreamlitSession(self.host, cookie=self.cookie)
                self.cookie = self.session.cookie  # a browser keeps its cookies across reloads
            self.page = page
            run = self.session.rerun(page, query)
        except Exception as exc:  # timeouts and dropped connections count as failed runs
            self.session = None
            self._report(started, page, time.monotonic() - started, "timeout", f"{type(exc).__name__}: {exc}")
            return
        kind, failure = judge(run, query)
        self._report(started, page, run.seconds, kind, failure, run.received_bytes)

    def _report(
        self, started: float, page: str, seconds: float, kind: str, failure: str | None, size: int = 0
    ) -> None:
        self.samples.append(Sample(started, page, seconds, failure, kind))
        self.environment.events.request.fire(
            request_type="rerun",
            name=page or "home",
            response_time=seconds * 1000,
            response_length=size,
            exception=RuntimeError(failure) if failure else None,
            context={},
        )
