"""A real server: `auditor serve` in a subprocess on a free loopback port, spoken to over HTTP with httpx."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 240.0

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[int]]]:
    """Start the server; yield its base URL and the /readyz statuses seen while it started."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "AUDITOR_MAX_SEGMENTS_PER_REQUEST": "3", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "auditor.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    statuses: list[int] = []
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the server was not ready after {STARTUP_TIMEOUT} s:\n{log_path.read_text()}")
            try:
                status = httpx.get(f"{base}/readyz", timeout=5).status_code
            except httpx.TransportError:
                status = 0
            statuses.append(status)
            if status == 200:
                break
            time.sleep(0.2)
        yield base, statuses
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_readyz_is_503_until_the_models_are_warm(server: tuple[str, list[int]]) -> None:
    base, statuses = server
    served = [s for s in statuses if s != 0]
    assert served[-1] == 200
    assert set(served) <= {200, 503}
    assert 503 in served and all(s == 503 for s in served[:-1])
    assert httpx.get(f"{base}/healthz").json()["status"] == "ok"


def test_score_over_http(server: tuple[str, list[int]]) -> None:
    base, _ = server
    segment = {
        "src": "La riunione è stata rinviata a giovedì.",
        "mt": "The meeting was postponed to Thursday.",
        "src_lang": "it",
        "tgt_lang": "en",
    }
    with httpx.Client(base_url=base, timeout=60) as client:
        response = client.post("/v1/score", json={"segments": [segment, {**segment, "id": "x"}]})
        assert response.status_code == 200, response.text
        assert response.headers["x-request-id"]
        assert [r["id"] for r in response.json()["results"]] == ["1", "x"]

        too_many = client.post("/v1/score", json={"segments": [segment] * 4})
        assert too_many.status_code == 422
        assert too_many.json()["error"]["code"] == "too_many_segments"

        bad = client.post("/v1/score", content=b"{nope", headers={"Content-Type": "application/json"})
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "malformed_json"

        metrics = client.get("/metrics").text
        assert 'auditor_http_requests_total{method="POST",route="/v1/score",status="200"} 1' in metrics
        assert "auditor_segments_scored_total 2" in metrics


def test_concurrent_clients_over_http(server: tuple[str, list[int]]) -> None:
    import asyncio

    base, _ = server

    async def run() -> list[int]:
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            requests = [
                client.post(
                    "/v1/score",
                    json={
                        "segments": [
                            {"ref": f"There were {n} boats.", "mt": f"There were {n} boats.", "tgt_lang": "en"}
                        ]
                    },
                )
                for n in range(16)
            ]
            return [r.status_code for r in await asyncio.gather(*requests)]

    assert asyncio.run(run()) == [200] * 16
