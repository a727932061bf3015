"""`healthboard serve`: the live preview staff write with, in Chinese, surviving their mistakes."""
from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Callable
from urllib.request import urlopen

from helpers import write_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(root, port: int, **popen: object) -> tuple[subprocess.Popen, list[str], Callable[..., None]]:
    """`healthboard serve` in a process of its own; what it has said, and a wait for a line it says."""
    server = subprocess.Popen([sys.executable, "-m", "healthboard.cli", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                              cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", **popen)  # type: ignore[call-overload]
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in server.stdout], daemon=True).start()  # type: ignore[union-attr]
    said: list[str] = []

    def wait_for(text: str, timeout: float = 180) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                said.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            if text in said[-1]:
                return
        raise AssertionError(f"no “{text}” in:\n" + "\n".join(said) + f"\n(exit status {server.poll()})")
    return server, said, wait_for


def test_serve_previews_in_chinese_and_keeps_the_last_good_site_through_a_mistake(tmp_path):
    """MkDocs' own server prints a Python traceback for a mistake made while editing, and its news in
    English (after mkdocs-material's end-of-life notice). Here: where to look, the mistake with its
    file and line, the last good page meanwhile, the corrected page once saved, and a clean stop on
    Ctrl+C — also when started from a background job (`healthboard serve &` in a script), which starts
    it with Ctrl+C ignored: it then never stopped."""
    root = write_project(tmp_path)
    port = _free_port()
    server, said, wait_for = _serve(root, port, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    page = f"http://127.0.0.1:{port}/health/articles/wash-hands/"
    article = root / "docs/articles/wash-hands.md"
    good = article.read_text(encoding="utf-8")
    try:
        wait_for(f"预览地址：http://127.0.0.1:{port}/health/")
        assert "勤洗手" in urlopen(page).read().decode("utf-8")

        article.write_text(good + "\n详见[官网](http://www.example.gov.cn／news)。\n", encoding="utf-8")
        wait_for("预览没有更新")
        line = (good + "\n详见").count("\n") + 1
        assert any(f"[E_BAD_URL] docs/articles/wash-hands.md 第 {line} 行" in s for s in said), said
        assert "勤洗手" in urlopen(page).read().decode("utf-8")  # the last good site

        article.write_text(good + "\n新加的一句话。\n", encoding="utf-8")
        wait_for("预览已更新")
        assert "新加的一句话" in urlopen(page).read().decode("utf-8")

        server.send_signal(signal.SIGINT)
        wait_for("预览已停止")
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
    assert not [s for s in said if "Traceback" in s or "Serving on" in s or "Material for MkDocs" in s or "Error reading page" in s], said


def test_serve_stops_cleanly_when_killed(tmp_path):
    """`kill` (SIGTERM, as a service manager or a closed terminal sends) stops the preview as Ctrl+C
    does (MkDocs' server then removes its temporary site): said in Chinese, exit status 0. It used to
    die on the spot, its temporary site left behind."""
    root = write_project(tmp_path)
    server, said, wait_for = _serve(root, _free_port())
    try:
        wait_for("预览地址")
        server.send_signal(signal.SIGTERM)
        wait_for("预览已停止")
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
    assert not [s for s in said if "Traceback" in s], said


def test_a_port_in_use_is_said_in_chinese(tmp_path, capsys):
    """A second preview on the same port (the first still open in another window) is E_PORT_IN_USE
    with the fix, not a message about paths nor a traceback."""
    from healthboard.cli import main

    root = write_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]) == 1
    err = capsys.readouterr().err
    assert "[E_PORT_IN_USE]" in err and f"127.0.0.1:{port}" in err and "-a 127.0.0.1:8001" in err, err
    assert "Traceback" not in err and "E_OUTPUT_PATH" not in err
