"""Caches never serve a stale picture: a panel picture replaced under the same name shows everywhere."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from PIL import Image

from healthboard.cache import inputs_digest
from healthboard.cli import main as cli
from helpers import ARTICLE, write_project


def _png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 700), colour).save(out, format="PNG")
    return out.getvalue()


RED, BLUE = (220, 30, 30), (30, 30, 220)


def _pdf_colours(path: Path) -> set[tuple[int, int, int]]:
    """The colour of every raster picture inside a PDF."""
    colours = set()
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:  # pictures sit inside the shared base page's form XObject
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and obj.get("/Width", 0) > 100:
                image = pikepdf.PdfImage(obj).as_pil_image().convert("RGB")
                colours.add(image.getpixel((image.width // 2, image.height // 2)))
    return colours


def _preview_colours(png: Path) -> bool:
    image = Image.open(png).convert("RGB")
    return {image.getpixel((x, y)) for x in range(0, image.width, 4) for y in range(0, image.height, 4)}


def test_inputs_digest_follows_the_bytes_of_referenced_files(tmp_path):
    picture = tmp_path / "p.png"
    picture.write_bytes(_png(RED))
    html = '<img src="p.png"><div style="background: url(\'p.png\')"></div>'
    base = tmp_path.as_uri() + "/"
    first = inputs_digest(html, base)
    picture.write_bytes(_png(BLUE))
    assert inputs_digest(html, base) != first
    picture.write_bytes(_png(RED))
    assert inputs_digest(html, base) == first  # same bytes, same key: the cache is still used
    assert inputs_digest('<img src="data:image/png;base64,AAAA">', base) == inputs_digest("", base)


def test_replaced_picture_reaches_preview_and_pdf(tmp_path, capsys):
    article = ARTICLE.format(id="wash-hands", title="勤洗手", status="approved").replace("date: 2026-01-03", "date: 2026-01-03\nimage: /images/hand.png")
    root = write_project(tmp_path, files={"docs/articles/wash-hands.md": article, "docs/images/hand.png": _png(RED)})
    pdf_args = ["pdf", "-f", str(root / "mkdocs.yml"), "-o", str(root / "pdf"), "-q", "--jobs", "1", "--grid", "西片", "--no-per-board"]
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    assert cli(pdf_args) == 0
    shop = root / "pdf/第1期/西片_420x297mm.pdf"
    assert RED in _pdf_colours(shop)
    previews = sorted((root / "site/print").rglob("*.png"))
    assert previews and any(RED in _preview_colours(p) for p in previews)

    (root / "docs/images/hand.png").write_bytes(_png(BLUE))  # same name, new picture
    capsys.readouterr()
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    assert cli(pdf_args) == 0
    assert "未变 0 组" in capsys.readouterr().out
    assert BLUE in _pdf_colours(shop) and RED not in _pdf_colours(shop)
    previews = sorted((root / "site/print").rglob("*.png"))
    assert any(BLUE in _preview_colours(p) for p in previews) and not any(RED in _preview_colours(p) for p in previews)


def test_cache_command_reports_and_clears(tmp_path, capsys):
    root = write_project(tmp_path)
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    capsys.readouterr()
    assert cli(["cache", "-f", str(root / "mkdocs.yml")]) == 0
    assert "个文件，共" in capsys.readouterr().out
    assert cli(["cache", "-f", str(root / "mkdocs.yml"), "--clear"]) == 0
    assert "已清空缓存" in capsys.readouterr().out and not (root / ".healthboard-cache").exists()


def test_a_rebuild_with_nothing_changed_encodes_no_code(tmp_path, monkeypatch):
    """Nor draws one: the codes of the site and the boards come from the cache, their SVG paths with them."""
    from healthboard import qr

    # Its own address, and an empty memory: codes other tests encoded in this process do not count.
    root = write_project(tmp_path, site_url="https://rebuild.example.org/", plugin_extra="traditional:\n  enabled: true\n")
    qr.qr_matrix.cache_clear()
    qr._svg.cache_clear()
    encoded: list[int] = []  # codes encoded here, or kept after background workers encoded them
    real_keep, real_encode = qr.CodeBook._keep, qr._encode
    monkeypatch.setattr(qr.CodeBook, "_keep", lambda self, urls, *rest: (encoded.append(len(urls)), real_keep(self, urls, *rest))[1])
    monkeypatch.setattr(qr, "_encode", lambda urls, *rest: (encoded.append(len(urls)), real_encode(urls, *rest))[1])
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    assert sum(encoded) >= 4 + 2 + 2  # board codes, article codes, 繁體 article codes
    encoded.clear()
    # As a new process would start: nothing in memory, only the cache on disk.
    qr.qr_matrix.cache_clear()
    qr._svg.cache_clear()
    drawn: list[int] = []  # SVG paths drawn (they are kept with the codes, drawn where they were encoded)
    real_path = qr._path
    monkeypatch.setattr(qr, "_path", lambda matrix: (drawn.append(1), real_path(matrix))[1])
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    assert sum(encoded) == 0 and sum(drawn) == 0


def test_a_rebuild_with_nothing_changed_loads_no_drawing_library(tmp_path):
    """Print work and the ledger's XLSX come from the cache: WeasyPrint, pikepdf, pdfium and openpyxl
    are not even imported."""
    import subprocess
    import sys

    from helpers import write_project

    root = write_project(tmp_path / "p")
    probe = ("import sys; from healthboard.cli import main; code = main(['build', '-f', sys.argv[1]]); "
             "print('LOADED', sorted(m for m in ('weasyprint', 'pikepdf', 'pypdfium2', 'openpyxl') if m in sys.modules)); sys.exit(code)")
    runs, layouts = [], []
    for _ in range(2):
        runs.append(subprocess.run([sys.executable, "-c", probe, str(root / "mkdocs.yml")], capture_output=True, text=True))
        layouts.append(sorted(p.name for p in (root / ".healthboard-cache").rglob("*.json")))
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr[-2000:]
    assert layouts[0] and layouts[1] == layouts[0]  # the first build measured the layouts (in worker processes); the second, nothing new
    loaded = next(line for line in runs[1].stdout.splitlines() if line.startswith("LOADED"))
    assert loaded == "LOADED []", loaded
    # The first build's XLSX was written by another process meanwhile (openpyxl's import and the writing
    # off the build's own), and is whole in the site.
    first = next(line for line in runs[0].stdout.splitlines() if line.startswith("LOADED"))
    assert "openpyxl" not in first, first
    from openpyxl import load_workbook

    assert load_workbook(root / "site/ledger/ledger.xlsx").sheetnames[:3] == ["张贴台账", "逾期宣传栏", "各期文章"]


def test_a_rebuild_with_nothing_changed_loads_no_jieba_dictionary_and_indexes_the_same(tmp_path):
    """The search's segments are kept from the first build: the second reads no dictionary (0.8 s) and
    writes the same index; an edited article's new text is segmented again, health words whole."""
    import json
    import subprocess
    import sys

    from helpers import ARTICLE

    root = write_project(tmp_path / "p")
    probe = ("import sys, jieba; from healthboard.cli import main; code = main(['build', '-f', sys.argv[1]]); "
             "print('DICTIONARY', jieba.dt.initialized); sys.exit(code)")

    def build() -> tuple[str, str]:
        run = subprocess.run([sys.executable, "-c", probe, str(root / "mkdocs.yml")], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-2000:]
        return run.stdout.split("DICTIONARY ")[1].strip(), (root / "site/search/search_index.json").read_text(encoding="utf-8")

    (first, index), (second, again) = build(), build()
    assert (first, second) == ("True", "False") and again == index
    article = ARTICLE.format(id="wash-hands", title="勤洗手", status="approved") + "\n做好病媒生物防制。\n"
    (root / "docs/articles/wash-hands.md").write_text(article, encoding="utf-8")
    third, edited = build()
    texts = [d["text"] for d in json.loads(edited)["docs"]]
    assert third == "True" and any("\u200b病媒生物防制\u200b" in t for t in texts)


def test_a_rebuild_compiles_no_theme_template_and_an_edited_one_is_compiled_again(tmp_path, monkeypatch):
    """mkdocs-material's templates are compiled once, into the cache; an override edited under the same
    name is seen on the next build (Jinja checks each cached template against its source)."""
    import jinja2

    root = write_project(tmp_path)
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, *args, **kwargs):  # noqa: A001
        if name in ("base.html", "main.html"):
            compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    assert "base.html" in compiled
    compiled.clear()
    assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
    assert compiled == []
    overrides = root / "overrides"
    overrides.mkdir(exist_ok=True)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if "custom_dir" not in config:
        (root / "mkdocs.yml").write_text(config.replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1), encoding="utf-8")
    for marker in ("hb-marker-one", "hb-marker-two"):
        (overrides / "main.html").write_text('{% extends "base.html" %}{% block footer %}<p>' + marker + "</p>{{ super() }}{% endblock %}", encoding="utf-8")
        assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
        assert marker in (root / "site/index.html").read_text(encoding="utf-8")


def test_the_ledger_workbook_is_remade_when_a_cell_changes_and_only_then(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    from healthboard.cache import Cache
    from healthboard.ledger import workbook

    cache = Cache(tmp_path / "cache")
    sheets = [("张贴台账", ["宣传栏编号", "张贴日期"], [["b1", "2026-09-18"]])]
    first = workbook(sheets, "台账", cache)
    assert cache.misses == 1 and workbook(sheets, "台账", cache) == first and cache.hits == 1
    changed = workbook([("张贴台账", ["宣传栏编号", "张贴日期"], [["b1", "2026-09-19"]])], "台账", cache)
    assert load_workbook(io.BytesIO(changed)).active["B2"].value.date() == dt.date(2026, 9, 19)
    assert load_workbook(io.BytesIO(first)).active["B2"].value.date() == dt.date(2026, 9, 18)
    workbook(sheets, "另一个标题", cache)  # the title is printed in every page header
    assert (cache.hits, cache.misses) == (1, 3)


def test_board_pages_come_from_the_cache_until_something_they_show_changes(tmp_path, monkeypatch):
    """A re-run draws no board page (a city has thousands) nor print index again; a changed summary,
    board name or theme colour is drawn anew on the boards that show it, and only there (and in the
    indexes that list them)."""
    from healthboard.poster import output

    root = write_project(tmp_path)
    drawn: list[str] = []
    real, real_index = output.render_board, output.render_index
    monkeypatch.setattr(output, "render_board", lambda page, *a, **k: (drawn.append(page.board.id), real(page, *a, **k))[1])
    monkeypatch.setattr(output, "render_index", lambda shown, *a, **k: (drawn.append("index"), real_index(shown, *a, **k))[1])

    def build() -> dict[str, str]:
        drawn.clear()
        assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
        return {p.parent.name: p.read_text(encoding="utf-8") for p in (root / "site/print/1").glob("*/index.html")}

    first = build()
    assert sorted(drawn) == ["b1", "b2", "index", "index"]  # the edition's index and the overall one
    assert build() == first and drawn == []
    assert (root / "site/print/1/b1/index.html").stat().st_nlink == 2  # the cache file itself, not read and written again
    article = root / "docs/articles/wash-hands.md"
    article.write_text(article.read_text(encoding="utf-8").replace("summary: 这是一段摘要。", "summary: 换了一段新的摘要。"), encoding="utf-8")
    pages = build()
    assert sorted(drawn) == ["b1", "b2", "index", "index"] and all("换了一段新的摘要" in html for html in pages.values())
    registry = root / "docs/_data/boards.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("name: 二号栏", "name: 二号栏（新址）"), encoding="utf-8")
    pages = build()
    assert drawn == ["b2", "index", "index"] and "二号栏（新址）" in pages["b2"]
    assert "二号栏（新址）" in (root / "site/print/1/index.html").read_text(encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - healthboard:\n", "  - healthboard:\n      print:\n        theme:\n          color: '#aa3366'\n", 1), encoding="utf-8")
    pages = build()
    assert sorted(drawn) == ["b1", "b2", "index", "index"] and all("#aa3366" in html for html in pages.values())


def test_a_rebuild_keeps_the_traditional_print_pages_converted(tmp_path):
    """The 繁體 copy's board pages come from the same cache entries as the simplified ones and are
    converted again on a re-run, never linked as they were cached."""
    root = write_project(tmp_path, plugin_extra="traditional:\n  enabled: true\n")
    for _ in range(2):
        assert cli(["build", "-f", str(root / "mkdocs.yml")]) == 0
        simplified = (root / "site/print/1/b1/index.html").read_text(encoding="utf-8")
        traditional = (root / "site/zh-hant/print/1/b1/index.html").read_text(encoding="utf-8")
        assert "扫码阅读全文" in simplified and "掃碼閱讀全文" in traditional and "扫码阅读全文" not in traditional
