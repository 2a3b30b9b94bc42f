"""What ACLED's ``source`` and ``source_scale`` need from an article: the outlet's name (never a file
path) and where the outlet is based, to tell national from international reporting.

An outlet's country comes from a short table of the field's outlets (by name or web domain), or from
the outlet name itself when it says so («… (Tunisia)», «… (country code EG)»). Pan-Arab papers are
*Regional*, wire services and world broadcasters *International*; a national outlet is *National*
for events in its own country and *International* elsewhere; an outlet rasd does not know is *Other*.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from babel import Locale

# Outlets by lower-case name or domain (without www.): their country, or "regional"/"international".
_OUTLETS = {
    # Saudi press (SaudiNewsNet's outlets)
    "alriyadh": "SA",
    "aljazirah": "SA",
    "alyaum": "SA",
    "aleqtisadiya": "SA",
    "okaz": "SA",
    "alwatan": "SA",
    "alweeam": "SA",
    "almadina": "SA",
    "sabq": "SA",
    "was": "SA",
    "spa": "SA",
    "arreyadi": "SA",
    "arriyadiyah": "SA",
    # the Maghreb and the Sahel
    "jawharafm": "TN",
    "mosaiquefm": "TN",
    "tap": "TN",
    "aps": "DZ",
    "elkhabar": "DZ",
    "echorouk": "DZ",
    "ennaharonline": "DZ",
    "hespress": "MA",
    "map": "MA",
    "alyaoum24": "MA",
    "alwasat": "LY",
    "libyaobserver": "LY",
    "alakhbar": "MR",
    "ami": "MR",
    "sahara medias": "MR",
    "ahram": "EG",
    "masrawy": "EG",
    "youm7": "EG",
    # pan-Arab
    "aawsat": "regional",
    "asharq al-awsat": "regional",
    "alarabiya": "regional",
    "aljazeera": "regional",
    "alquds": "regional",
    "3alyoum": "regional",
    "raialyoum": "regional",
    "independentarabia": "regional",
    "skynewsarabia": "regional",
    "alhayat": "regional",
    # wires and world broadcasters
    "afp": "international",
    "reuters": "international",
    "ap": "international",
    "bbc": "international",
    "france24": "international",
    "rfi": "international",
    "dw": "international",
    "aa": "international",
    "anadolu": "international",
}
_SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "New media", "Other")
_COUNTRY_CODE = re.compile(r"\((?:country code\s+)?([A-Z]{2})\)")
_PARENTHESIS = re.compile(r"\(([^()]+)\)\s*$")


class Outlets:
    def __init__(self) -> None:
        names = Locale("en").territories
        self._countries = {name.lower(): code for code, name in names.items() if len(code) == 2}

    def name(self, outlet: str | None, url: str | None) -> str:
        """The outlet's name as ACLED's ``source`` lists it: the outlet, else the site's domain."""
        if outlet and outlet.strip():
            return outlet.strip()
        host = urlsplit(url).hostname if url else None
        return host.removeprefix("www.") if host else ""

    def home(self, outlet: str) -> str | None:
        """The outlet's ISO country, "regional", "international", or None when unknown."""
        lowered = outlet.lower().strip()
        key = lowered.removeprefix("www.").split(" (")[0]
        for candidate in (lowered, key, key.split(".")[0]):
            if candidate in _OUTLETS:
                return _OUTLETS[candidate]
        code = _COUNTRY_CODE.search(outlet)
        if code:
            return code.group(1)
        named = _PARENTHESIS.search(outlet)
        if named:
            return self._countries.get(named.group(1).strip().lower())
        return None

    def scale(self, outlets: list[str], country: str | None) -> str:
        """ACLED's ``source_scale`` for the outlets that report an event in ``country``."""
        scales = set()
        for outlet in outlets:
            home = self.home(outlet)
            if home == "regional":
                scales.add("Regional")
            elif home == "international":
                scales.add("International")
            elif home is None:
                scales.add("Other")
            else:
                scales.add("National" if home == country else "International")
        return "-".join(s for s in _SCALE_ORDER if s in scales)
