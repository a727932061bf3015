"""`healthboard nginx` run for real: Debian's nginx serves the built example with the generated
configuration; Chromium follows a board code through it (one redirect, compressed, no CSP
violation), and `healthboard scans` counts exactly the requests made here from nginx's own log."""
from __future__ import annotations

import gzip
import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import NetworkLog, free_port, nginx
from healthboard.cli import main as cli

WECHAT = ("Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64")
OLD_HOST, OLD_PATH = "https://old-health.example.gov.cn/jiankang/", "https://health.example.gov.cn/health-old/"
CODE_A = "q/rabies/?b=dh-center-1&e=1"
CODE_B = "q/hand-washing/?b=dh-center-2&e=1"


@pytest.fixture(scope="module")
def server(example, tmp_path_factory):
    """nginx on a free loopback port serving the example at its sub-path, with two old addresses."""
    root = Path(example.config_file_path).parent
    work = tmp_path_factory.mktemp("nginx")
    config = root / "mkdocs-nginx.yml"  # the example's settings with old addresses to forward
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("  - healthboard:\n", f"  - healthboard:\n      previous_site_urls: [{OLD_HOST}, {OLD_PATH}]\n", 1), encoding="utf-8")
    port = free_port()
    conf, log = work / "healthboard.conf", work / "access.log"
    assert cli(["nginx", "-f", str(config), "-d", example.site_dir, "--listen", f"127.0.0.1:{port}", "--access-log", str(log), "-o", str(conf)]) == 0
    with nginx(conf, work, port) as base:
        yield base + urlsplit(example.site_url).path, log, root


def fetch(url: str, method: str = "GET", agent: str = WECHAT, source: str = "127.0.0.1", host: str | None = None, gzip_ok: bool = True):
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10, source_address=(source, 0))
    headers = {"User-Agent": agent, **({"Accept-Encoding": "gzip"} if gzip_ok else {}), **({"Host": host} if host else {})}
    conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_a_board_code_through_nginx_in_chromium(server, browser):
    base, _, _ = server
    context = browser.new_context(viewport={"width": 375, "height": 667}, user_agent=WECHAT, is_mobile=True)
    page = context.new_page()
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    log = NetworkLog(page)
    response = page.goto(base + CODE_A, wait_until="networkidle")
    assert page.url == base + "articles/rabies/?b=dh-center-1&e=1"  # straight to the article, board and edition kept
    first = response.request.redirected_from
    assert first is not None and first.redirected_from is None and first.url == base + CODE_A  # one redirect
    assert first.response().status == 301 and response.status == 200
    assert page.locator("h1").first.inner_text() == "被猫狗抓咬伤，立刻冲洗打疫苗"
    # Search works under the CSP (its worker and index are the site's own).
    page.locator("label.md-header__button[for=__search]").click()
    page.fill(".md-search__input", "洗手")
    page.press(".md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    violations = page.evaluate("window.__csp")
    assert violations == [] and not [m for m in console if "Content Security Policy" in m], (violations, console)
    assert log.foreign == []
    encodings = {url: page.evaluate("u => performance.getEntriesByName(u).map(e => e.encodedBodySize < e.decodedBodySize)", url) for url in log.sizes}
    compressed = [u for u, flags in encodings.items() if flags and flags[0]]
    assert any(u.endswith(".css") for u in compressed) and any(u.endswith(".js") for u in compressed) and any("articles/rabies/" in u for u in compressed)
    context.close()


def test_headers_caching_listings_and_old_addresses(server):
    base, _, _ = server
    response, body = fetch(base + "articles/rabies/")
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip" and "被猫狗抓咬伤" in gzip.decompress(body).decode()
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("X-Content-Type-Options") == "nosniff" and response.getheader("Referrer-Policy") == "same-origin"
    csp = response.getheader("Content-Security-Policy")
    assert "script-src 'self' 'sha256-" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    bundle = next(p for p in (Path(server[2]) / "site/assets/javascripts").glob("bundle.*.min.js"))
    response, _ = fetch(base + f"assets/javascripts/{bundle.name}")
    assert response.status == 200 and "immutable" in response.getheader("Cache-Control") and response.getheader("Content-Encoding") == "gzip"
    response, _ = fetch(base + "assets/")  # a folder without index.html: no listing
    assert response.status in (403, 404)
    response, body = fetch(base + "q/no-such-article/")
    assert response.status == 404 and "404" in gzip.decompress(body).decode()
    # Old addresses forward with path and query, so codes printed with them still open.
    response, _ = fetch(base.replace("/qinglan/", "/jiankang/") + CODE_A, host="old-health.example.gov.cn")
    assert response.status == 301 and response.getheader("Location") == "https://health.example.gov.cn/qinglan/" + CODE_A
    response, _ = fetch(base.replace("/qinglan/", "/health-old/") + CODE_A)
    assert response.status == 301 and response.getheader("Location") == "/qinglan/" + CODE_A
    response, _ = fetch(base + "q/rabies?b=x&e=2")  # no slash: still the server's redirect
    assert response.status == 301 and response.getheader("Location") == "/qinglan/articles/rabies/?b=x&e=2"


def test_scans_counts_exactly_the_requests_made_here(server, tmp_path, capsys, browser):
    base, log, root = server
    test_a_board_code_through_nginx_in_chromium(server, browser)  # code A by a phone on 127.0.0.1 (maybe again: one scan)
    fetch(base + CODE_A)  # the same phone again within half an hour: not another scan
    fetch(base + CODE_B, source="127.0.0.2")  # another phone
    fetch(base + CODE_B, source="127.0.0.2", agent="Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)")
    fetch(base + CODE_A, method="POST", source="127.0.0.3")
    fetch(base + "q/no-such-article/?b=dh-center-1&e=1", source="127.0.0.3")
    out = tmp_path / "scans.csv"
    assert cli(["scans", "-f", str(root / "mkdocs.yml"), str(log), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    rows = [line.split(",") for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    counted = {(r[1], r[4]): int(r[6]) for r in rows}
    assert counted == {("dh-center-1", "rabies"): 1, ("dh-center-2", "hand-washing"): 1}
    assert "爬虫和工具 1 次" in text and "非 GET/HEAD 请求 1 次" in text and "30 分钟内同一手机重复扫同一码" in text
    # Every line nginx wrote is one `scans` can read.
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["time"] for line in lines)
