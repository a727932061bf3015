"""Stale reviews: an article reviewed more than `review_max_age_days` ago is warned at build (file and
`reviewed_on` line), its editions get no print pages and no PDFs unless `--allow-stale`, and `check`
lists it with its reviewer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from healthboard.cli import main as cli
from helpers import ARTICLE, write_project

LATER = "2028-06-01"  # the test articles were reviewed on 2026-01-02: 881 days before
REVIEWED_ON_LINE = ARTICLE.splitlines().index("reviewed_on: 2026-01-02") + 1


@pytest.fixture
def later(monkeypatch):
    monkeypatch.setenv("HEALTHBOARD_TODAY", LATER)


def test_build_warns_and_holds_the_edition_back_from_printing(tmp_path: Path, capsys, later) -> None:
    root = write_project(tmp_path / "p")
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    err = capsys.readouterr().err
    assert f"[W_REVIEW_STALE] docs/articles/wash-hands.md 第 {REVIEWED_ON_LINE} 行，字段 “reviewed_on”" in err
    assert "审核已有 881 天（超过 730 天；审核单位：测试区疾控中心）" in err
    site = root / "site"
    index = BeautifulSoup((site / "print/1/index.html").read_text(encoding="utf-8"), "html.parser")
    held = index.select_one(".hb-held")
    assert held is not None and "暂停打印" in held.get_text() and "勤洗手" in held.get_text() and "不吸烟" in held.get_text()
    assert not (site / "print/1/b1").exists() and not index.select(".hb-board-row")
    manifest = root / "printed-urls.txt"  # nothing of the held edition is recorded as printed
    assert not manifest.exists() or "?b=b1&e=1" not in manifest.read_text(encoding="utf-8")

    assert cli(["build", "-f", str(root / "mkdocs.yml"), "--allow-stale"]) == 0  # staff who know print anyway
    assert (site / "print/1/b1/index.html").is_file() and "?b=b1&e=1" in manifest.read_text(encoding="utf-8")
    assert not BeautifulSoup((site / "print/1/index.html").read_text(encoding="utf-8"), "html.parser").select(".hb-held")


def test_pdf_refuses_an_edition_with_a_stale_review(tmp_path: Path, capsys, later) -> None:
    root = write_project(tmp_path / "p")
    out = tmp_path / "pdf"
    assert cli(["pdf", "-f", str(root / "mkdocs.yml"), "--edition", "1", "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "[E_REVIEW_STALE]" in err and "第1期暂不印刷" in err and "--allow-stale" in err and "Traceback" not in err
    assert not out.exists()


def test_check_lists_stale_reviews_with_the_reviewer(tmp_path: Path, capsys) -> None:
    root = write_project(tmp_path / "p")
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", "2026-03-01", "--format", "json"]) == 1  # boards overdue, reviews fine
    assert json.loads(capsys.readouterr().out)["stale_reviews"] == []
    assert cli(["check", "-f", str(root / "mkdocs.yml"), "--today", LATER]) == 1
    out = capsys.readouterr().out
    assert "审核已超过 730 天的文章 2 篇" in out and "《勤洗手》 docs/articles/wash-hands.md：测试区疾控中心 审核于 2026-01-02（已 881 天）" in out
    longer = write_project(tmp_path / "q", plugin_extra="review_max_age_days: 1000\n")
    cli(["check", "-f", str(longer / "mkdocs.yml"), "--today", LATER, "--format", "json"])
    assert json.loads(capsys.readouterr().out)["stale_reviews"] == []
