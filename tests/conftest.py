from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from helpers import build_project, copy_example  # noqa: E402


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory):
    """The example district, built once for every test that reads it."""
    root = copy_example(tmp_path_factory.mktemp("example"))
    config = build_project(root)
    return config
