"""Randomly broken content files (hypothesis): whatever staff paste, the answer is a coded Chinese message
with an exit code, never a traceback or an internal error."""
from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthboard.cli import main as cli
from helpers import ARTICLE, BOARDS, EDITION, write_project

POSTINGS = "宣传栏,期数,张贴日期,张贴人,照片\nb1,1,2026-02-02,东片社区 张贴员,\nb2,第1期,2026/2/3,西片社区,\n"
TARGETS = {
    "docs/articles/wash-hands.md": ARTICLE.format(id="wash-hands", title="勤洗手", status="approved"),
    "docs/_data/boards.yml": BOARDS,
    "docs/_data/editions/001.yml": EDITION,
    "docs/_data/postings.csv": POSTINGS,
}
EXAMPLES = 150  # per file: 600 runs in all
# What staff paste and type: YAML's syntax, quotes, tabs, Word's control characters, Excel's dates, wide forms.
PIECES = [":", ": ", "-", "- ", "[", "]", "{", "}", '"', "'", "!!", "!!int ", "&a", "*a", "#", "|", ">", "\t", "\n", "\n  ", "\x0b",
          "\x00", "\x1b", "\uffff", "\ufeff", ",", "0x0", "2026-02-30", "2026/13/1", "第三期", "１２", "×", "null", "~", "yes", "1e9",
          "id", "boards", "articles", "size", "A9", "中文", "é", "\u3000", "=1+1", "<script>", "\r", "---", "..."]
piece = st.sampled_from(PIECES) | st.text(min_size=1, max_size=6)
edit = st.tuples(st.sampled_from(["insert", "delete", "replace_line", "duplicate_line", "swap_lines"]), st.floats(0, 1), st.floats(0, 1), st.lists(piece, min_size=1, max_size=4))


def mutate(text: str, edits: list[tuple[str, float, float, list[str]]]) -> str:
    for op, a, b, pieces in edits:
        payload = "".join(pieces)
        at = int(a * len(text))
        lines = text.split("\n")
        i, j = int(a * (len(lines) - 1)), int(b * (len(lines) - 1))
        if op == "insert":
            text = text[:at] + payload + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + 1 + int(b * 12):]
        elif op == "replace_line":
            lines[i] = payload
            text = "\n".join(lines)
        elif op == "duplicate_line":
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        else:
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def check(root: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01"])
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("target", list(TARGETS))
def test_random_breakage_gets_coded_chinese_messages(target):
    seen = {"broken": 0}
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), files={"docs/_data/postings.csv": POSTINGS})

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
        @given(st.lists(edit, min_size=1, max_size=4), st.booleans())
        def run(edits, as_bytes):
            text = mutate(TARGETS[target], edits)
            path = root / target
            # Some files arrive in GBK (Excel on Chinese Windows) or broken encodings.
            path.write_bytes(text.encode("gb18030", "replace") if as_bytes else text.encode("utf-8", "surrogatepass"))
            code, output = check(root)
            assert "Traceback" not in output and "E_INTERNAL" not in output, output
            assert code in (0, 1, 2), output
            problems = [line for line in output.splitlines() if line.startswith("  - ")]
            if code == 2:
                seen["broken"] += 1
                assert problems, output
                assert all(re.match(r"  - \[[EW]_[A-Z0-9_]+\] ", line) for line in problems), output

        run()
        (root / target).write_text(TARGETS[target], encoding="utf-8")
    assert seen["broken"] >= EXAMPLES // 2  # most random edits do break the file
