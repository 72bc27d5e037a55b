"""The request mix of ``passerelle bench load``: closed-loop clients, each sending one request after another.

40 % advisor shortlists, 30 % candidate matches, 15 % vacancy creates, 10 % candidate text edits, 5 % 100 KB résumé
uploads. Every answer is timed; a 5xx is an error, a refused, reset or timed-out connection is a dropped one. A probe
asks ``/healthz`` ten times a second meanwhile.
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

MIX: tuple[tuple[str, float], ...] = (
    ("shortlist", 0.40),
    ("matches", 0.30),
    ("vacancy_create", 0.15),
    ("candidate_edit", 0.10),
    ("resume_upload", 0.05),
)
RESUME_BYTES = 100 * 1024
_WORDS = [
    "soudeur",
    "assembleur",
    "MIG",
    "TIG",
    "acier",
    "inoxydable",
    "lecture",
    "de",
    "plans",
    "atelier",
    "fabrication",
    "métallique",
    "contrôle",
    "qualité",
    "welder",
    "fitter",
    "blueprint",
    "reading",
    "structural",
    "steel",
    "quality",
    "control",
    "years",
    "experience",
    "enfermera",
    "cuidado",
    "pacientes",
    "infirmière",
    "soins",
    "hospitaliers",
    "cuisinier",
    "préparation",
    "des",
    "repas",
    "mécanicien",
    "entretien",
    "machinerie",
    "lourde",
]


@dataclass
class World:
    """What the clients act on: tokens and ids read from the demo data of the server under test."""

    advisors: list[tuple[str, list[int]]]
    candidates: list[tuple[str, int]]
    employers: list[str]
    municipalities: list[str]
    codes: list[str]


@dataclass
class Tally:
    """Every answer of the run, by kind (thread-safe)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    dropped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    changes: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int | None, change: str | None = None) -> None:
        with self.lock:
            if status is None:
                self.dropped[kind] += 1
                return
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1
            if change:
                self.changes.append(int(change))


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def resume_file(rng: random.Random) -> bytes:
    """A plain-text résumé of about 100 KB."""
    lines = [f"Expérience {i}: " + _text(rng, 14) for i in range(RESUME_BYTES // 100)]
    return "\n".join(lines).encode()[:RESUME_BYTES]


def _request(client: httpx.Client, world: World, kind: str, rng: random.Random) -> httpx.Response:
    if kind == "shortlist":
        token, vacancies = rng.choice(world.advisors)
        url = f"/api/v1/vacancies/{rng.choice(vacancies)}/shortlist?limit=50"
        return client.get(url, headers=_auth(token))
    if kind == "vacancy_create":
        body = {
            "title": "Soudeur " + _text(rng, 2),
            "description": _text(rng, 60),
            "municipality": rng.choice(world.municipalities),
            "occupation_codes": [rng.choice(world.codes)],
            "positions": rng.randint(1, 4),
        }
        return client.post("/api/v1/vacancies", json=body, headers=_auth(rng.choice(world.employers)))
    token, candidate = rng.choice(world.candidates)
    if kind == "matches":
        return client.get(f"/api/v1/candidates/{candidate}/matches?limit=50", headers=_auth(token))
    if kind == "candidate_edit":
        return client.patch(f"/api/v1/candidates/{candidate}", json={"text": _text(rng, 200)}, headers=_auth(token))
    files = {"file": ("cv.txt", resume_file(rng), "text/plain")}
    return client.post(f"/api/v1/candidates/{candidate}/resume", files=files, headers=_auth(token))


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _pick(rng: random.Random) -> str:
    draw, total = rng.random(), 0.0
    for kind, weight in MIX:
        total += weight
        if draw < total:
            return kind
    return MIX[-1][0]


def client_loop(base: str, world: World, tally: Tally, deadline: float, budget: list[int], seed: int) -> None:
    """One client: requests back to back until the deadline or the shared request budget is spent."""
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=30.0) as client:
        while time.monotonic() < deadline:
            with tally.lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            kind = _pick(rng)
            started = time.perf_counter()
            try:
                response = _request(client, world, kind, rng)
            except httpx.TransportError:
                tally.add(kind, time.perf_counter() - started, None)
                continue
            tally.add(kind, time.perf_counter() - started, response.status_code, response.headers.get("X-Change-Id"))


def healthz_probe(base: str, tally: Tally, stop: threading.Event) -> None:
    """``/healthz`` every 100 ms while the clients run."""
    with httpx.Client(base_url=base, timeout=30.0) as client:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status: int | None = client.get("/healthz").status_code
            except httpx.TransportError:
                status = None
            tally.add("healthz", time.perf_counter() - started, status)
            stop.wait(0.1)


def run_mix(base: str, world: World, clients: int, seconds: float, max_requests: int) -> tuple[Tally, float]:
    """Run the clients and the probe; returns the tally and the elapsed wall time."""
    tally = Tally()
    stop = threading.Event()
    budget = [max_requests]
    started = time.monotonic()
    deadline = started + seconds
    probe = threading.Thread(target=healthz_probe, args=(base, tally, stop), daemon=True)
    probe.start()
    threads = [
        threading.Thread(target=client_loop, args=(base, world, tally, deadline, budget, i), daemon=True)
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - started
    stop.set()
    probe.join(35)
    return tally, elapsed


def percentiles(values: list[float]) -> dict[str, Any]:
    """p50/p95/p99/max in milliseconds (nearest rank)."""
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, int(q * len(ordered) + 0.5) - 1))] * 1000, 1)

    return {"count": len(ordered), "p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99), "max_ms": rank(1)}
