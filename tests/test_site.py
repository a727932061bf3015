"""The example district's built site, read back as a resident's browser would get it."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

from healthboard import links
from helpers import decode_svgs


def _articles(built) -> dict:
    return dict(built.content.articles)


def _html(config, rel: str) -> BeautifulSoup:
    return BeautifulSoup((Path(config.site_dir) / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_approved_article_has_a_page_and_drafts_have_none(example):
    articles = _articles(example)
    assert len([a for a in articles.values() if not a.is_draft]) >= 12
    for a in articles.values():
        page = Path(example.site_dir) / a.src_uri.removesuffix(".md") / "index.html"
        assert page.is_file() != a.is_draft, a.id
        if not a.is_draft:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            assert soup.find("h1").get_text(strip=True) == a.title


def test_short_links_redirect_to_the_article_keeping_the_query(example):
    site = Path(example.site_dir)
    scripts = set()
    for a in _articles(example).values():
        if a.is_draft:
            assert not (site / "q" / a.id).exists()
            continue
        soup = _html(example, f"q/{a.id}")
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
        target = refresh.split("url=", 1)[1]
        # Resolve like a browser does, relative to the short link's own URL.
        landed = urljoin(example.site_url + f"q/{a.id}/", target)
        assert landed == example.site_url + a.src_uri.removesuffix(".md") + "/"
        assert soup.find(id="hb-go")["href"] == target  # what the script forwards to, query and hash kept
        scripts.add(soup.find("script").string)
        assert links.resolve(site, example.site_url, example.site_url + f"q/{a.id}/?b=x&e=1") is None
    assert len(scripts) == 1  # one script for all: one hash in the web server's Content-Security-Policy


def test_every_article_qr_code_decodes_to_its_short_url(example):
    expected, svgs = [], []
    for a in _articles(example).values():
        if a.is_draft:
            continue
        soup = _html(example, a.src_uri.removesuffix(".md"))
        codes = soup.select(".hb-qr svg")
        assert len(codes) == 1, a.id
        svgs.append(str(codes[0]))
        url = example.site_url + f"q/{a.id}/"
        expected.append([url])
        assert soup.select_one(".hb-short-url").get_text(strip=True) == url
    assert decode_svgs(svgs) == expected


def test_article_shows_sources_review_and_footer_hotlines(example):
    soup = _html(example, "articles/rabies")
    sources = [li.get_text(strip=True) for li in soup.select(".hb-sources li")]
    assert any("第13条" in s for s in sources)
    assert "青岚区疾病预防控制中心" in soup.select_one(".hb-review").get_text()
    assert "2026年6月30日" in soup.select_one(".hb-review").get_text()
    footer = soup.select_one(".hb-hotlines").get_text()
    assert "12345" in footer and "12320" in footer


def test_review_line_is_a_list_and_urls_break_only_after_slash_or_dot(example):
    """No "·" can dangle at a line's end (items are kept whole, the dot is drawn before an item), and a
    short URL wraps only where a reader expects it."""
    soup = _html(example, "articles/rabies")
    review = soup.select_one("ul.hb-review")
    assert [li.get_text(strip=True)[:3] for li in review.select("li")] == ["审核：", "发布："] and "·" not in review.get_text()
    css = (Path(example.site_dir) / "assets/healthboard/healthboard.css").read_text(encoding="utf-8")
    assert re.search(r"ul\.hb-review li\s*\{\s*display:\s*inline-block", css) and re.search(r'li\s*\+\s*li::before\s*\{\s*content:\s*"·"', css)
    for link in soup.select(".hb-short-url"):
        parts = str(link).split("<wbr/>")
        assert len(parts) > 3 and all(part.endswith(("/", ".")) for part in parts[:-1]), link
    assert "overflow-wrap: anywhere" not in css.split(".hb-qr figcaption")[1].split("}")[0]


def test_search_finds_a_word_from_the_middle_of_a_sentence(example):
    index = json.loads((Path(example.site_dir) / "search/search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    article_terms = set()
    for doc in index["docs"]:
        if doc["location"].startswith("articles/hand-washing/"):
            article_terms.update(t for t in separator.split(doc["text"]) if t)
    # "流动水加肥皂" style sentences: the word 肥皂 sits mid-sentence in the article body.
    assert "肥皂" in article_terms
    assert "洗手液" in article_terms


def test_topic_edition_and_home_pages(example):
    content = example.content
    for topic in content.topics:
        soup = _html(example, f"topics/{topic.id}")
        listed = {a.get_text(strip=True) for a in soup.select("article h2 a")}
        assert listed == {a.title for a in content.articles_of(topic)}
    archive = _html(example, "editions")
    text = archive.get_text()
    for e in content.editions:
        assert e.label in text and e.theme in text
        page = _html(example, f"editions/{e.number}")
        titles = [a.get_text(strip=True) for a in page.select("article h2 a")]
        assert titles == [content.articles[i].title for i in e.articles]
    home = _html(example, "").get_text()
    latest = content.latest_edition
    assert latest.label in home and content.updates[0].title in home


THIRD_PARTY_OK = {"www.w3.org"}  # XML namespaces, never fetched


_URL = re.compile(r"""(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})""", re.I)
_CSS_FETCH = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)


def _hosts_referenced(site: Path, own_host: str) -> dict[str, set[str]]:
    """Hosts that built pages would fetch from: HTML attributes, inline script/style, CSS url()/@import.

    Vendored JS bundles are not scanned as text (their licence comments name many hosts); what
    they fetch at run time is checked in the browser test.
    """
    found: dict[str, set[str]] = {}
    for path in site.rglob("*"):
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            refs = [str(v) for tag in soup.find_all(True) for k, v in tag.attrs.items() if k in ("src", "href", "srcset", "action", "poster", "data", "content")]
            refs += [s.string or "" for s in soup.find_all(["style", "script"])]
        elif path.suffix == ".css":
            css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
            refs = _CSS_FETCH.findall(css)
        else:
            continue
        for host in _URL.findall(" ".join(refs)):
            if host != own_host and host not in THIRD_PARTY_OK:
                found.setdefault(host, set()).add(str(path.relative_to(site)))
    return found


def test_no_built_file_references_a_third_party_host(example):
    own = urlsplit(example.site_url).hostname
    found = _hosts_referenced(Path(example.site_dir), own)
    assert found == {}, found


def _search_docs(example) -> list[dict]:
    return json.loads((Path(example.site_dir) / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_search_sections_keep_their_own_headings(example):
    docs = _search_docs(example)
    titles = {d["location"]: d["title"].replace("\u200b", "") for d in docs}
    assert titles["articles/hand-washing/#_3"] == "怎样洗才干净"  # not run together with what follows
    # An article's sources, share block and code are on its page but not in the index: a search for a
    # source document would list every article that cites it, each with a section of its own.
    assert [d for d in docs if d["location"].startswith("articles/hand-washing/")]
    indexed = "".join(d["title"] + d["text"] for d in docs if d["location"].startswith("articles/")).replace("\u200b", "")
    assert not [w for w in ("信息来源", "分享给家人", "扫码阅读全文", "审核：") if w in indexed]
    # A topic page is found by its name; its list of articles is not indexed again beside the articles.
    topic = example.content.topics[0]
    [page] = [d for d in docs if d["location"] == f"topics/{topic.id}/"]
    listed = [a.title for a in example.content.articles_of(topic)]
    assert page["title"].replace("\u200b", "") == topic.name and listed
    assert not [d for d in docs if d["location"].startswith(f"topics/{topic.id}/#")] and not page["text"]


def test_search_keeps_health_words_whole_and_indexes_the_words_inside(example):
    docs = _search_docs(example)
    text = "".join(d["title"] + "\u200b" + d["text"] for d in docs)
    assert "\u200b病媒生物" in text and "\u200b健康素养" in text  # from the health-words dictionary
    tb = next(d for d in docs if d["location"] == "articles/tuberculosis/")
    assert "结核" in tb["hb_words"].split()  # 结核 inside 肺结核: a search for 结核 finds this page
    index = json.loads((Path(example.site_dir) / "search/search_index.json").read_text(encoding="utf-8"))
    assert "hb_words" in index["config"]["fields"]


def test_home_page_starts_with_the_current_edition_and_names_the_site_once(example):
    soup = _html(example, "")
    h1, first_h2 = soup.select_one("article h1"), soup.select_one("article h2")
    assert h1.get_text(strip=True) != "青岚区健康教育" and first_h2.get_text(strip=True).startswith("本期宣传栏：第3期")
    text = soup.select_one("article").get_text()
    assert text.index("本期宣传栏") < text.index("欢迎来到") < text.index("最新动态")  # the edition first, updates and health days last


def test_an_overdue_board_says_why_inside_its_warning(example):
    """Each grid's ledger page: the warning box of an overdue board, in that board's section, holds its
    reason (the last posting and the due date, or that there is none), not an empty title with the
    text after it."""
    pages = sorted(Path(example.site_dir).glob("ledger/grids/*/index.html"))
    warned = 0
    for page in pages:
        for box in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".admonition.warning"):
            warned += 1
            section = box.find_previous("h2")
            assert section is not None and section.get("id"), (page.parent.name, str(box))
            reason = " ".join(p.get_text() for p in box.find_all("p") if "admonition-title" not in (p.get("class") or []))
            assert re.search(r"应于 \d{4}年\d{1,2}月\d{1,2}日 前更换|尚无张贴记录", reason), (page.parent.name, section["id"], str(box))
    assert warned, "no overdue board in the example: the test proves nothing"


def test_every_board_in_the_ledger_leads_to_its_own_section(example):
    """The ledger lists every board of the registry; each name leads to that board's section of its
    grid's page (one page per grid, not per board: a city has thousands)."""
    site = Path(example.site_dir)
    index = BeautifulSoup((site / "ledger/index.html").read_text(encoding="utf-8"), "html.parser")
    ids = {b["id"] for b in yaml.safe_load((Path(example.config_file_path).parent / "docs/_data/boards.yml").read_text(encoding="utf-8"))}
    seen = set()
    for a in index.select("table tbody tr td:first-child a"):
        page, anchor = a["href"].split("#")
        target = BeautifulSoup((site / "ledger" / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        heading = target.find(id=anchor)
        assert heading is not None and heading.name == "h2", a["href"]
        assert a.get_text(strip=True) in heading.get_text()
        seen.add(anchor)
    assert seen == ids
    assert len(list(site.glob("ledger/grids/*/index.html"))) < len(ids)
    # The overdue warning's boards lead to their sections too.
    late = index.select(".admonition.warning li a")
    assert late and {a["href"] for a in late} <= {a["href"] for a in index.select("table tbody tr td:first-child a")}
