from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from helpers import build_project, copy_example  # noqa: E402


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory):
    """The example district, built once for every test that reads it."""
    root = copy_example(tmp_path_factory.mktemp("example"), manifest=False)
    config = build_project(root)
    return config


@pytest.fixture(scope="session")
def served(example):
    """The example site over HTTP under its sub-path, as residents' phones reach it."""
    from urllib.parse import urlsplit

    from browser import serve

    with serve(Path(example.site_dir), urlsplit(example.site_url).path) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
