"""A browser stand-in over HTTP for the load script and the two-server test (standard library).

It keeps cookies (one jar may be used against several servers: cookies ignore the port), never
follows redirects (the caller sees the 302), reads the CSRF token out of a form, and only ever
talks to the loopback interface.
"""

import html
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar

CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


@dataclass
class Reply:
    status: int
    body: str
    headers: dict
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class WebClient:
    """One user's browser: ``get``, ``post`` (with the page's CSRF token) and ``login``."""

    def __init__(self, base_url: str, *, jar: CookieJar | None = None, timeout: float = 15):
        self.base_url = base_url.rstrip("/")
        host = urllib.parse.urlsplit(self.base_url).hostname or ""
        if host not in {name.strip("[]") for name in LOOPBACK}:
            raise ValueError(f"only loopback addresses, not {host!r}")
        self.jar = jar if jar is not None else CookieJar()
        self.timeout = timeout
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects()
        )

    def on(self, base_url: str) -> "WebClient":
        """The same browser (the same cookies) talking to another server."""
        return WebClient(base_url, jar=self.jar, timeout=self.timeout)

    def request(self, method: str, path: str, data: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if method == "POST" else None
        request = urllib.request.Request(  # noqa: S310 (loopback http only, checked above)
            self.base_url + path, data=body, method=method
        )
        started = time.perf_counter()
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8", "replace")
                status, headers = response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            status, headers = error.code, dict(error.headers)
            error.close()
        return Reply(status, text, headers, time.perf_counter() - started)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, data: dict | None = None, *, form_page: str | None = None) -> Reply:
        """POST ``data`` with the CSRF token of the form on ``form_page`` (default: ``path``)."""
        data = dict(data or {})
        token = self.csrf_token(form_page or path)
        if token:
            data.setdefault("csrf_token", token)
        return self.request("POST", path, data)

    def csrf_token(self, path: str) -> str | None:
        match = CSRF_INPUT.search(self.get(path).body)
        return html.unescape(match.group(1)) if match else None

    def login(self, email: str, password: str) -> Reply:
        return self.post("/auth/login", {"email": email, "password": password})
