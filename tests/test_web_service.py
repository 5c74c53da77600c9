"""`sitrep serve` as a service: it answers its health check, logs one JSON object a line, and
stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from sitrep.app import Sitrep

from .conftest import free_port


def test_serve_answers_logs_and_stops_on_sigterm(loaded: Sitrep, tmp_path: Path) -> None:
    port = free_port()
    url = loaded.config.database_url
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitrep",
            "--database",
            url,
            "serve",
            "--port",
            str(port),
            "--bulletins",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        health = None
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None and health.json() == {"status": "ok", "version": "0.1.0", "incidents": 18}
        assert httpx.get(f"http://127.0.0.1:{port}/api/incidents", timeout=5).status_code == 401
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    # uvicorn finishes the requests in flight and the shutdown hooks, then re-raises the signal
    # so a supervisor sees why the process ended.
    assert process.returncode in {0, -signal.SIGTERM}
    entries = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    messages = [e["message"] for e in entries]
    assert messages[0] == "workspace started" and messages[-1] == "workspace stopped"
    request = next(e for e in entries if e["message"] == "request")
    assert request["path"] == "/api/incidents" and request["status"] == 401 and "ms" in request
