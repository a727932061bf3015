"""What residents' phones get, judged in a real browser (Debian's Chromium through Playwright)."""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from browser import NetworkLog

PHONE = {"width": 375, "height": 667}
BIG_PHONE = {"width": 414, "height": 896}
ARTICLE = "articles/rabies/"
_axe = Axe()


def _serious(page) -> list[tuple[str, str, list]]:
    results = _axe.run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(params=[PHONE, BIG_PHONE], ids=["375x667", "414x896"])
def phone(browser, request):
    """A small and a large phone screen: every resident-facing check runs on both."""
    context = browser.new_context(viewport=request.param, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", ["", ARTICLE, "editions/", "print/1/", "print/1/dh-liuyuan/", "ledger/", "calendar/", "zh-hant/" + ARTICLE])
def test_axe_finds_no_serious_violation(phone, served, path):
    phone.goto(served + path, wait_until="networkidle")
    assert _serious(phone) == []


def test_axe_in_elder_mode(phone, served):
    phone.goto(served + ARTICLE, wait_until="networkidle")
    phone.click(".hb-elder-toggle")
    # Contrast is judged on final colours: wait until the theme's transitions have finished.
    phone.wait_for_function("document.documentElement.classList.contains('hb-elder') && document.getAnimations().length === 0")
    assert _serious(phone) == []


def _layout_problems(page) -> list[str]:
    return page.evaluate("""() => {
        const problems = [];
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth > width + 1) problems.push("page scrolls sideways: " + document.documentElement.scrollWidth);
        for (const el of document.querySelectorAll(".md-content p, .md-content h1, .md-content h2, .md-content li, .hb-share a, .hb-copy, .hb-tool")) {
            if (el.closest(".md-typeset__scrollwrap")) continue;  // wide tables scroll on purpose
            const r = el.getBoundingClientRect();
            if (r.width === 0) continue;
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") problems.push("clipped: " + el.textContent.slice(0, 20));
            if (r.right > width + 1 || r.left < -1) problems.push("off screen: " + el.textContent.slice(0, 20));
        }
        // On a phone the share block stands where the code would (the code is for paper and monitors).
        const share = document.querySelector(".hb-share").getBoundingClientRect();
        if (share.right > width + 1 || share.width < 200) problems.push("share block does not fit: " + share.left + "-" + share.right);
        const tools = [...document.querySelectorAll(".hb-tool:not([hidden])")].map(b => b.getBoundingClientRect());
        for (let i = 0; i < tools.length; i++) for (let j = i + 1; j < tools.length; j++) {
            const a = tools[i], b = tools[j];
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) problems.push("buttons overlap");
        }
        return problems;
    }""")


@pytest.mark.parametrize("elder", [False, True])
def test_phone_layout_has_nothing_cut_off(phone, served, elder):
    phone.goto(served + ARTICLE, wait_until="networkidle")
    if elder:
        phone.click(".hb-elder-toggle")
    assert _layout_problems(phone) == []


@pytest.mark.parametrize("path", ["print/", "print/1/", "ledger/", "editions/"])
def test_staff_pages_fit_a_phone_without_sideways_scrolling(phone, served, path):
    """Community officers open the print index and the ledger on their phones too."""
    phone.goto(served + path, wait_until="networkidle")
    width = phone.evaluate("document.documentElement.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= width + 1
    if path.startswith("print/"):
        card = phone.locator(".hb-board-row").first.bounding_box()
        assert card["x"] >= 0 and card["x"] + card["width"] <= width + 1
        assert phone.locator(".hb-board-row td[data-label='地址']").first.evaluate("e => getComputedStyle(e, '::before').content") == '"地址："'


def _px(page, selector: str, prop: str) -> float:
    return float(page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}").removesuffix("px"))


def test_text_sizes_normal_and_elder_mode_remembered(phone, served):
    phone.goto(served + ARTICLE, wait_until="networkidle")
    assert _px(phone, ".md-typeset p", "fontSize") >= 18
    # the title is dark and bold in the normal mode (contrast over 7:1 on white)
    assert phone.eval_on_selector(".md-typeset h1", "e => getComputedStyle(e).color") == "rgb(26, 26, 26)"
    assert int(phone.eval_on_selector(".md-typeset h1", "e => getComputedStyle(e).fontWeight")) >= 700
    toggle = phone.locator(".hb-elder-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    size = _px(phone, ".md-typeset p", "fontSize")
    assert size >= 24 and _px(phone, ".md-typeset p", "lineHeight") >= 1.5 * size
    for button in phone.locator(".hb-tool:visible").all() + phone.locator(".hb-hotlines a").all():
        box = button.bounding_box()
        assert box["width"] >= 60 and box["height"] >= 60, button.text_content()  # the footer's hotlines too
    phone.goto(served + "editions/", wait_until="networkidle")  # another page: still on
    assert "hb-elder" in phone.evaluate("document.documentElement.className")
    assert phone.locator(".hb-elder-toggle").get_attribute("aria-pressed") == "true"


FAKE_SPEECH = """
window.__spoken = []; window.__cancelled = 0; window.__voices = VOICES; window.__listeners = [];
class FakeUtterance { constructor(text) { this.text = text; this.lang = ""; } }
window.SpeechSynthesisUtterance = FakeUtterance;
Object.defineProperty(window, "speechSynthesis", { value: {
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); setTimeout(() => u.onend && u.onend(), 5); },
  cancel() { window.__cancelled += 1; }, pause() {}, resume() {},
  getVoices() { return window.__voices; },
  addEventListener(name, fn) { if (name === "voiceschanged") window.__listeners.push(fn); },
}});
"""
CHINESE_VOICES = '[{lang: "zh-CN", name: "普通话"}, {lang: "zh-TW", name: "國語"}, {lang: "en-US", name: "English"}]'


def _speech(voices: str = CHINESE_VOICES) -> str:
    return FAKE_SPEECH.replace("VOICES", voices)


def test_read_aloud_speaks_sentence_by_sentence_in_chinese(browser, served, example):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(_speech())
    page = context.new_page()
    page.goto(served + ARTICLE, wait_until="networkidle")
    read = page.locator(".hb-read")
    assert read.is_visible()
    read.click()
    page.wait_for_function("document.querySelector('.hb-read').dataset.state === 'idle'", timeout=10000)
    spoken = page.evaluate("window.__spoken")
    context.close()
    assert {s["lang"] for s in spoken} == {"zh-CN"}
    assert spoken[0]["text"] == "被猫狗抓咬伤，立刻冲洗打疫苗"
    assert "狂犬病一旦发病，几乎百分之百死亡，但它是可以预防的。" in [s["text"] for s in spoken]
    assert max(len(s["text"]) for s in spoken) < 120  # short utterances: Chrome cuts long ones off
    assert not any("信息来源" in s["text"] or "扫码" in s["text"] for s in spoken)


def test_read_aloud_is_hidden_where_the_api_is_missing(browser, served):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page = context.new_page()
    page.goto(served + ARTICLE, wait_until="networkidle")
    assert not page.locator(".hb-read").is_visible() and not page.locator(".hb-read-stop").is_visible()
    assert page.locator(".hb-elder-toggle").is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, BIG_PHONE])
def test_article_from_a_qr_code_is_light_and_local(browser, served, viewport):
    context = browser.new_context(viewport=viewport, device_scale_factor=2, is_mobile=True, has_touch=True)
    phone = context.new_page()
    log = NetworkLog(phone)
    phone.goto(served + "q/rabies/?b=dh-center-1&e=1", wait_until="networkidle")
    assert phone.url == served + ARTICLE + "?b=dh-center-1&e=1"  # the query survives the redirect
    assert log.foreign == []
    weights = "\n".join(f"{n:>7} {u}" for u, n in sorted(log.sizes.items(), key=lambda kv: -kv[1]))
    # Light: ≤ 70 KB over the wire (gzip) in ≤ 8 requests, the redirect included; no search index until asked for.
    assert log.bytes <= 70_000 and len(log.requests) <= 8, f"{log.bytes} bytes in {len(log.requests)} requests:\n{weights}"
    assert not [u for u in log.requests if "search_index" in u or "lunr" in u]
    # the counter really counted: the article page itself and the theme's script arrived with their sizes
    assert any(u.endswith(ARTICLE + "?b=dh-center-1&e=1") for u in log.sizes) and all(n > 0 for n in log.sizes.values())
    assert log.bytes > 30 * 1024 and len(log.sizes) == len(log.requests)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, BIG_PHONE])
def test_search_index_loads_when_search_opens_and_finds_words_inside_words(browser, served, viewport):
    context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True)
    page = context.new_page()
    log = NetworkLog(page)
    page.goto(served + ARTICLE, wait_until="networkidle")
    assert not [u for u in log.requests if "search_index" in u]
    page.locator("label.md-header__button[for=__search]").click()
    page.fill(".md-search__input", "结核")
    page.press(".md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert [u for u in log.requests if u.endswith("search/search_index.json")]
    found = page.evaluate("[...document.querySelectorAll('.md-search-result__link')].map(a => a.getAttribute('href'))")
    # 结核 is inside 肺结核: the TB article and the 第3期 page that only says 肺结核 are found.
    assert any("articles/tuberculosis/" in h for h in found) and any("editions/3/" in h for h in found), found
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, BIG_PHONE])
def test_home_shows_the_current_edition_on_the_first_screen(browser, served, viewport):
    context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served, wait_until="networkidle")
    heading = page.locator("article h2").first
    assert heading.inner_text().startswith("本期宣传栏")
    first_article = page.locator("article h2 ~ ul a").first
    box = first_article.bounding_box()
    assert box is not None and box["y"] + box["height"] <= viewport["height"], box
    assert page.locator("article").inner_text().count("青岚区健康教育") <= 1  # the header names the site; the page need not again
    context.close()


def test_article_reads_without_javascript(browser, served):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "q/rabies/?b=dh-center-1&e=1", wait_until="load")
    page.wait_for_url("**/articles/rabies/", timeout=10000)  # meta refresh, no script
    assert page.locator("h1").first.inner_text() == "被猫狗抓咬伤，立刻冲洗打疫苗"
    assert page.locator("text=狂犬病一旦发病").first.is_visible()
    assert not page.locator(".hb-elder-toggle").is_visible()
    context.close()


def test_every_title_stands_on_its_own(example):
    site = Path(example.site_dir)
    for article in example.content.published:
        html = (site / article.src_uri.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert BeautifulSoup(html, "html.parser").title.string == f"{article.title} - 青岚区健康教育"
    for path in site.rglob("index.html"):
        title = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").title
        district = "青嵐區" if "zh-hant" in path.parts else "青岚区"
        assert title is not None and district in title.string, path


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE])
def test_print_page_on_screen_fits_the_window_and_states_the_true_size(browser, served, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(served + "print/3/dh-center-1/", wait_until="networkidle")
    box = page.locator(".hb-board").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # a 2.4 m board, whole on the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    toolbar = page.locator(".hb-toolbar").inner_text()
    assert "实际尺寸 2400×1200 毫米" in toolbar and "缩小到" in toolbar and page.locator("text=打印本页").is_visible()
    page.emulate_media(media="print")  # printing undoes the scaling: true size
    assert page.evaluate("getComputedStyle(document.querySelector('.hb-board')).transform") == "none"
    context.close()


def test_every_example_board_fits_in_chromium_too(browser, served, example):
    """Offices print from a browser: in Chromium's print layout no text ends outside its panel (1 mm
    tolerance) or the board, for every board page of the example (the CSS hides no overflow)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.emulate_media(media="print")
    site = Path(example.site_dir)
    boards = sorted(p.parent.relative_to(site).as_posix() for p in (site / "print").glob("*/*/index.html"))
    assert len(boards) >= 17
    for board in boards:
        page.goto(served + board + "/", wait_until="networkidle")
        assert _outside(page) == [], board
    page.add_style_tag(content=".hb-panel p { font-size: 300pt !important }")  # the check itself sees an overflow
    assert _outside(page)
    context.close()


def _outside(page) -> list[str]:
    """Text boxes that end more than 1 mm outside their panel, or parts outside the board."""
    return page.evaluate("""() => {
        const mm = 96 / 25.4, found = [];
        const outside = (inner, outer, what) => {
            const a = inner.getBoundingClientRect(), b = outer.getBoundingClientRect();
            const by = Math.max(a.bottom - b.bottom, a.right - b.right, b.left - a.left, b.top - a.top) / mm;
            if (by > 1) found.push(what + " " + by.toFixed(1) + " mm");
        };
        for (const panel of document.querySelectorAll(".hb-panel"))
            for (const part of panel.querySelectorAll("h2, p, figure, img")) outside(part, panel, panel.dataset.fit);
        const board = document.querySelector(".hb-board");
        for (const part of board.querySelectorAll("header, footer, .hb-panels")) outside(part, board, part.className);
        return found;
    }""")



@pytest.mark.parametrize("viewport", [PHONE, BIG_PHONE])
def test_read_aloud_waits_for_a_chinese_voice(browser, served, viewport):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(_speech("[]"))  # speech exists, but no voice yet (they load later, or never)
    page = context.new_page()
    page.goto(served + ARTICLE, wait_until="networkidle")
    assert not page.locator(".hb-read").is_visible()
    page.evaluate('window.__voices = [{lang: "en-US", name: "English"}]; window.__listeners.forEach(f => f())')
    assert not page.locator(".hb-read").is_visible()  # no Chinese voice: the phone would stay silent
    page.evaluate('window.__voices = [{lang: "zh_CN", name: "普通话"}]; window.__listeners.forEach(f => f())')
    assert page.locator(".hb-read").is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, BIG_PHONE])
def test_traditional_page_keeps_its_labels_and_voice(browser, served, viewport):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(_speech())
    page = context.new_page()
    page.goto(served + "zh-hant/" + ARTICLE, wait_until="networkidle")
    elder = page.locator(".hb-elder-toggle")
    assert elder.inner_text() == "長輩模式"
    elder.click()
    assert elder.inner_text() == "退出長輩模式"
    read = page.locator(".hb-read")
    assert read.inner_text() == "朗讀全文"
    read.click()
    page.wait_for_function("document.querySelector('.hb-read').dataset.state === 'idle'", timeout=10000)
    assert {s["lang"] for s in page.evaluate("window.__spoken")} == {"zh-TW"}
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, BIG_PHONE])
def test_after_the_scan_a_phone_gets_a_share_block_not_a_code(browser, served, viewport):
    context = browser.new_context(viewport=viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served + "q/rabies/?b=dh-center-1&e=3", wait_until="networkidle")
    assert not page.locator(".hb-qr").is_visible() and page.locator(".hb-share").is_visible()
    assert "被猫狗抓咬伤" in page.locator(".hb-share-title").inner_text()
    edition = page.locator(".hb-from-edition a")
    assert edition.is_visible() and page.evaluate("document.querySelector('.hb-from-edition a').href") == served + "editions/3/"
    page.locator(".hb-copy").click()
    page.wait_for_function("document.querySelector('.hb-copy').textContent.startsWith('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == "https://health.example.gov.cn/qinglan/q/rabies/"
    page.emulate_media(media="print")  # on paper the code is back
    assert page.locator(".hb-qr").is_visible() and not page.locator(".hb-share").is_visible()
    context.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 800})
    desk = wide.new_page()
    desk.goto(served + ARTICLE, wait_until="networkidle")  # a monitor: someone may scan it from there
    assert desk.locator(".hb-qr").is_visible() and not desk.locator(".hb-from-edition").is_visible()
    wide.close()
