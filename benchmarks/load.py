"""``passerelle bench load``: start a real server on 127.0.0.1 (real encoder, demo data), run the mix, report.

The server is ``passerelle serve --workers N`` in a fresh data folder (SQLite by default, ``--database-url`` for
PostgreSQL); the run waits for ``/readyz``, reads the demo accounts, runs :mod:`benchmarks.load_mix`, then reads the
index lag each replica measured (from a change's commit to its application there) from ``/readyz?lags=1``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.load_mix import MIX, World, percentiles, run_mix

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data_dir: Path, database_url: str, classify: bool, embed: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "PASSERELLE_DATA_DIR": str(data_dir),
        "PASSERELLE_LOAD_DEMO": "true",
        "PASSERELLE_CLASSIFY_DOCUMENTS": "true" if classify else "false",
        "PASSERELLE_INDEX_EMBED": "true" if embed else "false",
    }
    if database_url:
        env["PASSERELLE_DATABASE_URL"] = database_url
    return env


def start_server(
    data_dir: Path, port: int, workers: int, database_url: str, classify: bool, embed: bool = True
) -> subprocess.Popen[bytes]:
    """``passerelle serve`` in its own folder, logging to ``server.log`` there (``embed=False``: a separate
    ``passerelle worker`` encodes)."""
    cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)]
    log = (data_dir / "server.log").open("wb")
    env = _env(data_dir, database_url, classify, embed)
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)


def start_worker(data_dir: Path, database_url: str, server: subprocess.Popen[bytes]) -> subprocess.Popen[bytes]:
    """``passerelle worker`` on the server's database, once the server has migrated it and loaded the demo data
    (its ``demo-tokens.txt`` exists), logging to ``worker.log``."""
    deadline = time.monotonic() + 600
    while not (data_dir / "demo-tokens.txt").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the server did not load the demo data (see server.log in its data folder)")
        time.sleep(0.2)
    log = (data_dir / "worker.log").open("wb")
    env = _env(data_dir, database_url, False, True)
    cmd = [sys.executable, "-m", "api.cli", "worker"]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until ``/readyz`` answered 200 five times in a row (every process of the server is ready)."""
    started = time.monotonic()
    streak = 0
    while streak < 5:
        if proc.poll() is not None:
            raise RuntimeError("the server exited during start (see server.log in its data folder)")
        if time.monotonic() - started > timeout:
            raise RuntimeError("the server was not ready in time")
        try:
            streak = streak + 1 if httpx.get(f"{base}/readyz", timeout=5).status_code == 200 else 0
        except httpx.HTTPError:
            streak = 0
        time.sleep(0.2)
    return time.monotonic() - started


def build_world(base: str, data_dir: Path) -> World:
    """Tokens and ids of the demo accounts (``demo-tokens.txt``) and of what they may act on."""
    lines = (data_dir / "demo-tokens.txt").read_text(encoding="utf-8").splitlines()
    accounts = [line.split("\t") for line in lines if "\t" in line and not line.startswith("#")]
    with httpx.Client(base_url=base, timeout=30) as client:

        def get(path: str, token: str) -> Any:
            response = client.get(path, headers={"Authorization": f"Bearer {token}"})
            response.raise_for_status()
            return response.json()

        advisors = []
        for role, _, token in accounts:
            if role == "advisor":
                ids = [v["id"] for v in get("/api/v1/vacancies?status=open", token)["data"]]
                advisors.append((token, ids))
        candidates = [
            (token, int(get("/api/v1/me", token)["candidate_id"])) for role, _, token in accounts if role == "candidate"
        ][:200]
        admin = next(token for role, _, token in accounts if role == "admin")
        vacancies = get("/api/v1/vacancies?limit=300", admin)["data"]
    return World(
        advisors=[a for a in advisors if a[1]],
        candidates=candidates,
        employers=[token for role, _, token in accounts if role == "employer"],
        municipalities=sorted({v["municipality_code"] for v in vacancies}),
        codes=sorted({o["code"] for v in vacancies for o in v["occupations"]}),
    )


def replica_lags(base: str, last_change: int, timeout: float = 120) -> dict[str, Any]:
    """Wait (bounded) for the replicas to apply ``last_change``, then merge the lags they measured (by process).

    The lag of a change is measured by the replica, from the change's commit to its application there; changes not
    applied when the wait ends are reported as ``pending_at_end`` (their lag is at least the wait).
    """
    latest: dict[int, dict[str, Any]] = {}
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        body = httpx.get(f"{base}/readyz?lags=1", timeout=30).json()
        latest[int(body["pid"])] = body
        behind = [b for b in latest.values() if b.get("applied_change", 0) < last_change]
        if len(latest) >= 1 and not behind and time.monotonic() - started > 2:
            break
        time.sleep(0.1)
    lags = [ms / 1000 for body in latest.values() for ms in body.get("lag_ms", [])]
    pending = {pid: last_change - b.get("applied_change", 0) for pid, b in latest.items()}
    return {
        "replicas_seen": len(latest),
        "caught_up": all(v <= 0 for v in pending.values()),
        "pending_at_end": {str(k): max(0, v) for k, v in pending.items()},
        "catch_up_wait_s": round(time.monotonic() - started, 1),
        **percentiles(lags),
    }


def summarise(tally: Any, elapsed: float) -> dict[str, Any]:
    """Per kind: answers, statuses, latency percentiles, errors (5xx) and dropped connections."""
    kinds: dict[str, Any] = {}
    for kind in [k for k, _ in MIX] + ["healthz"]:
        statuses = dict(tally.statuses.get(kind, {}))
        kinds[kind] = {
            **percentiles(tally.latencies.get(kind, [])),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "errors_5xx": sum(v for k, v in statuses.items() if k >= 500),
            "other_4xx": sum(v for k, v in statuses.items() if 400 <= k < 500),
            "dropped": tally.dropped.get(kind, 0),
        }
    work = [k for k, _ in MIX]
    answered = sum(kinds[k]["count"] for k in work)
    return {
        "elapsed_s": round(elapsed, 1),
        "requests": answered,
        "requests_per_s": round(answered / elapsed, 1) if elapsed else 0.0,
        "errors_5xx": sum(kinds[k]["errors_5xx"] for k in kinds),
        "dropped": sum(kinds[k]["dropped"] for k in kinds),
        "kinds": kinds,
    }


def targets(result: dict[str, Any]) -> dict[str, bool]:
    """The issue's targets for 50 clients × 60 s on 2 cores."""
    kinds, lag = result["kinds"], result["index_lag"]
    return {
        "no_errors": result["errors_5xx"] == 0 and sum(k["other_4xx"] for k in kinds.values()) == 0,
        "no_dropped": result["dropped"] == 0,
        "healthz_p99_le_250ms": kinds["healthz"].get("p99_ms", 1e9) <= 250,
        "shortlist_p99_le_1s": kinds["shortlist"].get("p99_ms", 1e9) <= 1000,
        "at_least_50_rps": result["requests_per_s"] >= 50,
        "index_lag_p99_le_1s": lag.get("p99_ms", 1e9) <= 1000,
    }


def run_load(
    clients: int,
    seconds: float,
    workers: int,
    max_requests: int,
    database_url: str = "",
    classify: bool = False,
    separate_worker: bool = False,
) -> dict[str, Any]:
    """Start the server (and, with ``separate_worker``, a ``passerelle worker`` that alone encodes), run the mix,
    stop them; returns the results."""
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="passerelle-load-") as tmp:
        data_dir = Path(tmp) / "var"
        data_dir.mkdir()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(data_dir, port, workers, database_url, classify, embed=not separate_worker)
        worker = None
        try:
            if separate_worker:
                worker = start_worker(data_dir, database_url, proc)
            start_s = wait_ready(base, proc, timeout=900)
            world = build_world(base, data_dir)
            tally, elapsed = run_mix(base, world, clients, seconds, max_requests)
            result = summarise(tally, elapsed)
            result["index_lag"] = replica_lags(base, max(tally.changes, default=0))
        finally:
            _stop(proc)
            _stop(worker)
            kept = Path(tempfile.gettempdir()) / f"passerelle-load-{port}.log"
            shutil.copyfile(data_dir / "server.log", kept)
    result.update(
        {
            "config": {
                "clients": clients,
                "seconds": seconds,
                "workers": workers,
                "max_requests": max_requests,
                "separate_worker": separate_worker,
            },
            "database": "postgresql" if database_url else "sqlite",
            "encoder": "usem (USE-multilingual-v3)",
            "classify_documents": classify,
            "start_to_ready_s": round(start_s, 1),
            "server_log": str(kept),
            "machine": {"cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        }
    )
    result["targets"] = targets(result)
    return result


def write_result(result: dict[str, Any], out: Path) -> None:
    """Write the JSON results atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out)
