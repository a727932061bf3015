"""`project.py` on its own: one run's settings, content, cache and codes, and the checks of mkdocs.yml
that speak before MkDocs does. Small projects written here; no site build."""
from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from mkdocs.config import load_config

from healthboard.errors import HealthboardError
from healthboard.project import Project, check_mkdocs_yml, check_site_url, check_theme_font, previous_site_urls
from healthboard.settings import Settings
from helpers import write_project

DAY = dt.date(2026, 3, 1)


def _project(tmp_path, **kwargs) -> Project:
    root = write_project(tmp_path, **kwargs)
    return Project(Settings.from_mkdocs(load_config(str(root / "mkdocs.yml")), today=DAY))


def _codes(excinfo: pytest.ExceptionInfo[HealthboardError]) -> list[str]:
    return [p.code for p in excinfo.value.problems]


def test_content_is_loaded_with_the_projects_settings(tmp_path):
    content = _project(tmp_path).load_content()
    assert set(content.articles) == {"wash-hands", "no-smoking", "draft-one"}
    assert [e.number for e in content.editions] == [1] and len(content.boards) == 2


def test_cache_entries_wait_until_the_run_commits(tmp_path):
    project = _project(tmp_path)
    cache = project.cache()
    assert project.cache() is cache  # one per run
    cache.put("ab" * 20, b"x", ".bin")
    assert cache.pending is not None and cache.pending.name.startswith(".healthboard-cache.pending-")
    assert not (tmp_path / ".healthboard-cache").exists()  # nothing joins the cache before the run succeeds
    cache.commit()
    assert (tmp_path / ".healthboard-cache" / "ab" / f"{'ab' * 20}.bin").read_bytes() == b"x"
    failed = _project(tmp_path).cache()
    failed.put("cd" * 20, b"y")
    failed.discard()
    assert not list(tmp_path.glob(".healthboard-cache.pending-*")) and failed.get("cd" * 20) is None


def test_pending_folders_of_killed_runs_are_dropped_after_hours_not_minutes(tmp_path):
    old, recent = tmp_path / ".healthboard-cache.pending-1-aaaaaa", tmp_path / ".healthboard-cache.pending-2-bbbbbb"
    for folder in (old, recent):
        folder.mkdir()
    os.utime(old, (time.time() - 7 * 3600,) * 2)
    _project(tmp_path).cache()
    assert not old.exists() and recent.exists()  # a run still going (another terminal) keeps its folder


def test_the_traditional_copy_shares_the_runs_cache_and_codes(tmp_path):
    main = _project(tmp_path, plugin_extra="traditional:\n  enabled: true\n")
    variant_settings = Settings.from_mkdocs(load_config(str(tmp_path / "mkdocs.yml")), today=DAY, is_variant=True)
    copy = Project(variant_settings, main)
    assert copy.cache() is main.cache() and copy.codes() is main.codes() and copy.settings.is_variant


def test_new_articles_go_where_draft_docs_keeps_them_unpublished(tmp_path):
    assert _project(tmp_path / "a").new_article_path("eat-well") == tmp_path / "a/docs/articles/drafts/eat-well.md"
    root = write_project(tmp_path / "b")
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("draft_docs: |\n  articles/drafts/\n", ""), encoding="utf-8")
    project = Project(Settings.from_mkdocs(load_config(str(yml)), today=DAY))
    assert project.new_article_path("eat-well") == root / "docs/articles/eat-well.md"  # no folder MkDocs keeps private


def test_site_url_must_be_absolute_and_gets_its_slash():
    assert check_site_url("https://example.gov.cn/health") == "https://example.gov.cn/health/"
    with pytest.raises(HealthboardError) as missing:
        check_site_url(None)
    with pytest.raises(HealthboardError) as relative:
        check_site_url("/health/")
    assert (_codes(missing), _codes(relative)) == (["E_SITE_URL_MISSING"], ["E_SITE_URL_RELATIVE"])
    assert previous_site_urls(["http://old.example.org/a"]) == ["http://old.example.org/a/"]
    with pytest.raises(HealthboardError) as old:
        previous_site_urls(["old.example.org", "https://ok.example.org/"])
    assert _codes(old) == ["E_SITE_URL_RELATIVE"]


def test_mkdocs_yml_is_checked_before_mkdocs_speaks_english():
    good = {"site_url": "https://x.org/", "theme": {"name": "material"}, "plugins": ["search", {"healthboard": {}}, "tags"]}
    check_mkdocs_yml(good, {"search", "healthboard", "material/tags"})  # `tags` is found under the theme's namespace
    with pytest.raises(HealthboardError) as bad:
        check_mkdocs_yml({"site_url": "https://x.org/", "theme": "readthedocs", "plugins": ["serch"]}, {"search", "healthboard"})
    assert _codes(bad) == ["E_NO_PLUGIN", "E_PLUGIN_MISSING", "E_THEME"]
    assert "serch" in str(bad.value) and "mkdocs.yml" in str(bad.value)
    check_theme_font(False)
    with pytest.raises(HealthboardError) as font:
        check_theme_font({"text": "Noto Sans SC"})
    assert _codes(font) == ["E_WEB_FONT"]
