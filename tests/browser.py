"""A real browser for tests: Debian's Chromium driven by Playwright, pages served from 127.0.0.1."""
from __future__ import annotations

import gzip
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _Handler(SimpleHTTPRequestHandler):
    """Static files under a mount path (like a county portal's sub-path), gzipped like a real server."""

    mount = "/"

    def log_message(self, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(self.mount):
            return str(Path(self.directory) / "__outside_mount__")
        return super().translate_path("/" + path[len(self.mount):])

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirect to the slash
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io
        return io.BytesIO(body)


@contextmanager
def serve(site_dir: Path, mount: str = "/") -> Iterator[str]:
    """Serve `site_dir` at http://127.0.0.1:<port><mount>; yields that base URL."""
    handler = type("Handler", (_Handler,), {"mount": mount})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()
        server.server_close()


class NetworkLog:
    """Every request a page makes; anything not on 127.0.0.1 is recorded and blocked."""

    def __init__(self, page) -> None:
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.bytes = 0
        self.sizes: dict[str, int] = {}  # bytes over the wire per response
        page.route("**/*", self._route)
        page.on("response", self._response)

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def _response(self, response) -> None:
        # Aborted (foreign) requests never get here: every response that arrived has its sizes.
        sizes = response.request.sizes()
        self.sizes[response.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.bytes += self.sizes[response.url]
