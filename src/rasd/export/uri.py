"""IRIs (the URLs of Arabic sites, with Arabic paths) as URIs, for formats whose URL type is RFC 3986."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

# Characters RFC 3986 allows unescaped in a path, query or fragment; "%" stays so that an already
# encoded URL is not encoded twice.
_SAFE = "/:@!$&'()*+,;=-._~%?"


def iri_to_uri(iri: str) -> str:
    """RFC 3987 §3.1: the non-ASCII of the path, query and fragment percent-encoded as UTF-8, and a
    non-ASCII host name in IDNA. An ASCII URL comes back unchanged."""
    iri = iri.strip()
    if iri.isascii() and " " not in iri:
        return iri
    parts = urlsplit(iri)
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, _, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe="")
        netloc = (f"{userinfo}@" if userinfo else "") + host + colon + port
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=_SAFE),
            quote(parts.query, safe=_SAFE),
            quote(parts.fragment, safe=_SAFE),
        )
    )
