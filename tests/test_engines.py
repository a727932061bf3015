"""The engine change: ProperDocs (the maintained MkDocs fork) loads healthboard from its entry point."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from helpers import write_project


def test_properdocs_builds_a_healthboard_site(tmp_path: Path) -> None:
    properdocs = shutil.which("properdocs", path=str(Path(os.sys.executable).parent))
    assert properdocs, "properdocs is a test dependency (pyproject [test])"
    root = write_project(tmp_path)
    done = subprocess.run([properdocs, "build", "-f", str(root / "mkdocs.yml")], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    site = root / "site"
    assert "articles/wash-hands/" in (site / "q" / "wash-hands" / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup((site / "articles" / "wash-hands" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert article.select_one(".hb-qr svg") is not None and article.select_one(".hb-tools") is not None
    assert list((site / "print").glob("1/*/index.html"))
    assert not (site / "_data").exists() and not (site / "articles" / "draft-one").exists()
