"""scripts/bench_chat works end to end (a small room; the full 500-client run is not a test)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_chat_benchmark_delivers_every_message_to_every_client(tmp_path):
    pytest.importorskip("aiohttp", reason="python-socketio's asyncio client needs aiohttp")
    output = tmp_path / "chat.json"
    finished = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_chat.py"), "--clients", "20",
         "--people", "2", "--messages", "2", "--interval", "0.2", "--budget-ms", "5000",
         "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr[-3000:]
    result = json.loads(output.read_text())
    assert (result["clients"], result["delivered"], result["expected"]) == (20, 40, 40)
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
