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


NGINX = "/usr/sbin/nginx"  # Debian's nginx, installed by scripts/setup.sh


@contextmanager
def nginx(site_conf: Path, workdir: Path, port: int) -> Iterator[str]:
    """Debian's nginx as an unprivileged process on 127.0.0.1:`port`, with `site_conf` (what `healthboard
    nginx` wrote) inside a minimal main configuration; stopped on the way out, also when a test fails."""
    import os
    import socket
    import subprocess
    import time

    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / name).mkdir(parents=True, exist_ok=True)
    # As root, workers would switch to "nobody", who cannot read pytest's private temporary folders.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    main = workdir / "nginx.conf"
    main.write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        + "".join(f"  {name}_temp_path {workdir}/{name.replace('client_body', 'body')};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"  include {site_conf};\n}}\n", encoding="utf-8")
    command = [NGINX, "-p", str(workdir), "-c", str(main), "-e", str(workdir / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {(workdir / 'error.log').read_text(errors='replace')}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
