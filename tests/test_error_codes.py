"""Every error and warning code the code can raise is explained in the README's table."""
from __future__ import annotations

import re

from helpers import REPO

CODE = re.compile(r"\b([EW]_[A-Z][A-Z0-9_]+)\b")


def test_every_code_in_the_source_is_in_the_readme() -> None:
    raised = {m for path in (REPO / "generator").rglob("*.py") for m in CODE.findall(path.read_text(encoding="utf-8"))}
    readme = set(CODE.findall((REPO / "README.md").read_text(encoding="utf-8")))
    assert len(raised) > 30
    assert sorted(raised - readme) == []
