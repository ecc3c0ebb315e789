"""A real HTTP server on 127.0.0.1 that answers like Kolada's API v3 from recorded files.

It serves the JSON files under ``tests/overview/kolada/`` (see the README there) and
can misbehave per key figure: answer 500, never answer (a timeout), or answer garbage.
Every request it received is kept in ``requests`` (path with query string).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

RECORDED = Path(__file__).resolve().parent / "kolada"


class KoladaServer:
    def __init__(self) -> None:
        #: kpi id -> "500" | "timeout" | "garbage"
        self.misbehave: dict[str, str] = {}
        #: Municipality codes Kolada does not know: a data request naming one is a 400.
        self.unknown_municipalities: set[str] = set()
        self.requests: list[str] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append(self.path)
                status, body = server.answer(self.path)
                if status == 0:  # hold the line until the test ends: a timeout
                    server.release.wait(10)
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/v3"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> KoladaServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _file(self, name: str, codes: list[str] | None = None) -> tuple[int, bytes]:
        path = RECORDED / name
        if not path.exists():
            return 404, b'{"error": "not found"}'
        text = path.read_text(encoding="utf-8")
        text = text.replace("{base}", self.base.removesuffix("/v3"))
        if codes is not None:
            text = text.replace("{codes}", ",".join(codes))
            payload = json.loads(text)
            payload["values"] = [v for v in payload["values"] if v["municipality"] in codes]
            payload["count"] = len(payload["values"])
            text = json.dumps(payload, ensure_ascii=False)
        return 200, text.encode("utf-8")

    def answer(self, raw: str) -> tuple[int, bytes]:
        url = urlsplit(raw)
        query = parse_qs(url.query)
        parts = url.path.removeprefix("/v3/").split("/")
        if parts == ["kpi"]:
            return self._file("kpi_search_p2.json" if "page" in query else "kpi_search.json")
        if len(parts) == 2 and parts[0] == "kpi":
            return self._file(f"kpi_{parts[1]}.json")
        if len(parts) == 5 and parts[0] == "data" and parts[3] == "municipality":
            kpi, codes = parts[2], parts[4].split(",")
            behaviour = self.misbehave.get(kpi)
            if behaviour == "500":
                return 500, b"Internal Server Error"
            if behaviour == "timeout":
                return 0, b""
            if behaviour == "garbage":
                return 200, b'{"values": [{"kpi": "N00700", "municipality"'
            if len(codes) > 25:
                return 400, b'{"error": "too many ids"}'
            if set(codes) & self.unknown_municipalities:
                return 400, b'{"error": "unknown municipality"}'
            if "page" in query:
                return self._file(f"data_{kpi}_p{query['page'][0]}.json", codes)
            if "from_date" in query and (RECORDED / f"data_{kpi}_since.json").exists():
                return self._file(f"data_{kpi}_since.json", codes)
            return self._file(f"data_{kpi}_p1.json", codes)
        return 404, b'{"error": "no such route"}'
