"""Polite HTTP: trafilatura's downloader with a timeout, its retries (429 and 5xx, with back-off),
a few redirects, and at most one request per ``min_interval`` seconds to any one host.

trafilatura refuses private and loopback addresses by default (SSRF protection); a newsroom's own
aggregator on the intranet, or the tests' server on 127.0.0.1, needs ``allow_private=True``.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from configparser import ConfigParser
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from trafilatura.downloads import fetch_response
from trafilatura.settings import DEFAULT_CONFIG

USER_AGENT = "rasd-watch/0.1 (news monitoring; polite: one request per host at a time)"


class FetchError(Exception):
    """A URL that gave nothing usable; ``str()`` is the one line shown to the user."""

    def __init__(self, url: str, reason: str, *, final: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.final = final  # asking again will not help (robots.txt says no)


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    data: bytes
    content_type: str


class Fetcher:
    def __init__(
        self,
        *,
        timeout_s: int = 20,
        min_interval_s: float = 1.0,
        max_redirects: int = 3,
        allow_private: bool = False,
        max_bytes: int = 10 * 1024 * 1024,
    ) -> None:
        self.min_interval_s = min_interval_s
        self.allow_private = allow_private
        self._last: dict[str, float] = {}  # host → when its last request ended (monotonic)
        self._robots: dict[str, RobotFileParser | None] = {}  # scheme://host → its rules (None: none)
        config = ConfigParser()
        config.read_dict(DEFAULT_CONFIG)
        config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(max(1, int(timeout_s))))
        config.set("DEFAULT", "MAX_REDIRECTS", str(max_redirects))
        config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
        config.set("DEFAULT", "USER_AGENTS", USER_AGENT)
        config.set("DEFAULT", "SSRF_PROTECTION", "off" if allow_private else "on")
        self.config = config
        self.requests = 0

    def get(self, url: str, *, robots: bool = False) -> Fetched:
        """The body at ``url``. ``robots``: obey the site's robots.txt (for the article links a feed
        leads to; the feeds themselves are what the analyst asked for and what sites publish for
        machines)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) URL")
        if not self.allow_private and _private(parts.hostname):
            raise FetchError(url, "a private or loopback address (allowed only with --allow-private)")
        if robots:
            rules = self._rules(f"{parts.scheme}://{parts.netloc}")
            if rules is not None and not rules.can_fetch(USER_AGENT, url):
                raise FetchError(url, "disallowed by the site's robots.txt", final=True)
        self._wait_turn(parts.hostname)
        try:
            response = fetch_response(url, decode=False, config=self.config)
        finally:
            self._last[parts.hostname] = time.monotonic()
            self.requests += 1
        if response is None:
            # trafilatura logs the cause and returns nothing: a timeout, a refused connection, too
            # many redirects, a blocked address, or retries spent on 5xx answers.
            raise FetchError(url, "no answer (timeout, refused, too many redirects or server errors)")
        if response.status != 200:
            raise FetchError(url, f"HTTP {response.status}")
        if not response.data:
            raise FetchError(url, "empty answer")
        headers = response.headers or {}
        content_type = str(headers.get("content-type") or headers.get("Content-Type") or "")
        return Fetched(response.url or url, bytes(response.data), content_type.lower())

    def _rules(self, site: str) -> RobotFileParser | None:
        """The site's robots.txt, read once per run; none (everything allowed) when it has none."""
        if site not in self._robots:
            try:
                text = self.get(f"{site}/robots.txt").data.decode("utf-8", errors="replace")
            except FetchError:
                self._robots[site] = None
            else:
                rules = RobotFileParser()
                rules.parse(text.splitlines())
                self._robots[site] = rules
        return self._robots[site]

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.min_interval_s - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)


def _private(host: str) -> bool:
    """Whether every address of ``host`` is non-public (trafilatura would refuse it with a log line
    and no reason; this says why)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False  # unresolvable: the fetch itself reports it
    addresses = {str(info[4][0]) for info in infos}
    return bool(addresses) and all(not ipaddress.ip_address(a.split("%", 1)[0]).is_global for a in addresses)
