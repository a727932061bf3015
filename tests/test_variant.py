"""The 繁體 copy: converted with OpenCC, its own path, language, search, QR codes and print pages."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pypdfium2
import zxingcpp
from bs4 import BeautifulSoup
from weasyprint import HTML

from healthboard import links
from healthboard.variant import Variant
from helpers import decode_svgs


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_opencc_configurations():
    assert Variant("zh-hant/", "s2t").convert("健康教育宣传栏") == "健康教育宣傳欄"
    assert Variant("zh-hant/", "s2twp").convert("打印软件") == "列印軟體"  # Taiwan usage
    assert Variant("zh-hant/", "s2hk").convert("卫生") == "衞生"  # Hong Kong forms
    # s2t's old forms (喫飯, 纔, 淋溼, 起牀) in the forms Taiwan and Hong Kong readers use, from the phrase list
    assert Variant("zh-hant/", "s2t").convert("饭前要吃饭才淋湿起床") == "飯前要吃飯才淋濕起床"
    assert Variant("zh-hant/", "s2twp").convert("吃饭") == "吃飯"


def test_traditional_site_has_no_old_forms(example):
    site = Path(example.site_dir)
    text = "".join(p.read_text(encoding="utf-8") for p in (site / "zh-hant/articles").rglob("index.html"))
    assert "吃" in text and not set("喫纔溼牀麪羣爲") & set(text)


def test_traditional_article_page(example):
    site = Path(example.site_dir)
    page = _soup(site / "zh-hant/articles/rabies/index.html")
    assert page.html["lang"] == "zh-Hant"
    assert page.title.string == "被貓狗抓咬傷，立刻沖洗打疫苗 - 青嵐區健康教育"
    assert page.h1.get_text() == "被貓狗抓咬傷，立刻沖洗打疫苗"
    assert "資訊來源" not in page.get_text() and "信息來源" in page.get_text()  # s2t keeps mainland wording
    nav = [a.get_text(strip=True) for a in page.select(".md-nav--primary .md-nav__link")]
    assert "往期宣傳欄" in nav and "往期宣传栏" not in nav  # the navigation itself is converted


def test_language_switch_both_ways(example):
    site = Path(example.site_dir)
    for here, other in (("articles/rabies/", "zh-hant/articles/rabies/"), ("zh-hant/articles/rabies/", "articles/rabies/"), ("", "zh-hant/")):
        link = _soup(site / here / "index.html").select_one("a.hb-variant")
        assert urljoin(example.site_url + here, link["href"]) == example.site_url + other
        assert (site / other / "index.html").is_file()


def test_traditional_site_has_its_own_search(example):
    site = Path(example.site_dir)
    own = json.loads((site / "zh-hant/search/search_index.json").read_text(encoding="utf-8"))
    main = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert own["config"]["lang"] == main["config"]["lang"] == ["zh"]  # jieba segmentation for both
    texts = " ".join(d["text"] + d["title"] for d in own["docs"])
    assert "狂犬病" in texts and "傷" in texts and "伤" not in texts
    assert not [d for d in main["docs"] if d["location"].startswith("zh-hant/")]


def test_traditional_qr_codes_point_to_traditional_pages(example):
    site = Path(example.site_dir)
    svg = str(_soup(site / "zh-hant/articles/rabies/index.html").select_one(".hb-qr svg"))
    url = example.site_url + "zh-hant/q/rabies/"
    assert decode_svgs([svg]) == [[url]]
    assert links.resolve(site, example.site_url, url) is None
    board = site / "zh-hant/print/1/dh-liuyuan/index.html"
    assert "健康教育宣傳欄" in board.read_text(encoding="utf-8")
    page = pypdfium2.PdfDocument(HTML(filename=str(board)).write_pdf())[0]
    found = {r.text for r in zxingcpp.read_barcodes(page.render(scale=1.2).to_pil())}
    assert example.site_url + "zh-hant/q/rabies/?b=dh-liuyuan&e=1" in found
    manifest = {p.url for p in links.read_manifest(Path(example.config_file_path).parent / "printed-urls.txt")}
    assert example.site_url + "zh-hant/q/rabies/?b=dh-liuyuan&e=1" in manifest


def test_traditional_print_previews_show_traditional_text(example):
    """The preview on the 繁體 print index is drawn from the converted page, not the simplified one."""
    from PIL import Image, ImageChops

    site = Path(example.site_dir)
    simplified = Image.open(site / "print/1/preview-600x800-feature.png").convert("L")
    traditional = Image.open(site / "zh-hant/print/1/preview-600x800-feature.png").convert("L")
    assert simplified.size == traditional.size
    # The masthead title (健康教育宣传栏 / 宣傳欄) has no QR code in it: only the script can differ there.
    title = (0, 0, simplified.width // 2, simplified.height // 20)
    assert ImageChops.difference(simplified.crop(title), traditional.crop(title)).getbbox() is not None
