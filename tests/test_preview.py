"""`healthboard serve`: the live preview staff write with, in Chinese, surviving their mistakes."""
from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.request import urlopen

from helpers import write_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    """`healthboard serve` in a process of its own (killed on leaving, if still running): what it has
    said, and a wait for a line it says."""

    def __init__(self, root, port: int, **popen: object) -> None:  # type: ignore[no-untyped-def]
        self.server = subprocess.Popen([sys.executable, "-m", "healthboard.cli", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                                       cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", **popen)  # type: ignore[call-overload]
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line.rstrip("\n")) for line in self.server.stdout], daemon=True).start()  # type: ignore[union-attr]
        self.said: list[str] = []

    def __enter__(self) -> "Preview":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.server.poll() is None:
            self.server.kill()

    def wait_for(self, text: str, timeout: float = 180) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                self.said.append(self.lines.get(timeout=1))
            except queue.Empty:
                continue
            if text in self.said[-1]:
                return
        raise AssertionError(f"no “{text}” in:\n" + "\n".join(self.said) + f"\n(exit status {self.server.poll()})")

    def stop(self, sig: int) -> None:
        """Sends `sig`; the preview says it stopped and ends with status 0."""
        self.server.send_signal(sig)
        self.wait_for("预览已停止")
        assert self.server.wait(timeout=60) == 0


def test_serve_previews_in_chinese_and_keeps_the_last_good_site_through_a_mistake(tmp_path):
    """MkDocs' own server prints a Python traceback for a mistake made while editing, and its news in
    English (after mkdocs-material's end-of-life notice). Here: where to look, the mistake with its
    file and line, the last good page meanwhile, the corrected page once saved, and a clean stop on
    Ctrl+C — also when started from a background job (`healthboard serve &` in a script), which starts
    it with Ctrl+C ignored: it then never stopped."""
    root = write_project(tmp_path)
    port = _free_port()
    page = f"http://127.0.0.1:{port}/health/articles/wash-hands/"
    article = root / "docs/articles/wash-hands.md"
    good = article.read_text(encoding="utf-8")
    with Preview(root, port, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) as preview:
        wait_for, said = preview.wait_for, preview.said
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

        preview.stop(signal.SIGINT)
    assert not [s for s in said if "Traceback" in s or "Serving on" in s or "Material for MkDocs" in s or "Error reading page" in s], said


def test_serve_stops_cleanly_when_killed(tmp_path):
    """`kill` (SIGTERM, as a service manager or a closed terminal sends) stops the preview as Ctrl+C
    does (MkDocs' server then removes its temporary site): said in Chinese, exit status 0. It used to
    die on the spot, its temporary site left behind."""
    with Preview(write_project(tmp_path), _free_port()) as preview:
        preview.wait_for("预览地址")
        preview.stop(signal.SIGTERM)
    assert not [s for s in preview.said if "Traceback" in s], preview.said


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
