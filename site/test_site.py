"""The course website, built and looked at in headless Chromium the way a student would.

Run by `make site-test` (and .ci/run) in the site environment:
    .venv-site/bin/python -m pytest -c site/pytest.ini site/test_site.py
It stages and builds the site with -W (no warning allowed), serves build/site on 127.0.0.1
and drives Debian's chromium over the DevTools protocol on a pipe (--remote-debugging-pipe:
no port, no websocket, nothing downloaded). Screenshots of pages 00, 10 and 29 go to
$SITE_SHOTS (default build/site-shots). Without a chromium binary the browser tests skip,
saying how to install it; the build and the static checks still run.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "build" / "site-src"
OUT = ROOT / "build" / "site"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Pages that must show stored outputs (the others may show the "no outputs yet" banner).
WITH_OUTPUTS = ("00_course_setup.ipynb", "10_lenet5_mnist.ipynb", "29_seq2seq_attention_transformer.ipynb")
TRAINING_PAGE = "10_lenet5_mnist"  # a CNN trained on MNIST: curves, a prediction grid, a heatmap
SHOTS = ("00_course_setup", "10_lenet5_mnist", "29_seq2seq_attention_transformer")
COURSE = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["course"]


# ---- build ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def site() -> Path:
    stage = subprocess.run([sys.executable, str(ROOT / "tools" / "siteoutputs.py"), "stage", str(SRC)],
                           capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert stage.returncode == 0, stage.stderr
    started = time.perf_counter()
    build = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(SRC), str(OUT)],
                           capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    print(f"site built in {time.perf_counter() - started:.1f} s")
    assert build.returncode == 0 and "WARNING" not in build.stderr, build.stderr[-5000:]
    return OUT


def page_path(name: str) -> str:
    return f"notebooks/{name.removesuffix('.ipynb')}.html"


class Links(HTMLParser):
    """href/src of every element, the ids, and the text of <article> (what the reader reads)."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.anchors: list[dict] = []
        self.text: list[str] = []
        self._article = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for attr in ("href", "src"):
            if a.get(attr):
                self.urls.append((tag, attr, a[attr]))
        if tag == "a":
            self.anchors.append(a)
        if tag == "article":
            self._article += 1
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._article and not self._skip:
            self.text.append(data)


@functools.cache
def parsed(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_the_korean_splitter_indexes_each_word_with_its_prefixes():
    sys.path.insert(0, str(ROOT / "site" / "_ext"))
    import kosearch

    words = kosearch.SearchKorean({}).split("과대적합을 막는 Dropout을, 층에서 conv2d")
    assert {"과대적합을", "과대적합", "과대", "Dropout", "층에서", "층", "conv2d"} <= set(words)
    assert "을" not in words  # a particle glued to a Latin word is dropped, not indexed


# ---- static checks on the built HTML ----------------------------------------------------------
def test_every_notebook_has_a_page_that_says_which_run_it_shows(site):
    for name in NOTEBOOKS:
        html = (site / page_path(name)).read_text(encoding="utf-8")
        assert "REPO_DIR" not in html, f"{name}: the [course-bootstrap] cell is shown"
        boxes = re.findall(r'<div class="([^"]*\bcourse-run\b[^"]*)"', html)
        assert len(boxes) == 1, f"{name}: expected one run box, found {boxes}"
        if "course-run-none" in boxes[0]:
            assert name not in WITH_OUTPUTS, f"{name} must show stored outputs (tools/siteoutputs.py record)"
            assert "출력이 아직 없습니다" in html
            assert 'class="cell_output' not in html, f"{name}: outputs shown under the no-outputs banner"
        else:
            assert re.search(r"(fast|full) 모드.*Python 3\.\d+.*TensorFlow \d.*Keras \d", html), f"{name}: run not described"
            assert 'class="cell_output' in html, f"{name}: a run box but no output"
            if "course-run-stale" in boxes[0]:
                assert "지금과 다른 코드로 실행한 결과" in html


def test_launch_and_download_links_point_at_the_notebooks_own_path(site):
    repo, branch = COURSE["repository"], COURSE["branch"]
    for name in NOTEBOOKS:
        assert (ROOT / "notebooks" / name).exists()
        hrefs = [a.get("href", "") for a in parsed(site / page_path(name)).anchors]
        colab = f"https://colab.research.google.com/github/{repo}/blob/{branch}/notebooks/{name}"
        binder = f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/notebooks/{name}"
        assert hrefs.count(colab) >= 2, f"{name}: the theme's Colab button and the run box's link"
        assert hrefs.count(binder) >= 2, f"{name}: the theme's Binder button and the run box's link"
        download = f"../_sources/notebooks/{name}"
        assert download in hrefs, f"{name}: no download of the notebook"
        downloaded = json.loads((site / "notebooks" / download).read_text(encoding="utf-8"))
        outputs = sum(len(c.get("outputs", [])) for c in downloaded["cells"])
        if name in WITH_OUTPUTS:
            assert outputs > 0, f"{name}: the download has no outputs"


def test_no_broken_internal_link(site):
    checked = 0
    for page in sorted(site.rglob("*.html")):
        if page.parent.name == "_static":
            continue  # the theme's Jinja macro files, never served as pages
        for tag, attr, url in parsed(page).urls:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme or url.startswith(("//", "mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / urllib.parse.unquote(parts.path)).resolve() if parts.path else page
            assert target.is_relative_to(site.resolve()), f"{page.relative_to(site)}: {url} leaves the site"
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(site)}: <{tag} {attr}={url!r}> is broken"
            if parts.fragment and target.suffix == ".html" and tag == "a":
                assert parts.fragment in parsed(target).ids, f"{page.relative_to(site)}: {url}: no such anchor"
            checked += 1
    assert checked > 1000


# ---- the browser ---------------------------------------------------------------------------
class Chromium:
    """Just enough of the Chrome DevTools Protocol over --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, binary: str):
        self.profile = tempfile.mkdtemp(prefix="course-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds():  # in the child: its fd 3 reads our commands, its fd 4 writes the answers
            os.dup2(to_chrome_r, 100)
            os.dup2(from_chrome_w, 101)
            os.dup2(100, 3)
            os.dup2(101, 4)

        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                 "--disable-background-networking", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                 "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank"]  # fmt: skip
        self.proc = subprocess.Popen([binary, *flags], preexec_fn=fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._id = 0
        self.events: list[dict] = []
        target = next(t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=target["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=1280, height=900, deviceScaleFactor=1, mobile=False)

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: bool = False, timeout: float = 60, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]
            self.events.append(answer)

    def goto(self, url: str, timeout: float = 60) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._read_message(deadline))

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.2)
        raise TimeoutError(f"never true: {expression}")

    def screenshot(self, path: Path, full_page: bool = False) -> bytes:
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        png = base64.b64decode(self.call("Page.captureScreenshot", session=True, **params)["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        return png

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self.profile, ignore_errors=True)


def chromium_binary() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="session")
def server(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    binary = chromium_binary()
    if binary is None:
        pytest.skip("no chromium binary: install it (Debian: apt-get install chromium fonts-nanum) to run the browser checks")
    chrome = Chromium(binary)
    yield chrome
    chrome.close()


def test_sidebar_lists_the_parts_and_every_notebook_in_course_order(browser, server):
    browser.goto(f"{server}/index.html")
    captions = browser.js("[...document.querySelectorAll('nav.bd-docs-nav p.caption')].map(p => p.innerText.trim())")
    hrefs = browser.js("[...document.querySelectorAll('nav.bd-docs-nav a.reference.internal')].map(a => a.getAttribute('href'))")
    assert [h.rsplit("/", 1)[-1].removesuffix(".html") + ".ipynb" for h in hrefs] == NOTEBOOKS
    assert [re.match(r"Part (\d)", c).group(1) for c in captions[1:]] == list("1234567"), captions
    assert browser.js("document.documentElement.lang") == "ko"
    assert browser.js("document.querySelector('nav.bd-docs-nav').getBoundingClientRect().width") > 150


def test_a_plot_is_visible_on_a_training_page(browser, server):
    browser.goto(f"{server}/notebooks/{TRAINING_PAGE}.html")
    images = browser.wait_for("""(() => {
        const imgs = [...document.querySelectorAll('.cell_output img')].filter(i => i.complete && i.naturalWidth > 100);
        return imgs.length ? imgs.length : 0; })()""")
    assert images >= 3, "curves, a prediction grid, a heatmap"
    box = browser.js("""(() => { const img = [...document.querySelectorAll('.cell_output img')].find(i => i.naturalWidth > 100);
        img.scrollIntoView({block: 'center'}); const r = img.getBoundingClientRect(); const s = getComputedStyle(img);
        return {w: r.width, h: r.height, top: r.top, visible: s.visibility === 'visible' && s.display !== 'none' && s.opacity !== '0'}; })()""")
    assert box["visible"] and box["w"] > 200 and box["h"] > 100 and 0 <= box["top"] < 900, box


def search(browser, server, query: str) -> set[str]:
    browser.goto(f"{server}/search.html?q={urllib.parse.quote(query)}")
    summary = browser.wait_for("(() => { const s = document.querySelector('#search-results p.search-summary'); "
                               "return s && s.innerText.trim(); })()", timeout=60)  # fmt: skip
    hrefs = browser.js("[...document.querySelectorAll('#search-results ul.search li > a')].map(a => a.getAttribute('href'))")
    assert summary == f"검색을 마쳤습니다: {len(hrefs)}개 페이지를 찾았습니다.", summary
    contexts = browser.wait_for("(() => { const c = [...document.querySelectorAll('#search-results p.context')]; "
                                f"return c.length === {len(hrefs)} && c.map(p => p.innerText); }})()")  # fmt: skip
    assert not [c for c in contexts if "System Settings" in c], "a result quotes the theme's buttons"
    return {urllib.parse.urlsplit(h).path.rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs}


def test_korean_search_finds_the_word_with_its_particles(browser, server, site):
    texts = {name.removesuffix(".ipynb"): "".join(parsed(site / page_path(name)).text) for name in NOTEBOOKS}
    containing = {page for page, text in texts.items() if "과대적합" in text}
    with_particle = {page for page, text in texts.items() if re.search(r"과대적합(을|이|은|는|의|에|과|도|으로|에서)", text)}
    only_with_particle = {page for page in containing if not re.search(r"과대적합(?![가-힣])", texts[page])}
    assert with_particle, "no page uses 과대적합 with a particle any more: pick another word"
    found = search(browser, server, "과대적합")
    assert containing <= found, f"missed: {sorted(containing - found)}"
    assert only_with_particle <= found
    # Typed with its particle, the word still finds every page (the particle is stripped first).
    assert containing <= search(browser, server, "과대적합을")
    print(f"과대적합: {len(containing)} pages have it, {len(with_particle)} with a particle, "
          f"{len(only_with_particle)} only with one; search found {len(found)}")  # fmt: skip


def test_screenshots_of_three_pages(browser, server):
    shots = Path(os.environ.get("SITE_SHOTS", ROOT / "build" / "site-shots"))
    for page in SHOTS:
        browser.goto(f"{server}/notebooks/{page}.html")
        browser.wait_for("document.fonts.status === 'loaded'")
        png = browser.screenshot(shots / f"{page}.png")
        assert png.startswith(b"\x89PNG") and len(png) > 20_000
        first_output = browser.js("""(() => { const o = document.querySelector('.cell_output img') || document.querySelector('.cell_output pre');
            if (!o) return null; o.scrollIntoView({block: 'center'}); return o.tagName; })()""")
        if first_output:
            browser.screenshot(shots / f"{page}_output.png")
