"""Dates in Arabic news text, resolved against the publication date with their precision.

Every form is a rule over normalised text (``rasd.text.normalize``); names and relative words are data
(``data/lexicon/months.json``, ``data/relate/dates.json``). Nothing defaults to today's date: a
relative date («أمس»، «الشهر الماضي») resolves only against the publication date, and without one it
stays unresolved (value null). A day and month with no year and no publication date keep what is known
(``--09-11``) with precision ``unknown``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from hijridate import Gregorian, Hijri

from rasd.record import DatePrecision, EventDate
from rasd.relate.matching import NormalText, load_data
from rasd.relate.numbers import number_pattern, parse_number
from rasd.text.months import gregorian_months, hijri_months, weekdays
from rasd.text.normalize import normalize


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None
    precision: DatePrecision
    # «منذ عامين»: the start of a span still going on, not a point in time; events may take it as
    # their date, the date list does not show it.
    since: bool = False

    def as_event_date(self) -> EventDate:
        return EventDate(value=self.value, text=self.text, precision=self.precision)


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Reference:
    """What relative dates are resolved against: a day, or only a month or a year (an archive known
    to be of 2012 but with no date per article). ``day`` is a day inside the known period."""

    day: date
    precision: DatePrecision


_PARTIAL = re.compile(r"\s*(\d{4})(?:-(\d{1,2}))?\s*$")


def parse_reference(published: str | None) -> Reference | None:
    """«2015-07-21» (a day), «2012-05» (a month) or «2012» (a year)."""
    full = parse_published(published)
    if full is not None:
        return Reference(full, "day")
    m = _PARTIAL.match(published or "")
    if m is None or not 1 <= int(m[2] or 1) <= 12:
        return None
    # A day inside the period: mid-year or mid-month, so that a month named without a year and a
    # short count back («أمس»، «قبل أسبوع») stay inside it.
    if m[2]:
        return Reference(date(int(m[1]), int(m[2]), 15), "month")
    return Reference(date(int(m[1]), 7, 1), "year")


def find_dates(
    text: str, published: str | None = None, ntext: NormalText | None = None, spans: bool = False
) -> list[DateMention]:
    """All date expressions of ``text``, longest first where they overlap, in text order; ``spans``
    also gives the starts of spans («منذ عامين», ``since``), which are not points in time.

    ``published`` may be a day, a month or a year. Where it is missing or coarser than a day, a
    dateline of the text («بتاريخ 7-7-1433 هـ») gives the day; a day offset named with its weekday
    («اليوم الاثنين», «أمس الأحد») that the date contradicts moves it back to the day the article was
    written (a corpus date is often the day it was collected)."""
    ntext = ntext or NormalText(text)
    ref = _article_reference(ntext, parse_reference(published))
    pub = ref.day if ref else None
    found: list[tuple[int, int, DateMention]] = []
    for regex, resolver, kind in _rules():
        for m in regex.finditer(ntext.norm):
            try:
                resolved = resolver(m, pub)
            except (OverflowError, ValueError):  # «قبل 99999 يوم»: out of the calendar's range
                resolved = None
            if resolved is None:
                continue
            value, precision = _within(resolved, kind, ref)
            start, end = ntext.to_original(m.start(), m.end())
            # «منذ يومين» dates a day; «منذ عامين» is a span still going on
            since = m.groupdict().get("since") is not None and _unit_table().get(m["u"]) != "day"
            found.append(
                (m.start(), m.end(), DateMention(start, end, text[start:end], value, precision, since))
            )
    anchored: dict[int, int] = {}  # start (normal text) → days from the date told before it
    for m in _anchored().finditer(ntext.norm):
        start, end = ntext.to_original(m.start(), m.end())
        found.append((m.start(), m.end(), DateMention(start, end, text[start:end], None, "unknown")))
        anchored[m.start()] = _anchored_table()[re.sub(r"\s+", " ", m.group())]
    blocked = _Disjoint()
    for m in _not_dates().finditer(ntext.norm):  # one regex's matches: disjoint, in text order
        blocked.add(m.start(), m.end())
    if blocked.starts:  # «لغزا إلى اليوم»: 'to this day' dates nothing
        found = [f for f in found if not blocked.overlaps(f[0], f[1])]
    # Precedence: the longest match wins; for equal spans the stable sort keeps the rule listed first
    # in ``_rules()`` (docs/data.md).
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    chosen: list[tuple[int, int, DateMention]] = []
    taken = _Disjoint()
    for item in found:
        if not taken.overlaps(item[0], item[1]):
            chosen.append(item)
            taken.add(item[0], item[1])
    ordered = [c for c in sorted(chosen, key=lambda c: c[0]) if spans or not c[2].since]
    return _count_from_anchors(ordered, anchored) if anchored else [c[2] for c in ordered]


def _count_from_anchors(
    ordered: list[tuple[int, int, DateMention]], anchored: Mapping[int, int]
) -> list[DateMention]:
    """«اليوم الموالي» is the day after the last day the text named before it; with none, it dates
    nothing and is left out."""
    out: list[DateMention] = []
    last: date | None = None
    for start, _end, mention in ordered:
        if start in anchored:
            if last is None:
                continue
            day = last + timedelta(days=anchored[start])
            mention = DateMention(mention.start, mention.end, mention.text, day.isoformat(), "day")
        if mention.precision == "day" and mention.value and not mention.value.startswith("--"):
            last = date.fromisoformat(mention.value[:10])
        out.append(mention)
    return out


@cache
def _anchored_table() -> Mapping[str, int]:
    table = load_data("dates").get("anchored_days", {})
    return MappingProxyType({normalize(w): int(k) for k, words in table.items() for w in words})


@cache
def _anchored() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{_alt(_anchored_table())})(?!\w)")


_RANK = {"year": 0, "month": 1, "day": 2}


def _within(
    resolved: tuple[str | None, DatePrecision], kind: str, ref: Reference | None
) -> tuple[str | None, DatePrecision]:
    """A date resolved against a day standing for a coarser reference keeps only what is known: a
    month named without a year is in the reference year («فبراير الماضي» in a 2012 paper: 2012-02);
    a count back from the day («أمس», «الشهر الحالي») is only known to the reference's precision."""
    value, precision = resolved
    if ref is None or ref.precision == "day" or value is None or value.startswith("--"):
        return value, precision
    if kind == "named" and ref.precision == "year":
        return f"{ref.day.year:04d}{value[4:]}", precision
    if kind == "relative" and precision in _RANK and _RANK[precision] > _RANK[ref.precision]:
        return value[: 4 if ref.precision == "year" else 7], ref.precision
    return value, precision


def _article_reference(ntext: NormalText, ref: Reference | None) -> Reference | None:
    """The reference the article's own words give: a dateline where the date is missing or coarse,
    then a weekday named with a day offset."""
    if ref is None or ref.precision != "day":
        line = _dateline(ntext)
        if line is not None and (
            ref is None
            or str(line).startswith(str(ref.day.year) if ref.precision == "year" else ref.day.isoformat()[:7])
        ):
            ref = Reference(line, "day")
    if ref is not None and ref.precision == "day":
        ref = Reference(_written_on(ntext, ref.day), "day")
    return ref


def _dateline(ntext: NormalText) -> date | None:
    """A full date introduced as the article's own near its start («بتاريخ 7-7-1433 هـ»)."""
    head = ntext.norm[: int(load_data("dates")["dateline_reach"])]
    for m in _dateline_lead().finditer(head):
        for regex, resolver, kind in _rules():
            if kind != "absolute":
                continue
            d = regex.match(ntext.norm, m.end())
            resolved = resolver(d, None) if d else None
            if resolved and resolved[1] == "day" and resolved[0]:
                return date.fromisoformat(resolved[0])
    return None


def _written_on(ntext: NormalText, pub: date) -> date:
    """«اليوم الاثنين» in an article dated on a Friday was written on the Monday before: the first
    day offset named with a weekday sets the day, moving the date back by up to six days."""
    offsets, wk = _offsets(), weekdays()
    for m in _offset_weekday().finditer(ntext.norm):
        offset = offsets[re.sub(r"\s+", " ", m["off"])]
        back = ((pub + timedelta(days=offset)).weekday() - wk[m["w"]]) % 7
        return pub - timedelta(days=back)
    return pub


# Built once: building them for each article (sorting and escaping the word lists) cost more than
# the searches.
@cache
def _dateline_lead() -> re.Pattern[str]:
    lead = _alt({normalize(w) for w in load_data("dates")["dateline_words"]})
    return re.compile(rf"(?<!\w)(?:{lead})\s*:?\s*")


@cache
def _offset_weekday() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?P<off>{_alt(_offsets())})\s*[،,]?\s+(?P<w>{_alt(weekdays())})(?!\w)")


class _Disjoint:
    """Disjoint non-empty intervals, kept sorted: does [start, end) overlap one of them? A long text
    has thousands of date matches, and a pass over all those chosen for each was quadratic."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        # The only candidate is the last interval starting before ``end``: the ones before it end
        # before it starts.
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


@cache
def _not_dates() -> re.Pattern[str]:
    """Idioms in which «اليوم»، «الآن» date nothing: «إلى يومنا هذا»، «لا يزال… اليوم» ('nowadays')."""
    data = load_data("dates")
    idioms = _alt({normalize(w) for w in data["not_dates"]})
    still = _alt({normalize(w) for w in data["still_words"]})
    reach = int(data["still_reach"])
    return re.compile(
        # an idiom in brackets or quotes («لـ(اليوم)», the newspaper) may follow a glued letter
        rf"(?:(?<!\w)|(?=\W))(?:{idioms})(?:(?!\w)|(?<=\W))|(?<!\w)(?:{still})(?:\s+\w+){{0,{reach}}}?\s+(?:ال)?يوم(?!\w)"
    )


# --- resolution helpers -------------------------------------------------------------------------

Resolved = tuple[str | None, DatePrecision] | None
UNRESOLVED: Resolved = (None, "unknown")


def _ymd(d: date) -> str:
    return d.isoformat()


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + k
    return total // 12, total % 12 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_of_month(month: int, ref_year: int, ref_month: int, direction: str | None) -> int:
    """The year of a month named relative to a reference month, in either calendar: «المقبل» is the
    next such month, «الماضي» the last one before it, «الحالي» this year's, and no word the most recent
    one up to it."""
    if direction == "current":
        return ref_year
    if direction == "future":
        return ref_year if month > ref_month else ref_year + 1
    if direction == "past":
        return ref_year if month < ref_month else ref_year - 1
    return ref_year if month <= ref_month else ref_year - 1


def _direction(word: str | None) -> str | None:
    if not word:
        return None
    return _direction_table().get(word)


@cache
def _direction_table() -> Mapping[str, str]:
    return MappingProxyType(
        {normalize(w): k for k, words in load_data("dates")["relative_direction"].items() for w in words}
    )


@cache
def _unit_table() -> Mapping[str, str]:
    return MappingProxyType(
        {normalize(w): k for k, words in load_data("dates")["units"].items() for w in words}
    )


def _alt(names: Iterable[str]) -> str:
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)


# --- the rules ----------------------------------------------------------------------------------


def _day_number(m: re.Match[str]) -> int:
    """The day of a match: digits («7»), or an ordinal word («السابع»)."""
    digits = m.groupdict().get("d")
    if digits:
        return int(digits)
    return 1 if m.groupdict().get("first") else _ordinals()[re.sub(r"\s+", " ", m["od"])]


def _day_month_year(m: re.Match[str], pub: date | None) -> Resolved:
    named = m.groupdict().get("m")
    month = gregorian_months()[named] if named else int(m["mn"])
    d = _safe_date(int(m["y"]), month, _day_number(m))
    return (_ymd(d), "day") if d else None


def _day_month(m: re.Match[str], pub: date | None) -> Resolved:
    month, day = gregorian_months()[m["m"]], _day_number(m)
    if not 1 <= day <= 31:
        return None
    if pub is None:
        return f"--{month:02d}-{day:02d}", "unknown"
    direction = _direction(m["dir"])
    if direction == "current":  # «23 يوليو الحالي»: this year's
        d = _safe_date(pub.year, month, day)
        return (_ymd(d), "day") if d else None
    if direction not in ("future", "past"):
        # No word: the occurrence nearest to publication, in the past on a tie («27 سبتمبر» in an
        # August article is next month's; «11 سبتمبر» in October is last month's).
        near = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, month, day))]
        return (_ymd(min(near, key=lambda d: (abs((d - pub).days), d > pub))), "day") if near else None
    # «11 سبتمبر الماضي»: the most recent one before publication; «المقبل»: the next one.
    years = (pub.year, pub.year + 1) if direction == "future" else (pub.year, pub.year - 1)
    for year in years:
        d = _safe_date(year, month, day)
        if d is None:
            continue
        if (
            (direction == "future" and d > pub)
            or (direction == "past" and d < pub)
            or (direction not in ("future", "past") and d <= pub)
        ):
            return _ymd(d), "day"
    return None


def _month_year(m: re.Match[str], pub: date | None) -> Resolved:
    return _ym(int(m["y"]), gregorian_months()[m["m"]]), "month"


def _month_relative(m: re.Match[str], pub: date | None) -> Resolved:
    if not (m["q"] or m["shahr"] or m["dir"]):
        return None  # a bare month name is too often a word («مارس» = practised)
    month = gregorian_months()[m["m"]]
    if pub is None:
        return f"--{month:02d}", "unknown"
    return _ym(_year_of_month(month, pub.year, pub.month, _direction(m["dir"])), month), "month"


def _ordinal_of_this_month(m: re.Match[str], pub: date | None) -> Resolved:
    """«السابع من الشهر الجاري», «العاشر من الشهر الماضي»: a day of the month named relative to publication."""
    if pub is None:
        return UNRESOLVED
    step = {"past": -1, "future": 1, "current": 0}[_direction(m["dir"]) or "current"]
    year, month = _add_months(pub.year, pub.month, step)
    d = _safe_date(year, month, _day_number(m))
    return (_ymd(d), "day") if d else None


def _year(m: re.Match[str], pub: date | None) -> Resolved:
    return m["y"], "year"


def _hijri_day(m: re.Match[str], pub: date | None) -> Resolved:
    try:
        g = Hijri(int(m["y"]), hijri_months()[m["hm"]], int(m["d"])).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return _ymd(date(g.year, g.month, g.day)), "day"


def _hijri_month_year(m: re.Match[str], pub: date | None) -> Resolved:
    try:
        g = Hijri(int(m["y"]), hijri_months()[m["hm"]], 1).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return _ym(g.year, g.month), "month"  # the Gregorian month in which the Hijri month begins


def _hijri_year(m: re.Match[str], pub: date | None) -> Resolved:
    """«سنة 1415 هـ»: the Gregorian year in which the Hijri year begins."""
    try:
        return str(Hijri(int(m["y"]), 1, 1).to_gregorian().year), "year"
    except (ValueError, OverflowError):
        return None


def _hijri_numeric(m: re.Match[str], pub: date | None) -> Resolved:
    """«7-7-1433 هـ»: day-month-year in the Hijri calendar."""
    try:
        g = Hijri(int(m["y"]), int(m["mn"]), int(m["d"])).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return _ymd(date(g.year, g.month, g.day)), "day"


def _hijri_relative(m: re.Match[str], pub: date | None) -> Resolved:
    if pub is None:
        return UNRESOLVED
    try:
        h = Gregorian(pub.year, pub.month, pub.day).to_hijri()
        month = hijri_months()[m["hm"]]
        g = Hijri(_year_of_month(month, h.year, h.month, _direction(m["dir"])), month, 1).to_gregorian()
    except (ValueError, OverflowError):
        return UNRESOLVED
    return _ym(g.year, g.month), "month"


def _season(m: re.Match[str], pub: date | None) -> Resolved:
    """«صيف 2015»: that year; «الخريف الماضي»: the last one over before publication; «هذا الخريف»: this
    year's; «الشتاء المقبل»: the next one to come. A winter is dated by the year it begins in."""
    if m["y"]:
        return m["y"], "year"
    if not (m["this"] or m["dir"]):
        return None  # a bare season is no date: «الربيع العربي», «شتاء العواصف»
    if pub is None:
        return UNRESOLVED
    first, last = _season_months()[m["season"]]
    direction = "current" if m["this"] else _direction(m["dir"])
    if direction == "current":
        # this year's: for a winter in January or February, the one that began last December
        return str(pub.year - 1 if first > last and pub.month <= last else pub.year), "year"
    if direction == "past":
        over = pub.month > last if first <= last else last < pub.month < first
        return str(pub.year if over else pub.year - 1), "year"
    if direction == "future":
        return str(pub.year if pub.month < first else pub.year + 1), "year"
    return None


@cache
def _season_months() -> Mapping[str, tuple[int, int]]:
    return MappingProxyType(
        {
            normalize(w): (int(s["months"][0]), int(s["months"][1]))
            for s in load_data("dates")["seasons"].values()
            for w in s["words"]
        }
    )


@cache
def _ordinals() -> Mapping[str, int]:
    return MappingProxyType(
        {normalize(w): int(k) for k, words in load_data("dates")["day_ordinals"].items() for w in words}
    )


def _day_offset(m: re.Match[str], pub: date | None) -> Resolved:
    if pub is None:
        return UNRESOLVED
    return _ymd(pub + timedelta(days=_offsets()[re.sub(r"\s+", " ", m["off"])])), "day"


@cache
def _offsets() -> Mapping[str, int]:
    return MappingProxyType(
        {normalize(w): int(k) for k, words in load_data("dates")["day_offsets"].items() for w in words}
    )


def _weekday(m: re.Match[str], pub: date | None) -> Resolved:
    if not (m["ctx"] or m["dir"]) and m["w"] in _ambiguous_weekdays():
        return None  # «المهاجمين الاثنين» = «the two attackers», not Monday
    if pub is None:
        return UNRESOLVED
    wd = weekdays()[m["w"]]
    direction = _direction(m["dir"])
    if direction == "future":
        delta = (wd - pub.weekday()) % 7 or 7
        return _ymd(pub + timedelta(days=delta)), "day"
    back = (pub.weekday() - wd) % 7
    if direction == "past" and back == 0:
        back = 7
    return _ymd(pub - timedelta(days=back)), "day"


@cache
def _ambiguous_weekdays() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("dates")["ambiguous_weekdays"])


def _unit_relative(m: re.Match[str], pub: date | None) -> Resolved:
    if not (m["this"] or m["dir"]):
        return None  # «العام» alone is «the public» («النائب العام»), «السنة» the Sunna
    if pub is None:
        return UNRESOLVED
    unit = _unit_table()[m["unit"]]
    direction = "current" if m["this"] else _direction(m["dir"])
    step = {"past": -1, "future": 1, "current": 0}[direction or "current"]
    if unit == "year":
        return str(pub.year + step), "year"
    if unit == "month":
        return _ym(*_add_months(pub.year, pub.month, step)), "month"
    if unit == "week":
        d = pub + timedelta(weeks=step)
        return _ym(d.year, d.month), "month"
    return _ymd(pub + timedelta(days=step)), "day"


def _ago(m: re.Match[str], pub: date | None) -> Resolved:
    if pub is None:
        return UNRESOLVED
    data = load_data("dates")
    word = m["u"]
    unit = _unit_table()[word]
    vague = False
    if m["num"]:
        count = parse_number(m["num"])
        if count is None:  # a vague count: «بضعة»، «عدة»
            count, vague = int(data["vague_count_value"]), True
    elif word in {normalize(w) for w in data["dual_units"]}:
        count = 2
    elif word in {normalize(w) for w in data["plural_units"]}:
        count, vague = int(data["vague_count_value"]), True
    else:
        count = 1
    precision = data["precision_vague" if vague else "precision_exact"][unit]
    if unit == "year":
        return str(pub.year - count), "year"
    if unit == "month":
        y, mo = _add_months(pub.year, pub.month, -count)
        return (_ym(y, mo), precision) if precision == "month" else (str(y), "year")
    d = pub - timedelta(days=count * (7 if unit == "week" else 1))
    if precision == "day":
        return _ymd(d), "day"
    return _ym(d.year, d.month), "month"


Resolver = Callable[[re.Match[str], date | None], Resolved]


@cache
def _rules() -> tuple[tuple[re.Pattern[str], Callable[[re.Match[str], date | None], Resolved], str], ...]:
    """Each rule's regex, its resolver and its kind: ``absolute`` (a year is written), ``named`` (a
    month or day named without a year) or ``relative`` (counted from the reference day)."""
    data = load_data("dates")
    greg, hij, wk = _alt(gregorian_months()), _alt(hijri_months()), _alt(weekdays())
    direction = _alt(_direction_table())
    qual = _alt({normalize(q) for q in data["month_qualifiers"]})
    ymark = _alt({normalize(q) for q in data["year_markers"]})
    hsuf = _alt({normalize(q) for q in data["hijri_suffix"]} - {""})
    offsets = _alt(_offsets())
    units = _alt({normalize(u) for u in _unit_table() if not normalize(u).startswith("ال")})
    ago = _alt({normalize(a) for a in data["ago"]}).replace(r"\ ", r"\s+")
    since = _alt({normalize(a) for a in data["since"]}).replace(r"\ ", r"\s+")
    vague = _alt({normalize(v) for v in data["vague_counts"]})
    num = number_pattern()
    this = _alt({normalize(t) for t in data["this_period"]})
    wctx = _alt({normalize(t) for t in data["weekday_context"]})
    rel_units = _alt({normalize(u) for u in _unit_table() if normalize(u).startswith("ال")} | {"السنه"})
    year = r"(?P<y>(?:19|20)\d\d)(?!\d)"
    weekday_prefix = rf"(?:(?:يوم\s+)?(?:{wk})\s*[،,]?\s+)?"
    # A month may carry its Levantine (or other regional) name in brackets: «أغسطس (آب)».
    mon = rf"(?P<m>{greg})(?:\s*\(\s*(?:{greg})\s*\))?"
    ordinal = _alt(_ordinals()).replace(r"\ ", r"\s+")
    # «7 يوليو», «السابع من يوليو», «أول فبراير»
    day = rf"(?:(?P<d>\d{{1,2}})|(?P<od>{ordinal})\s+من|(?P<first>{normalize('أول')})\s)"
    # «سبتمبر بالعام 2001»: the word for year may carry the article and a glued «ب»
    year_word = r"(?:[ب]?(?:ال)?(?:عام|سنه)\s+)"
    # «يومي 30 و31 يوليو», «25 - 28 مايو» (a dash of tatweel normalises to a space): the first day of
    # a list or a range
    day_list = (
        rf"(?:(?:{_alt({normalize(w) for w in data['day_list_words']})})\s+)?{day}"
        rf"(?:(?:\s*(?:و|[-–—]|(?:الي|حتي)(?!\w))\s*|\s+)\d{{1,2}}(?!\d))*"
    )
    tod = _alt({normalize(w) for w in data["time_of_day"]}).replace(r"\ ", r"\s+")
    seasons = _alt(_season_months())
    # A date starts a word, or follows a glued conjunction/preposition («وبداية»، «بعد»).
    b = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"
    e = r"(?!\w)"
    rules: list[tuple[str, Resolver]] = [
        (
            rf"{b}(?P<d>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<hm>{hij})\s+(?:(?:عام|سنه)\s+)?(?P<y>1[345]\d\d)(?:\s*(?:{hsuf}){e})?",
            _hijri_day,
        ),
        (
            rf"{b}(?:شهر\s+)?(?P<hm>{hij})\s+(?:(?:عام|سنه)\s+)?(?P<y>1[345]\d\d)(?:\s*(?:{hsuf}){e})?",
            _hijri_month_year,
        ),
        (rf"{b}(?:شهر\s+)?(?P<hm>{hij})\s+(?P<dir>{direction}){e}", _hijri_relative),
        # «شهر رمضان» with no year: the most recent one (a bare «رمضان» may be a name)
        (rf"{b}شهر\s+(?P<hm>{hij}){e}(?P<dir>)(?!\s*\d)", _hijri_relative),
        (rf"{b}(?P<d>\d{{1,2}})[/.-](?P<mn>\d{{1,2}})[/.-](?P<y>1[34]\d\d)\s*(?:{hsuf}){e}", _hijri_numeric),
        (rf"{b}(?:(?:عام|سنه)\s+)?(?P<y>1[34]\d\d)\s*(?:{hsuf}){e}", _hijri_year),
        (
            rf"{b}{weekday_prefix}{day_list}\s*(?:من\s+)?(?:شهر\s+)?{mon}\s*[،,]?\s*(?:من\s+)?{year_word}?{year}",
            _day_month_year,
        ),
        # «14/10/2020», «23-03- 1969», «08-01 1982»
        (rf"{b}(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<mn>\d{{1,2}})(?:\s*[/.-]\s*|\s+){year}", _day_month_year),
        (
            rf"{b}{weekday_prefix}{day_list}\s*(?:من\s+)?(?:شهر\s+)?{mon}{e}(?:\s+(?P<dir>{direction}){e})?",
            _day_month,
        ),
        (rf"{b}(?P<od>{ordinal})\s+من\s+(?:هذا\s+)?الشهر\s+(?P<dir>{direction}){e}", _ordinal_of_this_month),
        (
            rf"{b}(?:(?P<q>{qual})\s+)?(?:شهر\s+)?{mon}\s*(?:من\s+)?{year_word}?{year}",
            _month_year,
        ),
        (
            rf"{b}(?:(?P<q>{qual})\s+)?(?P<shahr>شهر\s+)?{mon}{e}(?:\s+(?P<dir>{direction}){e})?",
            _month_relative,
        ),
        (rf"{b}(?:{ymark}|{qual})\s+{year}", _year),
        # «أعوام 2015 و2016 و2017»: each year of a list
        (rf"(?:(?<=\d\d\d\d\s)|(?<=\d\d\d\d))و\s*{year}", _year),
        (
            rf"{b}(?:(?P<this>{this})\s+)?(?P<season>{seasons})(?:\s+(?:(?:عام|سنه)\s+)?{year}|\s+(?P<dir>{direction}){e}|{e})",
            _season,
        ),
        (rf"{b}(?:(?:{tod})\s+)?(?P<off>{offsets}){e}", _day_offset),
        # «غدا الثلاثاء», «اليوم الاثنين»: one date, which the offset gives (the weekday may set the
        # reference day: ``_written_on``)
        (rf"{b}(?:(?:{tod})\s+)?(?P<off>{offsets})\s*[،,]?\s+(?:{wk}){e}", _day_offset),
        (rf"{b}(?:(?P<ctx>{wctx})\s+)?(?P<w>{wk}){e}(?:\s+(?P<dir>{direction}){e})?", _weekday),
        (
            rf"{b}(?:(?P<this>{this})\s+)?(?P<unit>{rel_units}){e}(?:\s+(?P<dir>{direction}){e})?",
            _unit_relative,
        ),
        # «قبل أيام من الحادث», «قبل أسبوع على الانتخابات»: counted from another event, not from
        # the reference day
        (
            rf"{b}(?:{ago}|(?P<since>{since}))\s+(?:(?P<num>\d+|{num}|{vague})\s+)?(?P<u>{units}){e}"
            r"(?!\s+(?:من|علي)\s+(?!الان(?!\w)))",
            _ago,
        ),
    ]
    absolute = {
        _hijri_day,
        _hijri_month_year,
        _hijri_numeric,
        _hijri_year,
        _day_month_year,
        _month_year,
        _year,
    }
    named = {_day_month, _month_relative}
    return tuple(
        (re.compile(p), f, "absolute" if f in absolute else "named" if f in named else "relative")
        for p, f in rules
    )
