"""A local HTTP server for the download tests: 127.0.0.1, a free port, a background thread.

Each path answers in one of these ways (:meth:`LocalServer.serve`):

``ok``         200 with the payload and its Content-Length
``404``        404 Not Found
``html``       200 with an HTML page (``text/html``), as a block page or captcha would
``truncated``  200 announcing the full length, then half the bytes and a closed connection
``stall``      accepts the connection and never answers (until the server stops)

A payload may also be a function of the request handler (its ``path`` with the query, its
``headers``) returning ``(status, headers, body)``: a small fake of a server that answers by what
it is asked, such as Yahoo Finance's cookie, crumb and chart endpoints. ``ok`` sends its answer,
``truncated`` half of its body; the other kinds answer as above without calling it.

Unknown paths answer 404. ``CONNECT`` (a client using this server as its HTTPS proxy) answers
like the path ``"CONNECT"``: 403 unless told otherwise. Every request is logged in ``.log``.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Access denied</title></head>"
    b"<body><h1>Please complete the captcha</h1></body></html>"
)


class LocalServer:
    def __init__(self):
        self.routes: dict[str, tuple] = {}  # path → (kind, payload or function, content type)
        self.log: list[str] = []
        self.hooks: dict = {}  # path → function called (then 200 "ok") when the path is asked for
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep pytest's output clean
                pass

            def _answer(self, key: str, with_body: bool = True):
                server.log.append(f"{self.command} {self.path}")
                if key in server.hooks:
                    server.hooks[key]()
                    server.routes.setdefault(key, ("ok", b"ok", "text/plain"))
                kind, payload, content_type = server.routes.get(key, ("404", b"", ""))
                if kind == "stall":
                    server._stop.wait(30)
                    self.close_connection = True
                    return
                if kind in ("404", "403"):
                    body = b"not here"
                    self.send_response(int(kind))
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if with_body:
                        self.wfile.write(body)
                    return
                status, headers = 200, {}
                if kind == "html":
                    payload, content_type = HTML_PAGE, "text/html; charset=utf-8"
                elif callable(payload):
                    status, headers, payload = payload(self)
                    content_type = headers.pop("Content-Type", content_type)
                self.send_response(status)
                self.send_header("Content-Type", content_type or "application/octet-stream")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                if kind == "truncated":
                    self.send_header("Connection", "close")
                self.end_headers()
                if not with_body:
                    return
                if kind == "truncated":
                    self.wfile.write(payload[: len(payload) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(payload)

            def do_GET(self):
                self._answer(urlsplit(self.path).path)

            def do_HEAD(self):
                self._answer(urlsplit(self.path).path, with_body=False)

            def do_CONNECT(self):
                self._answer("CONNECT")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="local-http", daemon=True)
        self.thread.start()

    def serve(self, path: str, payload=b"", kind: str = "ok", content_type: str = "") -> str:
        """Answer ``path`` (starting with /) as ``kind`` with ``payload`` (bytes, or a function of
        the request, see the module docstring); returns its full URL."""
        assert kind in ("ok", "404", "403", "html", "truncated", "stall"), kind
        self.routes[path] = (kind, payload, content_type)
        return self.base + path

    def requests_for(self, path: str) -> int:
        return sum(1 for line in self.log if line.split(" ", 1)[1].split("?")[0] == path)

    def close(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
