"""The dashboard in a browser, for the person who started `bounceback serve` and nobody else.

textual-serve runs one dashboard process per browser websocket and streams its screen. On
its own it answers anyone who can reach the port, checks neither `Host` nor `Origin`, starts
a process for every connection and has its page load a font from the internet. This
subclass closes each of those:

- **Where from.** Every request, on every route, must carry `Host: 127.0.0.1:PORT` or
  `Host: localhost:PORT`, and an `Origin`, if it has one, of `http://127.0.0.1:PORT` or
  `http://localhost:PORT`; anything else is refused with 403 before the token is looked at.
  That stops web pages the person opens (a foreign `Origin`) and DNS rebinding (a foreign
  `Host`).
- **Who.** A fresh random token (`secrets.token_urlsafe(32)`) is printed in the URL. Every
  route needs it: the page, the websocket (`/ws`), downloads (`/download/…`) and the static
  assets (`/static/…`, guarded too although they are textual-serve's public files: the page's
  own requests carry the cookie, so guarding them costs nothing and leaves nothing to probe).
  A request proves it with `?token=` or with the cookie the page sets when opened with the
  right token (HttpOnly, SameSite=Strict, Path=/, named after the port because cookies are not
  port-scoped). Tokens are compared with `hmac.compare_digest`. Other local users cannot
  read the token: it is in no command line and no environment.
- **How many.** At most `sessions` dashboards run at once; a websocket beyond that waits a
  short grace (a reload closes the old socket just before it opens the new one), then is
  refused with 409 and a line saying how to allow more (`--sessions`).
- **Nothing leaves the machine.** Only 127.0.0.1 is bound. The page is our own copy of
  textual-serve's template (`app_index.html` beside this file): no Google Fonts, the Roboto
  Mono textual-serve ships loaded from `static/fonts/`, every URL relative to the page, and a
  Content-Security-Policy that lets the browser fetch from this server only.
- **Quiet.** No start-up logo; warnings only, one line each, never a traceback or its local
  variables (they could hold what the person wrote).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import secrets
import shlex
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from ..domain.user_text import visible

log = logging.getLogger("textual-serve")

HERE = Path(__file__).resolve().parent
LOOPBACK = "127.0.0.1"
SLOT_GRACE = 3.0
"""Seconds a new browser session waits for a free slot before it is refused (a page reload
closes the old websocket just before opening the new one, and its dashboard takes a moment
to quit)."""
STOP_GRACE = 5.0
"""Seconds a dashboard gets to quit after its browser session ends before it is killed."""
BUSY_STATUS = 409


def dashboard_command(db: Path) -> str:
    """The shell command run for each browser session: this Python's dashboard on `db`."""
    command = shlex.join([sys.executable, "-m", "bounceback_tui", "--db", str(db)])
    if os.name == "posix":  # the shell becomes the dashboard: one process to stop or kill
        command = f"exec {command}"
    return command


def listen_on_loopback(port: int) -> socket.socket:
    """A listening TCP socket on 127.0.0.1:`port` (0: any free port). OSError if it cannot."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if sys.platform != "win32":  # restart at once after ctrl+c (sockets in TIME_WAIT)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class SessionSlots:
    """How many dashboards may run at once, and how many do."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        """The most live sessions allowed (`--sessions`)."""
        self.live = 0
        """Sessions whose dashboard process is running (or starting, or stopping)."""

    async def take(self, grace: float) -> bool:
        """Take a slot, waiting up to `grace` seconds for one to free up; False if none did."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while self.live >= self.limit:  # one event loop: nothing runs between check and take
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.05)
        self.live += 1
        return True

    def release(self) -> None:
        """Give a slot back once its dashboard process has ended."""
        self.live -= 1


class _OneLineFormatter(logging.Formatter):
    """`bounceback serve: message (ErrorType)`: no traceback, no locals, no control codes."""

    def format(self, record: logging.LogRecord) -> str:
        text = " ".join(record.getMessage().split())
        if record.exc_info and record.exc_info[0] is not None:
            text += f" ({record.exc_info[0].__name__})"
        return f"bounceback serve: {visible(text)}"


class DashboardServer(Server):
    """textual-serve's server for one person: Host/Origin allow-lists, a token, a session
    limit, a page that loads nothing from elsewhere (see the module docstring)."""

    def __init__(self, command: str, *, sock: socket.socket, sessions: int = 1,
                 title: str = "BounceBack") -> None:
        host, port = sock.getsockname()[:2]
        if host != LOOPBACK:
            raise ValueError(f"serving is for this machine only, not {host}")
        super().__init__(command, host=LOOPBACK, port=port, title=title,
                         templates_path=HERE)
        self.sock = sock
        """The listening socket, bound to 127.0.0.1 before the server starts."""
        self.token = secrets.token_urlsafe(32)
        """The secret that the printed URL carries."""
        self.cookie_name = f"bounceback-token-{port}"
        """The cookie holding the token once the page is open (one per port)."""
        self.slots = SessionSlots(sessions)
        """Live browser sessions and their limit."""
        self._token_bytes = self.token.encode("ascii")
        self._hosts = frozenset({f"{LOOPBACK}:{port}", f"localhost:{port}"})
        self._origins = frozenset(f"http://{host}" for host in self._hosts)
        self._sockets: set[web.WebSocketResponse] = set()

    @property
    def url(self) -> str:
        """The address to open: this machine, the real port, the token."""
        return f"http://{LOOPBACK}:{self.port}/?token={self.token}"

    # --- who may ask --------------------------------------------------------------------

    def _token_ok(self, candidate: str | None) -> bool:
        if not candidate:
            return False
        return hmac.compare_digest(candidate.encode("utf-8", "replace"), self._token_bytes)

    def refusal(self, request: web.Request) -> str | None:
        """Why `request` gets 403, or None when it may go on."""
        hosts = request.headers.getall("Host", [])
        if len(hosts) != 1 or hosts[0] not in self._hosts:
            return f"this server answers only at http://{LOOPBACK}:{self.port}/"
        origins = request.headers.getall("Origin", [])
        if origins and (len(origins) != 1 or origins[0] not in self._origins):
            return "requests from other web sites are refused"
        if not (self._token_ok(request.query.get("token"))
                or self._token_ok(request.cookies.get(self.cookie_name))):
            return ("the token is missing or wrong: open the address `bounceback serve` "
                    "printed, token included")
        return None

    def _guard(self) -> Callable[..., Awaitable[web.StreamResponse]]:
        @web.middleware
        async def guard(request: web.Request,
                        handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                        ) -> web.StreamResponse:
            """Host, Origin, then token: on every route, before any handler runs."""
            reason = self.refusal(request)
            if reason is not None:
                return web.Response(status=403, text=f"403 Forbidden: {reason}\n")
            return await handler(request)

        return guard

    async def _security_headers(self, request: web.Request,
                                response: web.StreamResponse) -> None:
        """The browser may fetch from this server only, never frame the page, send no
        referrer, and keep no copy."""
        sockets = " ".join(f"ws://{host}" for host in sorted(self._hosts))
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            f"font-src 'self' data:; connect-src 'self' {sockets}; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"

    async def _make_app(self) -> web.Application:
        """textual-serve's routes behind the guard; static files without directory listings."""
        app = web.Application(middlewares=[self._guard()], client_max_size=64 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_response_prepare.append(self._security_headers)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    # --- the page and the sessions ------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        """The page; opened with the right `?token=`, it also sets the token cookie."""
        font_size = min(max(to_int(request.query.get("fontsize", "16"), 16), 6), 72)
        context = {
            "title": self.title,
            "font_size": font_size,
            # Same origin as the page (the Host was checked). textual.js appends
            # "?width=…&height=…" to this URL, so the socket authenticates by cookie.
            "websocket_url": f"ws://{request.headers['Host']}/ws",
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        if self._token_ok(request.query.get("token")):
            response.set_cookie(self.cookie_name, self.token, path="/", httponly=True,
                                samesite="Strict")
        return response

    def _busy_text(self) -> str:
        limit = self.slots.limit
        return (f"BounceBack is already open in another browser tab or window ({limit} "
                f"session{'s' if limit != 1 else ''} at a time). Close it, or restart with "
                f"`bounceback serve --sessions {limit + 1}`.\n")

    async def handle_websocket(  # type: ignore[override]  # a refusal is a plain Response
            self, request: web.Request) -> web.StreamResponse:
        """One dashboard process for this browser session, if a slot is free (see
        SessionSlots); the slot is given back only once the process has ended."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        if not websocket.can_prepare(request).ok:
            return web.Response(status=400, text="400 Bad Request: this address is for the "
                                "page's websocket\n")
        if not await self.slots.take(SLOT_GRACE):
            log.warning("a browser session was refused: %s", self._busy_text().strip())
            return web.Response(status=BUSY_STATUS, text=self._busy_text())
        width = min(max(to_int(request.query.get("width", "80"), 80), 1), 1000)
        height = min(max(to_int(request.query.get("height", "24"), 24), 1), 1000)
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            self._sockets.add(websocket)
            service = AppService(
                self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # its bool is ignored
                download_manager=self.download_manager, debug=False)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except Exception as error:  # a broken message or a dead process: end this session
            log.warning("a browser session ended early (%s)", type(error).__name__)
        finally:
            self._sockets.discard(websocket)
            try:
                if websocket.prepared and not websocket.closed:
                    await websocket.close()
                if service is not None:
                    await self._stop(service)
            finally:
                self.slots.release()
        return websocket

    async def _stop(self, service: AppService) -> None:
        """Ask the dashboard to quit and wait until it has; kill it if it has not within
        STOP_GRACE seconds.

        `service.stop()` is never cancelled: its reader task swallows a cancellation and
        returns, so a timeout around it would be lost. The process's exit is awaited instead.
        """
        process = service._process  # AppService offers no public handle on its process
        stopping = asyncio.ensure_future(service.stop())
        if process is not None:
            try:
                await asyncio.wait_for(process.wait(), STOP_GRACE)
            except TimeoutError:
                process.kill()
                await process.wait()
        await asyncio.wait([stopping], timeout=STOP_GRACE)  # its last output, once it is gone

    # --- start, stop, logging -----------------------------------------------------------

    def initialize_logging(self) -> None:
        """Warnings only, one line each on stderr; never a traceback or its locals."""
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLineFormatter())
        for name in ("textual-serve", "aiohttp"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(logging.WARNING)
            logger.propagate = False

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to print: the command has printed the URL (textual-serve prints a logo)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every browser session, so each dashboard quits and the server stops at once."""
        for websocket in list(self._sockets):
            await websocket.close(code=1001, message=b"server stopped")

    def serve(self, debug: bool = False) -> None:
        """Serve on the socket bound beforehand until ctrl+c (or SIGTERM).

        `debug` is ignored: Textual's devtools would send the screen to another server.
        """
        self.debug = False
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self.request_exit)
            except (NotImplementedError, RuntimeError):  # not on Windows' loop
                pass
        web.run_app(self._make_app(), sock=self.sock, handle_signals=False, loop=loop,
                print=None, access_log=None, shutdown_timeout=STOP_GRACE + 2)
