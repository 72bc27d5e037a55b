"""What every write answers with (its change id) and the ``?after=<change id>`` parameter of searches."""

from __future__ import annotations

import time
from contextlib import nullcontext
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, Query, Request, Response

from api.scheduling import ticket_of
from api.services.writes import Written, index_not_ready

T = TypeVar("T")
CHANGE_HEADER = "X-Change-Id"

AfterQuery = Annotated[
    int | None,
    Query(
        ge=0,
        le=2**63 - 1,
        description="A change id returned by a write (X-Change-Id): the answer waits, at most a few seconds, "
        "until the search index reflects it, then answers 503 if it still does not.",
    ),
]


async def index_caught_up(request: Request, after: AfterQuery = None) -> int | None:
    """Wait, on the event loop and not in one of the few request threads, until this replica is ready and has
    applied change ``after``; past ``read_wait_seconds``, answer 503. Returns ``after``.

    A search then finds the index where it must be and does not wait again (``api.services.writes.await_index``).
    While it waits, the request gives its slot at the gate to others (``api.scheduling``).
    """
    services = request.app.state.services
    worker = services.worker
    if after is not None:
        worker.notify()
    if index_not_ready(worker, after) is None:
        return after
    deadline = time.monotonic() + services.settings.read_wait_seconds
    ticket = ticket_of(request.scope)
    async with ticket.stepped_aside() if ticket is not None else nullcontext():
        delay = 0.002
        while (error := index_not_ready(worker, after)) is not None:
            if time.monotonic() >= deadline:
                raise error
            await anyio.sleep(delay)
            delay = min(2 * delay, 0.05)
    return after


IndexCaughtUp = Annotated[int | None, Depends(index_caught_up)]


def answer(response: Response, written: Written[T]) -> T:
    """The written value, with its change id in the ``X-Change-Id`` header."""
    response.headers[CHANGE_HEADER] = str(written.change_id)
    return written.value
