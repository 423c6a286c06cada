"""The HTTP front of ``kg serve``: every request to the user's port goes through it to the Oxigraph server.

The front

* answers only requests for this server's own names (``Host`` 127.0.0.1:PORT, localhost:PORT, [::1]:PORT, and
  the names given with ``--allow-host``) and from no other site (``Origin``, ``Sec-Fetch-Site``): a web page in
  the user's browser cannot use the server, not even through DNS rebinding;
* refuses a query that calls a remote service (``SERVICE``) unless ``--allow-service``: the server would fetch
  whatever URL a query names, from this machine;
* stops a query at the time limit (``--timeout``, also Oxigraph's own ``--timeout-s``) and says so;
* bounds what a client may hold: a request body of 1 MB, 64 connections at once, 60 s of silence.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import sys
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from kg.errors import KgError

if TYPE_CHECKING:
    from kg.store.serve import ServerLog


class ServeError(KgError):
    """The server could not start."""


def port_taken(host: str, port: int, exc: OSError) -> ServeError:
    return ServeError(
        f"port {port} on {host} is already in use ({exc.strerror}): pick another with --port (--port 0 picks a free one)"
    )


#: the largest request body the front reads (a query is a few KB)
MAX_BODY = 1_000_000
#: connections served at once; more are answered 503 at once
MAX_CONNECTIONS = 64
#: seconds a connection may stay silent before the front closes it
IDLE_SECONDS = 60
#: what Oxigraph writes at the end of a result it stopped at the time limit
_CANCELLED = b"The SPARQL operation has been cancelled"
_HOP_BY_HOP = frozenset(
    [
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    ]
)


def _split_host(value: str) -> tuple[str, str | None]:
    """``("example.org", "8080")`` from ``example.org:8080``; ``("[::1]", "7878")`` from ``[::1]:7878``."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        return name + "]", rest[1:] if rest.startswith(":") else None
    name, colon, port = value.rpartition(":")
    return (name, port) if colon else (value, None)


class Front(ThreadingHTTPServer):
    """The HTTP front on the user's port: checks each request, then hands it to the Oxigraph server."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(
        self,
        host: str,
        port: int,
        *,
        timeout: int,
        allow_service: bool = False,
        allow_hosts: Iterable[str] = (),
        log: ServerLog | None = None,
    ) -> None:
        super().__init__((host, port), FrontHandler, bind_and_activate=False)
        try:
            self.server_bind()  # the port is ours from now on (listening comes once the store is served)
        except OSError as exc:
            self.server_close()
            raise port_taken(host, port, exc) from None
        self.host, self.port = host, self.server_address[1]
        self.timeout_s, self.allow_service, self.log = timeout, allow_service, log
        self.upstream: tuple[str, int] | None = None
        self.thread: threading.Thread | None = None
        self.own_names = {f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"[::1]:{self.port}"}
        self.allow_hosts = [_split_host(h) for h in allow_hosts]
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def start(self, upstream: tuple[str, int]) -> threading.Thread:
        """Listen, and serve in a thread, handing requests to the Oxigraph server at ``upstream``."""
        self.upstream = upstream
        self.server_activate()
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2}, name="kg-serve-front")
        self.thread.daemon = True
        self.thread.start()
        return self.thread

    def shutdown_if_serving(self) -> None:
        if self.thread is not None:
            self.shutdown()
            self.thread = None

    def note(self, message: str) -> None:
        if self.log is not None:
            self.log.write(f"front: {message}")

    def is_own_host(self, value: str) -> bool:
        value = value.strip().lower()
        if value in self.own_names:
            return True
        name, port = _split_host(value)
        return any(name == n and (p is None or p == port) for n, p in self.allow_hosts)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if not self._slots.acquire(blocking=False):
            text = f"kg serve: too many connections at once (more than {MAX_CONNECTIONS}); try again\n".encode()
            with contextlib.suppress(OSError):
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + f"Content-Length: {len(text)}\r\nConnection: close\r\n\r\n".encode()
                    + text
                )
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        exc = sys.exc_info()[1]
        self.note(f"error with a client {client_address[0]}:{client_address[1]}: {type(exc).__name__}: {exc}")


class FrontHandler(BaseHTTPRequestHandler):
    server: Front
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = IDLE_SECONDS

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle's algorithm and the client's delayed
        # acknowledgement hold each answer back 40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # no line per request (the log holds refusals and errors)

    def log_message(self, format: str, *args: object) -> None:
        self.server.note(f"{self.client_address[0]}: " + (format % args))

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    # -- answers of our own
    def _plain(self, status: int, text: str, *, close: bool = False) -> None:
        body = (text.rstrip("\n") + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, status: int, text: str, *, close: bool = False) -> None:
        self.server.note(f"{self.client_address[0]}: {self.command} {self.path[:200]}: refused {status}: {text}")
        self._plain(status, "kg serve: " + text, close=close)

    # -- the checks
    def _foreign(self) -> str | None:
        """Why the request comes from elsewhere than this server's own pages, or ``None``."""
        host = self.headers.get("Host")
        if host is not None and not self.server.is_own_host(host):
            return (
                f"this server answers only for its own address (http://127.0.0.1:{self.server.port}/), "
                f"not for Host '{host[:100]}'; behind a reverse proxy, start it with --allow-host NAME"
            )
        origin = self.headers.get("Origin")
        if origin is not None:
            netloc = urlsplit(origin.strip()).netloc if "://" in origin else ""
            if not netloc or not self.server.is_own_host(netloc):
                return f"requests from another site (Origin '{origin[:100]}') are refused"
        site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        if site in ("cross-site", "same-site"):
            return f"requests from another site (Sec-Fetch-Site: {site}) are refused"
        return None

    def _body(self) -> bytes | None:
        """The request's body, or ``None`` after answering with an error."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self._refuse(411, "send the request body with a Content-Length (chunked bodies are not taken)", close=True)
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._refuse(400, "a bad Content-Length", close=True)
            return None
        if length > MAX_BODY:
            self._refuse(413, f"the request body is over {MAX_BODY} bytes", close=True)
            left = min(length, 16 * MAX_BODY)  # read (a bounded part of) it, so the client sees the answer
            while left > 0 and (piece := self.rfile.read(min(left, 65536))):
                left -= len(piece)
            return None
        return self.rfile.read(length) if length else b""

    def _queries(self, body: bytes) -> list[str]:
        """The SPARQL texts the request carries: ``query`` (and ``update``) in the URL or a form, or the body.

        Raises UnicodeDecodeError when they are not UTF-8."""
        found: list[str] = []
        url_params = parse_qs(urlsplit(self.path).query, keep_blank_values=True, errors="strict")
        for key in ("query", "update"):
            found += url_params.get(key, [])
        if body:
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs(body.decode("ascii"), keep_blank_values=True, errors="strict")
                for key in ("query", "update"):
                    found += form.get(key, [])
            else:  # application/sparql-query, or anything else: the whole body, as a query
                found.append(body.decode("utf-8"))
        return found

    def _handle(self) -> None:
        foreign = self._foreign()
        if foreign:
            self._refuse(403, foreign, close=True)
            return
        body = self._body()
        if body is None:
            return
        if not self.server.allow_service:
            from kg.store.base import ServiceRefused, refuse_service

            try:
                for text in self._queries(body):
                    refuse_service(text, flag="kg serve --allow-service")
            except UnicodeDecodeError:
                self._refuse(400, "the query is not UTF-8 text")
                return
            except ServiceRefused as exc:
                self._refuse(400, str(exc))
                return
        self._forward(body)

    # -- to the Oxigraph server and back
    def _forward(self, body: bytes) -> None:
        assert self.server.upstream is not None
        limit = self.server.timeout_s
        deadline = time.monotonic() + limit + 2  # Oxigraph stops itself at the limit; this is the backstop
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        headers["Host"] = "{}:{}".format(*self.server.upstream)
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers["Content-Length"] = str(len(body))
        upstream = http.client.HTTPConnection(*self.server.upstream, timeout=limit + 5)
        try:
            try:
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                response = upstream.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                self.server.note(f"the oxigraph server did not answer: {type(exc).__name__}: {exc}")
                self._plain(502, f"kg serve: the Oxigraph server did not answer ({type(exc).__name__})", close=True)
                return
            keep = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
            length = response.getheader("Content-Length")
            if self.command == "HEAD" or response.status in (204, 304):
                self._head(response.status, keep, length)
                return
            # A result is streamed as it is computed (no Content-Length): hold its start, so that a query
            # stopped at the time limit before much was sent becomes a clear error, not a broken result.
            held, done = b"", False
            while len(held) < 256 * 1024:
                chunk = self._read(upstream, response, deadline)
                if chunk is None:  # past the time limit
                    self._timed_out(limit)
                    return
                if not chunk:
                    done = True
                    break
                held += chunk
            if done:
                if length is None and held.endswith(_CANCELLED):
                    self._timed_out(limit)
                    return
                self._head(response.status, keep, str(len(held)))
                self.wfile.write(held)
                return
            chunked = length is None
            self._head(response.status, keep, length, chunked=chunked)
            tail = len(_CANCELLED)  # the last bytes wait for the next read: are they Oxigraph's "cancelled"?
            while True:
                if len(held) > tail:
                    self._send(held[:-tail], chunked, deadline)
                    held = held[-tail:]
                chunk = self._read(upstream, response, deadline)
                if chunk is None or (not chunk and chunked and held.endswith(_CANCELLED)):
                    # cut short: the client sees an incomplete answer (no last chunk), never a complete one
                    self.server.note(f"{self.client_address[0]}: a result cut at the time limit ({limit} s)")
                    self.close_connection = True
                    return
                if not chunk:
                    self._send(held, chunked, deadline)
                    if chunked:
                        self.wfile.write(b"0\r\n\r\n")
                    self.connection.settimeout(IDLE_SECONDS)
                    return
                held += chunk
        except OSError:  # the client went away (or stopped reading): let it go, and the query with it
            self.close_connection = True
        finally:
            upstream.close()  # a result still streaming stops when Oxigraph can no longer write it

    def _read(
        self, upstream: http.client.HTTPConnection, response: http.client.HTTPResponse, deadline: float
    ) -> bytes | None:
        """The next piece of the answer (``b""`` at its end), or ``None`` past the deadline."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        if upstream.sock is not None:
            upstream.sock.settimeout(remaining)
        try:
            return response.read1(65536)
        except TimeoutError:
            return None
        except http.client.IncompleteRead as exc:
            raise ConnectionError("the oxigraph server broke off its answer") from exc

    def _head(self, status: int, headers: list[tuple[str, str]], length: str | None, chunked: bool = False) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif length is not None:
            self.send_header("Content-Length", length)
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()

    def _send(self, data: bytes, chunked: bool, deadline: float) -> None:
        if not data:
            return
        # a client that stops reading holds the answer (and Oxigraph) back: no longer than the time limit
        self.connection.settimeout(max(0.1, deadline - time.monotonic()))
        if chunked:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        else:
            self.wfile.write(data)

    def _timed_out(self, limit: int) -> None:
        self._refuse(
            503,
            f"the query was stopped at the time limit of {limit} s; "
            "make it ask for less (LIMIT, fewer joins), or start kg serve with a longer --timeout",
        )
