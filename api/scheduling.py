"""Which request runs next when every request slot is busy: the one whose latency budget ends first.

Each request gets a deadline when it arrives: its arrival time plus the budget of its kind (reads, ``GET`` and
``HEAD``: ``read_budget``; every other method: ``write_budget``). While fewer than ``slots`` requests are inside the
application, a request goes in at once; otherwise it waits in a heap ordered by deadline (earliest deadline first,
then arrival). Under overload a read overtakes the writes that arrived less than ``write_budget - read_budget``
before it, so reads keep their latency and writes absorb the queue; no request starves, because a waiting write's
deadline is soon earlier than any new read's.

A request with a body takes its slot only once the body is in (when the application receives its last chunk): a
phone sending a résumé slowly holds no slot while it sends. ``/healthz`` and ``/readyz`` never wait here. A read
that waits for ``?after=<change id>`` steps out of its slot while it waits (:meth:`Ticket.stepped_aside`) and comes
back with its first deadline.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SCOPE_KEY = "passerelle.ticket"
READ_METHODS = frozenset({"GET", "HEAD"})
UNGATED_PATHS = frozenset({"/healthz", "/readyz"})


@dataclass(order=True)
class _Waiter:
    deadline: float
    order: int
    event: anyio.Event = field(compare=False, default_factory=anyio.Event)
    granted: bool = field(compare=False, default=False)
    gone: bool = field(compare=False, default=False)


class PriorityGate:
    """At most ``slots`` holders at once; the waiting ones are let in by earliest deadline.

    Every call runs on the event loop (no lock is needed: nothing awaits between a check and its update).
    """

    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError("a gate needs at least one slot")
        self.slots = slots
        self.busy = 0
        self._heap: list[_Waiter] = []
        self._order = itertools.count()

    @property
    def waiting(self) -> int:
        """How many requests wait for a slot."""
        return sum(not w.gone for w in self._heap)

    async def acquire(self, deadline: float) -> None:
        """Take a slot, waiting behind every request whose deadline is earlier (cancellable)."""
        if self.busy < self.slots and not self.waiting:
            self.busy += 1
            return
        waiter = _Waiter(deadline, next(self._order))
        heapq.heappush(self._heap, waiter)
        try:
            await waiter.event.wait()
        except BaseException:
            waiter.gone = True
            if waiter.granted:  # handed a slot at the moment it was cancelled: pass it on
                self.release()
            raise

    def release(self) -> None:
        """Give the slot to the waiting request with the earliest deadline, or free it."""
        while self._heap:
            waiter = heapq.heappop(self._heap)
            if not waiter.gone:
                waiter.granted = True
                waiter.event.set()
                return
        self.busy -= 1


class Ticket:
    """One request's place at the gate: its deadline and whether it holds a slot."""

    def __init__(self, gate: PriorityGate, deadline: float) -> None:
        self.gate = gate
        self.deadline = deadline
        self.held = False

    async def take(self) -> None:
        """Hold a slot (at once if already held)."""
        if not self.held:
            await self.gate.acquire(self.deadline)
            self.held = True

    def give_back(self) -> None:
        """Free the slot if held."""
        if self.held:
            self.held = False
            self.gate.release()

    @asynccontextmanager
    async def stepped_aside(self) -> AsyncIterator[None]:
        """Free the slot while waiting for something else (the index), then take one again, same deadline."""
        had = self.held
        self.give_back()
        try:
            yield
        finally:
            if had:
                await self.take()


def ticket_of(scope: Scope) -> Ticket | None:
    """The request's ticket (None when the request is not gated, e.g. in an app without the middleware)."""
    ticket = scope.get(SCOPE_KEY)
    return ticket if isinstance(ticket, Ticket) else None


def _has_body(scope: Scope) -> bool:
    headers: dict[bytes, bytes] = dict(scope.get("headers") or [])
    length = headers.get(b"content-length", b"").strip()
    if length:
        return bool(length.lstrip(b"0"))
    return b"transfer-encoding" in headers


class PriorityGateMiddleware:
    """Admit requests to the application through a :class:`PriorityGate` (see the module docstring).

    Args:
        app: the ASGI application.
        slots: requests inside the application at once (the request threads of a process).
        read_budget: seconds added to a read's arrival time to make its deadline.
        write_budget: the same for every other method.
    """

    def __init__(self, app: ASGIApp, *, slots: int, read_budget: float, write_budget: float) -> None:
        self.app = app
        self.gate = PriorityGate(slots)
        self.read_budget = read_budget
        self.write_budget = write_budget

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNGATED_PATHS:
            await self.app(scope, receive, send)
            return
        budget = self.read_budget if scope["method"] in READ_METHODS else self.write_budget
        ticket = Ticket(self.gate, time.monotonic() + budget)
        scope[SCOPE_KEY] = ticket

        async def receive_then_take() -> Message:
            message = await receive()
            if message["type"] == "http.request" and not message.get("more_body", False):
                await ticket.take()
            return message

        try:
            if not _has_body(scope):
                await ticket.take()
            await self.app(scope, receive if ticket.held else receive_then_take, send)
        finally:
            ticket.give_back()
