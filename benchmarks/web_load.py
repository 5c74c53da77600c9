"""Latency of the workspace's filtered incident query on a store of 100k incidents.

    python benchmarks/web_load.py [--incidents 100000] [--db /tmp/sitrep-100k.db] [--requests 600]

Builds (or reuses) a synthetic store (``benchmarks/synthetic.py``), starts `sitrep serve` in its
own process on a loopback port, and sends ``--requests`` GET /api/incidents requests with an API
token from this process, one at a time, then again from four threads at once. The filters
rotate through what analysts ask: a country and a month, a province, an actor by alias, an
event type over a quarter, words, and a deep page. It prints p50, p95 and p99 latency and
requests per second; the target is p95 under 50 ms. Bounded in count and in time (--seconds).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from synthetic import build

from sitrep.store.accounts import Accounts

QUERIES = (
    "country=SY&start=2017-11-01&end=2017-11-30",
    "country=IQ&start=2016-01-01&end=2016-03-31&event_type=Explosions/Remote%20violence",
    "province=Ninawa&start=2015-01-01&end=2015-12-31",
    "actor=Daesh&start=2017-01-01&end=2017-06-30",
    "actor=Boko%20Haram&country=NG",
    "q=suicide%20bomb&start=2014-01-01&end=2014-12-31",
    "q=Mosul",
    "country=AF&offset=2000",
    "event_type=Battles&start=2020-06-01&end=2020-06-30",
    "country=YE&start=2019-01-01&end=2019-12-31&limit=100",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _run(client: httpx.Client, token: str, count: int, deadline: float, seed: int) -> list[float]:
    rng = random.Random(seed)
    times = []
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        query = rng.choice(QUERIES)
        began = time.perf_counter()
        response = client.get(f"/api/incidents?{query}", headers={"Authorization": f"Bearer {token}"})
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{query}: HTTP {response.status_code} {response.text[:200]}")
    return times


def _report(label: str, times: list[float], seconds: float) -> None:
    print(
        f"{label}: {len(times)} requests, p50 {statistics.median(times):.1f} ms, "
        f"p95 {_percentile(times, 0.95):.1f} ms, p99 {_percentile(times, 0.99):.1f} ms, "
        f"{len(times) / seconds:.0f} requests/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/sitrep-100k.db"))
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=120.0, help="stop each phase after this long")
    args = parser.parse_args()

    store = build(args.db, args.incidents)
    accounts = Accounts(store)
    if not any(u.username == "loadtest" for u, _ in accounts.users()):
        accounts.add_user("loadtest", "load-test-password", "viewer")
    token = accounts.new_token("loadtest", "benchmarks/web_load.py")
    store.close()

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "--database", f"sqlite:///{args.db}", "serve", "--port", str(port)],
        stderr=subprocess.DEVNULL,
        env={**os.environ},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(150):
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            _run(client, token, 20, time.monotonic() + 60, seed=0)  # warm the caches and the pool
            began = time.perf_counter()
            times = _run(client, token, args.requests, time.monotonic() + args.seconds, seed=1)
            _report(f"{args.incidents:,} incidents, one client", times, time.perf_counter() - began)
            p95 = _percentile(times, 0.95)
            print(f"target p95 < 50 ms: {'met' if p95 < 50 else 'missed'}")

        def worker(seed: int) -> list[float]:
            with httpx.Client(base_url=base, timeout=30) as c:
                return _run(c, token, args.requests // 4, time.monotonic() + args.seconds, seed)

        began = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            together = [t for times_ in pool.map(worker, range(2, 6)) for t in times_]
        _report("four clients at once", together, time.perf_counter() - began)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
