"""A small threaded HTTP server on a loopback address, for testing and measuring the link checker.

It answers from the path alone, so a test plants the behaviour it needs in the URL:

==========================  =====================================================================
``/ok``, ``/ok/<anything>`` 200 with a small HTML page (which has ``id="top-anchor"``)
``/status/<code>``          that status (404, 410, 500, 503 …)
``/flaky/<n>/<name>``       500 for the first ``n`` requests to this path, then 200
``/slow/<seconds>/<name>``  200 after waiting ``seconds`` (a timeout test)
``/redirect/<n>/<name>``    302 to ``/redirect/<n-1>/<name>``; ``/redirect/0/<name>`` is 200
``/loop/<name>``            302 to itself, forever
``/to/<path>``              302 to ``/<path>``
``/no-head/<name>``         405 to ``HEAD``, 200 to ``GET``
``/ratelimit/<n>/<name>``   429 with ``Retry-After: 0`` for the first ``n`` requests, then 200
``/close``                  drops the connection without answering
==========================  =====================================================================

Anything else is 404.  The server counts requests per (method, path) and the largest number of
requests it was answering at the same moment (``max_in_flight``); it only ever listens on a
loopback address, and every request that sleeps is bounded by its URL.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PAGE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>ok</title></head>"
    b"<body><main id='top-anchor'><p>ok</p></main></body></html>"
)
MAX_SLEEP_SECONDS = 30.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        return  # quiet: tests read the counters, not a log

    def do_HEAD(self):
        self._answer("HEAD")

    def do_GET(self):
        self._answer("GET")

    def _answer(self, method: str) -> None:
        path = urlsplit(self.path).path
        state = self.server.state
        with state.lock:
            state.counts[(method, path)] += 1
            state.user_agents.add(self.headers.get("User-Agent", ""))
            state.path_counts[path] += 1
            seen = state.path_counts[path]
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
        self._counted = state
        try:
            self._route(method, path, seen)
        finally:
            self._release()

    def _release(self) -> None:
        """The request stops counting as in flight: before its answer is written, so a client that
        has read the answer and sends its next request is never counted twice."""
        state, self._counted = getattr(self, "_counted", None), None
        if state is not None:
            with state.lock:
                state.in_flight -= 1

    def _send(self, status: int, *, body: bytes = b"", headers: dict[str, str] | None = None, head=False) -> None:
        self._release()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _route(self, method: str, path: str, seen: int) -> None:
        head = method == "HEAD"
        parts = [part for part in path.split("/") if part]
        kind = parts[0] if parts else ""
        if kind == "ok":
            self._send(200, body=PAGE, head=head)
        elif kind == "status" and len(parts) >= 2 and parts[1].isdigit():
            status = int(parts[1])
            self._send(status, body=f"<p>{status}</p>".encode(), head=head)
        elif kind == "flaky" and len(parts) >= 2 and parts[1].isdigit():
            self._send(500 if seen <= int(parts[1]) else 200, body=PAGE, head=head)
        elif kind == "ratelimit" and len(parts) >= 2 and parts[1].isdigit():
            if seen <= int(parts[1]):
                self._send(429, headers={"Retry-After": "0"}, head=head)
            else:
                self._send(200, body=PAGE, head=head)
        elif kind == "slow" and len(parts) >= 2:
            time.sleep(min(float(parts[1]), MAX_SLEEP_SECONDS))
            self._send(200, body=PAGE, head=head)
        elif kind == "redirect" and len(parts) >= 2 and parts[1].isdigit():
            left = int(parts[1])
            if left <= 0:
                self._send(200, body=PAGE, head=head)
            else:
                rest = "/".join(parts[2:])
                self._send(302, headers={"Location": f"/redirect/{left - 1}/{rest}"}, head=head)
        elif kind == "loop":
            self._send(302, headers={"Location": path}, head=head)
        elif kind == "to":
            self._send(302, headers={"Location": "/" + "/".join(parts[1:])}, head=head)
        elif kind == "no-head":
            if head:
                self._send(405, headers={"Allow": "GET"}, head=True)
            else:
                self._send(200, body=PAGE)
        elif kind == "close":
            self.close_connection = True
            self.wfile.flush()
            self.connection.close()
        else:
            self._send(404, body=b"<p>404</p>", head=head)


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[tuple[str, str]] = Counter()
        self.path_counts: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.user_agents: set[str] = set()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    state: _State

    def handle_error(self, request, client_address) -> None:
        # A client that gives up (a timeout, a GET closed unread) is normal here, not an error.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalHTTPServer:
    """The server above on ``host`` (a loopback address) and a free port, in a background thread.

    Use as a context manager; ``url(path)`` gives the absolute URL of ``path``.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        if not host.startswith("127.") and host not in ("localhost", "::1"):
            raise ValueError("测试服务器只能监听本机回环地址。")
        self.host = host
        self._server = _Server((host, port), _Handler)
        self._server.state = _State()
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="linkcheck-local-http", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    @property
    def counts(self) -> Counter[tuple[str, str]]:
        """Requests answered so far per (method, path)."""
        with self._server.state.lock:
            return Counter(self._server.state.counts)

    def requests_to(self, path: str) -> int:
        """Requests of any method to ``path``."""
        with self._server.state.lock:
            return self._server.state.path_counts[path]

    @property
    def max_in_flight(self) -> int:
        return self._server.state.max_in_flight

    @property
    def user_agents(self) -> set[str]:
        """The ``User-Agent`` headers seen."""
        with self._server.state.lock:
            return set(self._server.state.user_agents)

    def reset(self) -> None:
        """Forget the counters (and the flaky paths' history)."""
        self._server.state = _State()

    def start(self) -> LocalHTTPServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalHTTPServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def closed_port(host: str = "127.0.0.1") -> int:
    """A port on ``host`` where nothing listens (connections to it are refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
