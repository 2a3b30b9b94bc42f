"""The brief as Markdown, as one self-contained RTL HTML page (readable on a phone), or as PDF.

The HTML carries its map and chart inline (SVG) and its style in the page: it can be mailed or
opened offline. The PDF is that page laid out by WeasyPrint (it needs Debian's Pango libraries).
"""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from rasd.watch.brief import Brief, Evidence

_TYPES_AR = {"PER": "شخص", "ORG": "تنظيم", "LOC": "مكان"}
# Event types as the analyst reads them (the code stays beside it: it is what `watchlist add type` takes).
EVENTS_AR = {
    "kidnapping": "اختطاف",
    "hostage_release": "إفراج عن رهائن",
    "attack": "هجوم",
    "armed_clash": "اشتباك مسلح",
    "territory_takeover": "سيطرة على موقع",
    "arrest": "اعتقال",
    "airstrike": "غارة جوية",
    "shelling": "قصف",
    "bombing": "تفجير",
    "suicide_bombing": "تفجير انتحاري",
    "killing": "قتل",
    "killing_outcome": "مقتل",
    "meeting": "اجتماع",
    "agreement": "اتفاق",
    "arms_trafficking": "تهريب أسلحة",
    "smuggling": "تهريب",
    "allegiance_pledge": "مبايعة",
    "protest": "احتجاج",
    "trial": "محاكمة",
    "other_security": "تطور أمني",
}
SAYS_AR = {
    "dead": "قُتل",
    "alive": "حيّ",
    "captured": "معتقل",
    "at_large": "طليق",
    "asserted": "وقع",
    "denied": "نُفي",
}


def event_name(code: str) -> str:
    return f"{EVENTS_AR[code]} ({code})" if code in EVENTS_AR else code


def says_name(code: str | None) -> str:
    return SAYS_AR.get(code or "", code or "")


def _ref(e: Evidence) -> str:
    return f"{e.document[:12]}:{e.span[0]}-{e.span[1]}"


def _period(brief: Brief) -> str:
    return f"{brief.since:%Y-%m-%d %H:%M} → {brief.until:%Y-%m-%d %H:%M} UTC"


def _md_link(e: Evidence) -> str:
    outlet = e.outlet.replace("[", "(").replace("]", ")")
    return f"[{outlet}]({e.link.replace(' ', '%20').replace(')', '%29')}) `{_ref(e)}`"


def markdown(brief: Brief) -> str:
    out = [
        "# موجز رصد",
        "",
        f"{_period(brief)} — {brief.documents} مقالاً، {brief.stories} خبراً، {brief.events} حدثاً",
        "",
    ]
    if brief.top_stories:
        out += ["## أبرز الأخبار (أكثر من مصدر)", ""]
        for story in brief.top_stories:
            sources = "، ".join(f"[{o}]({u.replace(' ', '%20')})" for o, u in story.outlets)
            out.append(f"- **{story.title}** — {len(story.outlets)} مصادر: {sources}")
        out.append("")
    out += ["## الأحداث الجديدة حسب البلد", ""]
    if not brief.countries:
        out += ["لا أحداث جديدة.", ""]
    for section in brief.countries:
        out += [f"### {section.name} ({len(section.events)})", ""]
        for ev in section.events:
            out.append(f"- **{event_name(ev.type)}** {_event_words(ev)}")
            for s in ev.sources:
                out.append(f"  - «{s.sentence}» — {_md_link(s)}")
        out.append("")
    out += ["### الأحداث في اليوم", "", "| اليوم | الأحداث |", "| --- | --- |"]
    out += [f"| {day} | {n} |" for day, n in brief.per_day]
    out += ["", "## أخبار المتابَعين", ""]
    if not brief.watched:
        out += ["لا تنبيهات في هذه الفترة.", ""]
    for news in brief.watched:
        out += [f"### {news.label} ({news.kind})", ""]
        out += [f"- {summary}: «{e.sentence}» — {_md_link(e)}" for summary, e in news.lines]
        out.append("")
    out += ["## تناقضات جديدة", ""]
    if not brief.contradictions:
        out += ["لا تناقضات جديدة.", ""]
    for c in brief.contradictions:
        out.append(f"- **{c.about}** ({c.kind})")
        out += [f"  - {says_name(s.says)}: «{s.sentence}» — {_md_link(s)}" for s in c.statements]
    out += ["", "## كيانات تظهر لأول مرة", ""]
    if not brief.new_entities:
        out += ["لا كيانات جديدة.", ""]
    for ent in brief.new_entities:
        out.append(
            f"- **{ent.name}** ({_TYPES_AR.get(ent.type, ent.type)}، {ent.documents} مقال): "
            f"«{ent.first.sentence}» — {_md_link(ent.first)}"
        )
    return "\n".join(out).rstrip() + "\n"


def _event_words(ev: object) -> str:
    parts = []
    place, day = getattr(ev, "place", None), getattr(ev, "day", None)
    if place:
        parts.append(f"في {place}")
    if day:
        parts.append(day)
    actors, targets = getattr(ev, "actors", []), getattr(ev, "targets", [])
    if actors:
        parts.append("الفاعل: " + "، ".join(actors))
    if targets:
        parts.append("المستهدف: " + "، ".join(targets))
    fatalities = getattr(ev, "fatalities", None)
    if fatalities is not None:
        parts.append(f"القتلى: {fatalities}")
    sources = getattr(ev, "sources", [])
    if len(sources) > 1:
        parts.append(f"{len(sources)} مصادر")
    return " — ".join(parts)


_HTML = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>موجز رصد {{ brief.until.strftime('%Y-%m-%d') }}</title>
<style>
  body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", "Segoe UI", Tahoma, sans-serif;
         margin: 0 auto; padding: 0.8rem; max-width: 46rem; line-height: 1.6; color: #1d1d1b; background: #fff;
         font-size: 1rem; overflow-wrap: anywhere; }
  h1 { font-size: 1.5rem; margin: 0.2rem 0; }
  h2 { font-size: 1.2rem; border-bottom: 2px solid #b3261e; padding-bottom: 0.2rem; margin-top: 1.6rem; }
  h3 { font-size: 1.05rem; margin: 1rem 0 0.3rem; }
  .period { color: #555; font-size: 0.9rem; }
  ul { padding-inline-start: 1.2rem; margin: 0.3rem 0; }
  li { margin: 0.35rem 0; }
  .src { font-size: 0.9rem; color: #333; }
  .src q { quotes: "«" "»"; }
  .ref { font-family: "DejaVu Sans Mono", monospace; font-size: 0.75rem; color: #777; direction: ltr;
         unicode-bidi: isolate; }
  a { color: #0b57d0; }
  figure { margin: 0.6rem 0; }
  figcaption { font-size: 0.85rem; color: #555; }
  .none { color: #777; }
  @media print { body { max-width: none; } a { color: #1d1d1b; } }
</style>
</head>
<body>
<h1>موجز رصد</h1>
<p class="period"><bdi dir="ltr">{{ period }}</bdi> — {{ brief.documents }} مقالاً، {{ brief.stories }} خبراً، {{ brief.events }} حدثاً</p>

{% if brief.top_stories %}
<h2>أبرز الأخبار (أكثر من مصدر)</h2>
<ul>
{% for story in brief.top_stories %}
  <li><strong>{{ story.title }}</strong> — {{ story.outlets | length }} مصادر:
    {% for outlet, url in story.outlets %}<a href="{{ url }}">{{ outlet }}</a>{% if not loop.last %}، {% endif %}{% endfor %}</li>
{% endfor %}
</ul>
{% endif %}

<h2>الأحداث الجديدة حسب البلد</h2>
{% if brief.map_svg %}<figure>{{ brief.map_svg | safe }}<figcaption>عدد الأحداث في كل بلد
({% for section in brief.countries if section.iso %}{{ section.name }}: {{ section.events | length }}{% if not loop.last %}، {% endif %}{% endfor %})؛
النقاط الحمراء: أماكن الأحداث</figcaption></figure>{% endif %}
<figure>{{ brief.chart_svg | safe }}<figcaption>الأحداث في اليوم (آخر {{ brief.per_day | length }} أيام)</figcaption></figure>
{% if not brief.countries %}<p class="none">لا أحداث جديدة.</p>{% endif %}
{% for section in brief.countries %}
<h3>{{ section.name }} ({{ section.events | length }})</h3>
<ul>
{% for ev in section.events %}
  <li><strong>{{ event_name(ev.type) }}</strong> {{ words(ev) }}
    <ul>{% for s in ev.sources %}{{ evidence(s) }}{% endfor %}</ul></li>
{% endfor %}
</ul>
{% endfor %}

<h2>أخبار المتابَعين</h2>
{% if not brief.watched %}<p class="none">لا تنبيهات في هذه الفترة.</p>{% endif %}
{% for news in brief.watched %}
<h3>{{ news.label }} <span class="ref">{{ news.kind }}</span></h3>
<ul>{% for summary, e in news.lines %}<li>{{ summary }}<ul>{{ evidence(e) }}</ul></li>{% endfor %}</ul>
{% endfor %}

<h2>تناقضات جديدة</h2>
{% if not brief.contradictions %}<p class="none">لا تناقضات جديدة.</p>{% endif %}
<ul>
{% for c in brief.contradictions %}
  <li><strong>{{ c.about }}</strong> <span class="ref">{{ c.kind }}</span>
    <ul>{% for s in c.statements %}{{ evidence(s, says_name(s.says)) }}{% endfor %}</ul></li>
{% endfor %}
</ul>

<h2>كيانات تظهر لأول مرة</h2>
{% if not brief.new_entities %}<p class="none">لا كيانات جديدة.</p>{% endif %}
<ul>
{% for ent in brief.new_entities %}
  <li><strong>{{ ent.name }}</strong> ({{ types.get(ent.type, ent.type) }}، {{ ent.documents }} مقال)
    <ul>{{ evidence(ent.first) }}</ul></li>
{% endfor %}
</ul>
</body>
</html>
"""

_EVIDENCE = (
    '<li class="src">{% if says %}<strong>{{ says }}</strong>: {% endif %}<q>{{ e.sentence }}</q> — '
    '<a href="{{ e.link }}">{{ e.outlet }}</a> <span class="ref">{{ ref }}</span></li>'
)


def html(brief: Brief) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    evidence_template = env.from_string(_EVIDENCE)

    def evidence(e: Evidence, says: str | None = None) -> object:
        from markupsafe import Markup

        return Markup(evidence_template.render(e=e, says=says, ref=_ref(e)))

    return env.from_string(_HTML).render(
        brief=brief,
        period=_period(brief),
        words=_event_words,
        evidence=evidence,
        types=_TYPES_AR,
        event_name=event_name,
        says_name=says_name,
    )


def pdf(brief: Brief) -> bytes:
    from weasyprint import HTML  # heavy (Pango through cffi): only when a PDF is asked for

    return HTML(string=html(brief)).write_pdf()
