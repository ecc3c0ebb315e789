"""The test OpenID provider (server.py), started as its own process."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

SERVER = Path(__file__).with_name("server.py")
CLIENT_ID = "portal"
CLIENT_SECRET = "s3cret"


class RunningProvider:
    """A provider process and the calls the tests make to it."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(SERVER),
                "--client-id",
                CLIENT_ID,
                "--client-secret",
                CLIENT_SECRET,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()  # "listening <port>", once it accepts
        if not line.startswith("listening "):
            self.process.kill()
            raise RuntimeError(f"the test OpenID provider did not start: {line!r}")
        self.issuer = f"http://127.0.0.1:{int(line.split()[1])}"

    def control(self, **orders) -> None:
        request = urllib.request.Request(
            self.issuer + "/control",
            data=json.dumps(orders).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=5).read()

    def log(self) -> list[dict]:
        with urllib.request.urlopen(self.issuer + "/log", timeout=5) as answer:
            return json.loads(answer.read())["log"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=5)
