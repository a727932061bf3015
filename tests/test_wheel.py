"""The product as a new user installs it: from its wheel, into a clean virtual environment, outside the checkout."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import REPO, write_project


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)], check=True, capture_output=True)
    (built,) = out.glob("healthboard-*.whl")
    return built


@pytest.fixture(scope="module")
def clean_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding only the wheel; third-party libraries come from the test environment's
    site-packages through a .pth line (a path in a .pth is not itself a site dir, so the checkout's
    editable-install hook there is never run: `healthboard` can only come from the wheel)."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)], check=True, capture_output=True)
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "zz-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)} | {"NO_MKDOCS_2_WARNING": "1"}


def test_wheel_carries_templates_theme_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("healthboard/poster/templates/board.html.j2", "healthboard/data/health-days.yml",
                   "healthboard/templates/pages/home.md.j2", "healthboard/theme/main.html",
                   "healthboard/theme/assets/healthboard.js", "healthboard/theme/assets/vendor/iframe-worker-shim.js"):
        assert needed in names, needed
    # every file of the source package is in the wheel (a new template folder cannot be forgotten)
    source = {p.relative_to(REPO / "generator").as_posix() for p in (REPO / "generator").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert {f"healthboard/{s}" for s in source} <= names
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert "License-Expression: MIT" in text and "健康教育" in text  # licence and the README as description
    assert not any(n.startswith("generator/") for n in names)


def test_installed_wheel_builds_a_site_outside_the_checkout(clean_venv: Path, tmp_path: Path) -> None:
    # A small project with every output (print pages, LED pages, 繁體 copy): the example takes 5 times longer.
    root = write_project(tmp_path, plugin_extra="traditional:\n  enabled: true\n")
    where = subprocess.run([str(clean_venv / "bin/python"), "-c", "import healthboard; print(healthboard.__file__)"],
                           cwd=root, capture_output=True, text=True, env=_env(), check=True).stdout
    assert where.startswith(str(clean_venv)), where
    helped = subprocess.run([str(clean_venv / "bin/healthboard"), "--help"], cwd=root, capture_output=True, text=True, env=_env())
    assert helped.returncode == 0 and "用法" in helped.stdout, helped.stderr
    done = subprocess.run([str(clean_venv / "bin/healthboard"), "build"], cwd=root, capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr[-3000:]
    site = root / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find(class_="hb-tools") is not None  # the package's theme files were found
    assert (site / "print" / "index.html").is_file() and list((site / "print").glob("*/*/index.html"))
    assert (site / "calendar" / "index.html").is_file()  # the health-day data was found
    assert (site / "led" / "index.html").is_file() and (site / "zh-hant" / "index.html").is_file()
    # The server configuration's template travels in the wheel too.
    served = subprocess.run([str(clean_venv / "bin/healthboard"), "nginx", "-o", "server.conf"], cwd=root, capture_output=True, text=True, env=_env())
    assert served.returncode == 0, served.stderr[-3000:]
    assert '"/health/q/wash-hands/" "/health/articles/wash-hands/";' in (root / "server.conf").read_text(encoding="utf-8")
