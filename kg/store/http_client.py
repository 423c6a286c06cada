"""A small HTTP client for writing to a triple store: kept-alive connections, HTTP Basic and Digest
authentication (Virtuoso asks for Digest), and credentials read from the environment or a netrc file, never
from the command line.

Standard library only (:mod:`http.client`): ``urllib``'s handlers send every request twice to a store that asks
for Digest (once to be refused, once with the answer), a graph's whole body each time; here the first refusal
gives the challenge, and the requests after it answer it up front (the same nonce, a counted ``nc``; a stale
nonce is answered once more).

Where the credentials come from (:func:`find_credentials`), first found wins:

1. the environment: ``KG_PUSH_USER`` and ``KG_PUSH_PASSWORD``;
2. a netrc file: the one ``NETRC`` names, else ``~/.netrc``: the line ``machine HOST login USER password PASS``
   of the store's host (or a ``default`` line).

A URL that holds ``user:password@`` is refused (:func:`check_url`): it would show in the process list and the
shell's history.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import secrets
import socket
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

USER_VARIABLE = "KG_PUSH_USER"
PASSWORD_VARIABLE = "KG_PUSH_PASSWORD"
#: where credentials are read from, for messages
CREDENTIALS_HELP = (
    f"set {USER_VARIABLE} and {PASSWORD_VARIABLE} in the environment, or add the line "
    "`machine HOST login USER password PASSWORD` to ~/.netrc (or to the file the NETRC variable names)"
)


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they were read from (for messages; never the password)."""

    user: str
    password: str = field(repr=False)
    source: str


class Unreachable(Exception):
    """The store could not be reached, or the connection broke before its answer came: ``reason`` says how."""

    def __init__(self, url: str, reason: str, *, sent: bool) -> None:
        self.url, self.reason, self.sent = url, reason, sent
        super().__init__(f"{url}: {reason}")


@dataclass
class Response:
    status: int
    reason: str
    body: bytes
    headers: http.client.HTTPMessage

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def message(self, limit: int = 300) -> str:
        """The store's message: the body's text on one line, cut at ``limit`` characters (HTML tags dropped)."""
        text = self.body.decode("utf-8", errors="replace")
        if "html" in (self.headers.get("Content-Type") or "").lower():
            text = re.sub(r"</?[a-zA-Z][^>]*>", " ", text)
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 3] + "..."


def check_url(url: str, what: str) -> urllib.parse.SplitResult:
    """``url`` split; an :class:`InputError` if it is not an http(s) URL or holds credentials."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"{what} {url!r} is not an http:// or https:// URL",
            hint="give the whole URL, such as http://127.0.0.1:7878/store",
        )
    if parts.username is not None or parts.password is not None:
        raise InputError(
            f"{what} holds a user name or password ({parts.scheme}://USER:PASSWORD@...): credentials never go on "
            "the command line, where the process list and the shell's history show them",
            hint=f"remove them from the URL and {CREDENTIALS_HELP}",
        )
    return parts


def find_credentials(host: str) -> Credentials | None:
    """The credentials for ``host``: from the environment, else a netrc file; None if neither has them.

    A netrc file that cannot be read or parsed is an :class:`InputError` naming the file and line.
    """
    user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if user is not None or password is not None:
        if user is None or password is None:
            missing = USER_VARIABLE if user is None else PASSWORD_VARIABLE
            raise InputError(
                f"{missing} is not set, but {PASSWORD_VARIABLE if user is None else USER_VARIABLE} is",
                hint=f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither (to read ~/.netrc)",
            )
        return Credentials(user, password, f"the environment ({USER_VARIABLE}, {PASSWORD_VARIABLE})")
    import netrc

    named = os.environ.get("NETRC")
    path = Path(named) if named else Path.home() / ".netrc"
    if not path.is_file():
        if named:
            raise InputError(f"NETRC names {path}, which is not a file", hint="point NETRC at your netrc file")
        return None
    try:
        found = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as exc:
        raise InputError(f"not a readable netrc file: {exc.msg}", file=str(path), line=exc.lineno) from None
    except OSError as exc:
        raise InputError(f"cannot read the netrc file: {exc.strerror or exc}", file=str(path)) from None
    if found is None:
        return None
    login, _account, secret = found
    return Credentials(login or "", secret or "", f"{path} (machine {host})")


def _challenges(headers: http.client.HTTPMessage) -> dict[str, dict[str, str]]:
    """The schemes of the ``WWW-Authenticate`` headers (lower case), each with its parameters."""
    found: dict[str, dict[str, str]] = {}
    for value in headers.get_all("WWW-Authenticate") or []:
        for part in re.split(r",\s*(?=(?:Basic|Digest|Bearer|Negotiate)\b)", value, flags=re.I):
            scheme, _, rest = part.strip().partition(" ")
            params = {
                k.lower(): v[1:-1].replace('\\"', '"') if v.startswith('"') else v
                for k, v in re.findall(r'([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)', rest)
            }
            found[scheme.lower()] = params
    return found


class _Digest:
    """The state of HTTP Digest authentication (RFC 7616) with one server: its challenge, our count."""

    def __init__(self, challenge: dict[str, str], credentials: Credentials) -> None:
        self.challenge, self.credentials, self.count = challenge, credentials, 0
        algorithm = challenge.get("algorithm", "MD5").upper()
        self.session = algorithm.endswith("-SESS")
        base = algorithm.removesuffix("-SESS")
        if base not in ("MD5", "SHA-256"):
            raise ValueError(f"the store asks for Digest with {algorithm}, which kg does not know")
        self.algorithm = algorithm
        self.hash_name = "md5" if base == "MD5" else "sha256"

    def _h(self, text: str) -> str:
        return hashlib.new(self.hash_name, text.encode()).hexdigest()

    def header(self, method: str, uri: str) -> str:
        c, user, password = self.challenge, self.credentials.user, self.credentials.password
        self.count += 1
        nc, cnonce = f"{self.count:08x}", secrets.token_hex(8)
        ha1 = self._h(f"{user}:{c.get('realm', '')}:{password}")
        if self.session:
            ha1 = self._h(f"{ha1}:{c['nonce']}:{cnonce}")
        ha2 = self._h(f"{method}:{uri}")
        qops = [q.strip() for q in c.get("qop", "").split(",") if q.strip()]
        fields = {
            "username": user,
            "realm": c.get("realm", ""),
            "nonce": c.get("nonce", ""),
            "uri": uri,
            "algorithm": self.algorithm,
        }
        if "auth" in qops:
            response = self._h(f"{ha1}:{c.get('nonce', '')}:{nc}:{cnonce}:auth:{ha2}")
            extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            response = self._h(f"{ha1}:{c.get('nonce', '')}:{ha2}")
            extra = ""
        fields["response"] = response
        if "opaque" in c:
            fields["opaque"] = c["opaque"]
        text = ", ".join(f'{k}="{v}"' if k != "algorithm" else f"{k}={v}" for k, v in fields.items() if k != "qop")
        return f"Digest {text}{extra}"


class HttpClient:
    """Requests to one or more stores over kept-alive connections, authenticated when a store asks.

    ``credentials``: a function giving the credentials for a host, asked the first time a store refuses a
    request without them (default :func:`find_credentials`). A request on a kept-alive connection that the
    server had closed meanwhile is sent once more on a new one (PUT, DELETE and our updates are idempotent).
    """

    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._connections: dict[tuple[str, str], http.client.HTTPConnection] = {}
        self._used: set[tuple[str, str]] = set()
        self._auth: dict[str, _Digest | str] = {}
        self.credentials: dict[str, Credentials | None] = {}

    def close(self) -> None:
        for conn in self._connections.values():
            conn.close()
        self._connections.clear()
        self._used.clear()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self, key: tuple[str, str]) -> http.client.HTTPConnection:
        conn = self._connections.get(key)
        if conn is None:
            scheme, netloc = key
            kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
            conn = kind(netloc, timeout=self.timeout)
            self._connections[key] = conn
            self._used.discard(key)
        return conn

    def _drop(self, key: tuple[str, str]) -> None:
        conn = self._connections.pop(key, None)
        if conn is not None:
            conn.close()
        self._used.discard(key)

    def _authorization(self, host: str, method: str, uri: str) -> str | None:
        auth = self._auth.get(host)
        if auth is None:
            return None
        return auth if isinstance(auth, str) else auth.header(method, uri)

    def request(self, method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Response:
        """Send one request; answer the store's authentication challenge if it sends one.

        Raises :class:`Unreachable` when the store cannot be reached or the connection breaks (``sent``: the
        request may have reached the store).
        """
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        uri = parts.path or "/"
        if parts.query:
            uri += "?" + parts.query
        response = self._send(method, url, body, headers or {}, host, uri)
        if response.status != 401:
            return response
        challenges = _challenges(response.headers)
        if host not in self.credentials:
            self.credentials[host] = find_credentials(host)
        credentials = self.credentials[host]
        if credentials is None or not ({"digest", "basic"} & set(challenges)):
            return response
        stale = host in self._auth and challenges.get("digest", {}).get("stale", "").lower() == "true"
        if host in self._auth and not stale:  # our answer was refused: wrong credentials
            return response
        if "digest" in challenges:
            try:
                self._auth[host] = _Digest(challenges["digest"], credentials)
            except ValueError:
                if "basic" not in challenges:
                    raise
                self._auth[host] = _basic(credentials)
        else:
            self._auth[host] = _basic(credentials)
        return self._send(method, url, body, headers or {}, host, uri)

    def _send(self, method: str, url: str, body: bytes, headers: dict[str, str], host: str, uri: str) -> Response:
        parts = urllib.parse.urlsplit(url)
        key = (parts.scheme, parts.netloc)
        first: Unreachable | None = None  # the failure on a kept-alive connection, before the new one's
        for attempt in (1, 2):
            reused = key in self._used
            conn = self._connection(key)
            connected = False
            all_headers = dict(headers)
            authorization = self._authorization(host, method, uri)
            if authorization:
                all_headers["Authorization"] = authorization
            try:
                if conn.sock is None:
                    conn.connect()
                connected = True  # from here on, some of the request may reach the store
                conn.request(method, uri, body=body, headers=all_headers)
                answer = conn.getresponse()
                data = answer.read()
            except (OSError, http.client.HTTPException) as exc:
                self._drop(key)
                failure = Unreachable(url, _reason(exc), sent=connected or (first is not None and first.sent))
                if first is not None:  # the new connection failed too: say what broke first
                    failure = Unreachable(url, f"{first.reason}; then {failure.reason}", sent=failure.sent)
                dropped = isinstance(exc, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError)
                if reused and attempt == 1 and dropped:  # the server closed a kept-alive connection: once more
                    first = failure
                    continue
                raise failure from None
            self._used.add(key)
            if answer.will_close:
                self._drop(key)
            return Response(answer.status, answer.reason, data, answer.headers)
        raise AssertionError("unreachable")  # pragma: no cover


def _basic(credentials: Credentials) -> str:
    import base64

    token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
    return f"Basic {token}"


def _reason(exc: BaseException) -> str:
    """A connection failure in a few words."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the store running, and is its port right?)"
    if isinstance(exc, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError):
        return "the store closed the connection before it answered"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "no answer within the time limit (--timeout)"
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror or exc})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"
