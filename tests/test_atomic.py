"""A run that fails at any stage changes no file: not the site, the PDFs, the printed-URL manifest or the cache."""
from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import pytest

import healthboard.build
import healthboard.cli
import healthboard.pdf.shop
import healthboard.engine
import healthboard.ledger
import healthboard.offload
from healthboard import links
from healthboard.errors import HealthboardError, Problem
from helpers import write_project


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def boom(*args: object, **kwargs: object) -> None:
    raise HealthboardError(Problem("E_TEST", "注入的故障"))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once (site, cache, manifest, PDFs), then changed so a new run has new work to do."""
    root = write_project(tmp_path_factory.mktemp("prepared") / "p", plugin_extra="traditional:\n  enabled: true\n")
    assert healthboard.cli.main(["build", "-f", str(root / "mkdocs.yml")]) == 0
    assert healthboard.cli.main(["pdf", "-f", str(root / "mkdocs.yml"), "-o", str(root / "pdf"), "-q", "--jobs", "1"]) == 0
    assert (root / "printed-urls.txt").is_file() and (root / ".healthboard-cache").is_dir() and (root / "pdf").is_dir()
    article = root / "docs/articles/wash-hands.md"
    article.write_text(article.read_text(encoding="utf-8").replace("这是一段摘要。", "换了一段新的摘要，需要重新排版。"), encoding="utf-8")
    return root


@pytest.fixture
def built(prepared: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(prepared, tmp_path / "p"))


_nested_build = healthboard.engine.mkdocs_build


def _real_build_then_fail(config: object) -> None:
    """The 繁體 copy is built for real (filling the cache and the staging site), then fails."""
    _nested_build(config)
    raise HealthboardError(Problem("E_TEST", "注入的故障"))


@pytest.mark.parametrize("stage, target, fault", [
    ("loading content", (healthboard.build.pages, "site_pages"), boom),
    ("laying out boards", (healthboard.build, "build_print"), boom),
    # while the boards are laid out on their own thread: it is waited for before the cache's new entries go
    ("writing pages", (healthboard.build.SiteBuild, "post_page"), boom),
    ("building the 繁體 copy", (healthboard.engine, "mkdocs_build"), _real_build_then_fail),
    ("checking printed URLs", (links, "check_manifest"), boom),
    ("recording printed URLs", (links, "append_manifest"), boom),
])
def test_failed_build_changes_nothing(built, monkeypatch, capsys, stage, target, fault):
    before = snapshot(built)
    monkeypatch.setattr(*target, fault)
    assert healthboard.cli.main(["build", "-f", str(built / "mkdocs.yml")]) == 1, stage
    for thread in threading.enumerate():  # what a left-behind print thread would write, it has written
        if thread.name == "healthboard-print":
            thread.join()
    assert snapshot(built) == before, stage
    assert "Traceback" not in capsys.readouterr().err


def _slow_workbook(*args: object) -> bytes:
    """The ledger's XLSX, written slowly (in the other process): still being written when the build fails."""
    import time

    time.sleep(1.5)
    return healthboard.ledger.workbook(*args)  # type: ignore[arg-type]


def test_a_build_failing_while_another_process_writes_its_ledger_changes_nothing(built, monkeypatch, capsys):
    """The ledger's XLSX is written by another process while the pages are built: a build that fails
    meanwhile waits for it to end before it discards the cache's new entries, so none lands after."""
    article = built / "docs/articles/wash-hands.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title: 勤洗手", "title: 七步洗手"), encoding="utf-8")  # a new ledger
    before = snapshot(built)
    offloads: list[healthboard.offload.Offload] = []
    real = healthboard.offload.Offload.__init__
    monkeypatch.setattr(healthboard.offload.Offload, "__init__", lambda self, *a: (offloads.append(self), real(self, *a))[1])
    monkeypatch.setattr(healthboard.build, "workbook", _slow_workbook)
    monkeypatch.setattr(healthboard.build, "_conflicts", boom)  # right after the ledger was handed over
    assert healthboard.cli.main(["build", "-f", str(built / "mkdocs.yml")]) == 1
    assert offloads and all(o._future.done() for o in offloads)  # waited for, not left writing
    assert snapshot(built) == before
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("through", ["healthboard build --strict", "mkdocs build, strict: true"])
def test_a_strict_build_with_warnings_changes_nothing(built, capsys, through):
    """MkDocs stops a strict build only after its last event, when healthboard had swapped the site in,
    recorded the printed URLs and committed the cache: healthboard stops it first."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli as mkdocs_cli

    index, config = built / "docs/index.md", built / "mkdocs.yml"
    index.write_text(index.read_text(encoding="utf-8") + "\n[一个写错的链接](nowhere.md)\n", encoding="utf-8")
    plain = config.read_text(encoding="utf-8")
    if through.startswith("mkdocs"):
        config.write_text(plain + "strict: true\n", encoding="utf-8")
        before = snapshot(built)
        result = CliRunner().invoke(mkdocs_cli, ["build", "-f", str(config)])
        assert result.exit_code == 1 and "E_STRICT" in result.output, result.output
    else:
        before = snapshot(built)
        assert healthboard.cli.main(["build", "--strict", "-f", str(config)]) == 1
        err = capsys.readouterr().err
        assert "E_STRICT" in err and "构建失败：原有的网站目录没有改动" in err and "Traceback" not in err
    assert snapshot(built) == before
    config.write_text(plain, encoding="utf-8")  # not strict: the same link is a warning, and the site is built
    assert healthboard.cli.main(["build", "-f", str(config)]) == 0


@pytest.mark.parametrize("stage, target, fault", [
    ("planning", (healthboard.pdf.shop, "plan_edition"), boom),
    ("drawing", (healthboard.pdf.shop, "draw"), boom),
    ("recording printed URLs", (links, "append_manifest"), boom),
])
def test_failed_pdf_run_changes_nothing(built, monkeypatch, capsys, stage, target, fault):
    before = snapshot(built)
    monkeypatch.setattr(*target, fault)
    assert healthboard.cli.main(["pdf", "-f", str(built / "mkdocs.yml"), "-o", str(built / "pdf"), "-q", "--jobs", "1"]) == 1, stage
    assert snapshot(built) == before, stage
    assert "PDF 未生成，原有文件未改动" in capsys.readouterr().err


def test_successful_runs_commit_their_cache(built):
    cache = built / ".healthboard-cache"
    entries = len(list(cache.rglob("*")))
    assert healthboard.cli.main(["build", "-f", str(built / "mkdocs.yml")]) == 0
    assert len(list(cache.rglob("*"))) > entries  # the new layout's measurements were kept
    assert not list(built.glob("*.pending-*"))
