"""Event coreference stays linear in the length of an article: each event is compared only with the
earlier events of its block within ``REACH`` characters (rasd.relate.event_coref), counted, not timed."""

from __future__ import annotations

from datetime import date, timedelta

from rasd.record import Document, Entity, Mention, Span
from rasd.relate.context import ArticleContext, MentionRef, SpanIndex
from rasd.relate.event_coref import REACH
from rasd.relate.events import extract_events
from rasd.relate.responsibility import _last_group_before

_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
_PADDING = "وقالت مصادر محلية إن السكان غادروا منازلهم خوفا من تجدد المواجهات في الأيام المقبلة. " * 3


def _paragraphs(n: int) -> str:
    """``n`` paragraphs that each report one attack, three days apart: no two can be one event, so
    every one is kept and compared with those before it."""
    out = []
    for i in range(n):
        day = date(2010, 1, 1) + timedelta(days=3 * i)
        out.append(f"هاجم مسلحون مركزا للشرطة يوم {day.day} {_MONTHS[day.month - 1]} {day.year}. {_PADDING}")
    return "\n\n".join(out)


def _compared(n: int) -> tuple[int, int, int]:
    text = _paragraphs(n)
    ctx = ArticleContext.build(Document(id=f"linear-{n}", source="test", published="2020-01-01", text=text))
    compared: list[int] = []
    events = extract_events(ctx, [], compared=compared)
    return len(events), sum(compared), len(text)


def test_coreference_comparisons_grow_linearly_with_the_article() -> None:
    small_events, small, small_chars = _compared(400)
    large_events, large, large_chars = _compared(800)
    assert (small_events, large_events) == (400, 800)  # nothing folded: every event stays a candidate
    # Both articles are longer than the reach, so doubling the article about doubles the comparisons;
    # comparing each event with every earlier one would quadruple them (79,800 → 319,600).
    assert small_chars > 2 * REACH
    assert large < 2.5 * small
    # and no event looks further back than the events of the paragraphs within reach
    per_paragraph = large_chars / large_events
    assert large <= large_events * (REACH / per_paragraph + 1)


def test_span_index_starting_keeps_the_given_order() -> None:
    spans = [Span(start=30, end=40), Span(start=5, end=60), Span(start=10, end=12), Span(start=50, end=55)]
    index = SpanIndex(spans)
    assert index.starting(5, 50) == [spans[0], spans[1], spans[2]]
    assert index.starting(11, 30) == []
    assert index.covers(45) and not index.covers(60)


def test_context_finds_entities_by_id_as_the_document_does() -> None:
    text = "قال تنظيم القاعدة إن الجماعة الإسلامية المسلحة انضمت إليه"
    first = Entity(id="e1", type="ORG", name="تنظيم القاعدة", mentions=[Mention(start=4, end=17, text="")])
    again = Entity(id="e1", type="ORG", name="نسخة ثانية")  # a second record of one id: the first wins
    other = Entity(id="e2", type="ORG", name="الجماعة الإسلامية المسلحة")
    doc = Document(id="d", source="test", text=text, entities=[first, again, other])
    ctx = ArticleContext.build(doc)
    for eid in ("e1", "e2", "missing"):
        assert ctx.entity(eid) is doc.entity(eid)


def test_last_group_before_a_position_is_the_one_a_pass_over_all_would_find() -> None:
    """Bisection over the groups' starts, stepping back over those that overlap the position, finds
    what reading every group did: the last one (in the mentions' order) ending by the position."""
    group = Entity(id="g", type="ORG", name="تنظيم")
    spans = [(0, 10), (2, 5), (4, 30), (6, 8), (12, 20), (12, 14), (15, 40), (22, 25), (31, 33)]
    groups = sorted((MentionRef(a, b, group) for a, b in spans), key=lambda m: (m.start, -m.end))
    starts = [m.start for m in groups]
    for pos in range(45):
        naive = [m for m in groups if m.end <= pos]
        assert _last_group_before(groups, starts, pos) == (naive[-1] if naive else None), pos
