"""healthboard added to an existing mkdocs-material site (its own overrides, blog, tags, CDN script),
and the example built without healthboard (another engine, a plugin left out) publishing nothing private."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from healthboard.cli import main
from helpers import ARTICLE, REPO, copy_example

HOST_YML = """\
site_name: 某社区卫生服务中心
site_url: https://clinic.example.org/
theme:
  name: material
  language: zh
  font: false
  custom_dir: overrides
extra_javascript:
  - https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js
plugins:
  - search
  - tags
  - blog
  - healthboard:
      district: 测试区
      topics:
        - {id: personal-hygiene, name: 个人卫生}
"""

HOST_MAIN = """\
{% extends "base.html" %}
{% block announce %}社区通知{% endblock %}
"""


def _host(root: Path, main_html: str = HOST_MAIN, copyright_html: str | None = None) -> Path:
    files = {
        "mkdocs.yml": HOST_YML,
        "overrides/main.html": main_html,
        "docs/index.md": "# 社区卫生服务中心\n\n门诊时间：周一至周日。\n",
        "docs/blog/index.md": "# 博客\n",
        "docs/blog/posts/first.md": "---\ndate: 2026-01-05\ntags: [通知]\n---\n\n# 第一篇博客\n\n内容。\n",
        "docs/articles/wash-hands.md": ARTICLE.format(id="wash-hands", title="勤洗手", status="approved").replace("date: 2026-01-03\n", "date: 2026-01-03\ntags: [洗手]\n"),
    }
    if copyright_html is not None:
        files["overrides/partials/copyright.html"] = copyright_html
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def host_build(tmp_path_factory: pytest.TempPathFactory):
    root = _host(tmp_path_factory.mktemp("host"), copyright_html="<div class=\"md-copyright\">社区版权</div>\n")
    import io
    from contextlib import redirect_stderr, redirect_stdout

    err, out = io.StringIO(), io.StringIO()
    with redirect_stderr(err), redirect_stdout(out):
        code = main(["build", "-f", str(root / "mkdocs.yml")])
    return root, code, err.getvalue()


def test_articles_only_site_builds_without_a_board_registry(host_build):
    root, code, err = host_build
    assert code == 0, err
    site = root / "site"
    redirect = (site / "q" / "wash-hands" / "index.html").read_text(encoding="utf-8")
    assert "articles/wash-hands/" in redirect
    article = _soup(site / "articles" / "wash-hands" / "index.html")
    assert article.select_one(".hb-qr svg") is not None
    assert (site / "topics" / "index.html").is_file() and (site / "blog" / "index.html").is_file()
    for absent in ("print", "ledger", "led", "editions", "updates"):
        assert not (site / absent).exists(), absent


def test_host_overrides_that_hide_healthboard_are_named(host_build):
    _, _, err = host_build
    assert "[W_OVERRIDE_HIDES] overrides/main.html" in err and 'extends "healthboard/main.html"' in err, err
    assert "[W_OVERRIDE_HIDES] overrides/partials/copyright.html" in err and 'include "healthboard/footer.html"' in err


def test_host_cdn_script_is_a_third_party_warning(host_build):
    _, _, err = host_build
    [line] = [line for line in err.splitlines() if "W_THIRD_PARTY" in line]
    assert "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js" in line and "脚本" in line and "个页面" in line


def test_every_kind_of_fetch_from_another_host_is_found_in_any_case():
    from healthboard.host import third_party_requests

    page = """<p>İstanbul 健康</p><SCRIPT SRC="https://cdn.example.com/a.js"></SCRIPT><script>var u = "//x.example/y"</script>
<Link rel="canonical" href="https://other.example/"><link rel=stylesheet href=//fonts.example.net/css>
<style>@IMPORT url(https://css.example.org/b.css); .a{background:Url('https://img.example.org/c.png')}</style>
<iframe src="https://video.example.cn/v"></iframe><img src="https://own.example.gov.cn/a.png"><p>curl(https://no.example/)</p>"""
    found = [(item.kind, item.url) for item in third_party_requests(page, "own.example.gov.cn")]
    assert found == [("脚本", "https://cdn.example.com/a.js"), ("样式表或字体", "//fonts.example.net/css"),
                     ("样式表", "https://css.example.org/b.css"), ("字体或图片", "https://img.example.org/c.png"),
                     ("内嵌网页", "https://video.example.cn/v")]
    assert third_party_requests(page.replace("İ", "I"), "own.example.gov.cn") == third_party_requests(page, "own.example.gov.cn")


def test_fixed_host_overrides_keep_healthboard_and_its_footer_stays_on_its_own_pages(tmp_path, capsys):
    fixed = '{% extends "healthboard/main.html" %}\n{% block extrahead %}{{ super() }}<meta name="x" content="y">{% endblock %}\n'
    root = _host(tmp_path, fixed, '<div class="md-copyright">{% include "healthboard/footer.html" %}社区版权</div>\n')
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 0
    err = capsys.readouterr().err
    assert "W_OVERRIDE_HIDES" not in err, err
    site = root / "site"
    article, home = _soup(site / "articles" / "wash-hands" / "index.html"), _soup(site / "index.html")
    assert article.select_one(".hb-tools .hb-elder-toggle") is not None and home.select_one(".hb-tools") is not None
    assert "测试区" in article.title.text  # district in the page title, from healthboard's main.html
    assert article.select_one(".hb-hotlines") is not None  # healthboard's page
    assert home.select_one(".hb-hotlines") is None  # the host's own page keeps its footer


def test_host_block_without_super_is_named(tmp_path, capsys):
    hiding = '{% extends "healthboard/main.html" %}\n\n{% block scripts %}<script src="js/x.js"></script>{% endblock %}\n'
    root = _host(tmp_path, hiding)
    assert main(["build", "-f", str(root / "mkdocs.yml")]) == 0
    err = capsys.readouterr().err
    assert "[W_OVERRIDE_HIDES] overrides/main.html 第 3 行" in err and "{{ super() }}" in err, err


def test_example_built_without_healthboard_publishes_nothing_private(tmp_path):
    root = copy_example(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").split("  - healthboard:")[0], encoding="utf-8")
    built = load_config(str(config))
    build(built)
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in Path(built.site_dir).rglob("*") if p.is_file())
    phones = re.findall(r"phone:\s*\"?([0-9-]{6,})", (REPO / "docs/_data/boards.yml").read_text(encoding="utf-8"))
    posters = [line.split(",")[3] for line in (REPO / "docs/_data/postings.csv").read_text(encoding="utf-8-sig").splitlines()[1:] if line.strip()]
    drafts = [re.search(r"^title: (.+)$", d.read_text(encoding="utf-8"), re.M)[1] for d in (REPO / "docs/articles/drafts").glob("*.md")]
    assert phones and posters and drafts
    for secret in phones + posters + drafts + ["salt-reduction"]:
        assert secret not in text, secret
    assert not (Path(built.site_dir) / "_data").exists()
