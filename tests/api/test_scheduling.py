"""The request gate (``api.scheduling``): earliest deadline first, no slot lost to a cancelled waiter, a body that
is still arriving holds no slot, and reads overtake recent writes but never starve them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import anyio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.types import Message, Receive, Scope, Send

from api.scheduling import PriorityGate, PriorityGateMiddleware, ticket_of

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _settle() -> None:
    for _ in range(5):
        await anyio.sleep(0)


async def test_waiters_are_let_in_by_earliest_deadline() -> None:
    gate = PriorityGate(1)
    await gate.acquire(0.0)
    order: list[float] = []

    async def wait(deadline: float) -> None:
        await gate.acquire(deadline)
        order.append(deadline)
        gate.release()

    async with anyio.create_task_group() as tasks:
        for deadline in (3.0, 1.0, 2.0, 1.5):
            tasks.start_soon(wait, deadline)
        await _settle()
        assert gate.waiting == 4 and order == []
        gate.release()
    assert order == [1.0, 1.5, 2.0, 3.0]
    assert gate.busy == 0


async def test_a_cancelled_waiter_loses_no_slot() -> None:
    gate = PriorityGate(1)
    await gate.acquire(0.0)
    with anyio.move_on_after(0.05):
        await gate.acquire(1.0)  # cancelled while it waits
    assert gate.waiting == 0
    gate.release()
    assert gate.busy == 0
    await gate.acquire(2.0)  # at once: the slot was not kept by the cancelled waiter
    assert gate.busy == 1


async def test_a_waiter_cancelled_as_it_is_let_in_passes_the_slot_on() -> None:
    gate = PriorityGate(1)
    await gate.acquire(0.0)
    first = asyncio.ensure_future(gate.acquire(1.0))
    second = asyncio.ensure_future(gate.acquire(2.0))
    await _settle()
    gate.release()  # hands the slot to the first waiter...
    first.cancel()  # ...which is cancelled before it resumes (asyncio delivers it at the resumption)
    await _settle()
    assert first.cancelled()
    assert second.done() and not second.cancelled()  # the slot went on to the next waiter
    assert gate.busy == 1 and gate.waiting == 0
    gate.release()
    assert gate.busy == 0


@settings(max_examples=60, deadline=None)
@given(
    slots=st.integers(1, 3),
    steps=st.lists(st.tuples(st.sampled_from(["arrive", "finish", "cancel"]), st.floats(0, 10)), max_size=40),
)
def test_the_gate_never_exceeds_its_slots_and_serves_by_deadline(slots: int, steps: list[tuple[str, float]]) -> None:
    async def run() -> None:
        gate = PriorityGate(slots)
        holders: list[float] = []
        waiting: dict[int, tuple[float, anyio.CancelScope]] = {}
        admitted: list[tuple[float, list[float]]] = []  # (deadline, deadlines still waiting when it got in)

        async def request(key: int, deadline: float, scope: anyio.CancelScope) -> None:
            with scope:
                await gate.acquire(deadline)
                waiting.pop(key, None)
                admitted.append((deadline, [d for d, _ in waiting.values()]))
                holders.append(deadline)

        async with anyio.create_task_group() as tasks:
            for key, (action, deadline) in enumerate(steps):
                if action == "arrive":
                    scope = anyio.CancelScope()
                    waiting[key] = (deadline, scope)
                    tasks.start_soon(request, key, deadline, scope)
                elif action == "finish" and holders:
                    holders.pop(0)
                    gate.release()
                elif action == "cancel" and waiting:
                    victim = next(iter(waiting))
                    waiting.pop(victim)[1].cancel()
                await _settle()
                assert gate.busy == len(holders) <= slots
                assert gate.waiting == len(waiting)
                assert len(holders) == slots or not waiting  # a free slot is never left idle
            while holders:
                holders.pop()
                gate.release()
                await _settle()
            for _, scope in list(waiting.values()):
                scope.cancel()
        assert gate.busy == 0
        for deadline, others in admitted:
            assert all(deadline <= other for other in others)

    anyio.run(run)


def _http(method: str, path: str, body: bool = False) -> Scope:
    headers = [(b"content-length", b"5")] if body else []
    return {"type": "http", "method": method, "path": path, "headers": headers}


async def _noop_send(message: Message) -> None:
    return None


def _blocking_app(started: list[str], release: anyio.Event) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] != "GET":
            await receive()  # the whole body
        started.append(f"{scope['method']} {scope['path']}")
        if scope["path"] == "/hold":
            await release.wait()

    return app


async def test_reads_overtake_recent_writes_but_not_old_ones() -> None:
    started: list[str] = []
    release = anyio.Event()
    gate = PriorityGateMiddleware(_blocking_app(started, release), slots=1, read_budget=0.0, write_budget=0.2)

    async def body() -> Message:
        return {"type": "http.request", "body": b"hello", "more_body": False}

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(gate, _http("GET", "/hold"), body, _noop_send)
        await _settle()
        tasks.start_soon(gate, _http("POST", "/old", body=True), body, _noop_send)
        await anyio.sleep(0.3)  # the write's deadline passes
        tasks.start_soon(gate, _http("POST", "/recent", body=True), body, _noop_send)
        await _settle()
        tasks.start_soon(gate, _http("GET", "/read"), body, _noop_send)
        await _settle()
        assert started == ["GET /hold"]
        release.set()
    assert started == ["GET /hold", "POST /old", "GET /read", "POST /recent"]


async def test_a_body_still_arriving_holds_no_slot_and_health_never_waits() -> None:
    started: list[str] = []
    release = anyio.Event()
    gate = PriorityGateMiddleware(_blocking_app(started, release), slots=1, read_budget=0.0, write_budget=1.0)
    sent = anyio.Event()

    async def slow_body() -> Message:
        await sent.wait()
        return {"type": "http.request", "body": b"hello", "more_body": False}

    async def no_body() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(gate, _http("POST", "/upload", body=True), slow_body, _noop_send)
        await _settle()
        tasks.start_soon(gate, _http("GET", "/hold"), no_body, _noop_send)
        await _settle()
        assert started == ["GET /hold"]  # the upload, still sending, did not take the only slot
        tasks.start_soon(gate, _http("GET", "/healthz"), no_body, _noop_send)
        await _settle()
        assert started == ["GET /hold", "GET /healthz"]
        sent.set()
        await _settle()
        assert started == ["GET /hold", "GET /healthz"]  # its body is in: now it waits for the slot
        release.set()
    assert started == ["GET /hold", "GET /healthz", "POST /upload"]


async def test_a_request_knows_its_ticket() -> None:
    seen: list[bool] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        ticket = ticket_of(scope)
        seen.append(ticket is not None and ticket.held)

    async def no_body() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    gate = PriorityGateMiddleware(app, slots=1, read_budget=0.0, write_budget=1.0)
    await gate(_http("GET", "/api/v1/me"), no_body, _noop_send)
    await gate(_http("GET", "/healthz"), no_body, _noop_send)
    assert seen == [True, False]
    assert gate.gate.busy == 0
