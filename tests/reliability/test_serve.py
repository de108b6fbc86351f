"""`bounceback serve` shows the dashboard to the person who started it and to nobody else.

Every test drives the real installed `bounceback --db DB serve --port 0` in its own process
group, on a database holding one application, and talks to it the way a browser does: plain
HTTP for the page, a real websocket (aiohttp's client) for the dashboard's screen stream. What
an attacker tried (issue 12) must fail: no token or a wrong one, a foreign `Host` (DNS
rebinding), a foreign `Origin` (another web site), many sessions at once, a font from the
internet; and the positive control shows the channel really carries the hunt's data, so the
refusals are not passing only because nothing works.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest

from bounceback_tui.store import Store

pytestmark = pytest.mark.slow

COMPANY = "Quillfeather"
"""The saved application's company: what the screen stream must (and may only) show to the
token holder."""
URL_LINE = re.compile(r"BounceBack at (http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+))  "
                      r"\(this machine only; ctrl\+c stops it\)")
UPGRADE = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
           "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
"""A browser's websocket handshake, sent as a plain GET so a refusal's body can be read."""


def installed_bounceback() -> str:
    """The `bounceback` console script of the environment running the tests."""
    found = Path(sys.executable).parent / "bounceback"
    assert found.exists(), "the bounceback console script is not installed in this environment"
    return str(found)


@dataclass
class Served:
    """A running `bounceback serve` and what it printed."""

    process: subprocess.Popen[bytes]
    url: str
    port: int
    token: str
    log: Path

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.port}"

    @property
    def cookie_name(self) -> str:
        return f"bounceback-token-{self.port}"

    def dashboards(self) -> list[int]:
        """The pids of the dashboard processes this server runs (its children)."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    children.append(int(stat.parent.name))
        return children


class Serve(Protocol):
    def __call__(self, *options: str) -> Served: ...


@pytest.fixture
def hunt(tmp_path: Path) -> Path:
    """A database with one saved application at COMPANY."""
    db = tmp_path / "hunt.db"
    with Store.open(db) as store:
        store.add_application(COMPANY, "Staff Engineer", stage="applied")
    return db


@pytest.fixture
def serve(hunt: Path, tmp_path: Path) -> Iterator[Serve]:
    """`serve(*options)` starts `bounceback --db HUNT serve --port 0 …` and waits for its URL.
    Every server started is stopped at the end, its whole process group (the dashboards
    included) killed whatever happened."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*options: str) -> Served:
        log = tmp_path / f"serve-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [installed_bounceback(), "--db", str(hunt), "serve", "--port", "0", *options],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        started.append(process)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            found = URL_LINE.search(log.read_text(errors="replace"))
            if found:
                return Served(process, found.group(1), int(found.group(2)), found.group(3), log)
            time.sleep(0.05)
        raise AssertionError(f"no URL printed; the output:\n{log.read_text(errors='replace')}")

    try:
        yield start
    finally:
        for process in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            with contextlib.suppress(ProcessLookupError):  # any dashboard left behind
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def client(jar: bool = True) -> aiohttp.ClientSession:
    """A browser-like client: keeps cookies (also for 127.0.0.1, which aiohttp's default jar
    refuses), or, with `jar=False`, sends only the cookies a test writes itself."""
    cookies: aiohttp.abc.AbstractCookieJar = (aiohttp.CookieJar(unsafe=True) if jar
                                              else aiohttp.DummyCookieJar())
    return aiohttp.ClientSession(cookie_jar=cookies, timeout=aiohttp.ClientTimeout(total=30))


async def status(session: aiohttp.ClientSession, url: str, **kwargs: Any) -> int:
    async with session.get(url, allow_redirects=False, **kwargs) as answer:
        await answer.read()
        return answer.status


async def ws_status(session: aiohttp.ClientSession, url: str, **kwargs: Any) -> int:
    """101 if the websocket opened (then closed at once), else the refusal's status."""
    try:
        async with session.ws_connect(url, **kwargs):
            return 101
    except aiohttp.WSServerHandshakeError as refused:
        return refused.status


async def screen_until(ws: aiohttp.ClientWebSocketResponse, text: str,
                       timeout: float = 30) -> bytes:
    """The dashboard's screen stream until `text` appears in it; fails if it never does."""
    seen = b""
    deadline = time.monotonic() + timeout
    while text.encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"{text!r} never appeared in {len(seen)} bytes of screen"
        with contextlib.suppress(asyncio.TimeoutError):
            # wait_for, not receive(timeout=): every heartbeat ping would restart that one
            message = await asyncio.wait_for(ws.receive(), left)
            if message.type == aiohttp.WSMsgType.BINARY:
                seen += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                seen += message.data.encode()
            else:
                raise AssertionError(f"the websocket closed ({message.type!r}) before {text!r}")
    return seen


def ws_url(served: Served, token: str | None = None) -> str:
    """The websocket's URL as textual.js builds it (a size that shows the company column
    whole), with `?token=` in front when given."""
    query = "width=120&height=40"
    return f"ws://127.0.0.1:{served.port}/ws?" + (f"token={token}&{query}" if token else query)


async def open_page(session: aiohttp.ClientSession, served: Served) -> str:
    async with session.get(served.url) as page:
        assert page.status == 200, await page.text()
        return await page.text()


# --- who may ask -----------------------------------------------------------------------------


async def test_every_route_needs_the_token(serve: Serve) -> None:
    """Setup: a server on a hunt. Action: ask for the page, the websocket, a static asset, a
    download and an unknown path with no token, a wrong token (in the query, in the cookie),
    the right token under another port's cookie name, and a token with non-ASCII letters.
    Holds: 403 every time, the websocket never opens, no dashboard process starts; the 403
    says how to get in; the printed URL carries a 43-character token and the real port."""
    served = serve()
    assert served.port != 0 and len(served.token) == 43
    wrong = served.token[:-1] + ("A" if served.token[-1] != "A" else "B")
    async with client(jar=False) as session:
        for path in ("/", "/static/js/textual.js", "/static/fonts/RobotoMono-VariableFont_wght.ttf",
                     "/download/anything", "/nowhere"):
            assert await status(session, served.base + path) == 403, path
            assert await status(session, f"{served.base}{path}?token={wrong}") == 403, path
            assert await status(session, served.base + path,
                                headers={"Cookie": f"{served.cookie_name}={wrong}"}) == 403, path
        assert await status(session, served.base + "/",
                            headers={"Cookie": f"bounceback-token-1{served.port}="
                                               f"{served.token}"}) == 403
        assert await status(session, f"{served.base}/?token={served.token}%C3%A9") == 403
        async with session.get(served.base + "/") as refused:
            assert refused.status == 403
            assert "token" in await refused.text()
        for token in (None, wrong, served.token + "x", served.token[:-1]):
            assert await ws_status(session, ws_url(served, token)) == 403, token
        assert await ws_status(session, ws_url(served), headers={
            "Cookie": f"{served.cookie_name}={wrong}"}) == 403
    assert served.dashboards() == []


async def test_the_token_opens_the_page_and_the_dashboard_stream(serve: Serve) -> None:
    """Setup: a server on a hunt holding one application at COMPANY. Action: open the printed
    URL, then the websocket with only the cookie the page set (as textual.js does: the
    socket URL gets "?width=…&height=…"), then another with `?token=` and no cookie.
    Holds: the page is 200 and sets `bounceback-token-PORT` to the token, HttpOnly,
    SameSite=Strict, Path=/; each websocket opens and its screen stream shows COMPANY (the
    channel carries the hunt, so the refusals elsewhere are real); the token is in neither
    the server's nor the dashboard's command line nor the dashboard's environment."""
    served = serve("--sessions", "2")
    async with client() as browser:
        async with browser.get(served.url) as page:
            assert page.status == 200
            cookies = page.headers.getall("Set-Cookie")
        (cookie,) = cookies
        attributes = [part.strip().lower() for part in cookie.split(";")]
        assert attributes[0] == f"{served.cookie_name}={served.token}".lower()
        assert {"httponly", "samesite=strict", "path=/"} <= set(attributes[1:]), cookie
        assert not any(a.startswith(("domain=", "expires=", "max-age=")) for a in attributes)
        async with browser.ws_connect(ws_url(served)) as ws:
            screen = await screen_until(ws, COMPANY)
            assert len(screen) > 1000  # a whole dashboard, not an echo
            (dashboard,) = served.dashboards()
            for pid in (served.process.pid, dashboard):
                assert served.token.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes()
            assert served.token.encode() not in Path(f"/proc/{dashboard}/environ").read_bytes()
    async with client(jar=False) as session, \
            session.ws_connect(ws_url(served, served.token)) as ws:
        await screen_until(ws, COMPANY)


async def test_a_foreign_host_or_origin_is_refused_even_with_the_token(serve: Serve) -> None:
    """Setup: a server; a client that holds the right token and cookie. Action: ask for the
    page and the websocket with a foreign Host (DNS rebinding: evil.example:PORT, the right
    name on another port, no port, two Host headers) and with a foreign Origin (another site,
    `null`, https, another port). Holds: 403 every time and no dashboard starts; while
    `localhost:PORT` with Origin `http://localhost:PORT` (the same server by its other name)
    gets the page and a dashboard."""
    served = serve()
    port = served.port
    async with client() as browser:
        await open_page(browser, served)
        cookie = {"Cookie": f"{served.cookie_name}={served.token}"}
        for host in (f"evil.example:{port}", f"127.0.0.1:{port + 1}", "127.0.0.1",
                     f"localhost.evil.example:{port}", f"LOCALHOST:{port}.evil.example"):
            assert await status(browser, served.url, headers={"Host": host}) == 403, host
            assert await ws_status(browser, ws_url(served, served.token),
                                   headers={"Host": host, **cookie}) == 403, host
        for origin in ("http://evil.example", f"http://evil.example:{port}", "null",
                       f"https://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}",
                       f"http://127.0.0.1:{port}.evil.example"):
            assert await status(browser, served.url, headers={"Origin": origin}) == 403, origin
            assert await ws_status(browser, ws_url(served, served.token),
                                   origin=origin) == 403, origin
        assert served.dashboards() == []

    async with client(jar=False) as session:
        # Two Host headers: a proxy or a rebinding trick could make them disagree.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /?token={served.token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     f"Host: evil.example:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        first_line = await reader.readline()
        writer.close()
        assert first_line.split()[1] in (b"400", b"403"), first_line

        local = {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"}
        assert await status(session, served.url, headers=local) == 200
        async with session.ws_connect(ws_url(served, served.token),
                                      headers=local) as ws:
            await screen_until(ws, COMPANY)


# --- how many --------------------------------------------------------------------------------


async def test_one_dashboard_at_a_time_unless_sessions_says_more(serve: Serve) -> None:
    """Setup: a server with the default limit and a live session (its screen shows
    COMPANY). Action: five more websockets at once; then a plain handshake to read the
    refusal; then close the live one and open a new one at once (a page reload); then
    close everything. Holds: all five are refused with 409 after the grace, only one dashboard
    process ever runs, the refusal says to use `--sessions`; the reload is accepted and
    streams the hunt; once closed, the dashboard process ends and no process is left."""
    served = serve()
    async with client() as browser:
        await open_page(browser, served)
        live = await browser.ws_connect(ws_url(served))
        await screen_until(live, COMPANY)
        assert len(served.dashboards()) == 1
        started = time.monotonic()
        more = await asyncio.gather(*(ws_status(browser, ws_url(served)) for _ in range(5)))
        assert more == [409] * 5
        assert time.monotonic() - started >= 2  # a reload's old socket gets time to close
        assert len(served.dashboards()) == 1
        async with browser.get(served.base + "/ws", headers=UPGRADE) as refused:
            assert refused.status == 409
            assert "--sessions 2" in await refused.text()

        await live.close()
        async with browser.ws_connect(ws_url(served)) as reloaded:  # within the grace
            await screen_until(reloaded, COMPANY)
            assert len(served.dashboards()) == 1
    deadline = time.monotonic() + 15
    while served.dashboards() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert served.dashboards() == []
    assert "--sessions" in served.log.read_text()  # the terminal says why a tab was refused


async def test_a_dashboard_that_hangs_is_killed_and_gives_its_slot_back(serve: Serve) -> None:
    """Setup: a server with the default limit and a live session whose dashboard process is
    then frozen (SIGSTOP: it can no longer quit when asked). Action: close the websocket,
    then open a new one. Holds: the frozen process is gone within the stop grace (5 s, plus
    margin), and the new session gets the slot and streams the hunt from a new process."""
    served = serve()
    async with client() as browser:
        await open_page(browser, served)
        async with browser.ws_connect(ws_url(served)) as live:
            await screen_until(live, COMPANY)
            (frozen,) = served.dashboards()
            os.kill(frozen, signal.SIGSTOP)
        deadline = time.monotonic() + 15
        while frozen in served.dashboards() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert frozen not in served.dashboards()
        async with browser.ws_connect(ws_url(served)) as again:
            await screen_until(again, COMPANY)
            assert len(served.dashboards()) == 1 and frozen not in served.dashboards()


async def test_sessions_2_runs_two_dashboards_and_refuses_a_third(serve: Serve) -> None:
    """Setup: a server started with `--sessions 2`, and one with the default beside it.
    Action: open two websockets with the page's cookie, then a third. Holds: both stream
    COMPANY from their own dashboard process (two children); the third is refused with 409
    and told `--sessions 3`; each server printed its own fresh token."""
    served = serve("--sessions", "2")
    other = serve()
    assert other.token != served.token and other.port != served.port
    async with client() as browser:
        await open_page(browser, served)
        async with browser.ws_connect(ws_url(served)) as first, \
                browser.ws_connect(ws_url(served)) as second:
            await asyncio.gather(screen_until(first, COMPANY), screen_until(second, COMPANY))
            assert len(served.dashboards()) == 2
            async with browser.get(served.base + "/ws", headers=UPGRADE) as refused:
                assert refused.status == 409
                assert "--sessions 3" in await refused.text()
            assert len(served.dashboards()) == 2


# --- nothing leaves the machine --------------------------------------------------------------


class References(HTMLParser):
    """Every URL an HTML page makes the browser fetch: src/href attributes, `url(…)` and
    `@import` in its <style> blocks and style attributes; linked stylesheets apart."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.stylesheets: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href", "srcset", "poster", "action", "formaction", "data"):
            if values.get(name):
                self.urls.append(values[name] or "")
        if tag == "link" and "stylesheet" in (values.get("rel") or "") and values.get("href"):
            self.stylesheets.append(values["href"] or "")
        if values.get("style"):
            self.urls += css_references(values["style"] or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_references(data)


def css_references(css: str) -> list[str]:
    """The URLs in `url(…)` and `@import "…"` of a stylesheet."""
    found = [m.strip("'\" ") for m in re.findall(r"url\(\s*([^)]*?)\s*\)", css, re.IGNORECASE)]
    found += re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", css, re.IGNORECASE)
    return found


async def test_the_page_and_its_css_load_nothing_from_elsewhere(serve: Serve) -> None:
    """Setup: a server. Action: fetch the page with the token, then every stylesheet it links,
    and collect each URL they make the browser fetch (src=, href=, url(…), @import). Holds:
    there are some (the check is not vacuous: the script, the CSS and the font among them);
    each resolves to this same origin (relative to the page; no scheme-relative `//host`),
    and each answers 200 with the page's cookie (so the local font really is there); no
    Google Fonts anywhere; the page's Content-Security-Policy allows this server only."""
    served = serve()
    async with client() as browser:
        async with browser.get(served.url) as answer:
            page = await answer.text()
            policy = answer.headers["Content-Security-Policy"]
        assert "googleapis" not in page and "gstatic" not in page
        parsed = References()
        parsed.feed(page)
        assert parsed.stylesheets
        references = [(served.url, url) for url in parsed.urls]
        for sheet in parsed.stylesheets:
            sheet_url = urljoin(served.url, sheet)
            assert sheet_url.startswith(served.base + "/"), sheet  # checked before fetching
            async with browser.get(sheet_url) as answer:
                assert answer.status == 200, sheet
                references += [(sheet_url, url) for url in css_references(await answer.text())]
        fetched = {urljoin(base, url) for base, url in references}
        assert any(u.endswith(".ttf") for u in fetched), fetched
        assert any(u.endswith("textual.js") for u in fetched), fetched
        for base, url in references:
            assert not url.startswith("//"), url
            absolute = urlsplit(urljoin(base, url))
            if absolute.scheme == "data":
                continue
            assert (absolute.scheme, absolute.netloc) == ("http", f"127.0.0.1:{served.port}"), url
            assert await status(browser, urljoin(base, url)) == 200, url
    assert "default-src 'none'" in policy
    for directive in policy.split(";"):
        sources = directive.split()[1:]
        for source in sources:
            assert source.startswith("'") or source in ("data:", "blob:") or \
                source in (f"ws://127.0.0.1:{served.port}", f"ws://localhost:{served.port}"), \
                directive


# --- the command line ------------------------------------------------------------------------


def test_serve_without_the_web_extra_says_so_in_one_line(hunt: Path) -> None:
    """Setup: textual-serve made unimportable (as when the `web` extra is not installed).
    Action: `bounceback --db HUNT serve`. Holds: exit status 1, nothing on stdout, exactly
    one line on stderr naming the extra and the pip command, no traceback."""
    code = ("import sys; sys.modules['textual_serve'] = None; "
            "from bounceback_tui.__main__ import main; "
            f"main(['--db', {str(hunt)!r}, 'serve'])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done
    assert done.stdout == ""
    assert done.stderr == ("bounceback: serving in a browser needs the web extra: "
                           "pip install 'bounceback-tui[web]'\n")


def test_a_busy_port_or_a_privileged_one_is_one_line(hunt: Path) -> None:
    """Setup: a port this test is listening on. Action: `serve --port` that port, then
    `serve --port 80`. Holds: each exits 1 with one `bounceback: …` line (the first
    suggests --port 0), no traceback, and nothing is served."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for wanted, says in ((port, "--port 0"), (80, "1024")):
            done = subprocess.run([installed_bounceback(), "--db", str(hunt), "serve",
                                   "--port", str(wanted)], capture_output=True, text=True,
                                  timeout=60, check=False, stdin=subprocess.DEVNULL)
            assert done.returncode == 1, done
            assert done.stdout == ""
            (line,) = done.stderr.splitlines()
            assert line.startswith("bounceback: ") and says in line, line


CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser",
                                                  "google-chrome"))), None)


@pytest.mark.skipif(CHROMIUM is None, reason="needs a Chromium (Debian: apt-get install "
                    "chromium) to open the page in a real browser; CI does not install one "
                    "(it would take minutes), the tests above check the same rules by HTTP")
async def test_a_real_browser_shows_the_dashboard_and_asks_nothing_of_elsewhere(
        serve: Serve, tmp_path: Path) -> None:
    """Setup: the server, and headless Chromium driven over its DevTools protocol.
    Action: open the printed address; wait until the dashboard's screen reaches the page
    (the frames its websocket receives, as the browser saw them).
    Holds: the screen shows the saved application (the cookie, the websocket and the
    Content-Security-Policy all let it through); every request the browser made went to
    this server; the token is no longer in the address bar."""
    served = serve()
    port = _free_port()
    browser = subprocess.Popen(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'chromium'}",
         "--window-size=1280,860", f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        async with client(jar=False) as session:
            page = await _devtools_page(session, port)
            async with session.ws_connect(page, max_msg_size=0) as devtools:
                browser_tab = _DevTools(devtools)
                await browser_tab.call("Network.enable")
                await browser_tab.call("Page.navigate", url=served.url)
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and COMPANY not in browser_tab.received:
                    await browser_tab.pump(0.5)
                text = browser_tab.received
                address = await browser_tab.evaluate("window.location.href")
                requested = browser_tab.requests
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(browser.pid, signal.SIGKILL)
        browser.wait(timeout=10)
    assert COMPANY in text, text[:500]
    assert address == f"{served.base}/", address
    elsewhere = [url for url in requested if not url.startswith(f"{served.base}/")
                 and not url.startswith(f"ws://127.0.0.1:{served.port}/")]
    assert requested and not elsewhere, elsewhere


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _devtools_page(session: aiohttp.ClientSession, port: int) -> str:
    deadline = time.monotonic() + 20
    while True:
        try:
            async with session.get(f"http://127.0.0.1:{port}/json") as answer:
                tabs = await answer.json()
            return next(t["webSocketDebuggerUrl"] for t in tabs if t["type"] == "page")
        except (aiohttp.ClientError, StopIteration, KeyError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.2)


class _DevTools:
    """Just enough of the Chrome DevTools protocol: calls, and the requests seen."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.requests: list[str] = []
        self.received = ""
        """What the page's websockets received, as text."""
        self._next = 0

    def _note(self, message: dict[str, Any]) -> None:
        import base64

        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requests.append(params["url"])
        elif method == "Network.webSocketFrameReceived":
            frame = params["response"]
            data = frame["payloadData"]
            if frame.get("opcode") == 2:  # binary: base64
                data = base64.b64decode(data).decode("utf-8", "replace")
            self.received += data

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        await self.ws.send_json({"id": self._next, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json()
            if message.get("id") == self._next:
                return message
            self._note(message)

    async def pump(self, seconds: float) -> None:
        """Take in the events of `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self._note(await asyncio.wait_for(self.ws.receive_json(), left))
            except TimeoutError:
                return

    async def evaluate(self, expression: str) -> Any:
        answer = await self.call("Runtime.evaluate", expression=expression)
        return answer["result"]["result"].get("value")
