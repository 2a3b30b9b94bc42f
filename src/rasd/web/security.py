"""Safe by default: the Host header is checked (no DNS rebinding), every response carries a
Content-Security-Policy without inline script, and a POST needs the per-server CSRF token, so a
page on another site open in the same browser can neither read nor change the knowledge base.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

log = logging.getLogger("rasd.web")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})

# No inline script or style anywhere: scripts and styles come from /static only, data from JSON
# endpoints (fetched) or <script type="application/json"> blocks, which are never executed.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def host_allowed(host_header: str | None, allowed: frozenset[str]) -> bool:
    """``localhost``, ``127.0.0.1``, ``[::1]`` or a configured host, with any port."""
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8765
        name = host.split("]", 1)[0] + "]"
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in allowed or name in LOCAL_HOSTS


def token_matches(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given), expected)


def security_middleware(
    allowed_hosts: frozenset[str], on_error: Callable[[Request], Response]
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """The middleware; ``on_error`` answers a request whose handler failed (a page, no traceback)."""

    async def middleware(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if not host_allowed(request.headers.get("host"), allowed_hosts):
            response: Response = PlainTextResponse(
                "400 Bad Request: this server answers only to localhost (Host header refused)\n",
                status_code=400,
            )
        else:
            try:
                response = await call_next(request)
            except Exception:
                log.exception("error serving %s", request.url.path)
                response = on_error(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return middleware
