"""`digest-site serve`: a live preview that regenerates when a digest changes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow
PAPER = "{title}\nWe study {word} in depth. We propose a method for {word} and show it works well.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_json(url: str):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return json.loads(response.read())
    except (OSError, ValueError):
        return None


def wait_for(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


def test_serve_regenerates_when_a_digest_changes(project):
    digest = PAPER.format(title="Robots That Walk", word="walking") + PAPER.format(title="Models That Talk", word="talking")
    folder = project({"2024-01-01-a.txt": digest})
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "-C", str(folder), "serve", "-a", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/papers.json"
        first = wait_for(lambda: fetch_json(url))
        assert first and [p["title"] for p in first] == ["Robots That Walk", "Models That Talk"]
        path = folder / "content" / "digests" / "2024-01-01-a.txt"
        path.write_text(digest + PAPER.format(title="Agents That Plan", word="planning"))
        updated = wait_for(lambda: (p := fetch_json(url)) and len(p) == 3 and p)
        assert updated, "the preview did not pick up the new paper"
        assert "Agents That Plan" in [p["title"] for p in updated]
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output, output
